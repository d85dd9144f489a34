"""The web view in a real browser: Playwright driving Debian's Chromium (no browser download).

Needs ``apt-get install chromium`` and ``pip install playwright``; skipped with the reason
when either is missing. The screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.model import ClaimCluster, ClaimMember, Span, Story
from newsprism.store import save

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                                     "(apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _with_a_claim(story: Story) -> Story:
    """The seeds' story; if no claims resolver is installed yet, one claim made of a real seed
    sentence, counted as two sources so that the overview lists it and the page has something to
    click (the UI path is what is tested here)."""
    if any(c.independent_sources >= 2 or c.contested for c in story.claims):
        return story
    doc = story.docs[0]
    sent = doc.sentences[1]
    span = Span(doc_id=doc.id, start=sent.start, end=sent.end, text=doc.text[sent.start:sent.end])
    story.claims = [ClaimCluster(id="c-seed", text=span.text, reports=1, independent_sources=2,
                                 members=[ClaimMember(claim_id="c-seed", doc_id=doc.id, outlet=doc.meta.outlet,
                                                      span=span)])]
    return story


@pytest.fixture(scope="module")
def server(seed_story: Story, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from newsprism.web import create_app

    db = tmp_path_factory.mktemp("browser") / "story.db"
    save(_with_a_claim(seed_story), db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_click_claim_shows_highlighted_sentence(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (pip install playwright)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server + "/")
            assert page.title().startswith("Overview")
            page.screenshot(path=str(ARTIFACTS / "overview.png"))
            page.screenshot(path=str(ARTIFACTS / "overview-full.png"), full_page=True)
            link = page.locator("#top-claims a.claim-link").first
            claim_text = link.inner_text()
            link.click()
            page.wait_for_url("**/documents/**")
            sentence = page.locator("article .sent.hl-sent").first
            sentence.wait_for(state="visible")
            marked = "".join(page.locator("article .sent.hl-sent .hl").all_inner_texts())
            assert marked.strip() and " ".join(marked.split()) in " ".join(sentence.inner_text().split())
            assert page.locator("#highlighted").inner_text().count(claim_text.split()[0]) >= 1
            # the highlighted sentence is in view and visibly marked
            box = sentence.bounding_box()
            assert box is not None and -10 <= box["y"] < 900
            color = sentence.evaluate("el => getComputedStyle(el).backgroundColor")
            assert color not in ("rgba(0, 0, 0, 0)", "transparent")
            page.screenshot(path=str(ARTIFACTS / "claim-sentence.png"))
            assert not errors
        finally:
            browser.close()
    assert (ARTIFACTS / "claim-sentence.png").stat().st_size > 10_000

"""The web view: pages, reader highlight, escaping, JSON API with pages, read-only and uploads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

from newsprism.store import save
from newsprism.web import create_app
from tests.test_store import SEEDS, resolved, sample_story  # noqa: F401 - resolved: stub resolver fixture

LOCAL = "http://localhost"  # the web view answers only to the names of this machine

PAGES = ["/", "/claims", "/claims/c1", "/entities", "/entities/e-trump", "/timeline", "/quotes", "/outlets",
         "/documents", "/documents/d3", "/search?q=Putin", "/api"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "story.db"
    save(sample_story(), path)
    return path


@pytest.fixture()
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), base_url=LOCAL)


def _tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def _revision(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("SELECT value FROM story_meta WHERE key = 'revision'").fetchone()[0])
    finally:
        con.close()


def test_pages_render_and_escape_article_text(client: TestClient) -> None:
    for url in PAGES:
        res = client.get(url)
        assert res.status_code == 200, url
        assert "default-src 'none'" in res.headers["content-security-policy"]
        tree = _tree(res.text)
        assert not tree.xpath("//script | //img | //iframe"), url  # the hostile article's markup stays text
        for el in tree.iter():
            if isinstance(el.tag, str):
                for name, value in el.attrib.items():
                    assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (url, name)
                    assert not value.strip().lower().startswith("javascript:"), (url, value)
    reader = _tree(client.get("/documents/d3").text)
    assert '<script>alert("pwned")</script>' in reader.xpath("//div[@class='text']")[0].text_content()


def test_overview_ranks_claims_and_links_to_highlighted_sentence(client: TestClient) -> None:
    tree = _tree(client.get("/").text)
    rows = tree.xpath("//table[@id='top-claims']/tbody/tr")
    assert [r.xpath("td[2]")[0].text_content() for r in rows][0] == "Putin spoke with Trump"
    assert "contested" in rows[0].text_content() and "The Kremlin" in rows[0].text_content()
    href = rows[0].xpath(".//a[@class='claim-link']/@href")[0]
    assert href.startswith("/documents/d1?hl=") and href.endswith("#doc-s0")
    page = _tree(client.get(href.split("#")[0]).text)
    sentence = page.get_element_by_id("doc-s0")
    assert "hl-sent" in sentence.get("class")
    marked = "".join(p.text_content() for p in sentence.xpath(".//span[contains(concat(' ', @class, ' '), ' hl ')]"))
    assert marked == "Putin spoke with Trump on November 7"
    assert len(tree.xpath("//figure[@class='chart']/svg")) == 3


def test_entity_page_aliases_and_quotes(client: TestClient) -> None:
    tree = _tree(client.get("/entities/e-trump").text)
    text = tree.text_content()
    assert "Outlet B" in text and "We want peace soon" in text  # alias by outlet, quote by
    assert "Putin spoke with Trump" in text  # quote about
    assert client.get("/entities/nobody").status_code == 404


def test_api_is_paginated_and_documented(client: TestClient) -> None:
    page = client.get("/api/attributions", params={"limit": 3, "offset": 3}).json()
    assert page["total"] == 8 and page["limit"] == 3 and page["offset"] == 3 and len(page["items"]) == 3
    everything = client.get("/api/attributions", params={"limit": 500}).json()["items"]
    assert [a["id"] for a in everything[3:6]] == [a["id"] for a in page["items"]]
    assert client.get("/api/attributions", params={"limit": 0}).status_code == 422
    assert client.get("/api/attributions", params={"limit": 501}).status_code == 422
    named = client.get("/api/attributions", params={"source": "named"}).json()
    assert named["total"] == 4 and {a["source_class"] for a in named["items"]} == {"named"}
    claim = client.get("/api/claims/c1").json()
    assert claim["contested"] and {m["stance"] for m in claim["members"]} == {"reports", "supports", "denies"}
    doc = client.get("/api/documents/d2").json()
    assert doc["attributions"][1]["content"]["text"] == "This is pure fiction"
    hits = client.get("/api/search", params={"q": "fiction"}).json()
    assert hits["total"] == 2 and ["fiction", True] in hits["items"][0]["parts"]
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/overview", "/api/claims", "/api/entities/{entity_id}", "/api/timeline", "/api/outlets",
                 "/api/documents", "/api/search", "/api/attributions"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/claims"]["get"]["parameters"]}
    assert {"limit", "offset", "contested"} <= params
    assert "/api/documents" not in schema["paths"] or "post" not in schema["paths"]["/api/documents"]


def test_read_only_by_default(client: TestClient, db: Path) -> None:
    rev = _revision(db)
    assert client.get("/upload").status_code == 404
    assert client.post("/upload", files={"files": ("a.txt", b"Putin spoke.")}).status_code in (404, 405)
    assert client.post("/api/documents", files={"files": ("a.txt", b"Putin spoke.")}).status_code == 405
    assert "Upload" not in _tree(client.get("/").text).xpath("//header")[0].text_content()
    assert _revision(db) == rev


@pytest.mark.slow
def test_upload_adds_incrementally_and_rejects_bad_files_clearly(db: Path) -> None:
    client = TestClient(create_app(db, allow_upload=True), base_url=LOCAL)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    files = [("files", (seed.name, seed.read_bytes(), "text/plain")),
             ("files", ("broken.pdf", b"%PDF-1.4 not really", "application/pdf")),
             ("files", ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"))]
    res = client.post("/upload", files=files)
    assert res.status_code == 200
    tree = _tree(res.text)
    assert "1 added" in tree.get_element_by_id("upload-result").text_content()
    rejected = tree.xpath("//ul[@class='rejected']/li")
    assert {li.xpath("strong")[0].text for li in rejected} == {"broken.pdf", "photo.png"}
    assert all("(E0" in li.text_content() for li in rejected)  # a coded reason per bad file
    docs = client.get("/api/documents").json()
    assert docs["total"] == 4
    added = next(d for d in docs["items"] if d["id"] == seed.stem)
    assert added["source_path"] == f"upload:{seed.name}"
    # the same file again changes nothing; a bad-only upload is a 400 with a message, and loses nothing
    again = client.post("/api/documents", files=[("files", (seed.name, seed.read_bytes(), "text/plain"))]).json()
    assert again["unchanged"] == [seed.stem] and again["added"] == []
    bad = client.post("/api/documents", files=[("files", ("empty.txt", b"", "text/plain"))])
    assert bad.status_code == 400 and bad.json()["rejected"][0]["code"] == "E001"
    assert client.get("/api/documents").json()["total"] == 4
    con = sqlite3.connect(db)
    log = con.execute("SELECT name, status FROM uploads ORDER BY id").fetchall()
    con.close()
    assert ("broken.pdf", "rejected") in log and (seed.name, "stored") in log and ("empty.txt", "rejected") in log
    cross = client.post("/api/documents", files=[("files", (seed.name, seed.read_bytes(), "text/plain"))],
                        headers={"origin": "http://evil.example"})
    assert cross.status_code == 403


def test_upload_when_resolution_fails_says_so_and_keeps_the_store(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.store import ops

    def broken(docs: list, skipped: list) -> None:  # type: ignore[type-arg]
        raise RuntimeError("resolver exploded")

    monkeypatch.setattr(ops, "_resolve", broken)
    client = TestClient(create_app(db, allow_upload=True), base_url=LOCAL)
    before = {d["id"] for d in client.get("/api/documents").json()["items"]}
    seed = sorted(SEEDS.glob("*.txt"))[1]
    res = client.post("/api/documents", files=[("files", (seed.name, seed.read_bytes(), "text/plain"))])
    assert res.status_code == 400 and "resolver exploded" in res.json()["message"]
    after = {d["id"] for d in client.get("/api/documents").json()["items"]}
    assert before <= after  # nothing stored before was lost
    assert client.get("/api/overview").json()["stale"] is True
    assert "stale" in client.get("/").text


def _api_routes(routes: list) -> list:  # type: ignore[type-arg]
    """Every route of an app, those of included routers too."""
    from fastapi.routing import APIRoute

    out = []
    for r in routes:
        if isinstance(r, APIRoute):
            out.append(r)
        elif hasattr(r, "original_router"):  # FastAPI keeps an included router whole
            out += _api_routes(r.original_router.routes)
    return out


def test_every_paginated_route_refuses_an_offset_sqlite_cannot_hold(db: Path) -> None:
    app = create_app(db, allow_upload=True)
    client = TestClient(app, base_url=LOCAL)
    paged = [r.path for r in _api_routes(app.routes) if "GET" in r.methods
             and any(p.name == "offset" for p in r.dependant.query_params)]
    assert len(paged) >= 10, paged  # every page and API list that takes an offset, whatever is added later
    for path in paged:
        params = {"q": "Putin"} if path.endswith("/search") else {}
        assert client.get(path, params={**params, "offset": 2**63 - 1}).status_code == 200, path
        for offset in (2**63, 2**64, 10**40):
            assert client.get(path, params={**params, "offset": offset}).status_code == 422, (path, offset)


def test_search_sends_each_word_once_and_at_most_a_few(db: Path) -> None:
    from newsprism.store import StoryReader

    sent: list[str] = []
    with StoryReader(db) as r:
        r.con.set_trace_callback(sent.append)
        page = r.search("Fiction fiction FICTION " * 4000 + " ".join(f"w{i}" for i in range(5000)))
        assert page.total == 0  # every word is still required: the first ones only
        terms = [s for s in sent if "MATCH" in s][0].split("MATCH", 1)[1].count('"') // 2
        assert 8 <= terms <= 32  # a few words, not 5,001
        sent.clear()
        assert r.search("fiction FICTION Fiction " * 4000).total == 2
        assert [s for s in sent if "MATCH" in s][0].count('"fiction"') == 1


def test_host_header_must_name_this_server(db: Path) -> None:
    assert TestClient(create_app(db), base_url="http://rebound.example").get("/").status_code == 400
    app = create_app(db, hosts=["news.example"])
    for host in ("localhost", "127.0.0.1:8000", "[::1]:8000", "news.example", "NEWS.example:80"):
        assert TestClient(app, base_url=f"http://{host}").get("/api/overview").status_code == 200, host
    for host in ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "testserver.evil.example"):
        assert TestClient(app, base_url=f"http://{host}").get("/api/overview").status_code == 400, host


def _upload_log(db: Path) -> list[tuple[str, str, bytes | None]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT name, status, content FROM uploads ORDER BY id").fetchall()
    finally:
        con.close()


def test_uploads_from_other_sites_are_refused(db: Path) -> None:
    client = TestClient(create_app(db, allow_upload=True), base_url=LOCAL)
    files = [("files", ("a.txt", b"Putin spoke with Trump.", "text/plain"))]
    rev = _revision(db)
    for headers in ({"origin": "null"}, {"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"},
                    {"origin": "http://localhost", "sec-fetch-site": "same-site"}):
        for url in ("/upload", "/api/documents"):
            assert client.post(url, files=files, headers=headers).status_code == 403, (url, headers)
    assert _revision(db) == rev and _upload_log(db) == []


def test_uploads_stream_to_a_bound_and_keep_nothing_rejected(db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    client = TestClient(create_app(db, allow_upload=True, max_upload_bytes=1000), base_url=LOCAL)
    rev = _revision(db)
    huge = b"Putin spoke. " * 300_000  # 3.9 MB: past the limit and the multipart overhead allowed (1 MiB)
    for url in ("/upload", "/api/documents"):
        assert client.post(url, files=[("files", ("huge.txt", huge, "text/plain"))]).status_code == 413, url
    assert _upload_log(db) == [] and _revision(db) == rev and not list(spool.iterdir())
    res = client.post("/api/documents", files=[("files", ("big.txt", b"x" * 1001, "text/plain")),
                                                ("files", ("photo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"))])
    assert res.status_code == 400 and {r["code"] for r in res.json()["rejected"]} == {"E004", "E009"}
    assert [(name, status, content) for name, status, content in _upload_log(db)] == [
        ("big.txt", "rejected", None), ("photo.png", "rejected", None)]  # their bytes are not kept
    assert _revision(db) == rev and not list(spool.iterdir())


def test_serve_answers_to_the_bound_host_and_the_names_given(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from newsprism.cli import _load, app

    served: list = []  # type: ignore[type-arg]
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: served.append(web))
    _load()
    res = CliRunner().invoke(app, ["serve", str(db), "--host", "192.0.2.7", "--allowed-host", "news.example"])
    assert res.exit_code == 0, res.output
    for host, status in (("192.0.2.7:8000", 200), ("news.example", 200), ("localhost", 200), ("evil.example", 400)):
        assert TestClient(served[0], base_url=f"http://{host}").get("/api/overview").status_code == status, host


def test_a_default_test_client_reaches_the_routes(db: Path) -> None:
    """An application that embeds the app tests it with Starlette's default host."""
    client = TestClient(create_app(db))
    assert client.get("/api/overview").status_code == 200
    assert client.get("/claims", params={"offset": 2**64}).status_code == 422

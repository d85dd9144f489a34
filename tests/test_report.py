"""The brief: self-contained, faithful to the article text, and inert against hostile articles."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import lxml.html
import pytest

from newsprism.model import Document, Meta, Sentence, Story
from newsprism.report import SCRIPT, build_report, write_report
from newsprism.store import save
from tests.test_store import TEXTS, sample_story


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "story.db"
    save(sample_story(), path)
    return path


@pytest.fixture(scope="module")
def html(db: Path) -> str:
    return build_report(db, "html")


@pytest.fixture(scope="module")
def tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def test_hostile_article_executes_nothing(tree: lxml.html.HtmlElement) -> None:
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and scripts[0].text == SCRIPT  # only our own script, with no article text
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (el.tag, name, value)
            if local.endswith("href") or local in ("src", "action", "formaction"):
                assert not value.strip().lower().startswith(("javascript:", "data:text", "http:", "https:")), value
    assert not tree.xpath("//img | //iframe | //object | //embed | //link | //form")
    # the hostile strings are there, as text
    article = tree.xpath("//article[.//text()[contains(., 'onerror')]]")
    assert article and "<script>" in article[0].text_content()


def test_article_text_is_verbatim_and_links_resolve(tree: lxml.html.HtmlElement) -> None:
    texts = {"".join(div.itertext()) for div in tree.xpath("//article//div[@class='text']")}
    assert texts == {t for _, _, t in TEXTS.values()}
    ids = set(tree.xpath("//@id"))
    internal = tree.xpath("//a[starts-with(@href, '#')]/@href")
    assert internal and all(h[1:] in ids for h in internal)


def test_claim_rows_link_to_their_highlightable_sentence(tree: lxml.html.HtmlElement) -> None:
    rows = tree.xpath("//section[@id='claims']//tbody/tr")
    assert rows[0].xpath("td[2]")[0].text_content().startswith("Putin spoke with Trump")  # ranked first
    assert "contested" in rows[0].text_content() and "The Kremlin" in rows[0].text_content()
    for link in rows[0].xpath(".//a[@data-hl]"):
        anchor, start, end = link.get("data-hl").split(":")
        sentence = tree.get_element_by_id(link.get("href")[1:])
        pieces = [p for p in sentence.xpath(".//span[@data-o]")
                  if int(p.get("data-o")) >= int(start) and int(p.get("data-e")) <= int(end)]
        assert "".join(p.text_content() for p in pieces).startswith("Putin spoke with Trump")
        assert sentence.get("id").startswith(anchor + "-s")


def test_self_contained_with_matplotlib_charts(html: str, tree: lxml.html.HtmlElement) -> None:
    assert len(tree.xpath("//figure[@class='chart']/svg")) == 3  # claims, timeline, source mix
    assert "Matplotlib" in html
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "@media print" in html


def test_markdown_escapes_article_markup(db: Path) -> None:
    md = build_report(db, "md")
    assert "<script" not in md and "<img" not in md and "&lt;script&gt;" in md
    assert "| 1 | Putin spoke with Trump | 2 | 3 | **contested**; denied by The Kremlin |" in md


def test_empty_sections_render(tmp_path: Path) -> None:
    text = "Nothing was extracted here."
    doc = Document(id="bare", text=text, meta=Meta(),
                   sentences=[Sentence(index=0, start=0, end=len(text), text=text)])
    story = Story()
    story._docs = [doc]
    save(story, tmp_path / "s.db")
    out = write_report(tmp_path / "s.db", tmp_path / "b.html")
    tree = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert "No cross-document claims resolved." in tree.text_content()
    assert "".join(tree.xpath("//article//div[@class='text']")[0].itertext()) == text


@pytest.mark.slow
def test_seed_report_is_small(seed_story: Story, tmp_path: Path) -> None:
    save(seed_story, tmp_path / "seeds.db")
    out = write_report(tmp_path / "seeds.db", tmp_path / "brief.html")
    size = out.stat().st_size
    assert size < 2_000_000
    tree = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert len(tree.xpath("//article")) == len(seed_story.docs)


def test_report_command_writes_html_and_md(db: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsprism.cli import _load, app

    _load()
    runner = CliRunner()
    res = runner.invoke(app, ["report", str(db), "-o", str(tmp_path / "b.html")])
    assert res.exit_code == 0, res.output
    assert lxml.html.document_fromstring((tmp_path / "b.html").read_text(encoding="utf-8")).xpath("//article")
    res = runner.invoke(app, ["report", str(db), "--format", "md", "-o", str(tmp_path / "b.md")])
    assert res.exit_code == 0 and (tmp_path / "b.md").read_text(encoding="utf-8").startswith("# Story brief")
    res = runner.invoke(app, ["report", str(tmp_path / "missing.db")])
    assert res.exit_code == 2 and "E052" in res.output

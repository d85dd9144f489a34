"""What the editor reads, in the brief and the web view alike: corroborated claims first (single-source
ones on request), the best claim named in the summary, and a timeline whose axis spans the story's
window with recalled (background) events apart. Stories are built from synthetic records."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from fastapi.testclient import TestClient

from newsprism.model import Document, Story, TimeExpression
from newsprism.report import build_report
from newsprism.resolve.timeline import build, timeline
from newsprism.store import StoryReader, save
from newsprism.views.charts import timeline_svg
from newsprism.views.select import split_timeline
from newsprism.web import create_app
from tests.test_store import _span, make_doc, sample_story
from tests.test_web import LOCAL

CLAIM_ROWS = "//table[@id='claims-table']/tbody/tr"


def _html(text: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(text)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "story.db"
    save(sample_story(), path)
    return path


# ----- claims -----


def test_brief_lists_corroborated_claims_first_and_counts_the_hidden(db: Path) -> None:
    tree = _html(build_report(db))
    rows = [r.xpath("td[2]")[0].text_content() for r in tree.xpath(CLAIM_ROWS)]
    assert rows[0].startswith("Putin spoke with Trump")  # two independent sources
    assert not any("call lasted an hour" in r for r in rows)  # one source, not contested: hidden
    assert any("the deal was off" in r for r in rows)  # one source but contested: kept, and marked
    contested = tree.xpath(CLAIM_ROWS)[1]
    assert "contested" in contested.text_content()
    note = tree.get_element_by_id("hidden-claims").text_content()
    assert note.startswith("1 single-source claim not shown") and "--all-claims" in note
    everything = _html(build_report(db, all_claims=True))
    assert any("call lasted an hour" in r.text_content() for r in everything.xpath(CLAIM_ROWS))
    assert not everything.xpath("//*[@id='hidden-claims']")
    md = build_report(db, "md").split("## Claims")[1].split("## Timeline")[0]
    assert "Putin spoke with Trump" in md and "call lasted an hour" not in md
    assert "1 single-source claim not shown" in md


def test_web_claims_hide_single_source_ones_behind_a_toggle(db: Path) -> None:
    client = TestClient(create_app(db), base_url=LOCAL)
    tree = _html(client.get("/claims").text)
    texts = [a.text_content() for a in tree.xpath("//a[@class='claim-link']")]
    assert texts[0] == "Putin spoke with Trump" and "The call lasted an hour" not in texts
    toggle = tree.get_element_by_id("claims-toggle")
    assert toggle.get("href") == "/claims?claims=all" and "1 single-source claim" in tree.text_content()
    tree = _html(client.get(toggle.get("href")).text)
    assert "The call lasted an hour" in [a.text_content() for a in tree.xpath("//a[@class='claim-link']")]
    assert tree.get_element_by_id("claims-toggle").get("href") == "/claims"
    overview = _html(client.get("/").text)
    assert "The call lasted an hour" not in overview.get_element_by_id("top-claims").text_content()
    assert overview.get_element_by_id("hidden-claims").xpath(".//a/@href") == ["/claims?claims=all"]
    assert client.get("/api/claims").json()["total"] == 3  # the API lists every claim unless asked
    assert client.get("/api/claims", params={"claims": "corroborated"}).json()["total"] == 2


def test_summary_names_the_best_corroborated_claim(db: Path) -> None:
    with StoryReader(db) as r:
        text = "".join(p.text for p in r.overview().facts)
    assert ("The best-corroborated claim, “Putin spoke with Trump”, is carried by 2 independent sources in 3 "
            "reports from Outlet A and Outlet B.") in text
    brief = _html(build_report(db)).xpath("//p[@class='story']")[0].text_content()
    assert "best-corroborated claim, “Putin spoke with Trump”" in brief


def test_summary_of_reports_without_outlet_does_not_count_them_twice(tmp_path: Path) -> None:
    story = sample_story()
    for d in story.docs:
        d.meta.outlet = None
    for c in story.claims:
        for m in c.members:
            m.outlet = None
    save(story, tmp_path / "s.db")
    with StoryReader(tmp_path / "s.db") as r:
        text = "".join(p.text for p in r.overview().facts)
    assert "is carried by 2 independent sources in 3 reports of unknown outlet." in text, text


def test_without_corroboration_the_summary_says_so(tmp_path: Path) -> None:
    story = sample_story()
    for c in story.claims:
        c.independent_sources = 1
    save(story, tmp_path / "s.db")
    with StoryReader(tmp_path / "s.db") as r:
        text = "".join(p.text for p in r.overview().facts)
    assert "No claim is carried by two or more independent sources: each of the 3 claims rests on a single source."\
        in text
    assert "best-corroborated" not in text


# ----- timeline -----

NOV7 = "Putin spoke with Trump on November 7, the Kremlin said."
TEXTS = {
    "t1": ("Outlet A", "2024-11-10", NOV7 + " Peskov recalled the 1995 summit <script>alert(1)</script> in Moscow with warmth."),
    "t2": ("Outlet B", "2024-11-11", "Peskov said that on November 7 Putin spoke with Trump by phone."
                                     " Trump won the election in 2024 with a wide margin, Peskov said."),
}
DATES = {"t1": [("November 7", "2024-11-07"), ("1995", "1995")],
         "t2": [("November 7", "2024-11-07"), ("2024", "2024")]}


def timeline_docs() -> list[Document]:
    docs = []
    for doc_id, (outlet, published, text) in TEXTS.items():
        doc = make_doc(doc_id, outlet, published, text)
        for n, (words, value) in enumerate(DATES[doc_id]):
            span = _span(doc, words)
            sentence = max(s.index for s in doc.sentences if s.start <= span.start)
            doc.timexes.append(TimeExpression(id=f"{doc_id}:t{n}", doc_id=doc_id, sentence=sentence, span=span,
                                              type="DATE", value=value))
        docs.append(doc)
    return docs


@pytest.fixture(scope="module")
def timeline_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = timeline_docs()
    story = Story()
    story._docs = docs
    timeline(story, docs)
    path = tmp_path_factory.mktemp("timeline") / "story.db"
    save(story, path)
    return path


def test_window_marks_recalled_events_background() -> None:
    docs = timeline_docs()
    story = Story()
    story._docs = docs
    timeline(story, docs)
    assert story.timeline_window is not None
    assert (story.timeline_window.start, story.timeline_window.end) == ("2024-11-07", "2024-11-11")
    by_date = {e.date: e for e in story.timeline}
    assert by_date["1995"].background
    assert not by_date["2024-11-07"].background and not by_date["2024"].background  # 2024 overlaps the window
    assert len(by_date["2024-11-07"].sources) == 2 and by_date["2024-11-07"].outlets == ["Outlet A", "Outlet B"]


def test_an_undated_pile_has_no_window_and_no_background() -> None:
    """With no report dated, the dates on the calendar are those written with their year, in news
    mostly history: no window is drawn from them, so nothing is marked background."""
    docs = timeline_docs()
    for d in docs:
        d.meta.published = None
    story = Story()
    story._docs = docs
    timeline(story, docs)
    assert story.timeline_window is None
    assert story.timeline and not any(e.background for e in story.timeline)


def test_same_day_same_participant_merges_but_a_coarse_date_needs_more() -> None:
    def doc(doc_id: str, text: str, value: str, words: str) -> Document:
        d = make_doc(doc_id, doc_id.upper(), "2024-11-10", text)
        d.timexes = [TimeExpression(id=f"{doc_id}:t0", doc_id=doc_id, sentence=0, span=_span(d, words),
                                    type="DATE", value=value)]
        return d

    # the same participant (resolved entity e-peskov) and two shared words, few of all: one event
    a = doc("a", "On November 6 Peskov told reporters in a long briefing that the Kremlin welcomed the result and "
                 "would study every statement carefully.", "2024-11-06", "November 6")
    b = doc("b", "Dmitry Peskov, speaking on November 6 after a cabinet meeting, said the result was welcomed but "
                 "that sanctions remained a concern.", "2024-11-06", "November 6")
    c = doc("c", "On November 6 Peskov also said that talks on grain exports would resume.", "2024-11-06",
            "November 6")
    events = build([a, b, c])
    assert sorted(len(e.sources) for e in events) == [1, 2]
    merged = next(e for e in events if len(e.sources) == 2)
    assert {s.doc_id for s in merged.sources} == {"a", "b"}
    # the same words dated only to the month are not enough: a month holds many events
    for d in (a, b):
        d.timexes[0] = d.timexes[0].model_copy(update={"value": "2024-11"})
    assert [len(e.sources) for e in build([a, b])] == [1, 1]


def _axes_text(svg: str) -> list[str]:
    """The text of each drawn axes of a matplotlib SVG, in drawing order."""
    root = lxml.etree.fromstring(svg.encode())
    groups = root.xpath("//*[local-name()='g'][starts-with(@id, 'axes_')]")
    return [" ".join(t.strip() for t in g.xpath(".//*[local-name()='text']//text()") if t.strip()) for g in groups]


def test_chart_spans_the_story_window_with_background_apart(timeline_db: Path) -> None:
    with StoryReader(timeline_db) as r:
        parts = split_timeline(r.timeline().items, r.window())
    assert [e.date for e in parts.story] == ["2024-11-07"]
    assert [e.date for e in parts.coarse] == ["2024"] and [e.date for e in parts.background] == ["1995"]
    svg = timeline_svg(parts)
    assert svg is not None
    background, story = _axes_text(svg)
    assert "Background" in background and "1995" in background and "2024-11-07" not in background
    assert "The story: 2024-11-07 to 2024-11-11" in story and "1995" not in story
    assert "2024  Trump won" not in svg  # a year is never drawn as a day


def test_views_show_one_row_per_event_and_background_apart(timeline_db: Path) -> None:
    brief = _html(build_report(timeline_db))
    rows = brief.xpath("//table[@id='story-events']/tbody/tr")
    assert [r.xpath("td[1]")[0].text_content().split()[0] for r in rows] == ["2024", "2024-11-07"]
    assert len(rows[1].xpath("td[4]/a")) == 2  # one row, both reports
    back = brief.xpath("//table[@id='background-events']/tbody/tr")
    assert len(back) == 1 and "background" in back[0].text_content() and "1995" in back[0].text_content()
    assert "2024-11-07" in brief.get_element_by_id("story-window").text_content()
    page = _html(TestClient(create_app(timeline_db), base_url=LOCAL).get("/timeline").text)
    assert len(page.xpath("//table[@id='story-events']/tbody/tr")) == 2
    assert "1995" in page.xpath("//table[@id='background-events']")[0].text_content()
    assert len(page.xpath("//table[@id='story-events']/tbody/tr[2]/td[4]/a")) == 2
    assert "| 1995 (year) **background** |" in build_report(timeline_db, "md")
    # the background strip's article text stays text, in the table and in the chart
    assert not page.xpath("//script") and len(brief.xpath("//script")) == 1
    assert "<script>alert(1)</script>" in page.xpath("//table[@id='background-events']")[0].text_content()
    assert "<script>alert" not in build_report(timeline_db).replace("&lt;script&gt;alert", "")


# ----- entities -----


def test_unnamed_participants_come_after_the_named_and_are_no_key_actors(tmp_path: Path) -> None:
    from newsprism.model import Entity

    story = sample_story()
    docs = {d.id for d in story.docs}
    story.entities = [
        Entity(id="e-crowd", name="the protesters", label="NOUN", named=False, documents=len(docs)),
        Entity(id="e-putin", name="Vladimir Putin", label="PERSON", documents=1),
    ]
    path = tmp_path / "story.db"
    save(story, path)
    with StoryReader(path) as r:
        listed = r.entities().items
        assert [e.name for e in listed] == ["Vladimir Putin", "the protesters"]  # named first despite fewer reports
        assert [e.named for e in listed] == [True, False]
        assert [a.name for a in r.key_actors()] == ["Vladimir Putin"]
    page = _html(TestClient(create_app(path), base_url=LOCAL).get("/entities").text)
    row = [tr.text_content() for tr in page.xpath("//table//tr") if "the protesters" in tr.text_content()][0]
    assert "(unnamed)" in row


def test_the_header_counts_identified_outlets_not_unknown() -> None:
    from newsprism.store.views import Overview

    assert Overview(revision=1, outlets={"unknown": 72}).outlets_label == "outlet unknown"
    assert Overview(revision=1, outlets={"TRT World": 1}).outlets_label == "1 outlet"
    mixed = Overview(revision=1, outlets={"TRT World": 1, "The Moscow Times": 2, "unknown": 2})
    assert mixed.outlets_label == "2 outlets, 2 reports of unknown outlet"


def test_summary_counts_known_outlets_apart_from_unknown_ones() -> None:
    from newsprism.store.read import facts

    def first_sentence(outlets: dict[str, int]) -> str:
        n = sum(outlets.values())
        return facts({"documents": n, "outlets": outlets}, [], [], [], [], [])[0].text

    undated = ", none of them dated (no date in metadata or text), so relative dates such as “Thursday” are not placed on the calendar. "
    assert first_sentence({"unknown": 72}) == "72 reports, outlets unknown" + undated
    assert first_sentence({"TRT World": 2, "unknown": 3}) == "5 reports from 1 outlet (TRT World (2)) and 3 of unknown outlet" + undated
    assert first_sentence({"A": 1, "B": 1}).startswith("2 reports from 2 outlets (A (1) and B (1))")
    assert first_sentence({"A": 1}).startswith("1 report from 1 outlet (A (1)), not dated (no date")


def test_summary_says_how_many_reports_the_dates_rest_on() -> None:
    from newsprism.store.read import facts

    s = {"documents": 12, "dated": 1, "outlets": {"unknown": 12}, "first_published": "2016-W39",
         "last_published": "2016-W39"}
    assert facts(s, [], [], [], [], [])[0].text == "12 reports, outlets unknown, published 2016-W39 (1 of the 12 dated). "
    s["dated"] = 12
    assert facts(s, [], [], [], [], [])[0].text == "12 reports, outlets unknown, published 2016-W39. "


def test_a_source_is_shown_by_name_only_when_named() -> None:
    from newsprism.store.views import AttributionRow, SourceRef

    def row(source_class: str, source: str, speaker: str | None) -> AttributionRow:
        return AttributionRow(id="a", doc_id="d", kind="indirect", source_type="x", source_class=source_class,  # type: ignore[arg-type]
                              source=source, speaker=speaker, ref=SourceRef(doc_id="d"))

    assert row("named", "President Vladimir Putin", "Vladimir Putin").who == "Vladimir Putin"
    # the possessor is not the source: the row keeps the report's words and its anonymous type agrees with them
    assert row("anonymous", "Trump's personal history with Putin", "Trump").who == "Trump's personal history with Putin"
    assert row("anonymous", "The mayor", "Bill de Blasio").who == "The mayor (Bill de Blasio)"
    assert row("anonymous", "A Kremlin official", None).who == "A Kremlin official"

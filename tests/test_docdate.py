"""Dates a reader can trust when the reports carry none (issue 15): anchors, bounds, the pile."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.model import Document, SkippedInput

ONLY = ["sentences", "entities", "time"]
# two reports of one made-up event; only the first carries a date
DATED = (
    "Officials of the regional fisheries council in Tallinn approved the new herring quota agreement for the "
    "northern coast on Wednesday, November 6, the council said."
)
UNDATED = (
    "Officials of the regional fisheries council in Tallinn approved the new herring quota agreement for the "
    "northern coast on Wednesday. Boat owners said the cut would hurt them."
)


@pytest.fixture(scope="module")
def extractor(nlp):
    from newsprism.pipeline import Extractor

    return Extractor(only=ONLY)


def _docs(extractor, rows: list[dict[str, str]]) -> list[Document]:
    from newsprism.pipeline import read

    raws = [r for r in read(rows) if not isinstance(r, SkippedInput)]
    return [d for d in extractor.process(raws) if isinstance(d, Document)]


def _values(doc: Document) -> dict[str, str]:
    return {t.span.text: t.value for t in doc.timexes}


def test_a_year_anchor_gives_friday_no_day(extractor):
    from newsprism.resolve.timeline import build

    doc = _docs(extractor, [{"id": "a", "text": "Wall Street stocks dove Friday after the jobs report.",
                             "published": "2016"}])[0]
    assert _values(doc)["Friday"] == "XXXX-WXX-5"
    t = next(t for t in doc.timexes if t.span.text == "Friday")
    assert t.resolved is None and t.anchor == "none"
    assert not build([doc])  # no day, so no event on the timeline


def test_last_week_from_a_month_is_no_week(extractor):
    doc = _docs(extractor, [{"id": "a", "text": "The minister resigned last week over the affair.",
                             "published": "2016-10"}])[0]
    assert _values(doc)["last week"] == "XXXX-WXX"


def test_a_day_anchor_still_gives_the_day(extractor):
    doc = _docs(extractor, [{"id": "a", "text": "Wall Street stocks dove Friday after the jobs report.",
                             "published": "2016-10-31"}])[0]
    assert _values(doc)["Friday"] == "2016-10-28"


@pytest.mark.parametrize("text", ["Near 1750 GMT, the index stood at 18,100 points.",
                                  "Trading in the shares was halted at 1850."])
def test_a_clock_time_is_never_a_year(extractor, text):
    doc = _docs(extractor, [{"id": "a", "text": text, "published": "2016-10-28"}])[0]
    assert not any(t.type == "DATE" and t.value[:2] in ("17", "18") for t in doc.timexes), doc.timexes
    assert any(t.type == "TIME" and t.value.startswith("2016-10-28T1") for t in doc.timexes), doc.timexes


@pytest.mark.parametrize("text", ["Australia has been independent since 1901, like Canada.",
                                  "The plant will close by 2030.", "He served from 1999 until 2015.",
                                  "Prices rose after 1945, and fell before 1950."])
def test_a_year_after_a_preposition_is_no_clock_time(extractor, text):
    doc = _docs(extractor, [{"id": "a", "text": text, "published": "2016-10-28"}])[0]
    assert not any(t.type == "TIME" for t in doc.timexes), doc.timexes
    years = [t.value for t in doc.timexes if t.type == "DATE"]
    assert years and all(v[:2] in ("19", "20") and len(v) == 4 for v in years), doc.timexes


def test_a_year_in_a_sentence_stays_a_year(extractor):
    doc = _docs(extractor, [{"id": "a", "text": "The company was founded in 1750 by two brothers.",
                             "published": "2016-10-28"}])[0]
    assert _values(doc)["1750"] == "1750"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [("The agency reopened its inquiry 11 days before the election.", "2016-10-28"),
     ("Markets rallied three days after the election.", "2016-11-11")],
)
def test_the_election_is_the_one_the_candidates_run_in(extractor, sentence, value):
    text = f"Donald Trump and Hillary Clinton campaigned in Ohio. {sentence}"
    for published in ("2016", None):  # a year from the metadata, or nothing: never the 2012 election
        row = {"id": "a", "text": text} | ({"published": published} if published else {})
        doc = _docs(extractor, [row])[0]
        event = next(t for t in doc.timexes if "election" in t.span.text)
        assert event.value == value, (published, doc.timexes)


def test_a_report_is_not_older_than_the_latest_event_it_dates(extractor):
    text = ("In 2024, Donald Trump won the vote. President Donald Trump spoke with the prime minister on "
            "February 12. They spoke again on March 18 about the talks.")
    m = _docs(extractor, [{"id": "a", "text": text}])[0].meta
    assert m.published_source == "inferred" and m.published == "2025"
    assert any(s.text == "March 18" for s in m.published_evidence) and m.published_confidence


def test_thin_evidence_is_declined(extractor):
    m = _docs(extractor, [{"id": "a", "text": "The mayor spoke about the budget in 1998 and again on Friday."}])[0].meta
    assert m.published is None and m.published_source is None


def test_the_pile_pins_a_weekday_to_the_event_another_report_dates(extractor):
    from newsprism.pipeline import date_story

    dated, undated = _docs(extractor, [{"id": "dated", "text": DATED, "published": "2024-11-08"},
                                       {"id": "undated", "text": UNDATED}])
    assert undated.meta.published is None  # alone, the weekday has no week
    assert date_story([dated, undated]) == ["undated"]
    m = undated.meta
    assert m.published_source == "inferred" and m.published_granularity == "day"
    assert "2024-11-06" <= m.published <= "2024-11-08"
    assert any(s.text == "Wednesday" for s in m.published_evidence)
    assert _values(undated)["Wednesday"] == "2024-11-06"  # normalised again against the new date
    assert dated.meta.published == "2024-11-08" and dated.meta.published_source == "metadata"


def test_a_model_year_stays_out_when_the_pile_dates_a_report_again(extractor):
    """The pile's re-dating has no parse: the model years found at extraction travel with the report."""
    from newsprism.extract.timex.story import dating_json, restore_dating
    from newsprism.pipeline import date_story

    text = UNDATED + " One of them drove a gray 2013 Toyota Camry to the meeting."
    dated, undated = _docs(extractor, [{"id": "dated", "text": DATED, "published": "2024-11-08"},
                                       {"id": "undated", "text": text}])
    restore_dating(undated, dating_json(undated))  # as the batch engine carries it
    assert date_story([dated, undated]) == ["undated"]
    assert _values(undated)["Wednesday"] == "2024-11-06" and "2013" not in _values(undated)


def test_store_add_dates_a_new_report_against_the_store(tmp_path: Path, nlp):
    from newsprism.store import add, load_story

    (tmp_path / "a.md").write_text(f"---\npublished: 2024-11-08\n---\n{DATED}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(UNDATED + "\n", encoding="utf-8")
    db = tmp_path / "story.db"
    add(db, [tmp_path / "a.md"])
    add(db, [tmp_path / "b.txt"])
    docs = {d.id: d for d in load_story(db).docs}
    b = next(d for i, d in docs.items() if i.startswith("b"))
    assert b.meta.published_granularity == "day" and "2024-11-06" <= (b.meta.published or "") <= "2024-11-08"
    assert _values(b)["Wednesday"] == "2024-11-06"


@pytest.mark.parametrize(
    "text",
    [
        "This is the fisheries newsletter for Wednesday, March 4, 2026. The council meets again next week.",
        "The harbour master posted a photo of the flooded quay. — Port of Tallinn (@PortTallinn) March 4, 2026",
        "The minister arrived at the harbour on Wednesday, March 4, 2026, and toured the flooded quay.",
    ],
)
def test_a_date_told_as_now_gives_its_week(extractor, text):
    m = _docs(extractor, [{"id": "a", "text": text}])[0].meta
    assert m.published_source == "inferred" and m.published_granularity == "week"
    assert m.published == "2026-W10" and m.published_confidence
    assert any("March 4, 2026" in s.text for s in m.published_evidence)


def test_a_past_date_without_its_weekday_only_bounds(extractor):
    m = _docs(extractor, [{"id": "a", "text": "The council approved the quota on March 4, 2026, after a long debate."}])[0].meta
    assert m.published_granularity != "week"


def test_a_now_date_older_than_a_dated_past_event_is_history(extractor):
    text = ("This is the newsletter for Wednesday, March 4, 2026. The council approved the quota on "
            "April 20, 2026, after a long debate.")
    m = _docs(extractor, [{"id": "a", "text": text}])[0].meta
    assert m.published != "2026-W10"


def test_a_week_date_leaves_a_weekday_without_a_day(extractor):
    text = "This is the fisheries newsletter for Wednesday, March 4, 2026. The council met on Monday."
    doc = _docs(extractor, [{"id": "a", "text": text}])[0]
    assert doc.meta.published == "2026-W10"
    assert _values(doc)["Monday"] == "XXXX-WXX-1"  # never finer than the week it is counted from


def test_the_dating_evidence_survives_json(extractor):
    """The batch engine carries documents as JSON: the evidence goes with them, and dates the pile."""
    from newsprism.extract.timex.story import dating_json, restore_dating
    from newsprism.pipeline import date_story

    dated, undated = _docs(extractor, [{"id": "dated", "text": DATED, "published": "2024-11-08"},
                                       {"id": "undated", "text": UNDATED}])
    assert dating_json(dated) is None  # dated by its metadata: nothing to carry
    copy = Document.model_validate_json(undated.model_dump_json())
    assert copy._dating is None
    restore_dating(copy, dating_json(undated))
    assert copy._dating == undated._dating
    assert date_story([dated, copy]) == ["undated"]
    assert _values(copy)["Wednesday"] == "2024-11-06"

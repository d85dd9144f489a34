"""A pile teaches the dates of its events: a weekday a report names for an event others date (issue 15)."""

from __future__ import annotations

import pytest

from newsprism.model import Document, SkippedInput

# made-up reports of one made-up event (Monday, November 4, 2024); the words differ from report to
# report, so only the event ("hearing") ties them, not the sentences
DATES = (
    "The hearing on Nov. 4, 2024 in Tartu drew two hundred residents, the water board said.",
    "At the Nov. 4, 2024 hearing in Tartu, engineers presented a plan for a new pipe.",
)
OTHER = "The hearing on Nov. 11, 2024 in Tartu drew two hundred residents, the water board said."
WEEKDAY = "Angry farmers walked out of Monday's hearing in Tartu."


@pytest.fixture(scope="module")
def extractor(nlp):
    from newsprism.pipeline import Extractor

    return Extractor(only=["sentences", "entities", "time"])


def _pile(extractor, texts: list[str]) -> list[Document]:
    from newsprism.pipeline import date_story, read

    raws = [
        r for r in read([{"id": f"r{n}", "text": t} for n, t in enumerate(texts)]) if not isinstance(r, SkippedInput)
    ]
    docs = [d for d in extractor.process(raws) if isinstance(d, Document)]
    date_story(docs)
    return docs


def test_a_weekday_gets_the_week_of_the_event_other_reports_date(extractor):
    *_, undated = _pile(extractor, [*DATES, WEEKDAY])
    m = undated.meta
    assert m.published_source == "inferred" and m.published_granularity in ("day", "week")
    # "walked out of Monday's hearing": told in the past, so within the six days after Monday, Nov. 4
    assert m.published in ("2024-W45", "2024-11-04", "2024-11-05", "2024-11-06", "2024-11-07", "2024-11-08")
    assert any(s.text == "Monday" for s in m.published_evidence)
    assert m.published_confidence is not None and 0 < m.published_confidence < 1


def test_reports_dating_the_event_on_different_days_decline(extractor):
    *_, undated = _pile(extractor, [DATES[0], OTHER, WEEKDAY])  # two Mondays: which hearing is unknown
    assert undated.meta.published is None


def test_a_weekday_that_is_not_the_events_weekday_declines(extractor):
    *_, undated = _pile(extractor, [*DATES, WEEKDAY.replace("Monday", "Thursday")])
    assert undated.meta.published is None


def test_a_date_without_its_year_from_one_report_declines(extractor):
    *_, undated = _pile(extractor, [DATES[0].replace(", 2024", ""), WEEKDAY])
    assert undated.meta.published is None


@pytest.mark.parametrize(
    ("text", "head", "side"),
    [
        ("Farmers walked out of Monday's hearing.", "hearing", None),
        ("The hearing on Monday drew angry farmers.", "hearing", None),
        ("Farmers rallied ahead of Monday's hearing.", "hearing", "future"),
        ("Farmers rallied after Monday's hearing.", "hearing", "past"),
        ("The farmers said on Monday that they would walk out.", None, None),  # a verb: no event key
    ],
)
def test_the_event_a_weekday_dates(nlp, text, head, side):
    from newsprism.extract.timex.eventkey import event_key

    doc = nlp(text)
    start = text.index("Monday")
    key = event_key(doc, start, start + len("Monday"))
    assert (key.head if key else None) == head
    if key:
        assert key.side == side


def test_a_modifier_the_dated_event_lacks_is_another_event():
    from newsprism.extract.timex.eventkey import Key, same_key

    dated = Key("primary", frozenset({"new york"}))
    assert same_key(Key("primary", frozenset({"new york"})), dated)
    assert same_key(Key("primary"), dated)  # no names: any primary, the pile decides
    assert not same_key(Key("primary", frozenset({"new york"}), frozenset({"congressional"})), dated)
    assert not same_key(Key("primary", frozenset({"ohio"})), dated)

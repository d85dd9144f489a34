"""Time expressions, document-date inference and the timeline (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.model import Document, SkippedInput

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ONLY = ["sentences", "entities", "time"]


@pytest.fixture(scope="module")
def extractor(nlp):
    from newsprism.pipeline import Extractor

    return Extractor(only=ONLY)


def _docs(extractor, inputs) -> list[Document]:
    from newsprism.pipeline import read

    raws = [r for r in read(inputs) if not isinstance(r, SkippedInput)]
    out = [d for d in extractor.process(raws) if isinstance(d, Document)]
    assert len(out) == len(raws)
    return out


def _one(extractor, text: str, published: str | None = "2024-11-13") -> Document:
    row = {"id": "t", "text": text}
    if published:
        row["published"] = published
    return _docs(extractor, [row])[0]


def _by_text(doc: Document) -> dict[str, tuple[str, str]]:
    return {t.span.text: (t.type, t.value) for t in doc.timexes}


@pytest.fixture(scope="module")
def seeds(extractor) -> dict[str, Document]:
    return {d.id[:3]: d for d in _docs(extractor, [EXAMPLES])}


# ----- document date (no seed carries one) -----


def test_seed_000_dated_to_november_2024_month_only(seeds):
    m = seeds["000"].meta
    assert (m.published, m.published_source, m.published_granularity) == ("2024-11", "inferred", "month")
    assert m.published_evidence
    assert any("this month" in s.text for s in m.published_evidence)


def test_seed_001_is_the_wednesday_after_the_election(seeds):
    m = seeds["001"].meta
    assert (m.published, m.published_granularity, m.published_source) == ("2024-11-06", "day", "inferred")
    assert any(s.text == "Wednesday" for s in m.published_evidence)


def test_seed_004_is_after_march_18_2025(seeds):
    m = seeds["004"].meta
    assert m.published_source == "inferred"
    assert m.published_granularity in ("month", "year")
    # never before the latest dated event it reports: the year of "March 18" (no later evidence bounds the month)
    assert m.published[:4] == "2025" and (m.published_granularity == "year" or m.published >= "2025-03")
    assert any(s.text == "March 18" for s in m.published_evidence)


def test_evidence_and_timex_spans_equal_their_slices(seeds):
    n = 0
    for doc in seeds.values():
        for span in [t.span for t in doc.timexes] + doc.meta.published_evidence:
            assert doc.text[span.start : span.end] == span.text
            n += 1
    assert n > 40


def test_no_evidence_no_date(extractor):
    doc = _one(extractor, "The cat sat on the mat and purred loudly at the dog.", published=None)
    assert doc.meta.published is None and doc.meta.published_source is None


def test_metadata_date_is_kept(extractor):
    doc = _one(extractor, "Officials met on Wednesday.", published="2024-11-08")
    assert doc.meta.published == "2024-11-08" and doc.meta.published_source != "inferred"


# ----- time expressions on the seeds -----


def test_event_relative_expression_resolved_through_the_events_table(seeds):
    doc = seeds["000"]
    hits = [t for t in doc.timexes if t.span.text.startswith("Two days after this month's")]
    assert len(hits) == 1
    assert (hits[0].type, hits[0].value) == ("DATE", "2024-11-07")
    assert hits[0].anchor.startswith("event:") and hits[0].anchor_value == "2024-11-05"


def test_seed_relative_expressions(seeds):
    assert _by_text(seeds["001"])["April"] == ("DATE", "2024-04")
    assert _by_text(seeds["002"])["January"] == ("DATE", "2025-01")
    assert _by_text(seeds["004"])["February 28"] == ("DATE", "2025-02-28")
    # 000 is dated to a month only: "last week" gets no week (never finer than the anchor)
    assert _by_text(seeds["000"])["last week"] == ("DATE", "XXXX-WXX")


def test_several_days_later_points_after_the_previous_time(seeds):
    t = next(t for t in seeds["000"].timexes if t.span.text == "several days")
    assert t.type == "DURATION" and t.value == "PXD"
    assert t.resolved == "2024-11" and t.anchor.startswith("000_")


# ----- normalisation against a given DCT (2024-11-13, a Wednesday) -----


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Peskov spoke to reporters last week.", "last week", ("DATE", "2024-W45")),
        ("Officials welcomed the result on Monday.", "Monday", ("DATE", "2024-11-11")),
        ("The minister will travel to Riyadh on Friday.", "Friday", ("DATE", "2024-11-15")),
        ("The Post reported in April that talks had stalled.", "April", ("DATE", "2024-04")),
        ("We hope to reach the border by January.", "January", ("DATE", "2025-01")),
        ("Russia's nearly three-year war goes on.", "nearly three-year", ("DURATION", "P3Y")),
        ("The sanctions were imposed three years ago.", "three years ago", ("DATE", "2021")),
        ("The envoy arrived yesterday.", "yesterday", ("DATE", "2024-11-12")),
        ("The council meets every week.", "every week", ("SET", "P1W")),
        ("Prices are published daily, the ministry said.", "daily", ("SET", "P1D")),
        ("The talks ended on Feb. 18, 2025 in Riyadh.", "Feb. 18, 2025", ("DATE", "2025-02-18")),
        ("Profit rose in the third quarter.", "the third quarter", ("DATE", "2024-Q3")),
        ("He is now in Moscow.", "now", ("DATE", "PRESENT_REF")),
        ("The deal was signed in 1998.", "1998", ("DATE", "1998")),
        ("The plane landed at 10 p.m. Tuesday.", "10 p.m. Tuesday", ("TIME", "2024-11-12T22:00")),
        ("Sales fell this month.", "this month", ("DATE", "2024-11")),
        ("The vote is due next year.", "next year", ("DATE", "2025")),
        ("He ruled for the past two decades.", "the past two decades", ("DURATION", "P20Y")),
        ("It was the deadliest war of the 20th century.", "the 20th century", ("DATE", "19")),
        ("Crime fell through the nineties.", "the nineties", ("DATE", "199")),
        ("Keating was convicted in nineteen ninety-one.", "nineteen ninety-one", ("DATE", "1991")),
        ("Unemployment is to be halved by the year two thousand.", "the year two thousand", ("DATE", "2000")),
        ("Oil hit that level in the winter of 1994.", "the winter of 1994", ("DATE", "1994-WI")),
        ("Officials confirmed the plan over the weekend.", "the weekend", ("DATE", "2024-W45-WE")),
        ("Sales for the full year rose 13%.", "the full year", ("DATE", "2024")),
        ("Net income for the year ended June 30 fell.", "the year", ("DURATION", "P1Y")),
        ("More recently, the group has grown.", "More recently", ("DATE", "PAST_REF")),
        ("Losses will persist in the near term.", "the near term", ("DATE", "FUTURE_REF")),
        ("The Times said on Saturday, April 25: the court erred.", "Saturday, April 25", ("DATE", "2024-04-25")),
        ("By mid afternoon the guns were silent.", "mid afternoon", ("TIME", "2024-11-13TAF")),
        ("The firm agreed to acquire the bank in January.", "January", ("DATE", "2025-01")),
        ("It stopped paying in the third quarter of 1984.", "the third quarter of 1984", ("DATE", "1984-Q3")),
        ("Talks opened on March 3, 2025. The next day they stalled.", "The next day", ("DATE", "2025-03-04")),
        ("The two leaders meet separately Monday in Paris.", "Monday", ("DATE", "2024-11-18")),
        ("The team planned to leave Nairobi on Thursday.", "Thursday", ("DATE", "2024-11-14")),
        ("The offer had been due to expire Friday.", "Friday", ("DATE", "2024-11-08")),
        ("Ford's move follows Tuesday's declaration by GM.", "Tuesday", ("DATE", "2024-11-12")),
        ("He was shot to death last Oct. 23 at his home.", "Oct. 23", ("DATE", "2024-10-23")),
        ("He fled in June 1998 and returned to Cuba later that year.", "later that year", ("DATE", "1998")),
        ("He was found off the coast on Thanksgiving Day.", "Thanksgiving Day", ("DATE", "2023-11-23")),
        ("He was killed on Oct. 23, 1998. Earlier that day, they had met.", "Earlier that day", ("DATE", "1998-10-23")),
        # a past planning verb before the time: the plan may still lie ahead (DCT Wednesday 2024-11-13)
        ("Protesters planned a large demonstration on Saturday.", "Saturday", ("DATE", "2024-11-16")),
        ("The accession was planned for early March.", "early March", ("DATE", "2025-03")),
        # ... but not a time fronted before it, a reduced relative, or a pluperfect plan
        ("On Friday, the government planned to pay the claims.", "Friday", ("DATE", "2024-11-08")),
        ("A memorial service planned for Saturday was cancelled.", "Saturday", ("DATE", "2024-11-09")),
        ("They had planned a rally on Saturday.", "Saturday", ("DATE", "2024-11-09")),
        # a perfect modal is past: "may have been"
        ("The chip may have been damaged on Tuesday.", "Tuesday", ("DATE", "2024-11-12")),
        # frequencies as adjectives are SETs
        ("Clinton said in his weekly radio address that it was over.", "weekly", ("SET", "P1W")),
        ("They are investigating leads on a daily basis.", "daily", ("SET", "P1D")),
        # halves of a year, coordinated days, "as long as a month"
        ("Earnings will be lower for the last half of 1989.", "the last half of 1989", ("DATE", "1989-H2")),
        ("Shipments resume in the first half of 1990.", "the first half of 1990", ("DATE", "1990-H1")),
        ("The summit will be held on April 24 and 25.", "25", ("DATE", "2025-04-25")),
        ("The appeal could take as long as a month or two.", "a month", ("DURATION", "P1M")),
        ("They emerged from their third day-long meeting.", "day-long", ("DURATION", "P1D")),
        ("The March accession will enable the three to join.", "March", ("DATE", "2025-03")),
        # "since" points back; a present perfect progressive is past ("has been missing since Friday")
        ("He has been missing since Friday.", "Friday", ("DATE", "2024-11-08")),
        ("Troops will stay, as they have since Saturday.", "Saturday", ("DATE", "2024-11-09")),
        # "earlier/later in the day": the day of the last date spoken of, else the DCT
        ("He arrived in Philadelphia later in the day.", "the day", ("DATE", "2024-11-13")),
        ("Rebels attacked on Nov. 2. Earlier in the day, talks had failed.", "the day", ("DATE", "2024-11-02")),
        ("The trip took a year and a half.", "a year and a half", ("DURATION", "P1Y6M")),
        ("He waited half an hour.", "half an hour", ("DURATION", "PT30M")),
        # a date something takes effect on or lasts until is not placed by the tense of the report
        ("It created an office of the chairman, effective Feb. 1.", "Feb. 1", ("DATE", "2025-02-01")),
        ("The pact, effective June 1, raised wages.", "June 1", ("DATE", "2025-06-01")),
        ("The bank lent it $90 million through January.", "January", ("DATE", "2025-01")),
        # "as soon as / as early as" a time: the earliest time ahead
        ("A ruling was expected as early as Monday.", "Monday", ("DATE", "2024-11-18")),
        ("A decision was expected as early as March.", "March", ("DATE", "2025-03")),
        # movable feasts (Easter 2024: March 31; 2025: April 20)
        ("Pilgrims gathered on Good Friday.", "Good Friday", ("DATE", "2024-03-29")),
        ("The family will attend Mass on Easter Sunday.", "Easter Sunday", ("DATE", "2025-04-20")),
    ],
)
def test_normalisation(extractor, text, span, expected):
    found = _by_text(_one(extractor, text))
    assert found.get(span) == expected, found


def test_prepositions_and_possessives_stay_out_of_spans(extractor):
    doc = _one(extractor, "By congratulating Trump on his victory this month's talks began in April.")
    texts = [t.span.text for t in doc.timexes]
    assert "this month" in texts and "April" in texts
    assert not any(t.startswith(("in ", "on ")) or t.endswith("'s") for t in texts)


def test_windowed_matching_finds_what_a_full_scan_finds():
    """Patterns run only around their anchor words; the matches must equal a scan of the whole text."""
    from newsprism.extract.timex.find import candidates, candidates_full

    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert len(texts) == 5
    texts.append(
        "Shortly before 5 p.m. EST, on Wednesday, Oct. 22, 2014, the firm said the year-earlier third quarter "
        "and the past several quarters were weak; three times a day, every single Sunday, for nearly "
        "twenty-five years, since the summer of 1998 and the early '80s, two days after this month's "
        "United States presidential election, Thanksgiving, currently, the day before yesterday. " * 3
    )
    for text in texts:
        windowed = sorted((name, m.span()) for name, m in candidates(text))
        full = sorted((name, m.span()) for name, m in candidates_full(text))
        assert windowed == full
    assert len(full) > 20


def test_the_election_right_after_one_is_that_one(extractor):
    doc = _one(
        extractor,
        "Relieving the ambassador a month before the election should be interpreted as a gesture.",
        published="2024-11-06",
    )
    assert _by_text(doc)["a month before the election"] == ("DATE", "2024-10-05")


def test_soon_as_a_conjunction_is_no_time(extractor):
    doc = _one(extractor, "Trading resumed as soon as markets opened; he died soon after his capture.")
    assert not any("soon" in t.span.text for t in doc.timexes), doc.timexes


def test_ages_and_rates_are_not_durations(extractor):
    doc = _one(extractor, "Kopp, 44 years old, paid $500 a year for 10,000 troops in 1,990 places.")
    assert not any(t.type == "DURATION" for t in doc.timexes), doc.timexes


def test_a_model_year_is_no_time(extractor):
    """"a gray 2013 Toyota Camry" names a car, not the year of the crash; "the 2014 Oscars" is a time."""
    doc = _one(extractor, "She was hit by a gray 2013 Toyota Camry on Friday. He drove a 2009 Ford F-150 pickup "
                          "to the 2014 Oscars.")
    assert [t.span.text for t in doc.timexes if t.span.text.isdigit()] == ["2014"], doc.timexes


# ----- timeline -----


def test_seed_timeline_is_in_date_order_with_the_call(seeds):
    from newsprism.language.calendar import parse_date
    from newsprism.resolve.timeline import build

    events = build(list(seeds.values()))
    starts = [parse_date(e.date) for e in events]
    assert all(s is not None for s in starts)
    assert starts == sorted(starts)  # type: ignore[type-var]
    call = [e for e in events if e.date == "2024-11-07"]
    assert call and call[0].sources[0].doc_id.startswith("000")
    assert any(e.date == "2025-03-18" for e in events)
    assert all(e.inferred_dates for e in events)


def test_timeline_merges_the_same_event_across_outlets(extractor):
    from newsprism.resolve.timeline import build

    docs = _docs(
        extractor,
        [
            {
                "id": "a",
                "text": "Putin and Trump spoke by phone on February 12, the Kremlin said.",
                "published": "2025-03-01",
                "outlet": "A",
            },
            {
                "id": "b",
                "text": "The Kremlin said Putin and Trump spoke by phone on February 12.",
                "published": "2025-03-03",
                "outlet": "B",
            },
            {
                "id": "c",
                "text": "Oil prices rose sharply on February 12 in London trading.",
                "published": "2025-03-03",
                "outlet": "C",
            },
        ],
    )
    events = [e for e in build(docs) if e.date == "2025-02-12"]
    assert len(events) == 2
    merged = max(events, key=lambda e: len(e.sources))
    assert merged.outlets == ["A", "B"] and len(merged.sources) == 2


def test_timeline_command_prints_the_events(tmp_path):
    from typer.testing import CliRunner

    from newsprism.cli import _load, app

    _load()
    (tmp_path / "a.md").write_text(
        "---\npublished: 2025-03-20\n---\nPutin and Trump spoke for two hours on March 18, the Kremlin said.\n"
    )
    res = CliRunner().invoke(app, ["timeline", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "2025-03-18" in res.output and "two hours" in res.output


def test_day_month_year_dates_never_raise():
    """FNC-1 bodies with "12 March 2014"-style dates once raised IndexError (no 'tod' group)."""
    import newsprism

    story = newsprism.analyze(["On 12 March 2014 the ministry said talks would resume on 3 April."])
    values = {t.value for t in story.docs[0].timexes}
    assert "2014-03-12" in values


def test_that_day_without_a_dated_day_is_no_time(extractor):
    doc = _one(extractor, "Traders suffered huge losses on trades made that day.")
    assert not any("that day" in t.span.text for t in doc.timexes), doc.timexes


def test_a_first_name_jan_is_no_month(extractor):
    doc = _one(extractor, "Janos Martonyi of Hungary and Jan Kavan of the Czech Republic signed.")
    assert not doc.timexes, doc.timexes


def test_election_day_is_the_next_federal_one_midterms_included(extractor):
    doc = _one(extractor, "It will be a major theme of our campaign from now to Election Day.", published="1998-10-26")
    assert _by_text(doc)["Election Day"] == ("DATE", "1998-11-03")


def test_bench_aquaint_halves_are_disjoint_and_deterministic():
    """``bench/timex.py``: aquaint-tune (even positions by file name) and aquaint-test (odd) split AQUAINT."""
    import importlib.util
    import sys

    path = Path(__file__).resolve().parent.parent / "bench" / "timex.py"
    spec = importlib.util.spec_from_file_location("bench_timex", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_timex"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    every = mod.aquaint_files()
    if not every:
        pytest.skip("no AQUAINT data in ../shared/data/timebank")
    tune, test = mod.aquaint_files("tune"), mod.aquaint_files("test")
    assert not set(tune) & set(test)
    assert sorted(tune + test) == sorted(every) == every
    assert tune == every[0::2] and test == every[1::2]
    assert mod.TUNING_PARTS.isdisjoint({"aquaint-test", "aquaint", "all"})
    with pytest.raises(SystemExit):
        mod.main(["--part", "aquaint-test", "--errors", "5", "--peers", "none"])


def test_no_time_in_a_newspaper_name_or_in_generic_today(extractor):
    doc = _one(
        extractor, "The Communist Party daily Granma said that today's youth want change; today's vote is close."
    )
    found = _by_text(doc)
    assert "daily" not in found and "today" in found  # "today's vote" is a day, "today's youth" is not
    assert [t.span.start for t in doc.timexes if t.span.text == "today"] == [doc.text.index("today's vote")]


def test_easter_and_the_week_it_falls_in(extractor):
    from newsprism.language.calendar import easter

    assert [easter(y).isoformat() for y in (1998, 2000, 2019, 2024)] == [
        "1998-04-12",
        "2000-04-23",
        "2019-04-21",
        "2024-03-31",
    ]
    # the week of Easter has begun on the DCT (Monday 2000-04-17): this year's, though the verb is past
    doc = _one(extractor, "Protesters prayed for divine help as Easter week began.", published="2000-04-17")
    assert _by_text(doc)["Easter week"] == ("DATE", "2000-W16")


def test_a_weekday_deadline_is_the_nearest_one(extractor):
    doc = _one(extractor, "The agency has given the relatives until 9 a.m. Tuesday to sign.", published="2024-11-11")
    assert _by_text(doc)["9 a.m. Tuesday"] == ("TIME", "2024-11-12T09:00")  # the DCT is a Monday
    doc = _one(extractor, "He stayed in Paris until Monday.", published="2024-11-13")
    assert _by_text(doc)["Monday"] == ("DATE", "2024-11-11")


def test_now_as_a_discourse_marker_is_no_time(extractor):
    doc = _one(
        extractor, 'Iraq was ready. Now, he says, "it looks bad." For now, though, he waits. He is now in Paris.'
    )
    nows = [t for t in doc.timexes if t.span.text.lower() == "now"]
    assert [t.span.start for t in nows] == [doc.text.index("now in Paris")]
    assert nows[0].value == "PRESENT_REF"


# ----- annotation styles: news (AQUAINT's conventions, the default) and timeml (TimeBank's) -----

# (text, span, news, timeml); None: no time expression over the span. DCT Wednesday 2024-11-13.
STYLE_CASES = [
    # a part of a day: the day in news (AQUAINT 11 of 18), the part of day in TimeML (TimeBank 10 of 10)
    ("Protesters rallied in Miami on Friday night.", "Friday night", ("DATE", "2024-11-08"), ("TIME", "2024-11-08TNI")),
    ("The envoy landed in Kyiv last night.", "last night", ("DATE", "2024-11-12"), ("TIME", "2024-11-12TNI")),
    ("The talks resume Thursday morning.", "Thursday morning", ("DATE", "2024-11-14"), ("TIME", "2024-11-14TMO")),
    # vague durations without a determiner: none in news (aquaint-tune 3 of 5 left bare), durations in TimeML
    ("She was jailed for several months.", "several months", None, ("DURATION", "PXM")),
    ("Gonzalez for months refused requests by his relatives.", "months", None, ("DURATION", "PXM")),
    ("The system has evolved over several years.", "several years", None, ("DURATION", "PXY")),
    # a bare "recently": none in news (aquaint-tune 0 of 2), PAST_REF in TimeML (TimeBank 13 of 17)
    ("The family has recently moved to Maryland.", "recently", None, ("DATE", "PAST_REF")),
    # an adjectival frequency: a SET in news (aquaint-tune 3 of 3), none in TimeML (TimeBank 2 of 6)
    ("Clinton said in his weekly radio address that it was over.", "weekly", ("SET", "P1W"), None),
    ("Qantas plans daily flights between Sydney and Seoul.", "daily", ("SET", "P1D"), None),
    # the same in both styles
    ("Prices are published daily, the ministry said.", "daily", ("SET", "P1D"), ("SET", "P1D")),
    ("More recently, the group has grown.", "More recently", ("DATE", "PAST_REF"), ("DATE", "PAST_REF")),
    ("Peskov spoke to reporters last week.", "last week", ("DATE", "2024-W45"), ("DATE", "2024-W45")),
    ("He is now in Moscow.", "now", ("DATE", "PRESENT_REF"), ("DATE", "PRESENT_REF")),
    ("Then several days later, Peskov spoke.", "several days", ("DURATION", "PXD"), ("DURATION", "PXD")),
]


@pytest.mark.parametrize("style", ["news", "timeml"])
@pytest.mark.parametrize(("text", "span", "news", "timeml"), STYLE_CASES)
def test_annotation_style(extractor, monkeypatch, style, text, span, news, timeml):
    monkeypatch.setenv("NEWSPRISM_TIME_STYLE", style)
    doc = _one(extractor, text)
    expected = news if style == "news" else timeml
    at = text.index(span)
    if expected is None:
        over = [t.span.text for t in doc.timexes if t.span.start < at + len(span) and at < t.span.end]
        assert not over, over
    else:
        assert _by_text(doc).get(span) == expected, _by_text(doc)


def test_news_is_the_default_style(extractor, monkeypatch):
    monkeypatch.delenv("NEWSPRISM_TIME_STYLE", raising=False)
    assert _by_text(_one(extractor, "Protesters rallied on Friday night."))["Friday night"] == ("DATE", "2024-11-08")


def test_style_argument_and_unknown_style(nlp, monkeypatch):
    from newsprism.errors import NewsprismError
    from newsprism.extract.base import Parsed
    from newsprism.extract.timex import extract_timexes, time_style
    from newsprism.extract.timex.find import dct_date
    from newsprism.ingest.offsets import OffsetMap
    from newsprism.model import Document, Meta

    text = "The family has recently moved, and rallied on Friday night."
    offsets = OffsetMap()
    offsets.add(0, len(text))
    parsed = Parsed(Document(id="s", text=text, meta=Meta(published="2024-11-13")), nlp(text), offsets)
    monkeypatch.setenv("NEWSPRISM_TIME_STYLE", "news")
    got = {t.span.text: t.value for t in extract_timexes(parsed, dct_date("2024-11-13"), style="timeml")}
    assert got == {"recently": "PAST_REF", "Friday night": "2024-11-08TNI"}  # the argument beats the setting
    monkeypatch.setenv("NEWSPRISM_TIME_STYLE", "TimeBank")
    with pytest.raises(NewsprismError) as err:
        time_style()
    assert err.value.code == "E010" and "news, timeml" in str(err.value)


def test_readme_documents_the_time_style():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "NEWSPRISM_TIME_STYLE" in readme and "`news`" in readme and "`timeml`" in readme


def test_a_line_that_is_all_date_is_no_event(extractor):
    from newsprism.resolve.timeline import build

    text = ("The council closed the old harbour bridge to traffic on October 1, 2016, after engineers found cracks.\n\n"
            "Correction: October 2, 2016, Sunday\n\nUpdated: Monday, October 3, 2016")
    (doc,) = _docs(extractor, [{"id": "a", "text": text, "published": "2016-10-03"}])
    events = build([doc])
    assert [e.date for e in events] == ["2016-10-01"], [(e.date, e.text) for e in events]


def test_a_claim_dated_by_an_unresolved_day_is_not_dated_by_another_expression() -> None:
    import newsprism

    text = ("His remarks on Saturday carried a more personal tone, and a tacit acknowledgment that he may be "
            "the only one who can bring out the voters Democrats are counting on on Nov. 8, 2016.")
    story = newsprism.analyze([{"id": "a", "text": text}])  # no date: "Saturday" stays unresolved
    assert story.docs[0].claims[0].time == "XXXX-WXX-6"
    assert not [e for e in story.timeline if "remarks on Saturday" in e.text]  # not put on Nov. 8

"""Infer a document's date from its text when the metadata has none.

The text bounds its own date: it is not older than the latest past event it dates
("on March 18, 2025"), a title holds within a term ("President Obama"), and a US
election picked by the candidates it names lies before it (president-elect, a victory)
or after it (nominees, polls). Within those bounds, a weekday the text speaks of
("said on Monday") pins the day once it is tied to a dated event: the same event
dated in the text (or, for a pile, in another report: :mod:`newsprism.extract.timex.story`),
on the same weekday. A full date told as now (a dateline, an embedded post's date, a
caption: present tense or no verb) or written with its weekday ("on Thursday, June 16,
2016") names the report's week, unless a past event the text dates is later. The estimate
is never finer than the evidence: a day when a weekday is pinned, else such a week, else
the month or the year the bounds allow, or nothing. (The latest past date a text names is
no such week: on PolNeAR train it lay 0-6 days before the report for 17 of 118 articles.)
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from newsprism.extract.base import Parsed
from newsprism.extract.timex.eventkey import Key, event_key
from newsprism.extract.timex.find import TenseOracle, find
from newsprism.extract.timex.grammar import EVENT
from newsprism.extract.timex.normalize import Ctx
from newsprism.ingest.offsets import OffsetMap
from newsprism.language import calendar as cal
from newsprism.model import Document, Span

POST_ELECTION = re.compile(
    r"(?i)\b(?:president[- ]elect|vice[- ]president[- ]elect|election\s+(?:victory|win)|re-?election|won\s+the\s+(?:\w+\s+)?election"
    r"|(?:'s|’s)\s+(?:win|victory|election)|declared\s+victory|congratulat\w*|incoming\s+administration|outgoing\s+\w+\s+administration"
    r"|tally\s+votes)\b"
)
PRE_ELECTION = re.compile(
    r"(?i)\b(?:nominee|running\s+mate|polls?\s+(?:show|shows|suggest)|(?:the\s+)?(?:first|second|third|presidential|vice[- ]presidential)\s+debate"
    r"|if\s+elected|swing\s+states?|undecided\s+voters|the\s+campaign\s+trail|election\s+day|on\s+the\s+ballot|early\s+voting|the\s+presidential\s+race)\b"
)
# the primaries come before the general election: a "win" or "victory" there is no result of it
PRIMARY = re.compile(
    r"\b(?:[A-Z][a-z]+\s+primary|(?i:primaries|primary\s+(?:election|race|contest|voters|season|night|campaign)"
    r"|caucus(?:es)?|delegates|super\s+tuesday|the\s+nomination))\b"
)
ELECT = re.compile(r"(?i)\bpresident[- ]elect\b")
ELECTION_WORDS = re.compile(r"(?i)\b(?:election|president[- ]elect|presidential|inauguration|campaign|nominee)\b")
PRESIDENT = re.compile(
    r"(?<!Vice )(?<!vice )(?<!former )(?<!Former )(?<!ex-)\bPresident\s+(?:[A-Z]\.\s*|[A-Z][a-z]+\s+){0,2}(?P<name>[A-Z][a-z]+)\b(?![- ]elect)"
)
WINNER = (
    r"(?:president[- ]elect\s+(?:[A-Z]\.\s*|[A-Z][a-z]+\s+){{0,2}}{w}\b|\b{w}(?:['’]s)?\s+(?:\w+\s+){{0,3}}(?:victory|win|re-?election)\b"
    r"|\b{w}\s+(?:won|wins|has\s+won)\b)"
)
EVENT_RX = re.compile(EVENT)
MONTH_WORD = re.compile(r"(?i)month")
MODIFIER = re.compile(r"[ \t]+(?:[a-z]|[A-Z][a-z]+\s+[a-z])")
TARGET = re.compile(r"(?i)\b(?:by|until|till|through|before|to)\s+(?:the\s+end\s+of\s+)?$")
WEEKDAY_VALUE = re.compile(r"^XXXX-WXX-([1-7])$")
WEEKDAY_WRITTEN = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
INF = date(9999, 12, 31)
NEVER = date(1, 1, 1)

# How far (in days) the weekday a report names lies from the report's own day, by tense: back for
# the past, ahead for the present and the future. Shares of weekday mentions in PolNeAR train.
GAP = {
    "past": (0.27, 0.35, 0.2, 0.08, 0.04, 0.03, 0.02),
    "present": (0.49, 0.08, 0.04, 0.09, 0.08, 0.09, 0.13),
    "future": (0.34, 0.25, 0.1, 0.05, 0.07, 0.11, 0.09),
}
MARGIN = 0.3  # the pinned week's votes over any other week's
MIN_SHARED = 5  # content words a weekday's sentence shares with a dated event's to be the same event
MIN_OVERLAP = 0.6  # ... as a share of the smaller sentence's (both tuned on PolNeAR train: looser ties pin wrong weeks)


@dataclass
class Mention:
    """A weekday the text speaks of ("on Monday"): its weekday, tense and sentence's content words."""

    start: int
    end: int
    weekday: int
    tense: str
    words: frozenset[str]
    key: Key | None = None  # the event it dates ("Monday's debate": the debate)


@dataclass
class Dated:
    """A calendar day the text names: with its year, or month and day only ("Sept. 26")."""

    start: int
    end: int
    month: int
    day: int
    year: int | None
    words: frozenset[str]
    key: Key | None = None
    past: bool = True  # told in the past tense (only those bound the report's date)


@dataclass
class Event:
    """A dated event a weekday can be tied to (from this text or another report of the pile)."""

    day: date
    words: frozenset[str]
    doc: str
    derived: bool = False  # placed through a pinned report's own weekday (not named with its date)
    key: Key | None = None
    year_written: bool = True  # its year written, not supplied ("Sept. 26": the pile's years)


@dataclass
class Evidence:
    """What a text says about its own date; kept with the document for the story's joint dating."""

    low: date = NEVER
    high: date = INF
    spans: list[tuple[int, int]] = field(default_factory=list)  # clean-text spans behind the bounds
    mentions: list[Mention] = field(default_factory=list)
    dated: list[Dated] = field(default_factory=list)
    stamps: list[tuple[date, tuple[int, int]]] = field(default_factory=list)  # full dates told as now
    election: int | None = None
    year: int | None = None  # the latest year the text dates a past event in
    month_hint: tuple[date, tuple[int, int]] | None = None  # "this month's election": that month
    post_election: date | None = None  # the election day a report of its result follows
    text: str = ""
    offsets: OffsetMap | None = None  # the clean text's offsets into the document's text
    tenses: dict[int, str | None] = field(default_factory=dict)  # token start -> tense, around time words
    not_times: list[int] = field(default_factory=list)  # where a year names a model ("a 2013 Camry")

    def after(self, d: date, span: tuple[int, int] | None) -> None:
        if self.low < d <= self.high:
            self.low = d
            if span:
                self.spans.append(span)

    def before(self, d: date, span: tuple[int, int] | None) -> None:
        if self.low <= d < self.high:
            self.high = d
            if span:
                self.spans.append(span)

    def __call__(self, offset: int) -> str | None:
        return self.tense(offset)

    def tense(self, offset: int) -> str | None:
        """The tense recorded for the token at ``offset`` (re-normalisation without the parse)."""
        starts = sorted(self.tenses)
        i = bisect_right(starts, offset) - 1
        return self.tenses[starts[i]] if i >= 0 else None


@dataclass
class Estimate:
    value: str
    granularity: str
    anchor: date
    evidence: list[tuple[int, int]]
    confidence: float


# how likely the period holds the true date, by granularity: set by hand (coarser is surer), not calibrated
CONFIDENCE = {"day": 0.5, "week": 0.6, "month": 0.7, "year": 0.8}
# the week of the latest full date told in the present or with no verb (a dateline, an embedded post, a
# caption) or written with its weekday, within the bounds: the share of such weeks holding the true date
# on PolNeAR train (27 of 39)
STAMP_CONFIDENCE = 0.69


def content_words(text: str) -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(
        w for w in (x.lower() for x in WORD.findall(text)) if w not in STOP_WORDS and w not in cal.CALENDAR_WORDS
    )


def same_event(a: frozenset[str], b: frozenset[str]) -> float:
    """How surely two sentences tell of the same event (0 when they do not)."""
    shared = len(a & b)
    if shared < MIN_SHARED:
        return 0.0
    share = shared / max(1, min(len(a), len(b)))
    return share if share >= MIN_OVERLAP else 0.0


@lru_cache(maxsize=1)
def _names_rx() -> re.Pattern[str]:
    known = {n for cands in cal.events_table()["us_presidential_candidates"].values() for n in cands}
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(known, key=lambda n: (-len(n), n))) + r")\b")


def _person_names(text: str) -> set[str]:
    """Candidates' surnames named in the text (word match against the events table, one compiled pattern)."""
    return set(_names_rx().findall(text))


def evidence(parsed: Parsed, tense: TenseOracle, skip: frozenset[int] = frozenset()) -> Evidence:
    """Everything the text says about its own date; ``skip``: where a year is no time (a model year)."""
    text = tense.text
    norms = find(text, Ctx(None, tense), skip)
    ev = Evidence(text=text, offsets=parsed.offsets, not_times=sorted(skip))
    sent_words: dict[int, frozenset[str]] = {}

    def words_at(offset: int) -> frozenset[str]:
        i = parsed.sentence_of(offset)
        if i not in sent_words:
            sents = parsed.record.sentences
            sent_words[i] = content_words(sents[i].text) if i < len(sents) else frozenset()
        return sent_words[i]

    y_seen: int | None = None
    for n in norms:
        t = tense(n.start)
        if n.type == "DATE" and (wd := WEEKDAY_VALUE.match(n.value)):
            if t in ("past", "present", "future", None):
                key = event_key(parsed.doc, n.start, n.end)
                ev.mentions.append(Mention(n.start, n.end, int(wd[1]), t or "past", words_at(n.start), key))
            continue
        bare = re.match(r"^XXXX-(\d{2})-(\d{2})$", n.value)
        if bare:
            key = event_key(parsed.doc, n.start, n.end)
            ev.dated.append(
                Dated(n.start, n.end, int(bare[1]), int(bare[2]), None, words_at(n.start), key, t == "past")
            )
            continue
        if n.anchor != "none" or "X" in n.value or n.type not in ("DATE", "TIME"):
            continue
        d = cal.parse_date(n.value[:10])
        g = cal.granularity(n.value[:10])
        if d is None or g is None or d.year < 1800:
            continue
        target = TARGET.search(text[max(0, n.start - 12) : n.start])  # "by 2030": a target, not an event
        if g == "day":  # every day named dates its event, for the pile (only a past one bounds the report)
            key = event_key(parsed.doc, n.start, n.end)
            ev.dated.append(
                Dated(n.start, n.end, d.month, d.day, d.year, words_at(n.start), key, t == "past" and not target)
            )
        if t not in ("past", "present", None) or target:
            continue
        if g == "day" and (t != "past" or _weekday_written(text, n.start, n.end)):
            # told as now ("This is the newsletter for May 2, 2016", "(@AP) August 23, 2016"), or with
            # its weekday ("on Thursday, June 16, 2016"): the report's own week, as a rule
            ev.stamps.append((d, (n.start, n.end)))
        if t != "past":
            continue
        if g == "year" and MODIFIER.match(text, n.end):
            continue  # "the 2016 race", "his 2012 campaign": a name for an event, not its date
        y_seen = max(y_seen or d.year, d.year)
        ev.after(d, (n.start, n.end))

    ev.year = y_seen
    names = _person_names(text)
    election = _election(text, names, y_seen) if ELECTION_WORDS.search(text) else None
    if election is not None:
        e_year, phase, span = election
        ev.election = e_year
        eday = cal.us_election(e_year)
        if phase == "post":
            ev.after(eday, span)
            ev.post_election = eday
        elif phase == "pre" and span and tense(span[0]) in ("present", "future"):
            ev.before(eday, span)  # "the nominee says": the election is ahead ("the 2012 nominee said": not)
        for m in EVENT_RX.finditer(text) if MONTH_WORD.search(text) else ():
            edet = (m["edet"] or "").lower().replace("’", "'")
            if edet.startswith(("this month", "last month")) and "election" in m["ekind"].lower():
                month = eday if edet.startswith("this month") else cal.add_months(eday, 1)
                ev.month_hint = (month, (m.start(), m.end()))
                break
    _presidents(text, ev, y_seen if election is None else max(y_seen or 0, election[0]))
    ev.tenses = _tenses(text, tense)
    return ev


def _weekday_written(text: str, start: int, end: int) -> bool:
    """Whether the date at ``text[start:end]`` is written with its weekday ("Thursday, June 16, 2016")."""
    if WEEKDAY_WRITTEN.match(text, start, end):
        return True
    return any(m.end() == start for m in WEEKDAY_WRITTEN.finditer(text, max(0, start - 12), start))


def _tenses(text: str, tense: TenseOracle) -> dict[int, str | None]:
    """The tense of every token inside a time-expression candidate (what normalisation asks)."""
    from newsprism.extract.timex.find import candidates

    out: dict[int, str | None] = {}
    starts = tense.starts
    for _, m in candidates(text):
        i = max(0, bisect_right(starts, m.start()) - 1)
        j = bisect_left(starts, m.end())
        for k in range(i, j):
            if starts[k] not in out:
                out[starts[k]] = tense(starts[k])
    return out


def events_of(ev: Evidence, doc_id: str, years: list[int] | None = None, keyed: bool = False) -> list[Event]:
    """The text's own dated past days (a year-less day in each year the bounds allow, else in ``years``);
    ``keyed``: every day it names for an event the parse found, ahead or past (for the pile)."""
    out: list[Event] = []
    for d in (d for d in ev.dated if (d.key is not None if keyed else d.past)):
        days = []
        for y in (
            [d.year] if d.year else [y for y in years if ev.low.year <= y <= ev.high.year] if years else _years(ev)
        ):
            try:
                day = date(y, d.month, d.day)
            except ValueError:
                continue
            if ev.low <= day + timedelta(days=366) and (day <= ev.high or not d.past):
                days.append(day)
        out.extend(Event(day, d.words, doc_id, key=d.key, year_written=d.year is not None) for day in days)
    return out


def _years(ev: Evidence) -> list[int]:
    """Years a year-less past date may fall in: the latest year the text dates an event in and the
    next, or the election's year and the one before; within the bounds."""
    if ev.year is not None:
        cands = [ev.year, ev.year + 1]
    elif ev.election is not None:
        cands = [ev.election - 1, ev.election]
    else:
        return []
    return [y for y in cands if ev.low.year <= y <= ev.high.year]


def pin(ev: Evidence, pool: list[Event], doc_id: str) -> tuple[date, list[tuple[int, int]]] | None:
    """The report's day when its weekdays fall on days the pile dates (the more surely, the more the
    sentences tell of the same event), within the bounds; then the day its weekdays make likeliest."""
    votes: dict[date, float] = {}
    spans: dict[date, list[tuple[int, int]]] = {}
    for m in ev.mentions:
        best: dict[date, float] = {}
        for e in pool:
            if e.day.isoweekday() != m.weekday or e.doc == doc_id:
                continue  # its own dates only bound a report: a weekday there is too often another day (train)
            score = same_event(m.words, e.words)
            if not score:
                continue
            for k in range(7):
                d = e.day + timedelta(days=k) if m.tense == "past" else e.day - timedelta(days=k)
                if ev.low <= d <= ev.high and best.get(d, 0.0) < score:
                    best[d] = score
        for d, s in best.items():
            votes[d] = votes.get(d, 0.0) + s
            spans.setdefault(d, []).append((m.start, m.end))
    if not votes:
        return None
    top = max(votes.values())
    days = [d for d, v in votes.items() if v >= top - 1e-9]
    if max(days) - min(days) > timedelta(days=6):
        return None  # ties in different weeks: do not guess
    rival = max((v for d, v in votes.items() if abs((d - days[0]).days) > 6), default=0.0)
    if top - rival < MARGIN:
        return None
    day = max(days, key=lambda d: (likelihood(ev, d), d))
    return day, spans[day]


def likelihood(ev: Evidence, d: date) -> float:
    """log P(the weekdays the report names | the report is of day ``d``)."""
    total = 0.0
    for m in ev.mentions:
        k = (d.isoweekday() - m.weekday) % 7 if m.tense == "past" else (m.weekday - d.isoweekday()) % 7
        total += math.log(GAP.get(m.tense, GAP["past"])[k])
    return total


def estimate(ev: Evidence, pool: list[Event] | None = None, doc_id: str = "") -> Estimate | None:
    """The date the evidence supports (with the pile's dated events ``pool``), or None."""
    own = events_of(ev, doc_id)
    pinned = pin(ev, own + (pool or []), doc_id)
    if pinned is None and ev.post_election is not None and ev.mentions:
        # a report of an election's result naming a past weekday: the first such weekday after it
        past = [m for m in ev.mentions if m.tense == "past"]
        if past:
            m = past[-1]
            d = ev.post_election + timedelta(days=(m.weekday - ev.post_election.isoweekday()) % 7)
            if ev.low <= d <= ev.high:
                pinned = (d, [(m.start, m.end)])
    if pinned is not None:
        day, spans = pinned
        return Estimate(day.isoformat(), "day", day, ev.spans + spans, CONFIDENCE["day"])
    stamps = [(d, span) for d, span in ev.stamps if ev.low <= d <= ev.high]
    if stamps:
        # a report is written in the week of the latest date it tells as its now (train: the day itself
        # or the next one most often); older ones than a past event it dates are history
        day, span = max(stamps)
        return Estimate(cal.week(day), "week", day, ev.spans + [span], STAMP_CONFIDENCE)
    if ev.month_hint is not None:
        month, span = ev.month_hint
        if ev.low <= month <= ev.high or ev.low.strftime("%Y-%m") == month.strftime("%Y-%m"):
            anchor = max(date(month.year, month.month, 15), ev.low) if ev.low.month == month.month else month
            return Estimate(month.strftime("%Y-%m"), "month", anchor, ev.spans + [span], CONFIDENCE["month"])
    years = _years(ev)
    if len(years) == 1:
        # a past date written without its year is of the report's own year (news style)
        days = [d for d in events_of(ev, doc_id, years) if ev.low <= d.day + timedelta(days=366)]
        if days:
            last = max(days, key=lambda e: e.day)
            low = max(last.day, ev.low)
            if low <= ev.high and low.year == years[0]:
                spans = ev.spans + [(d.start, d.end) for d in ev.dated if d.year is None and d.past]
                return Estimate(str(low.year), "year", low, spans, CONFIDENCE["year"])
    if ev.low == NEVER or ev.high == INF:
        return None  # unbounded on one side: no period to name
    if (ev.low.year, ev.low.month) == (ev.high.year, ev.high.month):
        return Estimate(ev.low.strftime("%Y-%m"), "month", ev.low, ev.spans, CONFIDENCE["month"])
    if ev.low.year == ev.high.year:
        mid = ev.low + (ev.high - ev.low) / 2
        return Estimate(str(ev.low.year), "year", mid, ev.spans, CONFIDENCE["year"])
    return None


def _election(text: str, names: set[str], y_seen: int | None) -> tuple[int, str, tuple[int, int] | None] | None:
    """(election year, "post"/"pre"/"", evidence span) for the US presidential election the text is about."""
    winners = cal.events_table()["us_presidential_winners"]
    post = POST_ELECTION.search(text)
    pre = PRE_ELECTION.search(text)
    best: tuple[float, int] | None = None
    tied = False
    sitting = _sitting_terms(text)
    for year, hits in cal.election_years_for(names):
        if y_seen is not None and year < y_seen:
            continue
        eday, inaug = cal.us_election(year), cal.inauguration(year)
        if sitting and not any(s <= eday <= e or s == inaug for s, e in sitting):
            continue  # "President X" names someone who did not hold office around that election
        # two candidates name an election; of several so named, the latest (a report knows of it)
        score = float(min(hits, 2))
        winner = winners.get(str(year))
        if post and winner in names and re.search(WINNER.format(w=winner), text, re.I):
            score += 2
        if best is None or score > best[0] or (score == best[0] >= 2 and year > best[1]):
            best, tied = (score, year), False
        elif score == best[0] < 2:
            tied = True
    if best is None or best[0] < 1 or tied:
        return None  # no election, or several fit equally: do not guess
    if post and not ELECT.search(text) and (primary := PRIMARY.search(text)):
        post, pre = None, pre or primary
    winner = winners.get(str(best[1]))
    if post and not ELECT.search(text) and not (winner in names and re.search(WINNER.format(w=winner), text, re.I)):
        post = None  # "re-election", "this year's election": no result unless the winner is named with it
    phase = "post" if post else "pre" if pre else ""
    hit = post or pre
    return best[1], phase, (hit.start(), hit.end()) if hit else None


def _sitting_terms(text: str) -> list[tuple[date, date]]:
    """The terms of every president the text names with the title."""
    terms = cal.events_table()["us_presidents"]
    named = {m["name"] for m in PRESIDENT.finditer(text)}
    return [(date.fromisoformat(s), date.fromisoformat(e)) for n, s, e in terms if n in named]


def _presidents(text: str, ev: Evidence, year: int | None) -> None:
    """ "President X": the document falls within one of X's terms (the one the other evidence allows)."""
    terms = cal.events_table()["us_presidents"]
    order = {n: s for n, s, _ in terms}
    found = [m for m in PRESIDENT.finditer(text) if m["name"] in order]
    latest = max((order[m["name"]] for m in found), default=None)
    for m in found:  # of several presidents named, the others are history
        name = m["name"]
        if order[name] != latest:
            continue
        spans = [(date.fromisoformat(s), date.fromisoformat(e)) for n, s, e in terms if n == name]
        ok = [(s, e) for s, e in spans if e >= ev.low and s <= ev.high and (year is None or s.year <= year + 1)]
        if not ok:
            continue
        s, e = ok[-1] if year is None else min(ok, key=lambda se: abs(se[0].year - (year or se[0].year)))
        ev.after(s, (m.start(), m.end()))
        ev.before(e, (m.start(), m.end()))


def apply(record: Document, offsets: OffsetMap, est: Estimate | None) -> None:
    """Record ``est`` as the document's inferred date (with its evidence spans and confidence)."""
    meta = record.meta
    if est is None:
        meta.published = meta.published_source = meta.published_granularity = meta.published_confidence = None
        meta.published_evidence = []
        return
    meta.published = est.value
    meta.published_source = "inferred"
    meta.published_granularity = est.granularity  # type: ignore[assignment]
    meta.published_confidence = est.confidence
    seen: set[tuple[int, int]] = set()
    spans = []
    for s, e in est.evidence:
        if (s, e) not in seen:
            seen.add((s, e))
            a, b = offsets.span(s, e)
            spans.append(Span(doc_id=record.id, start=a, end=b, text=record.text[a:b]))
    meta.published_evidence = spans


def infer_published(
    parsed: Parsed, tense: TenseOracle, skip: frozenset[int] = frozenset()
) -> tuple[Estimate | None, Evidence]:
    """Set ``meta.published`` (source "inferred") from the text alone; the estimate and its evidence
    (``skip``: see :func:`evidence`)."""
    ev = evidence(parsed, tense, skip)
    est = estimate(ev, doc_id=parsed.record.id)
    apply(parsed.record, parsed.offsets, est)
    return est, ev

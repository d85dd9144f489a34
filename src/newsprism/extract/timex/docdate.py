"""Infer a document's date from its text when the metadata has none.

Evidence, strongest first: explicit dates and years (past tense: the document is later),
US presidents' titles ("President Obama": within his term), US elections picked by the
candidates the text names (after it when it speaks of a president-elect or a victory,
before it when of nominees and polls), year-less dates placed in the year the evidence
gives, and weekdays ("on Wednesday") right after the latest dated event. The estimate
is never finer than the evidence: a day only when a weekday pins it, else a month or
a year, or nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from newsprism.extract.base import Parsed
from newsprism.extract.timex.find import TenseOracle, find
from newsprism.extract.timex.grammar import EVENT
from newsprism.extract.timex.normalize import Ctx, Norm
from newsprism.language import calendar as cal

POST_ELECTION = re.compile(
    r"(?i)\b(?:president[- ]elect|vice[- ]president[- ]elect|election\s+(?:victory|win)|re-?election|won\s+the\s+(?:\w+\s+)?election"
    r"|(?:'s|’s)\s+(?:win|victory|election)|declared\s+victory|congratulat\w*|incoming\s+administration|outgoing\s+\w+\s+administration"
    r"|tally\s+votes)\b"
)
PRE_ELECTION = re.compile(
    r"(?i)\b(?:nominee|running\s+mate|polls?\s+(?:show|shows|suggest)|(?:the\s+)?(?:first|second|third|presidential|vice[- ]presidential)\s+debate"
    r"|if\s+elected|swing\s+states?|undecided\s+voters|the\s+campaign\s+trail|election\s+day|on\s+the\s+ballot|early\s+voting|the\s+presidential\s+race)\b"
)
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
TARGET = re.compile(r"(?i)\b(?:by|until|till|through|before|to)\s+(?:the\s+end\s+of\s+)?$")
INF = date(9999, 12, 31)


@dataclass
class Bounds:
    """What the evidence allows: lower and upper bound, and the spans behind them."""

    low: date = date(1, 1, 1)
    high: date = INF
    evidence: list[tuple[int, int]] = field(default_factory=list)

    def after(self, d: date, span: tuple[int, int] | None) -> None:
        if d > self.low and d <= self.high:
            self.low = d
            if span:
                self.evidence.append(span)

    def before(self, d: date, span: tuple[int, int] | None) -> None:
        if d < self.high and d >= self.low:
            self.high = d
            if span:
                self.evidence.append(span)


@dataclass
class Estimate:
    value: str
    granularity: str
    anchor: date
    evidence: list[tuple[int, int]]


@lru_cache(maxsize=1)
def _names_rx() -> re.Pattern[str]:
    known = {n for cands in cal.events_table()["us_presidential_candidates"].values() for n in cands}
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(known, key=lambda n: (-len(n), n))) + r")\b")


def _person_names(text: str) -> set[str]:
    """Candidates' surnames named in the text (word match against the events table, one compiled pattern)."""
    return set(_names_rx().findall(text))


def _bare(value: str) -> tuple[int, int | None] | None:
    m = re.match(r"^XXXX-(\d{2})(?:-(\d{2}))?$", value)
    if not m:
        return None
    return int(m[1]), int(m[2]) if m[2] else None


def estimate(parsed: Parsed, tense: TenseOracle) -> Estimate | None:
    """The document date the text supports, or None when it supports nothing."""
    text = tense.text
    norms = find(text, Ctx(None, tense))
    b = Bounds()
    recent: tuple[date, str, tuple[int, int]] | None = None  # the latest dated past event: day, grain, span

    def saw(d: date, grain: str, span: tuple[int, int]) -> None:
        nonlocal recent
        if recent is None or d > recent[0]:
            recent = (d, grain, span)

    y_seen: int | None = None
    for n in norms:
        if n.anchor != "none" or "X" in n.value or n.type not in ("DATE", "TIME"):
            continue
        d = cal.parse_date(n.value[:10])
        g = cal.granularity(n.value[:10])
        if d is None or g is None or d.year < 1800 or tense(n.start) != "past":
            continue
        if TARGET.search(text[max(0, n.start - 12) : n.start]):
            continue  # "by 2030": a target, not an event
        y_seen = max(y_seen or d.year, d.year)
        b.after(d, (n.start, n.end))
        if g in ("day", "month"):
            saw(d, g, (n.start, n.end))

    names = _person_names(text)
    election = _election(text, names, y_seen) if ELECTION_WORDS.search(text) else None
    year = y_seen
    if election is not None:
        e_year, phase, span = election
        eday = cal.us_election(e_year)
        if phase == "post":
            b.after(eday, span)
            if span:
                saw(eday, "day", span)
        elif phase == "pre":
            b.before(eday, span)
        year = e_year if y_seen is None or e_year >= y_seen else y_seen
    _presidents(text, b, year)
    if year is None and b.low.year < 1000:
        return None
    base_year = max(year or 1, b.low.year)
    # year-less dates belong to the year the evidence points at
    weekdays: list[tuple[int, Norm]] = []
    for n in norms:
        t = tense(n.start)
        if n.value.startswith("XXXX-WXX-") and n.type == "DATE":
            if t != "future":
                weekdays.append((int(n.value[-1]), n))
            continue
        bare = _bare(n.value)
        if bare is None or t != "past":
            continue
        mon, day = bare
        try:
            d = date(base_year, mon, day or 1)
        except ValueError:
            continue
        if d > b.high:
            continue
        b.after(d, (n.start, n.end))
        saw(d, "day" if day else "month", (n.start, n.end))
    for m in EVENT_RX.finditer(text) if election is not None and MONTH_WORD.search(text) else ():
        edet = (m["edet"] or "").lower().replace("’", "'")
        if election is not None and edet.startswith(("this month", "last month")) and "election" in m["ekind"].lower():
            eday = cal.us_election(election[0])
            month = eday if edet.startswith("this month") else cal.add_months(eday, 1)
            return Estimate(month.strftime("%Y-%m"), "month", _mid(month, b), b.evidence + [(m.start(), m.end())])
    if recent is not None:
        r_day, r_grain, r_span = recent
        # a weekday right after the latest dated event pins the day
        if r_grain == "day" and weekdays:
            best: tuple[date, tuple[int, int]] | None = None
            for wd, n in weekdays:
                d = r_day + timedelta(days=(wd - r_day.isoweekday()) % 7)
                if d <= b.high and (best is None or d > best[0]):
                    best = (d, (n.start, n.end))
            if best is not None:
                return Estimate(best[0].isoformat(), "day", best[0], b.evidence + [best[1]])
        low = max(r_day, b.low)
        if low <= b.high and r_grain == "day":
            # a report is usually written within weeks of the latest day it dates; say the month, no finer
            return Estimate(low.strftime("%Y-%m"), "month", _mid(low, b), b.evidence)
    if year is not None:
        y = max(year, b.low.year) if b.low.year <= (b.high.year if b.high != INF else 9999) else year
        return Estimate(str(y), "year", date(y, 7, 1), b.evidence)
    return None


def _mid(month: date, b: Bounds) -> date:
    """A day to anchor on inside an inferred month: its middle, not before the lower bound."""
    d = date(month.year, month.month, 15)
    if b.low.year == month.year and b.low.month == month.month and b.low > d:
        d = b.low
    return min(d, b.high) if b.high != INF else d


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
        score = float(hits)
        winner = winners.get(str(year))
        if post and winner in names and re.search(WINNER.format(w=winner), text, re.I):
            score += 2
        if best is None or score > best[0]:
            best, tied = (score, year), False
        elif score == best[0]:
            tied = True
    if best is None or best[0] < 1 or tied:
        return None  # no election, or several fit equally: do not guess
    phase = "post" if post else "pre" if pre else ""
    hit = post or pre
    return best[1], phase, (hit.start(), hit.end()) if hit else None


def _sitting_terms(text: str) -> list[tuple[date, date]]:
    """The terms of every president the text names with the title."""
    terms = cal.events_table()["us_presidents"]
    named = {m["name"] for m in PRESIDENT.finditer(text)}
    return [(date.fromisoformat(s), date.fromisoformat(e)) for n, s, e in terms if n in named]


def _presidents(text: str, b: Bounds, year: int | None) -> None:
    """ "President X": the document falls within one of X's terms (the one the other evidence allows)."""
    terms = cal.events_table()["us_presidents"]
    for m in PRESIDENT.finditer(text):
        name = m["name"]
        spans = [(date.fromisoformat(s), date.fromisoformat(e)) for n, s, e in terms if n == name]
        ok = [(s, e) for s, e in spans if e >= b.low and s <= b.high and (year is None or s.year <= year + 1)]
        if not ok:
            continue
        s, e = ok[-1] if year is None else min(ok, key=lambda se: abs(se[0].year - (year or se[0].year)))
        b.after(s, (m.start(), m.end()))
        b.before(e, (m.start(), m.end()))


def infer_published(parsed: Parsed, tense: TenseOracle) -> date | None:
    """Set ``meta.published`` (source "inferred") from the text; the day to anchor on, or None."""
    est = estimate(parsed, tense)
    if est is None:
        return None
    meta = parsed.record.meta
    meta.published = est.value
    meta.published_source = "inferred"
    meta.published_granularity = est.granularity  # type: ignore[assignment]
    seen: set[tuple[int, int]] = set()
    spans = []
    for s, e in est.evidence:
        if (s, e) not in seen:
            seen.add((s, e))
            spans.append(parsed.span(s, e))
    meta.published_evidence = spans
    return est.anchor

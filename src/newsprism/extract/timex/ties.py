"""Date a report by the events of its pile: a weekday it names for an event another report dates.

Most reports say "Monday's debate" and name no calendar day, while another report of the
same story dates the same event ("the Sept. 26 debate"). The event is the noun the time
expression hangs on in the parse, its modifiers and the names around it
(:mod:`newsprism.extract.timex.eventkey`). A weekday tied so, on the weekday of the day
the other reports agree on, puts the report in the six days after that day (told in the
past, or "since") or before it (ahead, or "before"); such windows intersect with each
other and with the report's own bounds. No answer when the reports dating the event
disagree, when the windows do not meet, or when only the report itself dates the event.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from newsprism.extract.timex.docdate import Estimate, Event, Evidence, Mention, likelihood
from newsprism.extract.timex.eventkey import same_key
from newsprism.language import calendar as cal

MIN_REPORTS = 2  # reports that must date the event on the agreed day (one: see :func:`_tie`)
# the share of tied answers useful-right on PolNeAR train (month piles and one pile: 9 of 15; the rest
# within 7 days), times the share of the window the answer holds
TIE_CONFIDENCE = 0.6


def window(ev: Evidence, pool: list[Event], doc_id: str) -> tuple[date, date, list[tuple[int, int]], int] | None:
    """The days the report's tied weekdays allow (within its bounds), their spans and how many reports
    back them; None when nothing ties or the windows do not meet."""
    lo, hi = ev.low, ev.high
    spans: list[tuple[int, int]] = []
    backers: set[str] = set()
    for m in ev.mentions:
        tied = _tie(m, pool, doc_id)
        if tied is None:
            continue
        day, docs = tied
        past = (m.key.side if m.key and m.key.side else m.tense) == "past"
        a, b = (day, day + timedelta(days=6)) if past else (day - timedelta(days=6), day)
        lo, hi = max(lo, a), min(hi, b)
        spans.append((m.start, m.end))
        backers |= docs
    if not spans or lo > hi:
        return None
    return lo, hi, spans, len(backers)


def _tie(m: Mention, pool: list[Event], doc_id: str) -> tuple[date, set[str]] | None:
    """The day other reports date the weekday's event on, and those reports. The event must fall on
    the weekday on one day only and be dated so by two reports, or by one that writes the year when
    the pile dates that event on no other day. An event the pile dates on several days ("the primary")
    ties only through a shared name ("Tuesday's New York primary")."""
    if m.key is None:
        return None
    same = [e for e in pool if e.doc != doc_id and not e.derived and same_key(m.key, e.key)]
    cands = [e for e in same if e.day.isoweekday() == m.weekday]
    days = {e.day for e in cands}
    if len(days) != 1:
        return None  # untied, or the reports date the event on different days of that weekday
    recurring = len({(e.day.month, e.day.day) for e in same}) > 1  # a year-less day stands in several years
    if recurring and not any(e.key and m.key.names & e.key.names for e in cands):
        return None
    docs = {e.doc for e in cands}
    need = 1 if not recurring and all(e.year_written for e in cands) else MIN_REPORTS
    return (days.pop(), docs) if len(docs) >= need else None


def tied_estimate(ev: Evidence, pool: list[Event], doc_id: str) -> Estimate | None:
    """The day (±1) or ISO week the tied window makes likeliest, by the gaps between a report and the
    weekdays it names (:func:`newsprism.extract.timex.docdate.likelihood`); confidence: that share
    times :data:`TIE_CONFIDENCE`."""
    found = window(ev, pool, doc_id)
    if found is None:
        return None
    lo, hi, spans, _ = found
    days = [lo + timedelta(days=k) for k in range((hi - lo).days + 1)]
    weight = {d: math.exp(likelihood(ev, d)) for d in days}
    total = sum(weight.values()) or 1.0
    near = {d: sum(weight.get(d + timedelta(days=k), 0.0) for k in (-1, 0, 1)) / total for d in days}
    weeks: dict[str, float] = {}
    for d in days:
        weeks[cal.week(d)] = weeks.get(cal.week(d), 0.0) + weight[d] / total
    day = max(days, key=lambda d: (near[d], d))
    wk = max(weeks, key=lambda w: (weeks[w], w))
    if near[day] >= weeks[wk]:
        return Estimate(day.isoformat(), "day", day, ev.spans + spans, round(TIE_CONFIDENCE * near[day], 2))
    anchor = max((d for d in days if cal.week(d) == wk), key=lambda d: weight[d])
    return Estimate(wk, "week", anchor, ev.spans + spans, round(TIE_CONFIDENCE * weeks[wk], 2))

"""Deictic words, weekdays, frequencies (SETs), holidays and named events: TIMEX3 values."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsprism.extract.timex.grammar import month_of, number, weekday_of
from newsprism.extract.timex.normalize import (
    TIME_UNITS,
    TOD,
    Ctx,
    Norm,
    _date_value,
    _unit,
    cal_weekdays,
    resolve_weekday,
)
from newsprism.language import calendar as cal

DEICTIC_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
               "late yesterday": -1, "early today": 0, "earlier today": 0, "later today": 0}  # fmt: skip
DEICTIC_REF = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
               "at present": "PRESENT_REF", "at the moment": "PRESENT_REF", "right now": "PRESENT_REF",
               "just now": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF", "recent": "PAST_REF",
               "previously": "PAST_REF", "formerly": "PAST_REF", "the past": "PAST_REF", "in the past": "PAST_REF",
               "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
               "the foreseeable future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
               "the other day": "PAST_REF", "as soon as possible": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF"}  # fmt: skip


GENERIC_TODAY = re.compile(
    r"['’]s\s+(?:[a-z]+\s+)?(?:world|youth|society|generation|children|kids|young|teenagers|students|families|parents"
    r"|culture|economy|standards|technology|computers|consumers?|workers|workplace|times|age|politics|women|men)\b"
)


def _discourse_now(text: str, start: int, end: int) -> bool:
    """ "Now, he says, ...": a discourse marker opening a sentence; "for now": for the time being."""
    before = text[max(0, start - 6) : start]
    opens = not before.strip() or before.rstrip()[-1:] in (".", '"', "'", "`", "”", ":")
    return (opens and text[end : end + 1] == ",") or re.search(r"(?i:\bfor\s+)$", before) is not None


def _part_of_day(d: date | None, tod: str, start: int, end: int, mod: str | None, ctx: Ctx) -> Norm:
    """ "last night", "this morning": news gives the day (DATE), timeml the part of day (TIME)."""
    if ctx.style == "news":
        return Norm("DATE", _date_value(d, "XXXX-XX-XX"), start, end, mod, "DCT")
    return Norm("TIME", _date_value(d, "XXXX-XX-XX") + tod, start, end, mod, "DCT")


def norm_deictic(m: re.Match[str], ctx: Ctx) -> Norm | None:
    w = " ".join(m["w"].lower().replace("’", "'").split())
    start, end = m.start(), m.end()
    if w.endswith("'s"):
        w, end = w[:-2], end - 2
    if w == "today" and GENERIC_TODAY.match(m.string, end):
        return None  # "today's youth", "today's world": nowadays, no day to anchor on
    if w == "recently" and ctx.style == "news":
        return None  # news: a bare "recently" is no expression; timeml: PAST_REF
    if w.startswith("until "):
        w, start = w[6:], start + m.group(0).lower().index("recently")
    elif w in ("more recently", "most recently"):
        return Norm("DATE", "PAST_REF", start, end, None, "DCT")
    if w == "now" and _discourse_now(m.string, start, end):
        return None
    if w in DEICTIC_REF:
        if w == "in the past":
            start += 3
        return Norm("DATE", DEICTIC_REF[w], start, end, None, "DCT")
    if w.startswith("mid"):
        day_word = w.split()[-1] if " " in w else "today"
        off = DEICTIC_DAY.get(day_word, 0)
        d = ctx.dct and ctx.dct + timedelta(days=off)
        return Norm("TIME", _date_value(d, "XXXX-XX-XX") + "TAF", start, end, "MID", "DCT")
    parts = w.split()
    if w in ("tonight", "later tonight"):
        return _part_of_day(ctx.dct, "TNI", start, end, None, ctx)
    if w == "last night" or w == "overnight":
        d = ctx.dct and ctx.dct - timedelta(days=1)
        if w == "overnight":
            return Norm("TIME", _date_value(d, "XXXX-XX-XX") + "TNI", start, end, None, "DCT")
        return _part_of_day(d, "TNI", start, end, None, ctx)
    if parts[-1] in ("morning", "afternoon", "evening"):
        day_word = parts[-2]
        off = DEICTIC_DAY.get(day_word, 0) if day_word != "this" else 0
        d = ctx.dct and ctx.dct + timedelta(days=off)
        mod = "START" if parts[0] == "early" else "END" if parts[0] == "late" else None
        return _part_of_day(d, "T" + TOD[parts[-1]], start, end, mod, ctx)
    if w in DEICTIC_DAY:
        d = ctx.dct and ctx.dct + timedelta(days=DEICTIC_DAY[w])
        if w == "today" and ctx.tense(start) == "present" and ctx.dct is None:
            return Norm("DATE", "PRESENT_REF", start, end, None, "DCT")
        return Norm("DATE", _date_value(d, "XXXX-XX-XX"), start, end, None, "DCT")
    return None


def norm_weekday(m: re.Match[str], ctx: Ctx) -> Norm | None:
    wd = weekday_of(m["wd"])
    rel = (m["rel"] or "").strip()
    if m["pl"]:
        tod = TOD.get((m["tod"] or "").lower(), "")
        return Norm("SET", f"XXXX-WXX-{wd}" + (f"T{tod}" if tod else ""), m.start("wd"), m.end(), None, "none")
    rel_keep = rel.lower() in ("earlier", "later")
    start = m.start() if rel.lower() in ("last", "next", "this", "this past", "this coming") else m.start("wd")
    end = m.end()
    raw = m.group(0)
    possessive = raw.endswith(("'s", "’s"))
    if possessive:
        end -= 2
    d = resolve_weekday(wd, None if rel_keep else rel, ctx, m.start(), m.string)
    if possessive and not rel and d is not None and ctx.dct is not None and d > ctx.dct:
        if ctx.tense(m.start()) != "future":
            d -= timedelta(days=7)  # "Friday's purchases", "Tuesday's declaration": already happened
    mod = {"early": "START", "late": "END"}.get(rel.lower())
    if rel.lower() in ("early", "late") or rel_keep:
        start = m.start()
    if m["tod"] and ctx.style == "news":  # "Friday night": the day
        return Norm("DATE", _date_value(d, f"XXXX-WXX-{wd}"), start, m.end(), mod, "DCT" if d else "none")
    if m["tod"]:
        end = m.end()
        return Norm("TIME", _date_value(d, f"XXXX-WXX-{wd}") + "T" + TOD[m["tod"].lower()], start, end, mod, "DCT")
    return Norm("DATE", _date_value(d, f"XXXX-WXX-{wd}"), start, end, mod, "DCT" if d else "none")


SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H",
        "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M"}  # fmt: skip

MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"}  # fmt: skip


ADJECTIVAL = {"daily", "weekly", "monthly", "yearly", "hourly", "nightly", "biweekly"}
NOT_NOUN = {"by", "in", "at", "for", "to", "and", "or", "but", "from", "with", "on", "since", "until", "through",
            "during", "over", "as", "than", "the", "a", "an", "after", "before", "into", "is", "are", "was", "were",
            "that", "this", "its", "their", "his", "her", "except", "if", "when"}  # fmt: skip


def _before_noun(text: str, at: int) -> bool:
    """The frequency word is an adjective before a noun: "daily flights", "weekly radio address"."""
    nxt = re.match(r"[ \t]+([a-z][a-z-]*)", text[at : at + 30])
    return nxt is not None and nxt[1] not in NOT_NOUN


def _det_before(text: str, at: int) -> bool:
    """A determiner or a name before the word: "the daily", "Party daily" (a noun, not an adverb)."""
    prev = re.search(r"([A-Za-z]+)\W*$", text[max(0, at - 30) : at])
    if prev is None:
        return False
    return prev[1].lower() in ("the", "a", "its", "their", "his", "her") or prev[1][0].isupper()


def norm_set(m: re.Match[str], ctx: Ctx) -> Norm | None:
    w = " ".join(m["w"].lower().split())
    if w in SETS and re.match(r"\s+[A-Z]", m.string[m.end() : m.end() + 3]) and _det_before(m.string, m.start()):
        return None  # "the Communist Party daily Granma": a newspaper, no frequency
    if w.split()[-1].rstrip(".") in MONTH_WORDS:
        return Norm("SET", f"XXXX-{month_of(w.split()[-1]):02d}", m.start(), m.end(), None, "none")
    if w in SETS:
        if ctx.style == "timeml" and w in ADJECTIVAL and _before_noun(m.string, m.end()):
            return None  # timeml: "daily flights", "average daily volume" are no SET; news: "his weekly address" is
        return Norm("SET", SETS[w], m.start(), m.end(), None, "none")
    last = w.split()[-1]
    if last in cal_weekdays():
        return Norm("SET", f"XXXX-WXX-{weekday_of(last)}", m.start(), m.end(), None, "none")
    u = _unit(last)
    if u is None:
        return None
    if u == "WE":
        return Norm("SET", "XXXX-WXX-WE", m.start(), m.end(), None, "none")
    n = 2 if "other" in w else 1
    return Norm("SET", f"PT{n}{u[0]}" if u in TIME_UNITS else f"P{n}{u}", m.start(), m.end(), None, "none")


def norm_holiday(m: re.Match[str], ctx: Ctx) -> Norm | None:
    w = m["w"].lower().replace("’", "'")
    w = " ".join(w.split())
    kind = "new year's day" if w.startswith("new year") else "thanksgiving" if w.startswith("thanksgiving") else w
    if ctx.dct is None:
        return None
    y = ctx.dct.year
    d = cal.event_date(kind, y)
    if d is None:
        return None
    tense = ctx.tense(m.start())
    first = d - timedelta(days=6) if kind in ("easter weekend", "easter week") else d  # the week began on Monday
    if tense == "past" and first > ctx.dct:
        d = cal.event_date(kind, y - 1)
    elif tense == "future" and d < ctx.dct:
        d = cal.event_date(kind, y + 1)
    if d is None:
        return None
    if kind in ("easter weekend", "easter week"):  # the ISO week of Easter Sunday (Monday to Sunday)
        return Norm("DATE", cal.week(d) + ("-WE" if kind.endswith("weekend") else ""), m.start(), m.end(), None, "DCT")
    return Norm("DATE", d.isoformat(), m.start(), m.end(), None, "DCT")


def norm_event(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """A named recurring event, optionally offset ("two days after this month's election")."""
    kind = " ".join(m["ekind"].lower().split())
    edet = (m["edet"] or "").lower().replace("’", "'")
    d = event_on(kind, edet, m["ey"], ctx, m.start())
    if not m["num"]:
        if kind in ("election day", "inauguration day") or kind.startswith(
            (
                "thanksgiving",
                "christmas",
                "new year",
                "independence",
                "halloween",
                "valentine",
                "veterans",
                "the fourth",
                "fourth",
            )
        ):
            if d is None:
                return None
            return Norm("DATE", d.isoformat(), m.start("ev"), m.end(), None, f"event:{kind} {d.isoformat()}")
        return None
    u = _unit(m["unit"])
    n = number(m["num"])
    if d is None or u is None:
        return None
    sign = -1 if m["dir"].lower() == "before" else 1
    if n is None:
        return Norm("DATE", d.strftime("%Y-%m"), m.start(), m.end(), None, f"event:{kind} {d.isoformat()}")
    if m["dir"].lower() == "since":
        return None
    val = cal.shift(d.isoformat(), sign * n, u) if u in ("D", "W", "M", "Y") else None
    if val is None:
        return None
    return Norm("DATE", val, m.start(), m.end(), None, f"event:{kind} {d.isoformat()}")


def event_on(kind: str, edet: str, ey: str | None, ctx: Ctx, at: int) -> date | None:
    """The date of an event mention: its year from the text, the DCT and the tense."""
    if ey:
        return cal.event_date(kind, int(ey)) or (cal.event_date(kind, int(ey) + 1) if "inauguration" in kind else None)
    if ctx.dct is None or ctx.grain != "day":
        # no day to count from: the election the document's own evidence names, else the DCT's year's
        if ctx.election_year and ("election" in kind or "vote" in kind) and "midterm" not in kind:
            return cal.us_election(ctx.election_year)
        if ctx.election_year and "inauguration" in kind:
            return cal.inauguration(ctx.election_year)
        if ctx.dct is None:
            return None
        if ctx.grain == "year" and (same := cal.event_date(kind, ctx.dct.year)) is not None:
            return same
    dct = ctx.dct
    if edet.startswith(("this month", "this week", "this year")):
        cands = [cal.event_date(kind, dct.year)]
    elif edet.startswith(("last month", "last week", "last year")):
        cands = [cal.event_date(kind, dct.year), cal.event_date(kind, dct.year - 1)]
    else:
        cands = [cal.event_date(kind, y) for y in range(dct.year - 4, dct.year + 5)]
    found = [c for c in cands if c is not None]
    if not found:
        return None
    if edet.startswith("this month"):
        found = [c for c in found if c.month == dct.month] or found
    if edet.startswith("last month"):
        target = cal.add_months(dct, -1)
        found = [c for c in found if (c.year, c.month) == (target.year, target.month)] or found
    tense = ctx.tense(at)
    past = [c for c in found if c <= dct]
    future = [c for c in found if c > dct]
    if tense == "future" and future and not (past and (dct - max(past)).days <= 180):
        # "the election" right after one is that one, whatever the tense ("should be read as a
        # gesture a month before the election", the day after it)
        return min(future)
    if tense == "past" and past:
        return max(past)
    return min(found, key=lambda c: abs((c - dct).days))

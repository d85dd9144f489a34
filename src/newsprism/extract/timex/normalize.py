"""From a grammar match to a TIMEX3 type and value, anchored on the DCT or the previous time."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsprism.extract.timex.grammar import ORDINALS, VAGUE_NUMBERS, month_of, number, weekday_of
from newsprism.language import calendar as cal

Tense = str | None  # "past" / "present" / "future" / "past-ahead" (planned in the past) / None

# Annotation styles, as HeidelTime's document types: where news corpora (AQUAINT) and TimeBank's
# TimeML guidelines annotate the same words differently (counts in bench/results/time.md).
#   news (default): "Friday night", "tonight" are the day (DATE); bare vague durations ("for months",
#     "several years") and a bare "recently" are no time expression; adjectival frequencies ("his
#     weekly radio address", "daily life") are SETs.
#   timeml: a part of a day is a TIME ("2024-11-15TNI"); "for months" PXM, "several years" PXY and
#     "recently" PAST_REF are annotated; adjectival frequencies are not ("daily flights").
STYLES = ("news", "timeml")
STYLE_ENV = "NEWSPRISM_TIME_STYLE"


def time_style(style: str | None = None) -> str:
    """The annotation style: ``style`` if given, else ``$NEWSPRISM_TIME_STYLE``, else ``news``."""
    import os

    chosen = (style or os.environ.get(STYLE_ENV) or "news").strip().lower()
    if chosen not in STYLES:
        from newsprism.errors import NewsprismError

        raise NewsprismError("E010", kind="time style", name=chosen, known=", ".join(STYLES))
    return chosen


@dataclass
class Ctx:
    """What normalisation needs: the DCT, the tense at an offset, the running reference time."""

    dct: date | None
    tense: Callable[[int], Tense] = lambda _i: None
    ref: str | None = None  # value of the last anchored date (for "two days later")
    ref_id: str | None = None
    quarter: str | None = None  # the last quarter spoken of ("a year ago" in earnings reports)
    election_year: int | None = None
    names: set[str] = field(default_factory=set)
    last_year: int | None = None  # the year of the last calendar date or year spoken of ("later that year")
    probe: bool = False  # the first pass of ``find``, which only ranks candidates (no running reference yet)
    style: str = "news"  # annotation style, one of ``STYLES``
    grain: str = "day"  # the granularity of the DCT: nothing relative to it resolves finer


@dataclass
class Norm:
    type: str
    value: str
    start: int
    end: int
    mod: str | None = None
    anchor: str = "DCT"  # "DCT", "none", "previous", "event:<kind> <date>"
    resolved: str | None = None  # the calendar value a relative duration points at


UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "trading day": "D", "business day": "D",
    "working day": "D", "week": "W", "weekend": "WE", "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE", "centurie": "CE", "summer": "Y", "winter": "Y",
}  # fmt: skip
TIME_UNITS = {"S", "MIN", "H"}
TOD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
MODS = {"early": "START", "the beginning of": "START", "the start of": "START", "late": "END", "the end of": "END",
        "mid": "MID", "the middle of": "MID", "about": "APPROX", "around": "APPROX", "approximately": "APPROX",
        "roughly": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
        "under": "LESS_THAN", "fewer than": "LESS_THAN", "more than": "MORE_THAN", "over": "MORE_THAN",
        "well over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
        "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS"}  # fmt: skip


def _unit(word: str) -> str | None:
    w = " ".join(word.lower().split())
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and w[:-1] in UNITS:
        w = w[:-1]
    return UNITS.get(w)


def _mod(text: str | None) -> str | None:
    if not text:
        return None
    t = " ".join(text.lower().replace("-", " ").split())
    for key, mod in MODS.items():
        if t.startswith(key):
            return mod
    return None


def _dur(n: float | None, u: str) -> str:
    if u in ("DE", "CE", "Q") and n is not None and n == int(n):
        n, u = n * {"DE": 10, "CE": 100, "Q": 3}[u], "M" if u == "Q" else "Y"
    if u == "CE" and n is None:
        return "PXC"
    if u == "WE":
        u = "W" if n is None else "D"
        n = None if n is None else 2 * n
    if n is not None and n != int(n):
        if u == "Y":
            return f"P{int(n)}Y6M" if n >= 1 else "P6M"
        if u == "H":
            return f"PT{int(n * 60)}M"
        if u == "D":
            return f"PT{int(n * 24)}H"
        if u == "M":
            return f"P{int(n * 30)}D" if n < 1 else f"P{int(n)}M15D"
    q = "X" if n is None else str(int(n))
    return f"PT{q}{u[0]}" if u in TIME_UNITS else f"P{q}{u}"


# a date that something takes effect on, or lasts until, is not placed by the tense of the report
# ("created an office, effective Feb. 1", "extended the offer until Nov. 16"): the nearest, or ahead
DEADLINE = re.compile(
    r"(?i:\b(?:(?P<eff>effective|starting|beginning)|until|till|through|by)\s+(?:(?:early|late|mid)[\s-]*)?$)"
)


def pick_year(month: int, day: int | None, ctx: Ctx, at: int, text: str = "") -> int | None:
    """The year of a month (and day) given without one: the DCT's, moved by the tense."""
    if ctx.dct is None:
        return None
    dct = ctx.dct
    y = dct.year
    if ctx.grain == "year":
        return y  # a year-level DCT: no nearer or farther side to move to
    cand = date(y, month, min(day or 15, 28))
    tense = ctx.tense(at)
    dl = DEADLINE.search(text, max(0, at - 24), at) if text else None
    if dl:
        tense = "future" if dl["eff"] else None if tense == "past" else tense
    elif text and EARLIEST.search(text, max(0, at - 16), at):
        tense = "future"  # "as early as March"
    if tense == "past":
        if (cand - dct).days > (60 if day else 31):
            return y - 1
    elif tense == "future":
        if (dct - cand).days > (60 if day else 31):
            return y + 1
    else:
        if (cand - dct).days > 200:
            return y - 1
        if (dct - cand).days > 200:
            return y + 1
    return y


def resolve_weekday(wd: int, rel: str | None, ctx: Ctx, at: int, text: str = "") -> date | None:
    if ctx.dct is None or ctx.grain != "day":
        return None  # no day to count from: "Friday" stays XXXX-WXX-5
    dct = ctx.dct
    cur = dct.isoweekday()
    r = " ".join((rel or "").lower().split())
    if r == "last":
        back = (cur - wd) % 7 or 7
        return dct - timedelta(days=back)
    if r == "next":
        fwd = (wd - cur) % 7 or 7
        return dct + timedelta(days=fwd)
    if r in ("this past",):
        return dct - timedelta(days=(cur - wd) % 7 or 7)
    if r in ("this coming",):
        return dct + timedelta(days=(wd - cur) % 7 or 7)
    if r == "this":
        return dct + timedelta(days=wd - cur)
    tense = ctx.tense(at)
    back = (cur - wd) % 7
    fwd = (wd - cur) % 7
    # a bare weekday under the present ("meet Monday", "is to resume trading Tuesday") or under a
    # plan made in the past ("planned to leave on Thursday") is the coming one, as in news usage
    if tense in ("future", "present", "past-ahead") or (text and EARLIEST.search(text, max(0, at - 16), at)):
        return dct + timedelta(days=fwd)  # ... or "as soon as Tuesday", "as early as Monday": ahead
    if text and UNTIL.search(text, max(0, at - 8), at):
        # a deadline ("has given them until 9 a.m. Tuesday", "stayed until Monday"): the nearest one
        return dct + timedelta(days=fwd) if fwd < back else dct - timedelta(days=back)
    return dct - timedelta(days=back)


UNTIL = re.compile(r"(?i:\b(?:until|till)\s+$)")
EARLIEST = re.compile(r"(?i:\bas\s+(?:soon|early)\s+as\s+$)")


GRAIN_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
# patterns whose whole value comes from the DCT (others take only its year: "March 3", "the election")
FROM_ANCHOR = {"weekday", "deictic", "relunit", "ago", "relday", "time", "quarter2", "theunit", "year"}


def within_anchor(norm: Norm, ctx: Ctx, pattern: str) -> Norm:
    """A value the DCT supplies, finer than the DCT itself ("Friday", "last week" against a year),
    is left underspecified (``XXXX-WXX-5``, ``XXXX-WXX``) and anchored on nothing."""
    if ctx.grain == "day" or norm.anchor != "DCT" or pattern not in FROM_ANCHOR:
        return norm
    day, _, tod = norm.value.partition("T")
    g = cal.granularity(day)
    if g is None or GRAIN_RANK[g] >= GRAIN_RANK.get(ctx.grain, 0):
        return norm
    if g == "day":
        d = cal.parse_date(day)
        value = f"XXXX-WXX-{d.isoweekday()}" if pattern == "weekday" and d else "XXXX-XX-XX"
    else:
        value = {"week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX"}[g] + day[len(day.rstrip("-WE")) :]
    return Norm(norm.type, value + (f"T{tod}" if tod else ""), norm.start, norm.end, norm.mod, "none")


def _date_value(d: date | None, fallback: str) -> str:
    return d.isoformat() if d else fallback


def _year_of(text: str) -> int:
    return int(text)


def _tod(t: str | None) -> str:
    return TOD.get((t or "").lower(), "")


def norm_time(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if m["nm"]:
        hh, mi = (12, None) if m["nm"].lower() in ("noon", "midday") else (24, None)
    elif m["hm"]:
        hh, mi = int(m["hm"]), m["mm"]
    else:
        hh, mi = int(m["h"]), m["mi"]
        ap = m["ap"].lower()
        if hh > 12 or hh == 0:
            return None
        if ap.startswith("p") and hh != 12:
            hh += 12
        elif ap.startswith("a") and hh == 12:
            hh = 0
    clock = f"T{hh:02d}:{mi}" if mi else f"T{hh:02d}:00"
    start, end = m.start(), m.end()
    day: date | None = ctx.dct
    anchor = "DCT"
    if m["day"]:
        d = m["day"].lower()
        if d in ("today", "yesterday", "tomorrow"):
            day = ctx.dct and ctx.dct + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[d])
        elif d in cal_weekdays():
            day = resolve_weekday(weekday_of(d), None, ctx, start, m.string)
        else:
            mon, _, dd = m["day"].partition(" ")
            md = int(re.sub(r"\D", "", dd))
            y = pick_year(month_of(mon), md, ctx, start, m.string)
            day = date(y, month_of(mon), md) if y and md <= 31 else None
    elif m["hm"] and not m["tz"]:
        return None  # a bare "12:30" is too often a score or a ratio
    if day is None:
        return Norm("TIME", "XXXX-XX-XX" + clock, start, end, anchor="none")
    return Norm("TIME", day.isoformat() + clock, start, end, _mod(m["pre"]), anchor)


def cal_weekdays() -> set[str]:
    return {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def norm_mdy(m: re.Match[str], ctx: Ctx) -> Norm | None:
    g: dict[str, str] = {
        k: v for k, v in m.groupdict().items() if v
    }  # "day month year" patterns carry no weekday or time-of-day group
    mon = month_of(m["mon"])
    day = int(re.sub(r"\D", "", m["day"]))
    start = m.start()
    if g.get("year"):
        y: int | None = _year_of(g["year"])
        anchor = "none"
    else:
        y = pick_year(mon, day, ctx, start, m.string)
        anchor = "DCT"
        if g.get("wd") and ctx.dct is not None:  # a weekday can fix the year
            for cand in (ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1):
                try:
                    if date(cand, mon, day).isoweekday() == weekday_of(g["wd"]):
                        y = cand
                        break
                except ValueError:
                    pass
    if y is None:
        return Norm("DATE", f"XXXX-{mon:02d}-{day:02d}", start, m.end(), anchor="none")
    try:
        d = date(y, mon, day)
    except ValueError:
        return None
    if g.get("tod"):
        return Norm("TIME", d.isoformat() + "T" + _tod(g.get("tod")), start, m.end(), anchor=anchor)
    return Norm("DATE", d.isoformat(), start, m.end(), anchor=anchor)


def norm_dayconj(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "25" in "April 24 and 25": a day of the month just named."""
    mon, day = month_of(m["mon"]), int(re.sub(r"\D", "", m["day"]))
    if day <= int(re.sub(r"\D", "", m["day0"])):
        return None
    y = int(m["year"]) if m["year"] else pick_year(mon, day, ctx, m.start(), m.string)
    try:
        value = date(y, mon, day).isoformat() if y else f"XXXX-{mon:02d}-{day:02d}"
    except ValueError:
        return None
    return Norm("DATE", value, m.start("day"), m.end(), anchor="none" if m["year"] or not y else "DCT")


def norm_my(m: re.Match[str], ctx: Ctx) -> Norm | None:
    return Norm("DATE", f"{m['year']}-{month_of(m['mon']):02d}", m.start(), m.end(), _mod(m["mod"]), "none")


AMBIGUOUS_MONTHS = {"may", "march", "jan", "dec", "aug", "oct", "nov", "feb", "sept"}
MONTH_CUES = re.compile(
    r"(?i:\b(?:in|since|until|till|by|from|through|to|of|before|after|during|last|next|this|early|late|mid|end|between|and|or|until|that|each|every|(?:early|soon|late)\s+as)\W*$)"
)


# "the March accession", "the May elections": a month modifying a noun (not "the March on Washington")
MONTH_NOUN = re.compile(
    r"\s+(?!(?:on|for|of|to|from|in|at|by|with|and|or|toward|towards|through|was|is|will)\b)[a-z]{3,}\b"
)


def norm_month(m: re.Match[str], ctx: Ctx, text: str) -> Norm | None:
    word = m["mon"]
    if word.lower().rstrip(".") in AMBIGUOUS_MONTHS and not m["rel"]:
        before = text[max(0, m.start() - 12) : m.start()]
        if not MONTH_CUES.search(before) and not (
            re.search(r"(?i:\bthe)\s+$", before) and MONTH_NOUN.match(text, m.end())
        ):
            return None
    after = text[m.end() : m.end() + 6]
    if word == "Jan" and re.match(r"\s+[A-Z][a-z]", after):
        return None  # "Jan Kavan": a first name
    if m["rel"] and re.match(r"\s*\d", after):
        return None  # "last Oct. 23": the day-month date is the expression
    mon = month_of(word)
    rel = " ".join((m["rel"] or "").lower().replace("-", " ").split())
    start = m.start()
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{mon:02d}", start, m.end(), _mod(rel), "none")
    y = ctx.dct.year
    ry = (m["ry"] or "").lower()
    if ry:
        y += {"last": -1, "next": 1}.get(ry, 0)
    elif rel == "last" or rel == "this past":
        y = y if mon < ctx.dct.month - 1 else y - 1
    elif rel == "next" or rel == "this coming":
        y = y if mon > ctx.dct.month else y + 1
    elif rel in ("this", "earlier this", "later this"):
        pass
    else:
        y = pick_year(mon, None, ctx, start, text) or y
    return Norm("DATE", f"{y}-{mon:02d}", start, m.end(), _mod(rel), "DCT")


def norm_numeric(m: re.Match[str], ctx: Ctx, iso: bool) -> Norm | None:
    y = int(m["y"])
    if y < 100:
        y += 1900 if y > 40 else 2000
    try:
        d = date(y, int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return Norm("DATE", d.isoformat(), m.start(), m.end(), anchor="none")


def norm_decade(m: re.Match[str], ctx: Ctx) -> Norm | None:
    return Norm("DATE", m["dec"][:3], m.start(), m.end(), _mod(m["mod"]), "none")


TENS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
        "nineties": 9}  # fmt: skip


def norm_decade2(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the nineties", "the '80s": a decade of the century before the DCT's when it lies ahead."""
    tens = TENS[m["tens"].lower()] if m["tens"] else int(m["dd"]) // 10
    cent = 19
    if ctx.dct is not None:
        cent = ctx.dct.year // 100
        if cent * 100 + tens * 10 > ctx.dct.year:
            cent -= 1
    return Norm("DATE", f"{cent}{tens}", m.start(), m.end(), _mod(m["mod"]), "none")


ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                 "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
                 "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                 "twentieth": 20, "twenty first": 21}  # fmt: skip


def norm_century(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the 20th century" is 19XX: TIMEX3 value "19"."""
    word = " ".join(m["ord"].lower().replace("-", " ").split())
    n = ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word) or 0)
    if not 1 <= n <= 21:
        return None
    return Norm("DATE", f"{n - 1:02d}", m.start(), m.end(), _mod(m["mod"]), "none")


SPELLED_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                 "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 0, "oh": 0}  # fmt: skip


def spelled_year(text: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(SPELLED_UNITS.get(w, 0) for w in words[2:])
    if not words or words[0] not in ("nineteen", "eighteen"):
        return None
    return SPELLED_UNITS[words[0]] * 100 + sum(SPELLED_UNITS.get(w, 0) for w in words[1:])


def norm_spelled_year(m: re.Match[str], ctx: Ctx) -> Norm | None:
    y = spelled_year(m["sy"])
    if y is None:
        return None
    if y >= 2000 and not m["the"] and not m["mon"] and not m["season"]:
        return None  # a bare "two thousand" is a number
    if m["mon"]:
        return Norm("DATE", f"{y}-{month_of(m['mon']):02d}", m.start(), m.end(), None, "none")
    if m["season"]:
        code = cal.SEASONS[m["season"].split()[-2 if m["season"].split()[-1].lower() == "of" else -1].lower()]
        return Norm("DATE", f"{y}-{code}", m.start(), m.end(), None, "none")
    return Norm("DATE", str(y), m.start(), m.end(), None, "none")


def norm_season_year(m: re.Match[str], ctx: Ctx) -> Norm | None:
    words = m["season"].lower().replace("-", " ").split()
    if words[-1] == "fall" and not m.group(0).lower().startswith(("the", "fall")):
        return None
    code = cal.SEASONS[words[-1]]
    return Norm(
        "DATE", f"{m['year']}-{code}", m.start(), m.end(), _mod(" ".join(words[:-1]).replace("the ", "")), "none"
    )


def norm_theunit(m: re.Match[str], ctx: Ctx, text: str) -> Norm | None:
    """ "the weekend", "the summer", "the year", "earlier in the year": the DCT's, moved by the tense."""
    unit = m["unit"].lower()
    pre = " ".join(m["pre"].lower().split())
    after = text[m.end() : m.end() + 24].lower()
    start, end = m.start(), m.end()
    if unit == "year":
        if re.match(
            r"\s*(?:ended|ending|to\b|through|that\b|before|after|earlier|later|ago|in\s+which|when|of\s+the\b)", after
        ):
            if re.match(r"\s*(?:ended|ending|to\s+(?:date|\w+\s+\d))", after):
                return Norm("DURATION", "P1Y", start, end, None, "none")
            return None
        if re.match(r"\s*\d", after):
            return None  # "the year 2000": the year pattern
        if ctx.dct is None:
            return Norm("DATE", "PRESENT_REF", start, end, None, "none")
        mod = "START" if pre.startswith("earlier") or "early" in pre else "END" if pre.startswith("later") else None
        return Norm("DATE", str(ctx.dct.year), start, end, mod, "DCT")
    if pre.startswith(("earlier", "later")) or pre.split()[-1] in ("full", "fiscal", "current"):
        return None
    if ctx.dct is None:
        return None
    tense = ctx.tense(start)
    d = ctx.dct
    if unit == "weekend":
        if d.isoweekday() >= 6:
            return Norm("DATE", cal.week(d) + "-WE", start, end, None, "DCT")
        if tense == "future":
            return Norm("DATE", cal.week(d) + "-WE", start, end, None, "DCT")
        return Norm("DATE", cal.week(d - timedelta(days=7)) + "-WE", start, end, None, "DCT")
    code = cal.SEASONS[unit]
    first, last = cal.SEASON_MONTHS[code]
    y = d.year
    if code != "WI":
        if tense == "past" and d.month < first:
            y -= 1
        elif tense == "future" and d.month > last:
            y += 1
    mod = "START" if "early" in pre else "END" if "late" in pre else None
    return Norm("DATE", f"{y}-{code}", start, end, mod, "DCT")


YEAR_NOUNS = re.compile(
    r"(?i)^\s*(?:percent|per\s+cent|%|people|shares|points|miles|feet|tons|troops|soldiers|members|workers|employees|jobs|cars|units|votes|homes|acres|meters|kilometers|pounds|dollars|euros|yen|barrels)\b"
)


# "1750 GMT", "at 1430 local time", "at 0900.": a 24-hour clock time, never a year. Other
# prepositions take years far more often ("since 1901", "by 2030", "until 2015."): after them four
# bare digits are a clock time only when they start with a zero ("until 0600"), which no year does
CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|Z\b|[ECMP][SD]?T\b|BST|CET|CEST|IST|JST|local\b|hours?\b|hrs\b|h\b)")
CLOCK_AT = re.compile(r"(?i:\bat\s+)$")
CLOCK_BEFORE = re.compile(r"(?i:\b(?:near|around|about|by|until|till|before|after|from|since)\s+)$")


def clock(m: re.Match[str], text: str) -> str | None:
    """ "T17:50" when the four digits of ``m`` read as a 24-hour clock time in context."""
    digits = m["year"]
    if len(digits) != 4 or not digits.isdigit() or m.end("year") != m.end():
        return None
    hh, mm = int(digits[:2]), int(digits[2:])
    if hh > 23 or mm > 59:
        return None
    after = text[m.end() : m.end() + 8]
    before = text[max(0, m.start() - 8) : m.start()]
    if CLOCK_AFTER.match(after) or (
        (CLOCK_AT.search(before) or (digits[0] == "0" and CLOCK_BEFORE.search(before)))
        and re.match(r"\s*(?:[.,;)]|$)", after)
    ):
        return f"T{hh:02d}:{mm:02d}"
    return None


def norm_year(m: re.Match[str], ctx: Ctx, text: str) -> Norm | None:
    y = int(m["year"])
    if not m["pre"] and (tod := clock(m, text)):
        day = ctx.dct.isoformat() if ctx.dct and ctx.grain == "day" else "XXXX-XX-XX"
        return Norm("TIME", day + tod, m.start("year"), m.end(), None, "DCT" if day[0] != "X" else "none")
    if YEAR_NOUNS.match(text[m.end() : m.end() + 14]) or text[max(0, m.start() - 1) : m.start()] in (
        "$",
        "£",
        "€",
        "#",
    ):
        return None
    pre = " ".join((m["pre"] or "").lower().replace("-", " ").split())
    start = m.start()
    if pre and not pre.startswith(("fiscal", "calendar", "the year")) and _mod(pre) is None:
        start = m.start("year")
    return Norm("DATE", str(y), start, m.end(), _mod(pre), "none")


def norm_quarter(m: re.Match[str], ctx: Ctx) -> Norm | None:
    word = m.group(0).lower()
    half = re.search(r"\bhalf\b", word) is not None
    n = ORDINALS[m["ord"].lower()]
    adj = " ".join((m["adj"] or "").lower().split())
    det = (m["det"] or "").strip().lower()
    ym = re.search(r"\d{4}", adj) or (re.match(r"\d{4}", m["yof"]) if m["yof"] else None)
    if half:
        n = 2 if m["ord"].lower() in ("last", "final") else n  # "the last half of 1989"
        if n > 2:
            return None
        y = int(ym[0]) if ym else (ctx.dct.year if ctx.dct else None)
        return Norm("DATE", f"{y if y else 'XXXX'}-H{n}", m.start(), m.end(), anchor="DCT" if not ym else "none")
    start = m.start("ord") if det in ("its", "their", "a") and not adj else m.start()
    if ctx.dct is None and not ym:
        return Norm("DATE", f"XXXX-Q{n}", start, m.end(), anchor="none")
    if ym:
        y = int(ym[0])
    else:
        assert ctx.dct is not None
        y = ctx.dct.year
        cur = cal.quarter(ctx.dct)
        if det == "last" or (n > cur and ctx.tense(m.start()) != "future") or (n >= cur and det == "last"):
            y -= 1 if n >= cur else 0
        if det == "next" and n <= cur:
            y += 1
    if "year" in det and ctx.dct is not None:
        y = ctx.dct.year + {"last": -1, "next": 1}.get(det.split()[0], 0)
    if "year-earlier" in adj or "year-ago" in adj:
        y -= 1
    return Norm("DATE", f"{y}-Q{n}", start, m.end(), anchor="none" if ym else "DCT")


def norm_relday(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the next day", "the previous evening", "later that year": from the last dated day, else the DCT."""
    rel = m["rel"].lower().split()[-1]
    u = m["u"].lower()
    start = m.start()
    if rel == "the":  # "earlier in the day", "later in the week": that of the last date, else the DCT's
        start = m.start("rel") + m["rel"].lower().rindex("the")
        base = cal.parse_date(ctx.ref) if ctx.ref and cal.granularity(ctx.ref) == "day" else None
        anchor = "previous" if base else "DCT"
        base = base or ctx.dct
        if base is None or u == "year":
            return None  # "earlier in the year": the "theunit" pattern
        value = cal.week(base) if u == "week" else base.strftime("%Y-%m") if u == "month" else base.isoformat()
        if u in TOD:
            return Norm("TIME", f"{value}T{TOD[u]}", start, m.end(), None, anchor)
        return Norm("DATE", value, start, m.end(), None, anchor)
    if rel == "that":
        # "returned to Cuba later that year", "earlier that day": the period of the last date spoken of
        if ctx.probe:
            return Norm("DATE", "XXXX", m.start(), m.end(), None, "none")
        if u == "year":
            y = ctx.last_year
            return None if y is None else Norm("DATE", str(y), m.start(), m.end(), None, "previous")
        last = cal.parse_date(ctx.ref) if ctx.ref else None
        g = cal.granularity(ctx.ref) if ctx.ref else None
        if last is None or g is None:
            return None
        if u not in ("week", "month") and g != "day":
            return None
        if u == "month" and g in ("day", "month"):
            return Norm("DATE", last.strftime("%Y-%m"), m.start(), m.end(), None, "previous")
        if u == "week" and g in ("day", "week"):
            return Norm("DATE", cal.week(last) if g == "day" else str(ctx.ref), m.start(), m.end(), None, "previous")
        if u in ("week", "month"):
            return None
    if u in ("week", "month", "year"):
        return None  # "the next year", "the same week": other patterns
    shift = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(rel, 0)
    ref = cal.parse_date(ctx.ref) if ctx.ref and cal.granularity(ctx.ref) == "day" else None
    base, anchor = (ref, "previous") if ref else (ctx.dct, "DCT")
    if base is None:
        return None
    d = base + timedelta(days=shift)
    if u == "day":
        return Norm("DATE", d.isoformat(), m.start(), m.end(), None, anchor)
    return Norm("TIME", f"{d.isoformat()}T{TOD[u]}", m.start(), m.end(), None, anchor)


def norm_quarter2(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if ctx.dct is None:
        return None
    word = m.group(0).lower()
    adj = " ".join((m["adj"] or "").lower().split())
    det = m["det"].lower()
    if "period" in word and not adj:
        return None
    if word.endswith("period") and "year" not in adj and "latest" not in adj:
        return None
    cur_q, y = cal.quarter(ctx.dct), ctx.dct.year
    if det == "next":
        q = cur_q + 1
    elif det == "this" or "current" in adj:
        q = cur_q
    else:
        q = cur_q - 1  # "the quarter", "the latest quarter": the quarter just reported
    if "year-earlier" in adj or "year-ago" in adj:
        y -= 1
    if q == 0:
        q, y = 4, y - 1
    if q == 5:
        q, y = 1, y + 1
    return Norm("DATE", f"{y}-Q{q}", m.start(), m.end(), anchor="DCT")


def norm_yearadj(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if ctx.dct is None:
        return None
    w = m["w"].lower()
    if w in ("year-earlier", "year-ago"):
        if ctx.quarter:
            return Norm(
                "DATE", cal.shift(ctx.quarter, -1, "Y") or str(ctx.dct.year - 1), m.start(), m.end(), anchor="previous"
            )
        return Norm("DATE", str(ctx.dct.year - 1), m.start(), m.end(), anchor="DCT")
    if w == "year-end" or w.endswith(" end"):
        return Norm("DATE", str(ctx.dct.year), m.start(), m.end(), "END", "DCT")
    return None


def norm_relunit(m: re.Match[str], ctx: Ctx) -> Norm | None:
    rel = " ".join(m["rel"].lower().replace("-", " ").split())
    unit = " ".join(m["unit"].lower().split())
    start, end = m.start(), m.end()
    mod = None
    for key in (
        "early",
        "late",
        "mid",
        "the end of",
        "the beginning of",
        "the start of",
        "the middle of",
        "by the end of",
        "at the end of",
    ):
        if rel.startswith(key):
            mod = {"early": "START", "late": "END", "mid": "MID", "the middle of": "MID"}.get(
                key, "START" if "beginning" in key or "start" in key else "END"
            )
            if key.startswith(("by", "at")):
                start = m.start() + m.group(0).lower().index("the")
    if rel in ("the rest of this", "the remainder of this", "the rest of the", "the remainder of the"):
        mod = None
    direction = 0
    if rel.endswith("last") or rel in ("the past", "the previous", "this past"):
        direction = -1
    elif rel.endswith("next") or rel in ("the coming", "the following", "this coming", "later next"):
        direction = 1
    if rel.endswith(" the") and not rel.startswith(("the rest", "the remainder")):
        # "the end of the year": the DCT's unit
        direction = 0
    if ctx.dct is None:
        return Norm(
            "DATE",
            "PAST_REF" if direction < 0 else "FUTURE_REF" if direction > 0 else "PRESENT_REF",
            start,
            end,
            mod,
            "none",
        )
    d = ctx.dct
    if unit == "week":
        val = cal.week(d + timedelta(weeks=direction))
    elif unit == "weekend":
        val = cal.week(d + timedelta(weeks=direction)) + "-WE"
    elif unit == "month":
        val = cal.add_months(d, direction).strftime("%Y-%m")
    elif unit in ("year", "fiscal year", "term", "session", "season"):
        if unit in ("term", "session", "season"):
            return None
        val = str(d.year + direction)
    elif unit == "quarter":
        nd = cal.add_months(d, 3 * direction)
        val = f"{nd.year}-Q{cal.quarter(nd)}"
    elif unit == "decade":
        val = str(d.year + 10 * direction)[:3]
    elif unit == "century":
        val = str(d.year + 100 * direction)[:2]
    else:
        code = cal.SEASONS[unit]
        first, last = cal.SEASON_MONTHS[code]
        y = d.year
        if direction < 0 and d.month <= (last if code != "WI" else 2) and code != "WI":
            y -= 1
        if direction > 0 and d.month >= first:
            y += 1
        val = f"{y}-{code}"
    if (
        rel in ("the following", "the previous", "the same")
        and ctx.ref
        and unit in ("year", "month", "week", "quarter")
    ):
        u = _unit(unit) or "Y"
        val2 = cal.shift(ctx.ref, {"the following": 1, "the previous": -1}.get(rel, 0), u)
        if val2:
            return Norm("DATE", _coarsen(val2, u), start, end, mod, "previous")
    return Norm("DATE", val, start, end, mod, "DCT")


def _coarsen(value: str, unit: str) -> str:
    """A value cut down to the unit's granularity ("1989-10-12", Y -> "1989")."""
    d = cal.parse_date(value)
    if d is None:
        return value
    if unit == "Y" and cal.granularity(value) != "quarter":
        return str(d.year)
    if unit == "M" and cal.granularity(value) == "day":
        return d.strftime("%Y-%m")
    return value


def norm_ago(m: re.Match[str], ctx: Ctx) -> Norm | None:
    u = _unit(m["unit"])
    if u is None or u == "WE":
        return None
    n = number(m["num"])
    direction = m["dir"].lower()
    sign = 1 if direction in ("later", "after", "from now", "hence", "afterward", "afterwards") else -1
    if direction in ("later", "after", "afterward", "afterwards", "before"):
        dur = Norm("DURATION", _dur(n, u), m.start(), m.end("unit"), _mod(m["mod"]), "previous" if ctx.ref else "none")
        if ctx.ref and n is not None and u in ("D", "W", "M", "Y"):
            dur.resolved = _coarsen(cal.shift(ctx.ref, sign * n, u) or ctx.ref, u)
        elif ctx.ref and n is None:
            d0 = cal.parse_date(ctx.ref)
            dur.resolved = d0.strftime("%Y-%m") if d0 and u in ("D", "W") else None
        return dur
    relative_to_ref = direction in ("earlier", "later", "before", "after", "previously", "afterward", "afterwards")
    base = ctx.ref if relative_to_ref and ctx.ref else (ctx.dct.isoformat() if ctx.dct else None)
    anchor = "previous" if relative_to_ref and ctx.ref else "DCT"
    if relative_to_ref and not ctx.ref and direction in ("earlier", "before"):
        base = ctx.dct.isoformat() if ctx.dct else None
    if base is None:
        return Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", m.start(), m.end(), anchor="none")
    if n is None:
        if relative_to_ref and ctx.ref:
            g = cal.granularity(ctx.ref)
            d = cal.parse_date(ctx.ref)
            if d is not None and g in ("day", "week") and u in ("D", "H", "M"):
                return Norm("DATE", d.strftime("%Y-%m"), m.start(), m.end(), None, anchor)
        return Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", m.start(), m.end(), None, anchor)
    if u in TIME_UNITS:
        return Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", m.start(), m.end(), None, anchor)
    if u == "Y" and n == 1 and sign < 0 and ctx.quarter:
        q = cal.shift(ctx.quarter, sign, "Y")
        if q:
            return Norm("DATE", q, m.start(), m.end(), _mod(m["mod"]), "previous")
    if anchor == "previous" and u in ("Y", "M"):
        val0 = cal.shift(base, sign * n, u)
        return None if val0 is None else Norm("DATE", _coarsen(val0, u), m.start(), m.end(), _mod(m["mod"]), anchor)
    if anchor == "DCT":
        # coarsen the DCT to the unit's granularity first: "a year ago" is a year
        d = cal.parse_date(base)
        assert d is not None
        base = {"D": d.isoformat(), "W": cal.week(d), "M": d.strftime("%Y-%m"), "Q": f"{d.year}-Q{cal.quarter(d)}"}.get(
            u, str(d.year)
        )
        if u == "W":
            nd = d + timedelta(weeks=sign * int(n))
            return Norm("DATE", cal.week(nd), m.start(), m.end(), _mod(m["mod"]), anchor)
    val = cal.shift(base, sign * n, u)
    if val is None:
        return None
    return Norm("DATE", val, m.start(), m.end(), _mod(m["mod"]), anchor)


A_UNIT_OK = {"for", "in", "within", "than", "about", "nearly", "almost", "over", "under", "after", "before", "least",
             "only", "just", "of", "up", "to", "by", "half", "past", "last", "next", "around", "barely", "once",
             "twice", "times", "per", "spend", "spent", "take", "took", "takes", "lasted", "each", "every",
             "some", "roughly", "another", "during", "throughout", "("}  # fmt: skip
AGE = re.compile(r"(?i)-(?:year|month|week|day)s?-old")
# a determiner or relative word before a vague number: "the past few weeks" stays in both styles
DETERMINED = re.compile(r"\b(?:the|past|last|next|coming|previous|following|first|final|remaining|recent)\b")


def norm_unitlong(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "a day-long meeting", "their year-long fight": one unit."""
    u = _unit(m["unit"])
    return Norm("DURATION", _dur(1, u), m.start(), m.end(), None, "none") if u else None


def norm_duration(m: re.Match[str], ctx: Ctx, text: str) -> Norm | None:
    u = _unit(m["unit"])
    if u is None:
        return None
    tail = text[m.end("unit") : m.end("unit") + 6].lower()
    if m["suf"] and m["suf"].lower() == "-old" and u == "Y":
        return None  # ages
    if tail.startswith(("s-old", "-old")) and u == "Y":
        return None
    after = text[m.end() : m.end() + 12].lower()
    if re.match(r"\s+old\b", after) or (u == "Q" and re.match(r"\s+of\b", after)):
        return None
    numtxt = m["num"].lower()
    n = number(numtxt)
    if n is not None and m["half"]:
        n += 0.5  # "a year and a half", "an hour and a half"
    pre = m["pre"] or ""
    start = m.start()
    lp = pre.lower()
    if " the " in f" {lp}" and not lp.startswith(("the", "each", "all")):
        cut = lp.index("the")
        start += cut
        pre, lp = pre[cut:], lp[cut:]
    if lp.strip() == "the" and "-" in m.group(0)[len(pre) :]:
        start += len(pre)
        pre, lp = "", ""
    # a leading "within the" / "for": the preposition is not part of the expression
    for prep in ("within ",):
        if lp.startswith(prep):
            start += len(prep)
    if numtxt in ("a", "an") and not pre:
        prev = re.findall(r"[\w$%.,(]+", text[max(0, m.start() - 20) : m.start()].lower())
        as_long = re.search(
            r"\bas\s+(?:long|little|much|short|many)\s+as\s*$", text[max(0, m.start() - 20) : m.start()]
        )
        if prev and prev[-1] not in A_UNIT_OK and not as_long:
            return None  # "as long as a month" is a duration; "a day of mourning" is not
    if (
        numtxt in ("a", "an")
        and not pre
        and m["unit"].lower()
        in (
            "day",
            "night",
            "week",
            "weekend",
            "year",
            "month",
            "quarter",
            "decade",
            "hour",
            "minute",
            "second",
            "century",
        )
    ):
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"(?:once|twice|times|per)\s*$", before):
            return Norm("SET", f"P1{u}" if u not in TIME_UNITS else f"PT1{u[0]}", start, m.end(), None, "none")
    if (n is not None and n > 1000) or (n is not None and n == 0):
        return None
    if u == "S" and numtxt in ("a", "an"):
        return None  # "a second term" is an ordinal
    if numtxt.isdigit() and u == "D" and m["unit"].lower().startswith("night"):
        return None
    if n is None and ctx.style == "news" and " ".join(numtxt.split()) in VAGUE_NUMBERS and not DETERMINED.search(lp):
        return None  # news: "(for) several years" is no expression; timeml: PXY
    mod = _mod(pre)
    return Norm("DURATION", _dur(n, u), start, m.end(), mod, "none")


def norm_vague(m: re.Match[str], ctx: Ctx) -> Norm | None:
    u = _unit(m["unit"])
    if u is None:
        return None
    pre = (m["pre"] or "").lower().strip()
    start = m.start()
    if re.match(r"\s+old\b", m.string[m.end() : m.end() + 6]):
        return None
    if pre.startswith("in the"):
        start += 3
    if not pre and m["unit"].lower() in ("minutes", "hours", "days"):
        before = m.string[max(0, m.start() - 6) : m.start()].lower()
        if not re.search(r"(?:for|in|within)\s+$", before):
            return None
    words = set(pre.split())
    if pre == "recent" and u in ("M", "W"):
        return Norm("DURATION", _dur(None, u), start, m.end(), None, "none")  # TimeBank: "recent months" PXM
    if words & {"recent", "past", "last", "previous"}:
        return Norm("DATE", "PAST_REF", start, m.end(), None, "DCT")
    if words & {"coming", "future"}:
        return Norm("DATE", "FUTURE_REF", start, m.end(), None, "DCT")
    if ctx.style == "news" and pre in ("", "many", "several", "a few", "few", "some"):
        return None  # news: "for months", "many years" are no expression; timeml: PXM, PXY
    return Norm("DURATION", _dur(None, u), start, m.end(), None, "none")

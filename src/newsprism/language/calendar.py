"""Calendar arithmetic on TIMEX3 values, and the table of well-known dated events."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# weekday and month names, and the words of relative time: no content of their own
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august"
    " september october november december jan feb mar apr jun jul aug sep sept oct nov dec today yesterday"
    " tomorrow tonight night morning afternoon evening day days week weeks month months year years".split()
)

DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
YEAR_RE = re.compile(r"^(\d{4})$")
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})")
QUARTER_RE = re.compile(r"^(\d{4})-Q(\d)$")


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(d.day, last))


def week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def parse_date(value: str | None) -> date | None:
    """The first day a TIMEX3 / ISO value stands for (None when it is not a calendar value)."""
    if not value:
        return None
    if m := DAY_RE.match(value):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := MONTH_RE.match(value):
        return date(int(m[1]), int(m[2]), 1) if 1 <= int(m[2]) <= 12 else None
    if m := WEEK_RE.match(value):
        try:
            return date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
    if m := QUARTER_RE.match(value):
        return date(int(m[1]), 3 * int(m[2]) - 2, 1) if 1 <= int(m[2]) <= 4 else None
    if m := YEAR_RE.match(value):
        return date(int(m[1]), 1, 1)
    return None


def granularity(value: str) -> str | None:
    """day / week / month / quarter / year for a calendar value, else None."""
    if DAY_RE.match(value):
        return "day"
    if WEEK_RE.match(value):
        return "week"
    if MONTH_RE.match(value):
        return "month"
    if QUARTER_RE.match(value):
        return "quarter"
    if YEAR_RE.match(value):
        return "year"
    return None


GRAINS = ("day", "week", "month", "quarter", "year")  # finest first
LENGTH_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def interval(value: str | None, grain: str | None = None) -> tuple[date, date] | None:
    """The first and last day a calendar value covers (``2024-11`` -> Nov 1 to Nov 30), else None;
    ``grain`` when the value's granularity is declared apart (a document date's)."""
    first = parse_date(value)
    g = grain or granularity(value or "")
    if first is None or g is None:
        return None
    if g == "day":
        return first, first
    if g == "week":
        return first, first + timedelta(days=6)
    return first, add_months(first, LENGTH_MONTHS[g]) - timedelta(days=1)


def shift(value: str, n: float, unit: str) -> str | None:
    """``value`` moved by ``n`` units, kept at the coarser of its own and the unit's granularity."""
    d = parse_date(value)
    g = granularity(value)
    if d is None or g is None:
        return None
    k = int(n)
    if unit == "D":
        if g == "day":
            return (d + timedelta(days=k)).isoformat()
        return value if abs(k) < 7 else None
    if unit == "W":
        nd = d + timedelta(weeks=k)
        return nd.isoformat() if g == "day" else week(nd) if g == "week" else nd.strftime("%Y-%m")
    if unit == "M":
        nd = add_months(d, k)
        return nd.isoformat() if g == "day" else nd.strftime("%Y-%m") if g in ("month", "week") else f"{nd.year}"
    if unit == "Q":
        nd = add_months(d, 3 * k)
        return f"{nd.year}-Q{quarter(nd)}" if g == "quarter" else nd.strftime("%Y-%m")
    if unit == "Y":
        y = d.year + k
        if g == "quarter":
            return f"{y}-Q{quarter(d)}"
        if g == "year":
            return str(y)
        return f"{y}" if g == "week" else f"{y}-{d.month:02d}" + (f"-{d.day:02d}" if g == "day" else "")
    if unit == "DE":
        return str(d.year + 10 * k)[:3]
    return None


def us_election(year: int) -> date:
    """US federal election day: the Tuesday after the first Monday of November."""
    first = date(year, 11, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return monday + timedelta(days=1)


def inauguration(election_year: int) -> date:
    return date(election_year + 1, 1, 20) if election_year >= 1936 else date(election_year + 1, 3, 4)


def thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return thursday + timedelta(weeks=3)


@lru_cache(maxsize=1)
def events_table() -> dict[str, Any]:
    """``newsprism/data/time_events.json``: election candidates, holidays, one-off events."""
    with resources.files("newsprism.data").joinpath("time_events.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def election_years_for(names: set[str]) -> list[tuple[int, int]]:
    """(year, how many of its candidates are named) for presidential elections, best first."""
    out = []
    for year, cands in events_table()["us_presidential_candidates"].items():
        hits = sum(1 for c in cands if c in names)
        if hits:
            out.append((int(year), hits))
    return sorted(out, key=lambda t: (-t[1], -t[0]))


def event_date(kind: str, year: int) -> date | None:
    """The date of a recurring event in ``year`` (elections: the election held that year)."""
    k = " ".join(kind.lower().replace("’", "'").split())
    if "inauguration" in k:
        return inauguration(year - 1) if year % 4 == 1 else None
    if "election" in k or "midterm" in k or k.endswith("vote"):
        if "midterm" in k:
            return us_election(year) if year % 4 == 2 else None
        if k == "election day":  # the federal Election Day: every even year, midterms included
            return us_election(year) if year % 2 == 0 else None
        return us_election(year) if year % 4 == 0 else None
    if k == "thanksgiving":
        return thanksgiving(year)
    holidays = events_table()["holidays"]
    if k in holidays:
        mm, dd = holidays[k].split("-")
        return date(year, int(mm), int(dd))
    if k == "christmas":
        return date(year, 12, 25)
    if k in EASTER_OFFSETS:
        return easter(year) + timedelta(days=EASTER_OFFSETS[k])
    return None


EASTER_OFFSETS = {"easter": 0, "easter sunday": 0, "easter day": 0, "easter monday": 1, "good friday": -2,
                  "holy saturday": -1, "palm sunday": -7, "easter weekend": 0, "easter week": 0}  # fmt: skip


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)

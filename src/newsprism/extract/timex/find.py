"""Find time expressions in the clean text and normalise them in reading order."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from newsprism.extract.timex import normalize as nz
from newsprism.extract.timex.calendar import granularity
from newsprism.extract.timex.grammar import COMPILED, PRIORITY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Handler = Callable[[re.Match[str], nz.Ctx, str], "nz.Norm | None"]

HANDLERS: dict[str, Handler] = {
    "event": lambda m, c, t: nz.norm_event(m, c),
    "time": lambda m, c, t: nz.norm_time(m, c),
    "mdy": lambda m, c, t: nz.norm_mdy(m, c),
    "dmy": lambda m, c, t: nz.norm_mdy(m, c),
    "my": lambda m, c, t: nz.norm_my(m, c),
    "month": nz.norm_month,
    "iso": lambda m, c, t: nz.norm_numeric(m, c, True),
    "slash": lambda m, c, t: nz.norm_numeric(m, c, False),
    "decade": lambda m, c, t: nz.norm_decade(m, c),
    "decade2": lambda m, c, t: nz.norm_decade2(m, c),
    "century": lambda m, c, t: nz.norm_century(m, c),
    "spyear": lambda m, c, t: nz.norm_spelled_year(m, c),
    "seasonyear": lambda m, c, t: nz.norm_season_year(m, c),
    "theunit": nz.norm_theunit,
    "year": nz.norm_year,
    "quarter": lambda m, c, t: nz.norm_quarter(m, c),
    "quarter2": lambda m, c, t: nz.norm_quarter2(m, c),
    "yearadj": lambda m, c, t: nz.norm_yearadj(m, c),
    "relunit": lambda m, c, t: nz.norm_relunit(m, c),
    "ago": lambda m, c, t: nz.norm_ago(m, c),
    "duration": nz.norm_duration,
    "vague": lambda m, c, t: nz.norm_vague(m, c),
    "deictic": lambda m, c, t: nz.norm_deictic(m, c),
    "weekday": lambda m, c, t: nz.norm_weekday(m, c),
    "set": lambda m, c, t: nz.norm_set(m, c),
    "holiday": lambda m, c, t: nz.norm_holiday(m, c),
}
ANCHORING = {"day", "week", "month", "quarter"}


def candidates(text: str) -> list[tuple[str, re.Match[str]]]:
    """Every grammar match, all patterns."""
    return [(name, m) for name, rx in COMPILED for m in rx.finditer(text)]


def find(text: str, ctx: nz.Ctx) -> list[nz.Norm]:
    """Non-overlapping time expressions, longest first, normalised in reading order."""
    probe = nz.Ctx(ctx.dct, ctx.tense, None, None, None, ctx.election_year, ctx.names)
    scored = []
    for name, m in candidates(text):
        norm = HANDLERS[name](m, probe, text)
        if norm is not None and norm.end > norm.start:
            scored.append((norm.end - norm.start, -PRIORITY[name], name, m, norm))
    scored.sort(key=lambda t: (-t[0], -t[1], t[4].start))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    for _, _, name, m, norm in scored:
        if any(norm.start < e and s < norm.end for s, e, _, _ in taken):
            continue
        taken.append((norm.start, norm.end, name, m))
    taken.sort(key=lambda t: t[0])
    out: list[nz.Norm] = []
    for _, _, name, m in taken:
        norm = HANDLERS[name](m, ctx, text)
        if norm is None:
            continue
        out.append(norm)
        g = granularity(norm.value)
        if norm.type == "DATE" and g in ANCHORING and name not in ("ago", "yearadj"):
            ctx.ref = norm.value
        if g == "quarter" and name.startswith("quarter"):
            ctx.quarter = norm.value
    return out


class TenseOracle:
    """The tense governing a character offset, read off the dependency parse (cached per token)."""

    FUTURE_MD = {"will", "'ll", "shall", "wo", "would", "could", "might", "may", "should", "can", "must", "ca"}

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.cache: dict[int, str | None] = {}

    def __call__(self, offset: int) -> str | None:
        if not self.starts:
            return None
        i = max(0, bisect_right(self.starts, offset) - 1)
        if i not in self.cache:
            self.cache[i] = self._tense(self.doc[i])
        return self.cache[i]

    def _tense(self, tok: Token) -> str | None:
        seen = 0
        inf = False
        while seen < 12:
            seen += 1
            t = self._verb_tense(tok)
            if t == "inf":
                inf = True  # an infinitive lies ahead of its governing verb: "agreed to buy it in January"
            elif t is not None:
                if inf:
                    return "future" if t in ("present", "future") else None
                return t
            if tok.head is tok:
                break
            tok = tok.head
        return None

    def _verb_tense(self, tok: Token) -> str | None:
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        for a in aux:
            low = a.lower_
            if a.tag_ == "MD":
                return "future" if low in self.FUTURE_MD else None
            if low in ("going", "gon"):
                return "future"
        for a in aux:
            if a.tag_ == "VBD" or a.lower_ in ("had", "did", "was", "were"):
                return "past"
            if a.lower_ in ("has", "have", "'ve", "'s") and tok.tag_ == "VBN":
                return "past"
            if a.tag_ in ("VBZ", "VBP"):
                return "present"
        if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and not aux):
            return "past"
        if tok.tag_ in ("VBZ", "VBP"):
            return "present"
        if any(a.lower_ == "to" for a in tok.children if a.dep_ == "aux"):
            return "inf"
        return None


def dct_date(value: str | None) -> date | None:
    """The DCT as a date from a published string ("1998-11-20", "1998-11-20T19:30", "2024-11")."""
    from newsprism.extract.timex.calendar import parse_date

    if not value:
        return None
    return parse_date(value.strip()[:10])

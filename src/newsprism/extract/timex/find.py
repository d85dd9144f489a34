"""Find time expressions in the clean text and normalise them in reading order."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Protocol

from newsprism.extract.timex import named
from newsprism.extract.timex import normalize as nz
from newsprism.extract.timex.grammar import ANCHORS, COMPILED, PRIORITY
from newsprism.language.calendar import granularity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

class Tense(Protocol):
    """The tense at a character offset of ``text`` (a parse, or the tenses recorded from one)."""

    text: str

    def __call__(self, offset: int) -> str | None: ...


Handler = Callable[[re.Match[str], nz.Ctx, str], "nz.Norm | None"]

HANDLERS: dict[str, Handler] = {
    "event": lambda m, c, t: named.norm_event(m, c),
    "time": lambda m, c, t: nz.norm_time(m, c),
    "mdy": lambda m, c, t: nz.norm_mdy(m, c),
    "dayconj": lambda m, c, t: nz.norm_dayconj(m, c),
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
    "relday": lambda m, c, t: nz.norm_relday(m, c),
    "yearadj": lambda m, c, t: nz.norm_yearadj(m, c),
    "relunit": lambda m, c, t: nz.norm_relunit(m, c),
    "ago": lambda m, c, t: nz.norm_ago(m, c),
    "duration": nz.norm_duration,
    "unitlong": lambda m, c, t: nz.norm_unitlong(m, c),
    "vague": lambda m, c, t: nz.norm_vague(m, c),
    "deictic": lambda m, c, t: named.norm_deictic(m, c),
    "weekday": lambda m, c, t: named.norm_weekday(m, c),
    "set": lambda m, c, t: named.norm_set(m, c),
    "holiday": lambda m, c, t: named.norm_holiday(m, c),
}
ANCHORING = {"day", "week", "month", "quarter"}


MARGIN = 64  # characters a match may reach before or after the anchor word it contains (seen: 28)
DIGITS = re.compile(r"\d+")
# patterns grouped by their anchor words (patterns with the same words share their windows)
_GROUPS: dict[tuple[str, ...], list[str]] = {}
for _name, _words in ANCHORS.items():
    _GROUPS.setdefault(_words, []).append(_name)


def windows(text: str) -> dict[str, list[list[int]]]:
    """For every pattern, the merged stretches of text within ``MARGIN`` of one of its anchor words.

    Anchor words are found with ``str.find`` (every occurrence, inside words too: a superset), digits
    with one small regex; no per-character Python work.
    """
    low = text.lower()
    hits: dict[str, list[int]] = {}
    for words in _GROUPS:
        for a in words:
            if a in hits:
                continue
            found: list[int] = []
            if a == "#":
                found = [m.start() for m in DIGITS.finditer(text)]
            else:
                src = text if a[0].isupper() else low
                i = src.find(a)
                while i >= 0:
                    found.append(i)
                    i = src.find(a, i + len(a))
            hits[a] = found
    n = len(text)
    out: dict[str, list[list[int]]] = {}
    for words, names in _GROUPS.items():
        starts = sorted(chain.from_iterable(hits[a] for a in words))
        if not starts:
            continue
        merged: list[list[int]] = []
        for i in starts:
            s, e = i - MARGIN, i + MARGIN + 16  # 16: the longest anchor word
            if merged and s <= merged[-1][1]:
                merged[-1][1] = min(n, e)
            else:
                merged.append([max(0, s), min(n, e)])
        for name in names:
            out[name] = merged
    return out


@lru_cache(maxsize=2)
def candidates(text: str) -> tuple[tuple[str, re.Match[str]], ...]:
    """Every grammar match, all patterns (cached: document-date inference and extraction share them).

    A pattern runs only on the windows around its anchor words: the same matches as a scan of the
    whole text (no match reaches ``MARGIN`` characters beyond its anchor), at a fraction of the cost.
    """
    spans = windows(text)
    out: list[tuple[str, re.Match[str]]] = []
    for name, rx in COMPILED:
        for s, e in spans.get(name, ()):
            out.extend((name, m) for m in rx.finditer(text, s, e))
    return tuple(out)


def candidates_full(text: str) -> list[tuple[str, re.Match[str]]]:
    """Every grammar match of a scan of the whole text (the reference ``candidates`` must equal)."""
    return [(name, m) for name, rx in COMPILED for m in rx.finditer(text)]


def model_years(doc: Doc) -> frozenset[int]:
    """Where a year names a product's model, not a time: "a gray 2013 Toyota Camry", "a 2009 Ford
    F-150 pickup" (the year modifies a product, or a noun with a product before it)."""
    out = set()
    for t in doc:
        if len(t.text) != 4 or not t.text.isdigit():
            continue
        h = t.head
        if t.dep_ in ("nummod", "compound", "amod") and (
            h.ent_type_ == "PRODUCT" or any(c.dep_ == "compound" and c.ent_type_ == "PRODUCT" for c in h.children)
        ):
            out.add(t.idx)
        elif any(n.ent_type_ == "PRODUCT" for n in doc[t.i + 1 : t.i + 3]) and all(
            n.ent_type_ in ("PRODUCT", "ORG") for n in doc[t.i + 1 : t.i + 3]
        ):  # the parser hung the product elsewhere: "by a gray 2013 Toyota Camry"
            out.add(t.idx)
    return frozenset(out)


def find(text: str, ctx: nz.Ctx, skip: frozenset[int] = frozenset()) -> list[nz.Norm]:
    """Non-overlapping time expressions, longest first, normalised in reading order; none that starts
    at an offset in ``skip`` (see :func:`model_years`)."""
    probe = nz.Ctx(
        ctx.dct, ctx.tense, None, None, None, ctx.election_year, ctx.names, probe=True, style=ctx.style, grain=ctx.grain
    )
    scored = []
    for name, m in candidates(text):
        norm = HANDLERS[name](m, probe, text)
        if norm is not None and norm.end > norm.start:
            scored.append((norm.end - norm.start, -PRIORITY[name], name, m, norm))
    scored.sort(key=lambda t: (-t[0], -t[1], t[4].start))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    starts: list[int] = []  # the taken spans' starts and ends, in order (they are disjoint)
    ends: list[int] = []
    for _, _, name, m, norm in scored:
        k = bisect_right(ends, norm.start)  # the first taken span ending after this one starts
        if k < len(starts) and starts[k] < norm.end:
            continue
        starts.insert(k, norm.start)
        ends.insert(k, norm.end)
        taken.append((norm.start, norm.end, name, m))
    taken.sort(key=lambda t: t[0])
    out: list[nz.Norm] = []
    for _, _, name, m in taken:
        norm = HANDLERS[name](m, ctx, text)
        if norm is None or norm.start in skip:
            continue
        norm = nz.within_anchor(norm, ctx, name)
        out.append(norm)
        g = granularity(norm.value)
        if norm.type == "DATE" and g in ANCHORING and name not in ("ago", "yearadj"):
            ctx.ref = norm.value
        if norm.type == "DATE" and (g in ANCHORING or g == "year") and name not in ("ago", "yearadj"):
            ctx.last_year = int(norm.value[:4])
        if g == "quarter" and name.startswith("quarter"):
            ctx.quarter = norm.value
    return out


class TenseOracle:
    """The tense governing a character offset, read off the dependency parse (cached per token)."""

    FUTURE_MD = {"will", "'ll", "shall", "wo", "would", "could", "might", "may", "should", "can", "must", "ca"}

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        from spacy.attrs import IDX

        self.doc = doc
        self.text = doc.text if text is None else text  # ``Doc.text`` joins every token: once per document
        self.starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
        self.cache: dict[int, str | None] = {}

    def __call__(self, offset: int) -> str | None:
        if not self.starts:
            return None
        i = max(0, bisect_right(self.starts, offset) - 1)
        if i not in self.cache:
            self.cache[i] = self._tense(self.doc[i])
        return self.cache[i]

    # words whose infinitive complement lies ahead of them ("agreed to buy it in January", "plans to")
    AHEAD = {"agree", "plan", "expect", "intend", "hope", "want", "seek", "propose", "aim", "decide", "promise",
             "schedule", "prepare", "vow", "pledge", "threaten", "offer", "ask", "urge", "due", "likely", "agreement",
             "deal", "bid", "proposal", "move", "vote", "order", "call", "sign", "commit", "need", "try", "wish",
             "set", "ready"}  # fmt: skip
    # verbs whose own complement is a later event: "planned a rally on Saturday", "was planned for early March"
    PLAN = {"plan", "schedule", "slate", "reschedule"}

    def _tense(self, tok: Token) -> str | None:
        start = tok.i
        noun = tok.head if tok.dep_ in ("det", "amod", "nummod", "compound") else tok
        if noun.head.lower_ == "since" and noun.dep_ == "pobj":
            return "past"  # "since Friday", "since March": always before the time of speaking
        seen = 0
        ahead = False
        while seen < 12:
            seen += 1
            t = self._verb_tense(tok)
            if t == "inf":
                ahead = ahead or tok.head.lemma_.lower() in self.AHEAD
            elif t is not None:
                if t == "past" and self._plans(tok, start):
                    return "past-ahead"  # planned (in the past) for a time that may still lie ahead
                if ahead:
                    if t == "past" and self._perfect_past(tok):
                        return None  # "had been due to expire Friday": over
                    # "planned to leave on Thursday": later than the planning, maybe still ahead of the DCT
                    return "future" if t in ("present", "future") else "past-ahead" if t == "past" else None
                return t
            if tok.head is tok:
                break
            tok = tok.head
        return None

    def _plans(self, verb: Token, at: int) -> bool:
        """A finite planning verb before the time: "planned a rally on Saturday", "was planned for March"
        (not "On Friday, the government planned ...": then Friday is when it planned; not a reduced
        relative, "a service planned for Saturday was cancelled", nor "had planned": over)."""
        return (
            verb.lemma_.lower() in self.PLAN
            and verb.i < at
            and verb.dep_ not in ("acl", "amod", "relcl")
            and not self._perfect_past(verb)
        )

    @staticmethod
    def _perfect_past(tok: Token) -> bool:
        """'had planned', 'had been set': the plan is over."""
        return any(c.lower_ == "had" for c in tok.children if c.dep_ in ("aux", "auxpass"))

    def _verb_tense(self, tok: Token) -> str | None:
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        for a in aux:
            low = a.lower_
            if a.tag_ == "MD":
                if any(b.lower_ in ("have", "'ve") for b in aux):
                    return "past"  # "may have been responsible", "could have seen": a past event
                return "future" if low in self.FUTURE_MD else None
            if low in ("going", "gon"):
                return "future"
        perfect = any(a.lower_ in ("has", "have", "'ve", "'s") for a in aux)
        for a in aux:
            if a.tag_ == "VBD" or a.lower_ in ("had", "did", "was", "were"):
                return "past"
            if perfect and a.lower_ == "been":
                return "past"  # "has been missing since Friday", "have been fighting on Tuesday"
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
    from newsprism.language.calendar import parse_date

    if not value:
        return None
    return parse_date(value.strip()[:10])

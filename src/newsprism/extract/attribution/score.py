"""PolNeAR scoring: per-role exact/partial F1 and linked F1 over character spans.

A role's span is the envelope of its (possibly discontinuous) ranges, trimmed of
surrounding punctuation, quote marks and white space. Exact: same trimmed span.
Partial: any overlap. Linked: the content overlaps the gold content by at least half
of the shorter one, and the source overlaps the gold source (or both have none).
Matching is one-to-one, greedy in text order.
"""

from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass, field

Ranges = list[tuple[int, int]]
Span = tuple[int, int] | None
_STRIP = set(string.punctuation) | set(string.whitespace) | {"“", "”", "‘", "’", "—", "–", "―", "…", "\u00a0"}


def trim(text: str, ranges: Ranges) -> Span:
    """Envelope of ``ranges`` trimmed of punctuation and white space; None when empty."""
    if not ranges:
        return None
    a = min(r[0] for r in ranges)
    b = max(r[1] for r in ranges)
    while a < b and (text[a] in _STRIP or unicodedata.category(text[a]).startswith("Z")):
        a += 1
    while b > a and (text[b - 1] in _STRIP or unicodedata.category(text[b - 1]).startswith("Z")):
        b -= 1
    return (a, b) if a < b else None


@dataclass
class Item:
    source: Span
    cue: Span
    content: Span


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    roles: dict[str, Counts] = field(default_factory=dict)

    def add(self, key: str, tp: int, n_pred: int, n_gold: int) -> None:
        c = self.roles.setdefault(key, Counts())
        c.tp += tp
        c.n_pred += n_pred
        c.n_gold += n_gold


def _overlap(a: Span, b: Span) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(pred: list[Span], gold: list[Span], ok: object) -> int:
    used: set[int] = set()
    tp = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and ok(p, g):  # type: ignore[operator]
                used.add(j)
                tp += 1
                break
    return tp


def linked(p: Item, g: Item) -> bool:
    """Whether prediction ``p`` counts as gold ``g`` for linked F1 (see the module docstring)."""
    if p.content is None or g.content is None:
        return False
    shorter = min(p.content[1] - p.content[0], g.content[1] - g.content[0])
    if _overlap(p.content, g.content) * 2 < shorter:
        return False
    if p.source is None and g.source is None:
        return True
    return _overlap(p.source, g.source) > 0


def score_doc(scores: Scores, pred: list[Item], gold: list[Item]) -> None:
    """Add one document's counts to ``scores``."""
    for role in ("source", "cue", "content"):
        ps = sorted(s for s in (getattr(i, role) for i in pred) if s is not None)
        gs = sorted(s for s in (getattr(i, role) for i in gold) if s is not None)
        scores.add(f"{role}.exact", _match(ps, gs, lambda a, b: a == b), len(ps), len(gs))
        scores.add(f"{role}.partial", _match(ps, gs, lambda a, b: _overlap(a, b) > 0), len(ps), len(gs))
    used: set[int] = set()
    tp = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and linked(p, g):
                used.add(j)
                tp += 1
                break
    scores.add("linked", tp, len(pred), len(gold))

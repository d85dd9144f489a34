"""Coreference metrics: MUC, B-cubed, CEAF-e and CoNLL F1 (their mean).

Clusters are iterables of hashable mention ids; ``key`` is the gold, ``response``
the system output. Every function returns ``(recall, precision, f1)`` as fractions.
Mentions present in only one side count as singletons missing from the other
(the standard treatment when system mentions equal gold mentions is unaffected).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

Cluster = Iterable[Hashable]
Score = tuple[float, float, float]


def _sets(clusters: Iterable[Cluster]) -> list[frozenset[Hashable]]:
    return [frozenset(c) for c in clusters if c]


def _f1(r: float, p: float) -> float:
    return 0.0 if r + p == 0 else 2 * r * p / (r + p)


def _muc_side(a: Sequence[frozenset[Hashable]], b: Sequence[frozenset[Hashable]]) -> float:
    where = {m: i for i, c in enumerate(b) for m in c}
    num = den = 0
    for c in a:
        parts = {where.get(m, ("single", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num / den if den else 0.0


def muc(key: Iterable[Cluster], response: Iterable[Cluster]) -> Score:
    """Vilain et al. (1995): links recovered."""
    k, r = _sets(key), _sets(response)
    rec, prec = _muc_side(k, r), _muc_side(r, k)
    return rec, prec, _f1(rec, prec)


def _b3_side(a: Sequence[frozenset[Hashable]], b: Sequence[frozenset[Hashable]]) -> float:
    where = {m: c for c in b for m in c}
    total = sum(len(c) for c in a)
    if not total:
        return 0.0
    num = 0.0
    for c in a:
        for m in c:
            other = where.get(m)
            num += len(c & other) / len(c) if other else 0.0
    return num / total


def b_cubed(key: Iterable[Cluster], response: Iterable[Cluster]) -> Score:
    """Bagga & Baldwin (1998): per-mention overlap of the clusters holding it."""
    k, r = _sets(key), _sets(response)
    rec, prec = _b3_side(k, r), _b3_side(r, k)
    return rec, prec, _f1(rec, prec)


def ceaf_e(key: Iterable[Cluster], response: Iterable[Cluster]) -> Score:
    """Luo (2005), entity-based: best one-to-one alignment with phi4 similarity."""
    k, r = _sets(key), _sets(response)
    if not k or not r:
        return 0.0, 0.0, 0.0
    where: dict[Hashable, list[int]] = {}
    for j, c in enumerate(r):
        for m in c:
            where.setdefault(m, []).append(j)
    sim = np.zeros((len(k), len(r)))
    for i, c in enumerate(k):
        for j in {j for m in c for j in where.get(m, [])}:
            sim[i, j] = 2 * len(c & r[j]) / (len(c) + len(r[j]))
    rows, cols = linear_sum_assignment(sim, maximize=True)
    best = float(sim[rows, cols].sum())
    rec, prec = best / len(k), best / len(r)
    return rec, prec, _f1(rec, prec)


def conll_f1(key: Iterable[Cluster], response: Iterable[Cluster]) -> float:
    """The CoNLL-2012 score: mean F1 of MUC, B-cubed and CEAF-e."""
    k, r = _sets(key), _sets(response)
    return (muc(k, r)[2] + b_cubed(k, r)[2] + ceaf_e(k, r)[2]) / 3


def report(key: Iterable[Cluster], response: Iterable[Cluster]) -> dict[str, Score]:
    """MUC, B-cubed and CEAF-e (recall, precision, F1) at once; ``conll`` is their mean F1."""
    k, r = _sets(key), _sets(response)
    out = {"muc": muc(k, r), "b3": b_cubed(k, r), "ceaf_e": ceaf_e(k, r)}
    f = sum(v[2] for v in out.values()) / 3
    out["conll"] = (f, f, f)
    return out

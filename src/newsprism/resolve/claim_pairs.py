"""Do two claims of different documents state the same thing? Features and the learned model.

Candidates are blocked cheaply: pairs that share a term of a TF-IDF space fitted over the
pile's claims, or a resolved entity. A first model on cheap features (lexical cosine,
shared entities, subject/object agreement, time, polarity) keeps the pairs worth a
vector; only their claims are embedded (claim cosine, its pile-centred variant, mutual
best match, and the cosine of the predicates), with the vectors the model was trained on:
idf-weighted means of MiniLM's word-piece embeddings by default (``embed.static_vectors``,
no transformer pass), or MiniLM sentence vectors. The second model on all features gives
the probability the clusterer uses.
Both are logistic regressions trained on ECB+ train by ``train/claim_pairs.py``
(``data/claim_pairs.json``).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsprism.model import Claim, Document, Mention
from newsprism.resolve import embed

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "claim_pairs.json"
CHEAP = ["tfidf", "tfidf2", "ent_jac", "ent_shared", "subj_same", "subj_clash", "obj_same", "obj_clash",
         "time_same", "time_clash", "pol_diff", "short", "both_attr"]
FULL = [*CHEAP, "cos", "cos2", "pred_cos", "cos_tfidf", "mutual_best", "cos_gap", "cos_centred"]
_WORD = re.compile(r"\w+")
LARGE = 2000  # claims; above it blocking keeps to rare terms and entities
BLOCK = 2000  # claims whose candidate pairs are made and filtered at once
TOP_PARTNERS = 25  # in a large pile, the most likely later partners a claim keeps after the cheap model


@dataclass
class PairModel:
    """A logistic regression over named features, with the threshold chosen on ECB+ dev."""

    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    link: float = 0.0
    vectors: str = "static"  # "static" (embed.static_vectors) or "minilm" (embed.vectors)
    same: float = 1.01  # two claims of one document join at or above this (a restatement); > 1: never

    def prob(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> dict[str, object]:
        return {"features": self.features, "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold, "link": self.link,
                "vectors": self.vectors, "same": self.same}

    @classmethod
    def from_json(cls, d: dict[str, object]) -> PairModel:
        arr = {k: np.asarray(d[k], dtype=np.float64) for k in ("mean", "scale", "coef")}
        return cls(list(d["features"]), arr["mean"], arr["scale"], arr["coef"],  # type: ignore[call-overload]
                   float(d["intercept"]), float(d["threshold"]), float(d.get("link", 0.0)),  # type: ignore[arg-type]
                   str(d.get("vectors", "static")), float(d.get("same", 1.01)))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load() -> tuple[PairModel, PairModel] | None:
    """(cheap, full) models shipped with the package, or None when absent."""
    if not MODEL_PATH.exists():
        return None
    d = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return PairModel.from_json(d["cheap"]), PairModel.from_json(d["full"])


@dataclass
class ClaimInfo:
    """What the pair features read of one claim."""

    ents: set[str]
    subj: set[str]
    obj: set[str]
    time: str | None
    negative: bool
    attributed: bool
    words: int


def _ids_in(text: str | None, mentions: list[tuple[str, str]]) -> set[str]:
    if not text:
        return set()
    low = f" {' '.join(_WORD.findall(text.lower()))} "
    return {eid for mtext, eid in mentions if mtext.strip() and f" {mtext} " in low}


def claim_infos(claims: list[Claim], docs: list[Document]) -> list[ClaimInfo]:
    """Resolved entities inside each claim (all, in its subject, in its object) and its time."""
    linked: dict[str, tuple[list[int], list[Mention]]] = {}
    for d in docs:
        ms = sorted((m for m in d.entities if m.entity_id), key=lambda m: m.start)
        linked[d.id] = ([m.start for m in ms], ms)
    out = []
    for c in claims:
        starts, ms = linked.get(c.doc_id, ([], []))
        inside = [(" ".join(_WORD.findall(m.text.lower())), m.entity_id or "")
                  for m in ms[bisect_left(starts, c.span.start):bisect_left(starts, c.span.end)] if m.end <= c.span.end]
        out.append(ClaimInfo(
            ents={e for _t, e in inside}, subj=_ids_in(c.subject, inside), obj=_ids_in(c.object, inside),
            time=c.time, negative=c.polarity == "negative", attributed=c.kind == "attributed",
            words=len(c.text.split()),
        ))
    return out


def tfidf(claims: list[Claim]) -> object:
    """Row-normalised TF-IDF of the claims (scipy sparse), fitted on the pile itself."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    try:
        return vec.fit_transform([c.text for c in claims])
    except ValueError:  # no terms at all
        from scipy import sparse

        return sparse.csr_matrix((len(claims), 1))


def candidate_blocks(claims: list[Claim], infos: list[ClaimInfo], x: object, same_doc: bool = False,
                     block: int = BLOCK) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Pairs (i < j) sharing a term or a resolved entity, and their TF-IDF cosine, ``block`` rows
    of claims at a time (sparse products, no table of every pair: memory stays bounded by the
    block): of different documents, and with ``same_doc`` also of one document (a restatement)
    where neither claim holds the other."""
    from scipy import sparse

    n = len(claims)
    m = sparse.csr_matrix(x)
    cap = max(20, int(n**0.5))
    if n > LARGE:  # a large pile: only terms in at most sqrt(n) claims block (near-linear product)
        df = np.asarray((m > 0).sum(axis=0)).ravel()
        m = m[:, np.flatnonzero(df <= cap)]
    ent_ids: dict[str, int] = {}
    rows, cols = [], []
    for i, info in enumerate(infos):
        for e in info.ents:
            rows.append(i)
            cols.append(ent_ids.setdefault(e, len(ent_ids)))
    e = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(1, len(ent_ids))))
    e = e[:, np.flatnonzero(np.asarray(e.sum(axis=0)).ravel() <= cap)]  # an entity in every claim blocks nothing
    doc = {c.doc_id: k for k, c in enumerate(claims)}
    code = np.asarray([doc[c.doc_id] for c in claims])
    start = np.asarray([c.span.start for c in claims])
    end = np.asarray([c.span.end for c in claims])
    mt, et = m.T.tocsc(), e.T.tocsc()
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        sims = (m[lo:hi] @ mt).tocsr()
        both = (sims.astype(bool) + (e[lo:hi] @ et).astype(bool)).tocoo()
        ii, jj = both.row + lo, both.col
        up = jj > ii
        ii, jj = ii[up], jj[up]
        keep = code[ii] != code[jj]
        if same_doc:  # one document's claims, unless their spans overlap (one holds the other)
            keep |= np.minimum(end[ii], end[jj]) <= np.maximum(start[ii], start[jj])
        ii, jj = ii[keep].astype(np.int64), jj[keep].astype(np.int64)
        tf = np.asarray(sims[ii - lo, jj]).ravel().astype(np.float64) if len(ii) else np.zeros(0)
        yield ii, jj, tf


def _top_per_row(rows: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Mask of the ``k`` best-scoring entries of each row value."""
    order = np.lexsort((-score, rows))
    sorted_rows = rows[order]
    first = np.searchsorted(sorted_rows, sorted_rows, side="left")
    rank = np.arange(len(rows)) - first
    mask = np.zeros(len(rows), dtype=bool)
    mask[order[rank < k]] = True
    return mask


def candidates(claims: list[Claim], infos: list[ClaimInfo], x: object, same_doc: bool = False
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every candidate pair at once (training; the resolver filters block by block)."""
    parts = list(candidate_blocks(claims, infos, x, same_doc))
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))  # type: ignore[return-value]


def _time_rel(a: str | None, b: str | None) -> tuple[float, float]:
    """(same, clash): one date within the other ("2024-04" and "2024-04-12"), or both dated apart."""
    if not a or not b or not a[:1].isdigit() or not b[:1].isdigit():
        return 0.0, 0.0
    same = a.startswith(b) or b.startswith(a)
    return float(same), float(not same)


def _incidence(sets: list[set[str]]) -> object:
    """Claims x ids, 1 where the claim holds the id (scipy sparse)."""
    from scipy import sparse

    ids: dict[str, int] = {}
    rows = [k for k, ss in enumerate(sets) for _e in ss]
    cols = [ids.setdefault(e, len(ids)) for ss in sets for e in ss]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(1, len(ids))))


def shared_counts(sets: list[set[str]], ii: np.ndarray, jj: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: ids both claims hold, and how many each holds."""
    m = _incidence(sets)
    size = np.asarray([len(x) for x in sets], dtype=np.float64)
    both = np.asarray(m[ii].multiply(m[jj]).sum(axis=1)).ravel() if len(ii) else np.zeros(0)  # type: ignore[index]
    return both, size[ii], size[jj]


def cheap_features(infos: list[ClaimInfo], ii: np.ndarray, jj: np.ndarray, cos_tfidf: np.ndarray) -> np.ndarray:
    """The cheap features of every pair, one column each (vectorised: a pile has up to millions)."""
    shared, na, nb = shared_counts([x.ents for x in infos], ii, jj)
    union = na + nb - shared
    cols = [cos_tfidf, cos_tfidf * cos_tfidf, np.where(union > 0, shared / np.maximum(union, 1), 0.0),
            np.minimum(shared, 3)]
    for part in ("subj", "obj"):
        both, sa, sb = shared_counts([getattr(x, part) for x in infos], ii, jj)
        cols += [(both > 0).astype(np.float64), ((sa > 0) & (sb > 0) & (both == 0)).astype(np.float64)]
    dated = np.asarray([bool(x.time and x.time[:1].isdigit()) for x in infos], dtype=bool)
    same, clash = np.zeros(len(ii)), np.zeros(len(ii))
    for k in np.flatnonzero(dated[ii] & dated[jj]).tolist():
        same[k], clash[k] = _time_rel(infos[ii[k]].time, infos[jj[k]].time)
    neg = np.asarray([x.negative for x in infos], dtype=bool)
    words = np.asarray([x.words for x in infos], dtype=np.float64)
    attr = np.asarray([x.attributed for x in infos], dtype=bool)
    cols += [same, clash, (neg[ii] != neg[jj]).astype(np.float64), 1.0 / np.maximum(1, np.minimum(words[ii], words[jj])),
             (attr[ii] & attr[jj]).astype(np.float64)]
    return np.column_stack(cols).astype(np.float64).reshape(len(ii), len(CHEAP))


def vector_features(claims: list[Claim], ii: np.ndarray, jj: np.ndarray, cos_tfidf: np.ndarray,
                    kind: str = "static") -> tuple[np.ndarray, np.ndarray, list[int]]:
    """[cos, cos², predicate cosine, cos × TF-IDF] per pair; claim vectors (zero rows where not
    embedded) and the embedded claims."""
    need = sorted(set(ii.tolist()) | set(jj.tolist()))
    texts = sorted({claims[i].text for i in need})
    preds = sorted({(claims[i].predicate or "").removeprefix("not ") for i in need})
    found = (embed.static_vectors if kind == "static" else embed.vectors)(texts + preds)
    dim = found.shape[1] if len(found) else 1
    at = {t: k for k, t in enumerate(texts)}
    pat = {p: len(texts) + k for k, p in enumerate(preds)}
    vecs = np.zeros((len(claims), dim), dtype=np.float32)
    pvec = np.zeros((len(claims), dim), dtype=np.float32)
    for i in need:
        vecs[i] = found[at[claims[i].text]]
        p = (claims[i].predicate or "").removeprefix("not ")
        if p:
            pvec[i] = found[pat[p]]
    cos = rowdot(vecs, ii, jj)
    pc = rowdot(pvec, ii, jj)
    best, gap = _mutual_best(claims, ii, jj, cos)
    return np.column_stack([cos, cos * cos, pc, cos * cos_tfidf, best, gap, _centred(vecs, need, ii, jj)]), vecs, need


def _centred(vecs: np.ndarray, need: list[int], ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """Cosine once the pile's mean claim vector is taken out: what two claims share beyond the
    story every claim of the pile is about."""
    sub = vecs[need] - vecs[need].mean(axis=0)
    c = np.zeros_like(vecs)
    c[need] = sub / np.maximum(np.linalg.norm(sub, axis=1, keepdims=True), 1e-9)
    return rowdot(c, ii, jj)


def rowdot(v: np.ndarray, ii: np.ndarray, jj: np.ndarray, chunk: int = 256) -> np.ndarray:
    """``v[ii[k]] @ v[jj[k]]`` for every k, a chunk at a time (small chunks: the gathered rows stay in
    the cache; 4x faster than 20,000 at a time for 54,000 pairs of 384-d rows, the same numbers)."""
    out = np.zeros(len(ii))
    for lo in range(0, len(ii), chunk):
        out[lo : lo + chunk] = np.einsum("ij,ij->i", v[ii[lo : lo + chunk]], v[jj[lo : lo + chunk]])
    return out


def _mutual_best(claims: list[Claim], ii: np.ndarray, jj: np.ndarray, cos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: is each claim the other's closest in its document; and how far the pair falls
    short of the closer of the two claims' best match in the other's document."""
    codes: dict[str, int] = {}
    doc = np.asarray([codes.setdefault(c.doc_id, len(codes)) for c in claims], dtype=np.int64)
    n_docs = max(1, len(codes))
    key_i = ii * n_docs + doc[jj]  # claim i's best in j's document
    key_j = jj * n_docs + doc[ii]
    top = np.full(len(claims) * n_docs if len(claims) * n_docs < 5e7 else 0, -1.0)
    if not len(top):  # a huge pile: a dictionary instead of a dense table
        best_of: dict[int, float] = {}
        for k, c in zip(np.concatenate([key_i, key_j]).tolist(), np.concatenate([cos, cos]).tolist(), strict=True):
            best_of[k] = max(best_of.get(k, -1.0), c)
        ti = np.asarray([best_of[k] for k in key_i.tolist()])
        tj = np.asarray([best_of[k] for k in key_j.tolist()])
    else:
        np.maximum.at(top, key_i, cos)
        np.maximum.at(top, key_j, cos)
        ti, tj = top[key_i], top[key_j]
    best = ((cos >= ti) & (cos >= tj)).astype(np.float64)
    return best, cos - np.maximum(ti, tj)


def embed_texts(texts: list[str]) -> np.ndarray:
    """Vectors of the kind the shipped pair model was trained with."""
    models = load()
    return embed.static_vectors(texts) if models is None or models[1].vectors == "static" else embed.vectors(texts)


def pair_probs(claims: list[Claim], infos: list[ClaimInfo]
               ) -> tuple[dict[tuple[int, int], float], np.ndarray, tuple[float, float, float]]:
    """Probability that two claims are the same claim, for the candidate pairs that pass the
    cheap model (pairs of one document only where the model has a restatement threshold);
    the claim vectors; the (pair, cluster link, same-document) thresholds. ``infos``: the
    claims' :func:`claim_infos`."""
    x = tfidf(claims)
    models = load()
    none = np.zeros((len(claims), 1), dtype=np.float32)
    if models is None:
        return {}, none, (1.0, 1.0, 1.01)
    cheap, full = models
    learned = (full.threshold, full.link, full.same)
    kept: list[tuple[np.ndarray, ...]] = []
    for bi, bj, bt in candidate_blocks(claims, infos, x, same_doc=full.same <= 1.0):
        if not len(bi):
            continue
        bf = cheap_features(infos, bi, bj, bt)
        bp = cheap.prob(bf)
        keep = bp >= cheap.threshold
        if len(claims) > LARGE:  # a large pile: each claim keeps its best partners only (linear memory)
            keep &= _top_per_row(bi, bp, TOP_PARTNERS)
        kept.append((bi[keep], bj[keep], bt[keep], bf[keep]))
    if not kept or not sum(len(k[0]) for k in kept):
        return {}, none, learned
    ii, jj, tf = (np.concatenate([k[n] for k in kept]) for n in range(3))
    fc = np.vstack([k[3] for k in kept])
    fv, vecs, _need = vector_features(claims, ii, jj, tf, full.vectors)
    p = full.prob(np.hstack([fc, fv]))
    probs: dict[tuple[int, int], float] = {}
    for lo in range(0, len(ii), 1 << 16):  # Python numbers from lists, a slice at a time (bounded memory)
        sl = slice(lo, lo + (1 << 16))
        probs.update(zip(zip(ii[sl].tolist(), jj[sl].tolist(), strict=True), p[sl].tolist(), strict=True))
    return probs, vecs, learned

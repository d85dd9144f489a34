"""Stance of a text towards a claim (FNC-1 labels: agree, disagree, discuss, unrelated).

Features are the classic strong FNC-1 baseline: TF-IDF and LSA similarity of the claim
(headline) with the body and with its best-matching sentences, token overlap, and counts
of refuting, hedging and discussing words near the claim, plus cross features of the claim
with its best sentences, and a body-level debunking cue (``Debunk``, a linear model over word
n-grams). The classifier (``TwoStage``: related or not, then agree / disagree / discuss) is trained by ``train/stance.py`` on FNC-1 train split by topic (``split``) and
shipped in ``newsprism/data/stance/``.
"""

from __future__ import annotations

import pickle
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

LABELS = ["agree", "disagree", "discuss", "unrelated"]
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "stance" / "stance.pkl"

REFUTE = [
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "denial", "not", "despite",
    "nope", "doubt", "doubts", "bogus", "debunk", "debunked", "debunks", "pranks", "retract",
    "retracted", "untrue", "never", "no", "rejected", "rejects", "dismissed", "refuted",
    "baseless", "myth", "rumor", "rumour", "satire", "incorrect", "misleading", "contrary",
]
HEDGE = [
    "reportedly", "allegedly", "alleged", "claim", "claims", "claimed", "may", "might",
    "could", "possibly", "apparently", "unconfirmed", "rumored", "rumoured", "purportedly",
    "suggest", "suggests", "appears", "believed", "unclear", "speculation", "unverified",
]
DISCUSS = [
    "according", "report", "reports", "reported", "said", "says", "told", "sources", "source",
    "claims", "statement", "investigating", "if", "whether", "question", "questions",
]
_REFUTE, _HEDGE = frozenset(REFUTE), frozenset(HEDGE)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")  # where a rough sentence split cuts a text
STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been by with from as that this "
    "it its his her their he she they we you i has have had will would not no".split()
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in SENTENCE_BREAK.split(text)) if len(s) > 2] or [text]


@dataclass
class BodyInfo:
    sents: list[str]
    body_lsa: np.ndarray
    tokens: set[str]
    length: int
    sent_tokens: list[list[str]]
    density: list[float]
    sent_refutes: np.ndarray  # per sentence: holds a refuting word
    sent_hedges: np.ndarray  # per sentence: holds a hedging word


def _counts(toks: list[str], words: list[str]) -> list[float]:
    s = frozenset(words)
    return [float(sum(t in s for t in toks))]


def _indicators(toks: list[str], words: list[str]) -> list[float]:
    s = set(toks)
    return [float(w in s) for w in words]


class StanceFeatures:
    """Fits the TF-IDF/LSA space on a corpus and turns (claim, body) pairs into features."""

    def __init__(self) -> None:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
        from sklearn.pipeline import make_pipeline

        # the similarities: every word, a new topic's names included (hashed; a word unseen in
        # training weighs as the rarest); the LSA space: the most frequent words of training
        self.words = make_pipeline(
            HashingVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False, stop_words=sorted(STOP),
                              n_features=2**18, alternate_sign=False, norm=None, dtype=np.float32),
            TfidfTransformer(sublinear_tf=True),
        )
        self.tfidf = TfidfVectorizer(
            tokenizer=tokens, token_pattern=None, lowercase=False, stop_words=sorted(STOP),
            max_features=6000, sublinear_tf=True, dtype=np.float32,
        )
        self.svd = TruncatedSVD(n_components=64, random_state=0)

    def fit(self, texts: list[str]) -> StanceFeatures:
        m = self.tfidf.fit_transform(texts)
        self.svd.fit(m)
        self.words.fit(texts)
        return self

    def _lsa(self, m: Any) -> np.ndarray:
        v = np.asarray(self.svd.transform(m), dtype=np.float32)
        n = np.linalg.norm(v, axis=1, keepdims=True)
        return v / np.maximum(n, 1e-9)

    def bodies(self, texts: list[str]) -> tuple[list[BodyInfo], Any, Any, np.ndarray]:
        """Body features of many texts with one TF-IDF and one LSA pass (the per-call overhead
        of scikit-learn's transforms is most of their cost), with the word TF-IDF rows of every
        sentence (all texts in turn), of every text, and where each text's sentences start."""
        sents = [sentences(t) for t in texts]
        flat = [x for ss in sents for x in ss]
        sv, bv = self.words.transform(flat), self.words.transform(texts)
        lsa = self._lsa(self.tfidf.transform(texts))
        starts = np.concatenate([[0], np.cumsum([len(ss) for ss in sents])]).astype(np.int64)
        out = []
        for k, text in enumerate(texts):
            toks = tokens(text)
            n = max(1, len(toks))
            dens = [c / n * 100 for c in _counts(toks, REFUTE) + _counts(toks, HEDGE) + _counts(toks, DISCUSS)]
            s_toks = [tokens(x) for x in sents[k]]
            refutes = np.asarray([bool(_REFUTE.intersection(t)) for t in s_toks], dtype=bool)
            hedges = np.asarray([bool(_HEDGE.intersection(t)) for t in s_toks], dtype=bool)
            out.append(BodyInfo(sents[k], lsa[k], set(toks), len(toks), s_toks, dens, refutes, hedges))
        return out, sv, bv, starts

    def rows(self, pairs: list[tuple[str, str]], block: int = 256) -> np.ndarray:
        """Features of (claim, body) pairs, each distinct claim and body transformed once. The
        similarities come from one sparse product per block of pairs (taken in body order, so a
        block needs the sentences of few bodies), row by row the same sums as pair by pair."""
        if not pairs:
            return np.asarray([], dtype=np.float32)
        claims = sorted({c for c, _b in pairs})
        texts = sorted({b for _c, b in pairs})
        hv = self.words.transform(claims)
        h_lsa = self._lsa(self.tfidf.transform(claims))
        at = {c: k for k, c in enumerate(claims)}
        bt = {b: k for k, b in enumerate(texts)}
        infos, sv, bv, starts = self.bodies(texts)
        ci = np.asarray([at[c] for c, _b in pairs], dtype=np.int64)
        bi = np.asarray([bt[b] for _c, b in pairs], dtype=np.int64)
        order = np.argsort(bi, kind="stable")
        out: list[list[float]] = [[] for _ in pairs]
        for lo in range(0, len(order), block):
            chunk = order[lo : lo + block]
            b_lo, b_hi = int(bi[chunk[0]]), int(bi[chunk[-1]]) + 1
            s_lo = int(starts[b_lo])
            h = hv[ci[chunk]]
            cos = (h @ bv[b_lo:b_hi].T).toarray()
            sims = (h @ sv[s_lo : int(starts[b_hi])].T).toarray()
            for r, p in enumerate(chunk):
                b = int(bi[p])
                row = sims[r, int(starts[b]) - s_lo : int(starts[b + 1]) - s_lo]
                out[p] = self.pair(pairs[p][0], infos[b], h_lsa[ci[p]], float(cos[r, b - b_lo]), row)
        return np.asarray(out, dtype=np.float32)

    def pair(self, claim: str, body: BodyInfo, h_lsa: np.ndarray, cos_body: float, sims: np.ndarray) -> list[float]:
        """Features of one pair: ``cos_body`` and ``sims`` are the claim's TF-IDF cosine with the
        body and with each of its sentences."""
        htoks = tokens(claim)
        hset = set(htoks) - STOP
        order = np.argsort(-sims)
        top_toks = [t for i in order[:3] for t in body.sent_tokens[i]]
        first_toks = body.sent_tokens[0]
        ttop = top_toks[:]
        overlap = len(hset & body.tokens) / max(1, len(hset))
        top_overlap = len(hset & set(top_toks)) / max(1, len(hset))
        h_bi = set(zip(htoks, htoks[1:], strict=False))
        btoks_top = top_toks
        b_bi = set(zip(btoks_top, btoks_top[1:], strict=False))
        feats = [
            cos_body,
            float(sims[order[0]]),
            float(sims[order[1]]) if len(order) > 1 else 0.0,
            float(np.mean(sims[order[:3]])),
            float(order[0]) / max(1, len(body.sents)),
            float(np.dot(h_lsa, body.body_lsa)),
            overlap,
            top_overlap,
            len(h_bi & b_bi) / max(1, len(h_bi)),
            float(len(htoks)),
            float(np.log1p(body.length)),
            float("?" in claim),
        ]
        for toks in (htoks, ttop, first_toks):
            feats += _counts(toks, REFUTE) + _counts(toks, HEDGE) + _counts(toks, DISCUSS)
        feats += body.density
        with_ref = [sims[i] for i in np.flatnonzero(body.sent_refutes)]
        with_hedge = [sims[i] for i in np.flatnonzero(body.sent_hedges)]
        top1_refutes = float(body.sent_refutes[order[0]])
        feats += [
            float(max(with_ref, default=0.0)),
            float(max(with_hedge, default=0.0)),
            float(len(with_ref)) / max(1, len(body.sents)),
            top1_refutes,
            float(bool(_REFUTE.intersection(htoks))) - top1_refutes,
        ]
        feats += _indicators(htoks, REFUTE[:20]) + _indicators(ttop, REFUTE[:20]) + _indicators(ttop, HEDGE[:12])
        return feats + _cross(htoks, hset, body, sims, order)


def _near(toks: list[str], anchors: set[str], words: frozenset[str], width: int = 4) -> float:
    """How many of ``words`` stand within ``width`` tokens of an anchor (a claim word)."""
    at = [i for i, t in enumerate(toks) if t in anchors]
    return float(sum(1 for i, t in enumerate(toks) if t in words and any(abs(i - j) <= width for j in at)))


def _cross(htoks: list[str], hset: set[str], body: BodyInfo, sims: np.ndarray, order: np.ndarray) -> list[float]:
    """Claim x best-matching sentences: how far the best one stands out, refuting and hedging
    words next to the claim's own words in the best three, the similarity-weighted share of
    refuting sentences, and whether the claim and its best sentences differ in polarity."""
    top = [body.sent_tokens[i] for i in order[:3]]
    w = np.maximum(sims, 0.0)
    has_ref = body.sent_refutes.astype(np.float32)
    h_ref = float(bool(_REFUTE.intersection(htoks)))
    return [
        float(sims[order[0]] - np.mean(sims)),
        float(np.mean(sims > 0.2)),
        float(np.dot(w, has_ref) / max(float(w.sum()), 1e-6)),
        sum(_near(t, hset, _REFUTE) for t in top),
        sum(_near(t, hset, _HEDGE) for t in top),
        _near(top[0], hset, _REFUTE),
        float(np.mean([abs(float(body.sent_refutes[i]) - h_ref) for i in order[:3]])),
    ]


class Debunk:
    """How much a text reads like a debunking, from its words alone: P(disagree) of a balanced
    logistic regression over TF-IDF word unigrams and bigrams, fitted on the bodies of related
    pairs. A body-level cue that carries to new topics ("hoax", "not true", "satirical site");
    fitted on other topics than the rows it scores (``train/stance.py`` stacks it out of fold)."""

    def __init__(self, c: float = 0.3, max_features: int = 20000) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.model = make_pipeline(
            TfidfVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False, ngram_range=(1, 2), min_df=3,
                            sublinear_tf=True, max_features=max_features, dtype=np.float32),
            LogisticRegression(C=c, class_weight="balanced", max_iter=2000),
        )

    def fit(self, texts: list[str], disagree: list[bool]) -> Debunk:
        self.model.fit(texts, disagree)
        return self

    def score(self, texts: list[str]) -> np.ndarray:
        """P(disagree) of each text, each distinct text transformed once."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        uniq = sorted(set(texts))
        p = self.model.predict_proba(uniq)[:, 1].astype(np.float32)
        at = {t: k for k, t in enumerate(uniq)}
        return np.asarray([p[at[t]] for t in texts], dtype=np.float32)


class TwoStage:
    """Related or not first (gradient boosting, no class weights), then agree / disagree / discuss
    among related pairs (another one, classes weighted by inverse frequency to ``weight``).
    Probabilities: P(unrelated) = 1 - P(related), P(label) = P(related) x P(label | related).
    ``predict`` multiplies P(disagree) by ``disagree_scale`` before the argmax: a prior correction
    for the rare class, chosen on held-out topics (``train/stance.py --held tune``)."""

    def __init__(self, weight: float = 1.0, disagree_scale: float = 1.0, **params: Any) -> None:
        self.weight, self.disagree_scale, self.params = weight, disagree_scale, params

    def fit(self, x: np.ndarray, y: np.ndarray) -> TwoStage:
        from sklearn.ensemble import HistGradientBoostingClassifier

        unrelated = LABELS.index("unrelated")
        rel = y != unrelated
        self.related = HistGradientBoostingClassifier(random_state=0, **self.params).fit(x, rel)
        freq = np.bincount(y[rel], minlength=3)[:3] / rel.sum()
        cw = {i: float((1 / freq[i]) ** self.weight) for i in range(3)}
        self.label = HistGradientBoostingClassifier(class_weight=cw, random_state=0, **self.params).fit(x[rel], y[rel])
        return self

    def label_proba(self, x: np.ndarray) -> np.ndarray:
        """P(agree), P(disagree), P(discuss) given that the pair is related."""
        return np.asarray(self.label.predict_proba(x))

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        pr = self.related.predict_proba(x)[:, 1:2]
        return np.hstack([pr * self.label_proba(x), 1 - pr])

    def decide(self, p: np.ndarray) -> np.ndarray:
        """Label indices from ``predict_proba``'s rows."""
        w = np.ones(len(LABELS))
        w[LABELS.index("disagree")] = getattr(self, "disagree_scale", 1.0)
        return np.asarray((p * w).argmax(axis=1))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.decide(self.predict_proba(x))


class StanceModel:
    """The shipped classifier with its feature space, the debunking cue and the probability of
    "disagree" among related pairs above which a report is taken to dispute the claim."""

    def __init__(self, features: StanceFeatures, clf: Any, debunk: Debunk | None = None, dispute_at: float = 1.0) -> None:
        self.features = features
        self.clf = clf
        self.debunk = debunk
        self.dispute_at = dispute_at

    def rows(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        x = self.features.rows(pairs)
        if self.debunk is None or not pairs:
            return x
        return np.hstack([x, self.debunk.score([b for _c, b in pairs])[:, None]])

    def _run(self, method: str, x: np.ndarray) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        # one OpenMP thread: a row takes microseconds, so more threads mostly wait for each other
        # (0.2-1.8 s instead of 0.03 s for 1,376 rows on a busy 2-core machine; same probabilities)
        with threadpool_limits(1, user_api="openmp"):
            return np.asarray(getattr(self.clf, method)(x))

    def predict_proba(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        return self._run("predict_proba", self.rows(pairs))

    def disagree_given_related(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(disagree | related): for pairs known to be about the same claim."""
        if not pairs:
            return np.zeros(0)
        return self._run("label_proba", self.rows(pairs))[:, LABELS.index("disagree")]

    def predict(self, pairs: list[tuple[str, str]]) -> list[str]:
        if not pairs:
            return []
        return [LABELS[i] for i in self.clf.decide(self.predict_proba(pairs))]

    def judge(self, pairs: list[tuple[str, str]]) -> tuple[list[str], np.ndarray]:
        """:meth:`predict` and :meth:`disagree_given_related` of the same pairs, features computed once."""
        if not pairs:
            return [], np.zeros(0)
        x = self.rows(pairs)
        labels = [LABELS[i] for i in self.clf.decide(self._run("predict_proba", x))]
        return labels, self._run("label_proba", x)[:, LABELS.index("disagree")]

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        svd = self.features.svd
        svd.components_ = svd.components_.astype(np.float32)
        self.features.tfidf.idf_ = self.features.tfidf.idf_.astype(np.float32)
        words = self.features.words[-1]
        words.idf_ = words.idf_.astype(np.float32)
        with path.open("wb") as fh:
            pickle.dump(self, fh, protocol=pickle.HIGHEST_PROTOCOL)


@lru_cache(maxsize=1)
def load(path: str | None = None) -> StanceModel | None:
    """The shipped stance model, or ``None`` when it has not been trained."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    with p.open("rb") as fh:
        model = pickle.load(fh)  # noqa: S301 - our own file, built by train/stance.py
    return model if isinstance(model, StanceModel) else None


def topics(rows: list[tuple[str, str, str]]) -> dict[str, int]:
    """Topic of every headline ("h" + text) and body ("b" + id) of FNC-1 rows (headline, body id,
    stance): the connected components of the related (not "unrelated") links. A topic is named by
    its smallest body id (its headline's own id when it has no related body)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for h, b, stance in rows:
        hr, br = root("h" + h), root("b" + b)
        if stance != "unrelated" and hr != br:
            parent[hr] = br
    members: dict[str, list[int]] = {}
    for x in list(parent):
        members.setdefault(root(x), []).append(int(x[1:]) if x[0] == "b" else 10**9)
    ids = {r: min(m) if min(m) < 10**9 else 10**9 + k for k, (r, m) in enumerate(sorted(members.items()))}
    return {x: ids[root(x)] for x in parent}


def part(topic: int) -> str:
    """The fixed part of a topic: "test" (held out, about a fifth of the rows), "tune" (choose
    features and settings on it) or "train"."""
    k = zlib.crc32(str(topic).encode()) % 10
    return "test" if k < 2 else "tune" if k < 4 else "train"


def split(rows: list[tuple[str, str, str]], held: str = "test") -> list[bool | None]:
    """FNC-1 rows (headline, body id, stance) split by topic (``part``): True for the rows to
    evaluate on, those whose body's topic is in part ``held`` ("test", or "tune" while choosing
    settings); False for the rows to fit on, whose body and headline are both in the parts before
    it ("train", and "tune" when ``held`` is "test"); None for the rest. So no evaluated body or
    headline is ever fitted on; evaluated rows keep their "unrelated" headlines from other topics,
    the mix the competition test has (never a "test" headline while tuning)."""
    top = topics(rows)
    fit = {"train"} if held == "tune" else {"train", "tune"}
    out: list[bool | None] = []
    for h, b, _s in rows:
        pb, ph = part(top["b" + b]), part(top["h" + h])
        if pb == held and (held == "test" or ph != "test"):
            out.append(True)
        else:
            out.append(False if pb in fit and ph in fit else None)
    return out


def fnc_score(gold: list[str], pred: list[str]) -> float:
    """FNC-1 score relative to the maximum: 0.25 related/unrelated right, +0.75 exact related label."""

    def points(g: str, p: str) -> float:
        s = 0.25 if (g == "unrelated") == (p == "unrelated") else 0.0
        if g != "unrelated" and g == p:
            s += 0.75
        return s

    best = sum(points(g, g) for g in gold)
    return sum(points(g, p) for g, p in zip(gold, pred, strict=True)) / best if best else 0.0

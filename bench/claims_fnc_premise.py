"""Issue 14, round 6: does FNC-1 distant supervision rank the gold piles' shared-claim sentence pairs
better than plain MiniLM cosine? (A premise check before any product change; nothing here ships.)

    PYTHONPATH=src .venv/bin/python bench/claims_fnc_premise.py [--cache DIR]

Training pairs come from FNC-1 train, topics of the "train" and "tune" parts only
(``stance.topics`` / ``stance.part``; the "test" part is never read). For each headline a body
*agrees* with, the body sentence with the best MiniLM + TF-IDF cosine to the headline is taken as
a restatement of it (kept when MiniLM cosine ≥ 0.4):

* ``hs``: headline vs that sentence (+); headline vs the body's other sentences sharing a term or
  a capitalised name with it, its best two left out (−); headline vs the sentence that best
  matches *another* headline of the body's topic, when that is another sentence and the two
  headlines differ (MiniLM < 0.8) (−);
* ``ss``: the best sentences of two bodies agreeing with one headline (+); the first against up
  to 4 other sentences of the second body sharing a term or name with it, its best two for the
  headline left out (−).

Features of two sentences: MiniLM cosine, its word-piece (static) variant, TF-IDF cosine,
capitalised-name Jaccard and count shared, number shared / clash, negation differs, 1/shorter
length, cos², cos × TF-IDF. Logistic regressions (balanced classes, standardised).

Evaluation (train side only: the seeds pile and the PolNeAR train Comey pile; the dev taxes pile
is not read): every pair of sentences of different files; gold when both sentences overlap a
passage of one gold claim. AUC, average precision, best precision at recall 0.3 / 0.6, a 90%
bootstrap interval of the AP difference, and the mutual-best view (each sentence the other's best
match in the other's file, as a clusterer would see).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

SHARED = Path(os.environ.get("NEWSPRISM_SHARED", "/work/shared"))
BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’'])\s+|\n\s*\n")
NEG = re.compile(r"\b(not|no|never|nobody|none|nothing|deny|denied|denies)\b|n't", re.I)
NUM = re.compile(r"\d[\d,.]*")
CAP = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z]+)")
FEATS = ["mcos", "scos", "tcos", "cap_jac", "cap_shared", "num_same", "num_clash", "neg_diff", "short", "mcos2",
         "mcos_tcos"]
PILES = {"seeds": "seeds-shared-claims.json", "comey": "polnear-train-comey-july-2016.json"}


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of rough sentences (a line wrap inside a sentence does not cut it), four words or more."""
    out, pos = [], 0
    for m in BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if len(text[a:b].split()) >= 4]


def info(t: str) -> dict[str, Any]:
    return {"neg": bool(NEG.search(t)), "nums": {n.strip(".,") for n in NUM.findall(t)},
            "caps": set(CAP.findall(t)), "words": len(t.split())}


def features(pairs: list[tuple[int, int]], mv: np.ndarray, sv: np.ndarray, tv: Any, infos: list[dict[str, Any]]
             ) -> np.ndarray:
    rows = []
    for i, j in pairs:
        a, b = infos[i], infos[j]
        m, s, t = float(mv[i] @ mv[j]), float(sv[i] @ sv[j]), float(tv[i].multiply(tv[j]).sum())
        union, shared = len(a["caps"] | b["caps"]), len(a["caps"] & b["caps"])
        both_num, same_num = bool(a["nums"] and b["nums"]), bool(a["nums"] & b["nums"])
        rows.append([m, s, t, shared / union if union else 0.0, min(shared, 3), float(same_num),
                     float(both_num and not same_num), float(a["neg"] != b["neg"]),
                     1.0 / max(1, min(a["words"], b["words"])), m * m, m * t])
    return np.asarray(rows).reshape(len(pairs), len(FEATS))


def encode(texts: list[str], path: Path | None) -> tuple[np.ndarray, np.ndarray]:
    from newsprism.resolve import embed

    if path and path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own cache
    got = embed.vectors(texts), embed.static_vectors(texts)
    if path:
        with path.open("wb") as fh:
            pickle.dump(got, fh)
    return got


def tfidf(texts: list[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).tocsr()


def fnc_pairs(cache: Path | None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from newsprism.resolve import stance

    fnc = SHARED / "data" / "fnc1"
    with (fnc / "train_stances.csv").open(encoding="utf-8") as fh:
        rows = [(x["Headline"], x["Body ID"], x["Stance"]) for x in csv.DictReader(fh)]
    with (fnc / "train_bodies.csv").open(encoding="utf-8") as fh:
        bodies = {x["Body ID"]: x["articleBody"] for x in csv.DictReader(fh)}
    top = stance.topics(rows)
    use = [(h, b, s) for h, b, s in rows if s != "unrelated" and stance.part(top["b" + b]) != "test"]
    agree = [(h, b) for h, b, s in use if s == "agree"]
    texts: list[str] = []
    where: dict[str, list[int]] = {}
    for b in sorted({b for _h, b in agree}):
        where[b] = []
        for lo, hi in sentences(bodies[b])[:80]:
            where[b].append(len(texts))
            texts.append(" ".join(bodies[b][lo:hi].split()))
    hidx: dict[str, int] = {}
    for h in sorted({h for h, b, _s in use if b in where}):
        hidx[h] = len(texts)
        texts.append(h)
    mv, sv = encode(texts, cache / "emb_fnc.pkl" if cache else None)
    infos = [info(t) for t in texts]
    tv = tfidf(texts)

    def score(h: str, b: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        idx = np.asarray(where[b])
        return idx, mv[idx] @ mv[hidx[h]], np.asarray((tv[idx] @ tv[hidx[h]].T).todense()).ravel()

    related: dict[str, set[str]] = defaultdict(set)
    for h, b, _s in use:
        if b in where:
            related[b].add(h)
    pos_hs: list[tuple[int, int]] = []
    neg_hs: list[tuple[int, int]] = []
    best: dict[tuple[str, str], int] = {}
    for h, b in agree:
        idx, m, t = score(h, b)
        order = np.argsort(-(m + t))
        if m[order[0]] < 0.4:
            continue
        best[(h, b)] = int(idx[order[0]])
        pos_hs.append((hidx[h], int(idx[order[0]])))
        neg_hs += [(hidx[h], int(idx[k])) for k in order[2:]
                   if t[k] > 0 or infos[idx[k]]["caps"] & infos[hidx[h]]["caps"]]
    for (h, b), s0 in best.items():
        for h2 in sorted(related[b] - {h}):
            idx, m, t = score(h2, b)
            s2 = int(idx[int(np.argmax(m + t))])
            if s2 != s0 and float(mv[hidx[h]] @ mv[hidx[h2]]) < 0.8:
                neg_hs.append((hidx[h], s2))
    by_head: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (h, b), s0 in best.items():
        by_head[h].append((b, s0))
    pos_ss: list[tuple[int, int]] = []
    neg_ss: list[tuple[int, int]] = []
    rng = np.random.default_rng(0)
    for h, found in by_head.items():
        for (b1, s1), (b2, s2) in itertools.combinations(found, 2):
            if b1 == b2:
                continue
            pos_ss.append((s1, s2))
            idx, m, t = score(h, b2)
            top2 = set(idx[np.argsort(-(m + t))[:2]].tolist())
            cand = [k for k in where[b2] if k not in top2
                    and (tv[s1].multiply(tv[k]).sum() > 0 or infos[s1]["caps"] & infos[k]["caps"])]
            neg_ss += [(s1, int(k)) for k in rng.permutation(cand)[:4]]
    print(f"FNC-1 (train+tune topics): hs +{len(pos_hs)} / -{len(neg_hs)}; ss +{len(pos_ss)} / -{len(neg_ss)}")
    out = {}
    for name, pos, neg in (("hs", pos_hs, neg_hs), ("ss", pos_ss, neg_ss)):
        out[name] = (features(pos + neg, mv, sv, tv, infos), np.r_[np.ones(len(pos)), np.zeros(len(neg))])
    return out


def pile(name: str, cache: Path | None) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]], list[str]]:
    """Features, gold labels, the pairs and each sentence's file, for one train-side gold pile."""
    gold = json.loads((SHARED / "gold" / PILES[name]).read_text(encoding="utf-8"))
    files = sorted({p["file"] for c in gold["claims"] for p in c["passages"]} | set(gold.get("files", [])))
    texts: list[str] = []
    meta: list[str] = []
    carry: list[set[str]] = []
    for f in files:
        path = next(p for p in (SHARED / "seeds" / f, SHARED / "data" / "polnear" / "train" / "text" / f) if p.exists())
        text = path.read_text(encoding="utf-8")
        spans = []
        for c in gold["claims"]:
            for p in c["passages"]:
                m = re.search(r"\s+".join(re.escape(w) for w in p["quote"].split()), text) if p["file"] == f else None
                if m:
                    spans.append((c["id"], m.start(), m.end()))
        for lo, hi in sentences(text):
            texts.append(" ".join(text[lo:hi].split()))
            meta.append(f)
            carry.append({cid for cid, s, e in spans if min(hi, e) > max(lo, s)})
    pairs = [(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if meta[i] != meta[j]]
    y = np.asarray([bool(carry[i] & carry[j]) for i, j in pairs])
    mv, sv = encode(texts, cache / f"emb_{name}.pkl" if cache else None)
    return features(pairs, mv, sv, tfidf(texts), [info(t) for t in texts]), y, pairs, meta


def fit(x: np.ndarray, y: np.ndarray, c: float = 0.1) -> Callable[[np.ndarray], np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(0), x.std(0) + 1e-9
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit((x - mu) / sd, y)
    return lambda z: np.asarray(clf.decision_function((z - mu) / sd))


def ranking(s: np.ndarray, y: np.ndarray) -> str:
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

    p, r, _ = precision_recall_curve(y, s)
    at = [max(p[r >= rr]) for rr in (0.3, 0.6)]
    return (f"AUC {roc_auc_score(y, s):.3f}  AP {average_precision_score(y, s):.3f}  "
            f"P@R0.3 {at[0]:.3f}  P@R0.6 {at[1]:.3f}")


def ap_diff(y: np.ndarray, base: np.ndarray, new: np.ndarray, n: int = 500) -> tuple[float, float]:
    from sklearn.metrics import average_precision_score

    rng = np.random.default_rng(0)
    d = []
    for _ in range(n):
        k = rng.integers(0, len(y), len(y))
        if y[k].sum() >= 2:
            d.append(average_precision_score(y[k], new[k]) - average_precision_score(y[k], base[k]))
    lo, hi = np.percentile(d, [5, 95])
    return float(lo), float(hi)


def mutual_best(s: np.ndarray, y: np.ndarray, pairs: list[tuple[int, int]], meta: list[str]) -> str:
    top: dict[tuple[int, str], tuple[float, int]] = {}
    for k, (i, j) in enumerate(pairs):
        for a, b in ((i, j), (j, i)):
            if s[k] > top.get((a, meta[b]), (-1e9, -1))[0]:
                top[(a, meta[b])] = (float(s[k]), k)
    keep = np.asarray([top[(i, meta[j])][1] == k and top[(j, meta[i])][1] == k for k, (i, j) in enumerate(pairs)])
    ys = y[keep][np.argsort(-s[keep])]
    return (f"mutual-best pairs {int(keep.sum())}, gold {int(ys.sum())} of {int(y.sum())}; gold in the top "
            + " / ".join(f"{n}: {int(ys[:n].sum())}" for n in (10, 20, 40)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, help="folder for the sentence vectors (reused)")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(1)
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    train = fnc_pairs(args.cache)
    train["both"] = (np.vstack([train["hs"][0], train["ss"][0]]), np.r_[train["hs"][1], train["ss"][1]])
    models = {name: fit(*xy) for name, xy in train.items()}
    piles = {name: pile(name, args.cache) for name in PILES}
    for name, (x, y, pairs, meta) in piles.items():
        other = next(o for o in piles if o != name)
        scorers = {"MiniLM cosine": x[:, 0], "TF-IDF cosine": x[:, 2],
                   **{f"FNC-{k}": m(x) for k, m in models.items()},
                   f"in-domain: fit on {other} gold": fit(piles[other][0], piles[other][1], 1.0)(x)}
        print(f"\n{name}: {len(y)} cross-file sentence pairs, {int(y.sum())} gold")
        for tag, s in scorers.items():
            print(f"  {tag:30s} {ranking(s, y)}")
        for tag in ("FNC-hs", "FNC-ss", "FNC-both"):
            lo, hi = ap_diff(y, scorers["MiniLM cosine"], scorers[tag])
            print(f"  AP({tag}) - AP(MiniLM), 90% bootstrap: [{lo:+.3f}, {hi:+.3f}]")
        for tag in ("MiniLM cosine", "TF-IDF cosine", "FNC-hs", "FNC-ss", "FNC-both"):
            print(f"  {tag:30s} {mutual_best(scorers[tag], y, pairs, meta)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

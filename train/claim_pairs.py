"""Train the claim pair model (``src/newsprism/data/claim_pairs.json``) on ECB+ train; thresholds on dev.

    PYTHONPATH=src .venv/bin/python train/claim_pairs.py [--work DIR] [--cache DIR]

Every ECB+ topic is a pile analysed by newsprism itself (per-document extraction, then the
entity resolvers), so the features are the ones ``resolve/claims.py`` computes. A pair of
claims (different documents of one topic) is positive when the sentences they overlap
share a gold event chain (as ``bench/story.py`` scores). Two logistic regressions:

* *cheap* (no vectors) decides which candidate pairs are embedded; its threshold keeps
  ``--keep`` of the positive training pairs;
* *full* (all features) gives the pair probability; the clustering threshold is the one
  with the best claim-pair F1 on ECB+ dev (average-link clusters, as the product runs).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from newsprism.model import ClaimCluster, ClaimMember, Story  # noqa: E402
from newsprism.resolve import claim_pairs as cp  # noqa: E402
from newsprism.resolve import run  # noqa: E402
from newsprism.resolve.claims import average_link  # noqa: E402
from story import _carries, _passage_span, ecb_gold_sentence_pairs, prf, score_gold  # noqa: E402
from story_piles import ecb_piles, extract_pile, gold_piles, stem_of  # noqa: E402

Sent = tuple[str, int]


def pile_pairs(split: str, work: Path, cache: Path | None) -> list[dict[str, Any]]:
    """Per pile: claims, their sentences, candidate pairs with cheap features and labels."""
    gold, _ = ecb_gold_sentence_pairs(split)
    out = []
    for pile in ecb_piles(split, work):
        docs = extract_pile(pile, cache)
        run(Story(), docs, only=["entities", "naming"])
        claims = [c for d in docs for c in d.claims]
        if not claims:
            continue
        stems = {d.id: stem_of(d) for d in docs}
        sents: list[set[Sent]] = []
        for c in claims:
            ecb = pile.ecb[stems[c.doc_id]]
            sents.append({(ecb.doc_id, s) for s, (a, b) in ecb.sentences.items()
                          if min(b, c.span.end) > max(a, c.span.start)})
        infos = cp.claim_infos(claims, docs)
        ii, jj, tf = cp.candidates(claims, infos, cp.tfidf(claims), same_doc=True)
        y = np.asarray([any(((a, b) if a < b else (b, a)) in gold for a in sents[i] for b in sents[j])
                        for i, j in zip(ii.tolist(), jj.tolist(), strict=True)], dtype=bool)
        out.append({"claims": claims, "sents": sents, "ii": ii, "jj": jj, "tf": tf, "y": y,
                    "cheap": cp.cheap_features(infos, ii, jj, tf), "cross": _cross(claims, ii, jj)})
    return out


def article_pairs(name: str, work: Path, cache: Path | None) -> dict[str, Any]:
    """A shared-claims gold pile (full articles): a pair is positive when the two claims carry
    passages of one gold claim."""
    pile, gold = next((p, g) for p, g in gold_piles(work) if p.name == name)
    docs = extract_pile(pile, cache)
    run(Story(), docs, only=["entities", "naming"])
    claims = [c for d in docs for c in d.claims]
    by_file = {stem_of(d) + ".txt": d for d in docs}
    carried: list[set[str]] = [set() for _ in claims]
    at = {c.id: k for k, c in enumerate(claims)}
    for g in gold["claims"]:
        for p in g["passages"]:
            d = by_file.get(p["file"])
            span = _passage_span(d.text, p["quote"]) if d else None
            if d is None or span is None:
                continue
            for c in d.claims:
                if _carries((c.span.start, c.span.end), span):
                    carried[at[c.id]].add(g["id"])
    infos = cp.claim_infos(claims, docs)
    ii, jj, tf = cp.candidates(claims, infos, cp.tfidf(claims), same_doc=True)
    y = np.asarray([bool(carried[i] & carried[j]) for i, j in zip(ii.tolist(), jj.tolist(), strict=True)], dtype=bool)
    return {"claims": claims, "docs": docs, "gold": gold, "ii": ii, "jj": jj, "tf": tf, "y": y,
            "cheap": cp.cheap_features(infos, ii, jj, tf), "cross": _cross(claims, ii, jj)}


def _cross(claims: list[Any], ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """Which pairs are of different documents (the only ones the regressions learn from: gold
    labels pairs across documents)."""
    return np.asarray([claims[i].doc_id != claims[j].doc_id for i, j in zip(ii.tolist(), jj.tolist(), strict=True)],
                      dtype=bool)


def article_score(p: dict[str, Any], full: cp.PairModel, threshold: float, link: float, same: float
                  ) -> dict[str, Any]:
    """bench/story.py's gold-pile figures for the average-link clusters of ``p``."""
    groups = _groups(p, full, threshold, link, same)
    claims = p["claims"]
    clusters = [ClaimCluster(id=str(k), text="", members=[
        ClaimMember(claim_id=claims[i].id, doc_id=claims[i].doc_id, span=claims[i].span) for i in g])
        for k, g in enumerate(groups)]
    story = Story(claims=clusters)
    story._docs = p["docs"]
    return score_gold(story, p["gold"])


def _groups(p: dict[str, Any], full: cp.PairModel, threshold: float, link: float, same: float) -> list[list[int]]:
    if "probs" not in p:
        p["probs"] = dict(zip(zip(p["ii"].tolist(), p["jj"].tolist(), strict=True), full.prob(p["full"]).tolist(),
                              strict=True))
    claims = p["claims"]
    uf = average_link(len(claims), [c.doc_id for c in claims], p["probs"], threshold, link, same)
    groups: dict[int, list[int]] = {}
    for i in range(len(claims)):
        groups.setdefault(uf.find(i), []).append(i)
    return list(groups.values())


def fit(x: np.ndarray, y: np.ndarray, names: list[str], c: float, w: np.ndarray) -> cp.PairModel:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    lr = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y, sample_weight=w)
    return cp.PairModel(names, mean, scale, lr.coef_[0], float(lr.intercept_[0]), 0.5)


def add_vectors(piles: list[dict[str, Any]], cheap: cp.PairModel, kind: str) -> None:
    for p in piles:
        keep = cheap.prob(p["cheap"]) >= cheap.threshold
        for k in ("ii", "jj", "tf", "y", "cheap", "cross"):
            p[k] = p[k][keep]
        fv, _vecs, _need = cp.vector_features(p["claims"], p["ii"], p["jj"], p["tf"], kind)
        p["full"] = np.hstack([p["cheap"], fv])


def cluster_f1(piles: list[dict[str, Any]], full: cp.PairModel, threshold: float, link: float, same: float,
               gold: set[Any]) -> dict[str, float]:
    """Claim-pair P/R/F1 over sentence pairs (as bench/story.py) of the average-link clusters."""
    pred: set[Any] = set()
    for p in piles:
        for g in _groups(p, full, threshold, link, same):
            ss = sorted({s for i in g for s in p["sents"][i]})
            pred |= {(a, b) for k, a in enumerate(ss) for b in ss[k + 1 :] if a[0] != b[0]}
    return prf(pred, gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("/tmp/newsprism-claim-pairs"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-claim-pairs/cache"))
    ap.add_argument("--keep", type=float, default=0.97, help="share of positive train pairs the cheap model keeps")
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation of both regressions")
    ap.add_argument("--min-precision", type=float, default=0.7, help="dev claim-pair precision the threshold keeps")
    ap.add_argument("--articles", nargs="*", default=["polnear-train-comey-july-2016"],
                    help="shared-claims gold piles (train only) whose pairs join the training set")
    ap.add_argument("--article-weight", type=float, default=0.5, help="their share of the training weight")
    ap.add_argument("--max-merges", type=int, default=3, help="false merges allowed on each article pile")
    ap.add_argument("--min-article-precision", type=float, default=0.0,
                    help="share of the article piles' multi-report clusters that must carry a gold claim")
    ap.add_argument("--vectors", choices=["static", "minilm"], default="static",
                    help="claim vectors: MiniLM word-piece means (cheap) or MiniLM sentence vectors")
    ap.add_argument("--out", type=Path, default=cp.MODEL_PATH)
    ap.add_argument("--thresholds-only", action="store_true",
                    help="keep the shipped regressions; choose only the thresholds (no ECB+ train piles)")
    args = ap.parse_args(argv)
    dev = pile_pairs("Dev", args.work, args.cache)
    arts = [article_pairs(name, args.work, args.cache) for name in args.articles]
    if args.thresholds_only:
        shipped = cp.load()
        assert shipped is not None, "no shipped model to keep"
        cheap, full = shipped
        add_vectors([*arts, *dev], cheap, full.vectors)
    else:
        cheap, full = _fit_models(pile_pairs("Train", args.work, args.cache), arts, args)
        add_vectors(dev, cheap, args.vectors)
    full.threshold, full.link, full.same = choose(dev, arts, full, args.min_precision, args.max_merges,
                                                  args.min_article_precision)
    print(f"chosen t={full.threshold} link={full.link} same={full.same}", file=sys.stderr)
    args.out.write_text(json.dumps({"source": "train/claim_pairs.py: ECB+ train and the PolNeAR train Comey pile; thresholds on ECB+ dev and that pile",
                                    "cheap": cheap.to_json(), "full": full.to_json()}, indent=1) + "\n",
                        encoding="utf-8")
    return 0


def _fit_models(train: list[dict[str, Any]], arts: list[dict[str, Any]], args: argparse.Namespace
                ) -> tuple[cp.PairModel, cp.PairModel]:
    """The cheap and full regressions on pairs of different documents of ECB+ train and the article piles."""
    n_ecb = sum(int(p["cross"].sum()) for p in train)
    n_art = max(1, sum(int(q["cross"].sum()) for q in arts))
    everything = train + arts
    w0 = [1.0] * len(train) + [args.article_weight * n_ecb / n_art] * len(arts)
    cross = [p["cross"] for p in everything]
    xc = np.vstack([p["cheap"][m] for p, m in zip(everything, cross, strict=True)])
    y = np.concatenate([p["y"][m] for p, m in zip(everything, cross, strict=True)])
    w = np.concatenate([np.full(int(m.sum()), w) for m, w in zip(cross, w0, strict=True)])
    print(f"train candidate pairs {len(y)}, positive {int(y.sum())}", file=sys.stderr)
    cheap = fit(xc, y, cp.CHEAP, args.c, w)
    pc = np.sort(cheap.prob(xc)[y])
    cheap.threshold = float(pc[int((1 - args.keep) * len(pc))])
    add_vectors(everything, cheap, args.vectors)
    cross = [p["cross"] for p in everything]
    full = fit(np.vstack([p["full"][m] for p, m in zip(everything, cross, strict=True)]),
               np.concatenate([p["y"][m] for p, m in zip(everything, cross, strict=True)]), cp.FULL, args.c,
               np.concatenate([np.full(int(m.sum()), w) for m, w in zip(cross, w0, strict=True)]))
    full.vectors = args.vectors
    print("full coef", dict(zip(cp.FULL, np.round(full.coef, 2).tolist(), strict=True)), file=sys.stderr)
    return cheap, full


def choose(dev: list[dict[str, Any]], arts: list[dict[str, Any]], full: cp.PairModel, min_p: float,
           max_merges: int, min_true: float = 0.0) -> tuple[float, float, float]:
    """(pair, link, same-document) thresholds with the best ECB+ dev claim-pair F1 at precision
    ``min_p``, at most ``max_merges`` false merges on each article pile and at least ``min_true``
    of the article piles' multi-report clusters carrying a gold claim; the curve on stderr."""
    gold_dev, _ = ecb_gold_sentence_pairs("Dev")
    best: tuple[float, float, float, float] = (-1.0, 0.5, 0.5, 1.01)
    for t in np.arange(0.3, 0.96, 0.05):
        for link in np.arange(0.1, t + 0.01, 0.05):
            for same in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1.01):
                if same < t:
                    continue
                f = cluster_f1(dev, full, float(t), float(link), same, gold_dev)
                arts_s = [article_score(p, full, float(t), float(link), same) for p in arts]
                recall = float(np.mean([s["pair_recall"] for s in arts_s])) if arts_s else 0.0
                merges = max((s["false_merges"] for s in arts_s), default=0)
                multi = sum(s["multi_report_clusters"] for s in arts_s)
                true = sum(s["multi_report_true"] for s in arts_s)
                print(f"t={t:.2f} link={link:.2f} same={same:.2f} ECB+ dev P {f['p']:.3f} R {f['r']:.3f} "
                      f"F1 {f['f1']:.3f}; articles pair recall {recall:.2f} merges {merges} "
                      f"multi-report clusters true {true} of {multi}", file=sys.stderr)
                if f["p"] >= min_p and merges <= max_merges and true >= min_true * max(multi, 1):
                    best = max(best, (f["f1"], round(float(t), 2), round(float(link), 2), same))
    return best[1], best[2], best[3]


if __name__ == "__main__":
    raise SystemExit(main())

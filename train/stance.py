"""Train the stance model on FNC-1 (train split minus the held-out bodies) and ship it.

    python train/stance.py [--data ../shared/data/fnc1] [--out src/newsprism/data/stance/stance.pkl]

Held out: every body whose id is divisible by 5 (``newsprism.resolve.stance.held_out``), so
no body is in both parts. Prints the held-out FNC score and F1s; bench/fnc1.py re-measures.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import classification_report, f1_score

from newsprism.resolve.stance import LABELS, MODEL_PATH, StanceFeatures, StanceModel, fnc_score, held_out

ROOT = Path(__file__).resolve().parent.parent


def read(data: Path) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    csv.field_size_limit(10**8)
    with (data / "train_bodies.csv").open(encoding="utf-8") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with (data / "train_stances.csv").open(encoding="utf-8") as fh:
        rows = [(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(fh)]
    return bodies, rows


def featurize(feats: StanceFeatures, bodies: dict[str, str], rows: list[tuple[str, str, str]]) -> np.ndarray:
    return feats.rows([(h, bodies[b]) for h, b, _ in rows])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "fnc1")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--weight", type=float, default=1.0, help="exponent of inverse-frequency class weights")
    ap.add_argument("--cache", type=Path, default=None, help="features cache (.npz) to reuse between runs")
    args = ap.parse_args()
    t0 = time.time()
    bodies, rows = read(args.data)
    train = [r for r in rows if not held_out(r[1])]
    test = [r for r in rows if held_out(r[1])]
    texts = [bodies[b] for b in {r[1] for r in train}] + sorted({r[0] for r in train})
    feats = StanceFeatures().fit(texts)
    cache = args.cache
    if cache and cache.exists():
        z = np.load(cache)
        xtr, xte = z["xtr"], z["xte"]
    else:
        xtr, xte = featurize(feats, bodies, train), featurize(feats, bodies, test)
        if cache:
            np.savez(cache, xtr=xtr, xte=xte)
    ytr = np.array([LABELS.index(r[2]) for r in train])
    yte = [r[2] for r in test]
    freq = np.bincount(ytr, minlength=4) / len(ytr)
    cw = {i: float((1 / freq[i]) ** args.weight) for i in range(4)}
    clf = HistGradientBoostingClassifier(max_iter=400, learning_rate=0.08, max_leaf_nodes=31, class_weight=cw, random_state=0)
    clf.fit(xtr, ytr)
    pred = [LABELS[i] for i in clf.predict(xte)]
    print(f"train {len(train)} pairs, held out {len(test)} pairs ({len({r[1] for r in test})} bodies); {time.time() - t0:.0f}s")
    print(f"FNC score (relative): {fnc_score(yte, pred):.4f}")
    print(f"macro-F1: {f1_score(yte, pred, labels=LABELS, average='macro'):.4f}")
    print(classification_report(yte, pred, labels=LABELS, digits=3))
    StanceModel(feats, clf).save(args.out)
    print(f"saved {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

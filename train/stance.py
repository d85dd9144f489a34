"""Train the stance model on FNC-1 train split by topic and ship it.

    python train/stance.py [--held test|tune] [--data ../shared/data/fnc1] [--cache /tmp/stance-cache]

Topics are the connected components of FNC-1's related headline-body links
(``newsprism.resolve.stance.split``): about a fifth of them ("test") is held out, another fifth
("tune") is where features and settings are chosen (``--held tune`` fits on "train" only and
does not ship). ``--held test`` (the default) fits on "train" + "tune", prints the held-out
figures and ships the model; bench/fnc1.py --held-out re-measures it. The model: two gradient
boosting stages (``TwoStage``), related or not, then agree / disagree / discuss.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import classification_report, f1_score

from newsprism.resolve import stance
from newsprism.resolve.stance import LABELS, MODEL_PATH, StanceFeatures, StanceModel, TwoStage, fnc_score, split

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(stance.__file__).read_bytes()  # the feature code, part of the cache key
Row = tuple[str, str, str]


def read(data: Path) -> tuple[dict[str, str], list[Row]]:
    csv.field_size_limit(10**8)
    with (data / "train_bodies.csv").open(encoding="utf-8") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with (data / "train_stances.csv").open(encoding="utf-8") as fh:
        rows = [(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(fh)]
    return bodies, rows


def featurize(feats: StanceFeatures, bodies: dict[str, str], fit: list[Row], rows: list[Row], cache: Path | None) -> np.ndarray:
    """Feature rows in a space fitted on ``fit``, reused from ``cache`` when this code made them before."""
    key = hashlib.sha1(CODE + repr((fit, rows)).encode()).hexdigest()[:16]
    path = cache / f"{key}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    x = feats.rows([(h, bodies[b]) for h, b, _ in rows])
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, x)
    return x


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "fnc1")
    ap.add_argument("--out", type=Path, default=None, help="where to save (default: ships it with --held test)")
    ap.add_argument("--held", choices=["test", "tune"], default="test", help="the part to evaluate on")
    ap.add_argument("--weight", type=float, default=0.75, help="exponent of the agree/disagree/discuss class weights")
    ap.add_argument("--cache", type=Path, default=None, help="folder of feature caches to reuse between runs")
    args = ap.parse_args()
    t0 = time.time()
    bodies, rows = read(args.data)
    parts = split(rows, args.held)
    train = [r for r, p in zip(rows, parts, strict=True) if p is False]
    test = [r for r, p in zip(rows, parts, strict=True) if p is True]
    texts = [bodies[b] for b in sorted({r[1] for r in train})] + sorted({r[0] for r in train})
    feats = StanceFeatures().fit(texts)
    xtr, xte = (featurize(feats, bodies, train, r, args.cache) for r in (train, test))
    ytr = np.array([LABELS.index(r[2]) for r in train])
    yte = [r[2] for r in test]
    # settings chosen with --held tune (bench/results/claims.md)
    clf = TwoStage(args.weight, max_iter=150, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=100, l2_regularization=1.0)
    clf.fit(xtr, ytr)
    pred = [LABELS[i] for i in clf.predict(xte)]
    print(f"fit {len(train)} pairs, evaluated on '{args.held}' {len(test)} pairs ({len({r[1] for r in test})} bodies); {time.time() - t0:.0f}s")
    print(f"FNC score (relative): {fnc_score(yte, pred):.4f}")
    print(f"macro-F1: {f1_score(yte, pred, labels=LABELS, average='macro'):.4f}")
    print(classification_report(yte, pred, labels=LABELS, digits=3))
    out = args.out or (MODEL_PATH if args.held == "test" else None)
    if out:
        StanceModel(feats, clf).save(out)
        print(f"saved {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

"""Train the stance model on FNC-1 train split by topic and ship it.

    python train/stance.py [--held test|tune] [--data ../shared/data/fnc1] [--cache /tmp/stance-cache]

Topics are the connected components of FNC-1's related headline-body links
(``newsprism.resolve.stance.split``): about a fifth of them ("test") is held out, another fifth
("tune") is where features and settings are chosen (``--held tune`` fits on "train" only and
does not ship). ``--held test`` (the default) fits on "train" + "tune", prints the held-out
figures and ships the model; bench/fnc1.py --held-out re-measures it. The model: two gradient
boosting stages (``TwoStage``), related or not, then agree / disagree / discuss, over the pair
features and a body-level debunking cue (``Debunk``) stacked out of fold by topic. ``--held
tune`` also prints the figures at other scales of P(disagree) and the precision of "disagree"
among related rows at cuts of P(disagree | related), on whole bodies and on the product's
three-sentence contexts: the shipped settings (``SCALE``, ``DISPUTE_AT``) were chosen there.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import GroupKFold

from newsprism.resolve import stance
from newsprism.resolve.stance import (
    LABELS,
    MODEL_PATH,
    Debunk,
    StanceFeatures,
    StanceModel,
    TwoStage,
    fnc_score,
    sentences,
    split,
    topics,
)

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(stance.__file__).read_bytes()  # the feature code, part of the cache key
Row = tuple[str, str, str]
SCALE = 2.5  # P(disagree) x SCALE before the argmax (chosen with --held tune)
DISPUTE_AT = 0.5  # P(disagree | related) from which a report disputes a claim: the lowest cut whose
# precision on the product's three-sentence contexts of the "tune" topics reaches 0.6 (--held tune)


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


def debunk(bodies: dict[str, str], fit: list[Row]) -> Debunk:
    """A debunking cue fitted on the bodies of the related rows of ``fit``."""
    rel = [r for r in fit if r[2] != "unrelated"]
    return Debunk().fit([bodies[b] for _h, b, _s in rel], [s == "disagree" for _h, _b, s in rel])


def stacked(bodies: dict[str, str], fit: list[Row], groups: np.ndarray, folds: int = 5) -> np.ndarray:
    """The debunking cue of every fit row from a ``Debunk`` fitted on the other topics."""
    out = np.zeros(len(fit), dtype=np.float32)
    for a, b in GroupKFold(folds).split(fit, groups=groups):
        model = debunk(bodies, [fit[i] for i in a])
        out[b] = model.score([bodies[fit[i][1]] for i in b])
    return out


def context(model: StanceModel, claim: str, body: str) -> str:
    """The body's sentence most like the claim with its neighbours: what the product scores (a
    cluster member's sentence and the sentences either side, ``resolve.claims._context``)."""
    sents = sentences(body)
    sims = (model.features.words.transform([claim]) @ model.features.words.transform(sents).T).toarray()[0]
    k = int(sims.argmax())
    return " ".join(sents[max(0, k - 1) : k + 2])


def report_settings(model: StanceModel, x: np.ndarray, rows: list[Row], bodies: dict[str, str]) -> None:
    """Figures at other scales of P(disagree), and "disagree" among related rows at cuts of
    P(disagree | related), on whole bodies and on the product's three-sentence contexts."""
    clf, gold = model.clf, [r[2] for r in rows]
    p, chosen = clf.predict_proba(x), clf.disagree_scale
    for scale in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0):
        clf.disagree_scale = scale
        pred = [LABELS[i] for i in clf.decide(p)]
        f = f1_score(gold, pred, labels=LABELS, average=None)
        print(f"scale {scale}: FNC {fnc_score(gold, pred):.4f} macro-F1 {f.mean():.4f} disagree F1 {f[1]:.3f}")
    clf.disagree_scale = chosen
    rel = [r for r in rows if r[2] != "unrelated"]
    y = np.asarray([r[2] == "disagree" for r in rel])
    for name, pairs in [("bodies", [(h, bodies[b]) for h, b, _s in rel]),
                        ("contexts", [(h, context(model, h, bodies[b])) for h, b, _s in rel])]:
        pd = model.disagree_given_related(pairs)
        for cut in (0.3, 0.4, 0.5, 0.6, 0.7):
            hit = pd >= cut
            print(f"{name}: P(disagree | related) >= {cut}: {int(hit.sum())} rows, "
                  f"precision {(hit & y).sum() / max(hit.sum(), 1):.2f}, recall {(hit & y).sum() / max(y.sum(), 1):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "fnc1")
    ap.add_argument("--out", type=Path, default=None, help="where to save (default: ships it with --held test)")
    ap.add_argument("--held", choices=["test", "tune"], default="test", help="the part to evaluate on")
    ap.add_argument("--weight", type=float, default=0.0, help="exponent of the agree/disagree/discuss class weights")
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
    top = topics(rows)
    groups = np.asarray([top["b" + b] for _h, b, _s in train])
    deb = debunk(bodies, train)
    xtr = np.hstack([xtr, stacked(bodies, train, groups)[:, None]])
    xte = np.hstack([xte, deb.score([bodies[b] for _h, b, _s in test])[:, None]])
    ytr = np.array([LABELS.index(r[2]) for r in train])
    yte = [r[2] for r in test]
    # settings chosen with --held tune (bench/results/claims.md)
    clf = TwoStage(args.weight, SCALE, max_iter=150, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=100, l2_regularization=1.0)
    clf.fit(xtr, ytr)
    pred = [LABELS[i] for i in clf.predict(xte)]
    print(f"fit {len(train)} pairs, evaluated on '{args.held}' {len(test)} pairs ({len({r[1] for r in test})} bodies); {time.time() - t0:.0f}s")
    print(f"FNC score (relative): {fnc_score(yte, pred):.4f}")
    print(f"macro-F1: {f1_score(yte, pred, labels=LABELS, average='macro'):.4f}")
    print(classification_report(yte, pred, labels=LABELS, digits=3))
    model = StanceModel(feats, clf, deb, DISPUTE_AT)
    if args.held == "tune":
        report_settings(model, xte, test, bodies)
    out = args.out or (MODEL_PATH if args.held == "test" else None)
    if out:
        model.save(out)
        print(f"saved {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

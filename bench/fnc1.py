"""FNC-1 stance: predict every (headline, body) row; score when the file has labels.

    python bench/fnc1.py --bodies ../shared/data/fnc1/train_bodies.csv \\
        --stances ../shared/data/fnc1/train_stances.csv --out /tmp/pred.csv --held-out

``--held-out`` keeps only the rows whose body's topic train/stance.py held out (split by topic,
``newsprism.resolve.stance.split``), the part to report; ``--held-out tune`` the tuning part
(only meaningful for a model trained with ``--held tune``). Prints the FNC-1 score relative to
its maximum, macro-F1 and per-class F1, and the same on the strict subset of held-out rows whose
headline is held out too.

``--disagree`` also prints how often "disagree" is right among the rows known to be related
(as a member of a claim cluster is), at the argmax and at cuts of P(disagree | related) (the
shipped one, ``dispute_at``, marks a dispute in the product), on two halves of the rows by body id.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Any

from sklearn.metrics import f1_score

from newsprism.resolve.stance import LABELS, fnc_score, load, part, split, topics


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bodies", type=Path, required=True)
    ap.add_argument("--stances", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--held-out", nargs="?", const="test", choices=["test", "tune"], help="only rows of held-out topics")
    ap.add_argument("--model", default=None, help="stance model file (default: the shipped one)")
    ap.add_argument("--disagree", action="store_true", help="precision of 'disagree' among related rows")
    args = ap.parse_args()
    model = load(args.model)
    if model is None:
        sys.exit("no stance model: run train/stance.py")
    csv.field_size_limit(10**8)
    with args.bodies.open(encoding="utf-8") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with args.stances.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if args.held_out:
        triples = [(r["Headline"], r["Body ID"], r.get("Stance", "")) for r in rows]
        rows = [r for r, p in zip(rows, split(triples, args.held_out), strict=True) if p is True]
        top = topics(triples)
        strict = [part(top["h" + r["Headline"]]) == args.held_out for r in rows]
    t0 = time.time()
    pred = model.predict([(r["Headline"], bodies[r["Body ID"]]) for r in rows])
    secs = time.time() - t0
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        for r, p in zip(rows, pred, strict=True):
            w.writerow([r["Headline"], r["Body ID"], p])
    print(f"{len(rows)} rows, {len({r['Body ID'] for r in rows})} bodies, {secs:.1f}s -> {args.out}")
    gold = [r.get("Stance") for r in rows]
    if not all(g in LABELS for g in gold):
        return
    scores([str(x) for x in gold], pred)
    if args.held_out:
        print(f"strict: the {sum(strict)} rows whose headline is held out too")
        scores([str(x) for x, s in zip(gold, strict, strict=True) if s], [p for p, s in zip(pred, strict, strict=True) if s])
    if args.disagree:
        disagree_precision(model, [r for r in rows if r["Stance"] != "unrelated"], bodies)


def scores(gold: list[str], pred: list[str]) -> None:
    print(f"FNC score (relative): {fnc_score(gold, pred):.4f}")
    print(f"macro-F1: {f1_score(gold, pred, labels=LABELS, average='macro'):.4f}")
    for label, f in zip(LABELS, f1_score(gold, pred, labels=LABELS, average=None), strict=True):
        print(f"  F1 {label:<10} {f:.3f}")


def disagree_precision(model: Any, rows: list[dict[str, str]], bodies: dict[str, str]) -> None:
    import numpy as np

    pairs = [(r["Headline"], bodies[r["Body ID"]]) for r in rows]
    labels, p = model.judge(pairs)
    top = np.asarray([LABELS.index(x) for x in labels])
    y = np.asarray([r["Stance"] == "disagree" for r in rows])
    first = np.asarray([int(r["Body ID"]) % 10 == 0 for r in rows])
    print(f"'disagree' among {len(rows)} related rows ({int(y.sum())} disagree): precision / recall, halves by body id")
    for name, chosen in [("argmax", top == LABELS.index("disagree"))] + [(f"p >= {t}", p >= t) for t in sorted({0.3, 0.5, 0.6, model.dispute_at})]:
        cells = []
        for half in (first, ~first):
            hit = chosen & half
            cells.append(f"{(hit & y).sum() / max(hit.sum(), 1):.2f} / {(hit & y).sum() / max((y & half).sum(), 1):.2f}")
        print(f"  {name:<9} {cells[0]:>12}   {cells[1]:>12}")


if __name__ == "__main__":
    main()

"""Throughput: bare spaCy ``nlp.pipe`` vs newsprism's per-document stage, same texts, one run.

    .venv/bin/python bench/throughput.py [--limit N] [--bodies ../shared/data/fnc1/train_bodies.csv]

Prints articles/s for both and the ratio (newsprism time / bare parse time), overall and
per extractor. The bare parse uses the same loaded pipeline without newsprism's components
(paragraph starts, entity ruler, fix-ups) on the raw text.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

csv.field_size_limit(sys.maxsize)
DEFAULT_BODIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc1" / "train_bodies.csv"


def load_bodies(path: Path, limit: int | None) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        rows = [r["articleBody"] for r in csv.DictReader(fh)]
    return rows[:limit] if limit else rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bodies", type=Path, default=DEFAULT_BODIES)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    import spacy

    from newsprism import extract
    from newsprism.extract.base import Parsed
    from newsprism.ingest import from_text
    from newsprism.nlp import load_pipeline, resolve_model_name
    from newsprism.pipeline import _record

    texts = load_bodies(args.bodies, args.limit)
    model = resolve_model_name()
    bare = spacy.load(model)
    nlp = load_pipeline(model)
    extract.load_all()
    bare("warm up"), nlp("warm up")

    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=args.batch_size):
        pass
    t_bare = time.perf_counter() - t0

    per_stage: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    raws = []
    for i, text in enumerate(texts):
        raws.append(from_text(text, doc_id=f"b{i}"))
    per_stage["ingest (clean, outlet)"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    docs = list(nlp.pipe((r.clean.text for r in raws), batch_size=args.batch_size))
    per_stage["parse (+ruler, fix-ups)"] = time.perf_counter() - t1
    from newsprism.registry import extractors

    for raw, doc in zip(raws, docs, strict=True):
        parsed = Parsed(_record(raw), doc, raw.clean.offsets)
        for entry in extractors.ordered():
            ts = time.perf_counter()
            entry.func(parsed)
            per_stage[f"extract:{entry.name}"] += time.perf_counter() - ts
    t_np = time.perf_counter() - t0

    n = len(texts)
    print(f"model {model}; {n} articles (FNC-1 train bodies), batch size {args.batch_size}, 1 process")
    print(f"bare nlp.pipe        {n / t_bare:8.2f} articles/s  ({t_bare:.1f} s)")
    print(f"newsprism extract    {n / t_np:8.2f} articles/s  ({t_np:.1f} s)")
    print(f"ratio newsprism/bare {t_np / t_bare:8.3f}   (target <= 1.15 for the foundation)")
    for name, secs in per_stage.items():
        print(f"  {name:28s} {secs:7.2f} s  {secs / t_bare * 100:6.1f}% of bare parse")


if __name__ == "__main__":
    main()

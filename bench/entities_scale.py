"""How the entity resolver's cost grows with the pile: 1x, 4x and 16x the PolNeAR train corpus.

The 840 PolNeAR train texts are run once through newsprism's extractors (sentences,
entities, nominals; cached under --cache), then the cross-document resolvers
``entities`` and ``naming`` are timed on the pile repeated 1, 4 and 16 times (copies get
new document ids and outlets). Prints mentions, seconds and the growth exponent
log(t16 / t1) / log(16): 1.0 is linear, 2.0 quadratic.

    .venv/bin/python bench/entities_scale.py [--limit N] [--cache FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import time
from pathlib import Path

from newsprism.model import Document, Story

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "train" / "text"


def load(cache: Path, limit: int) -> list[Document]:
    if cache.exists():
        docs = [Document.model_validate_json(line) for line in cache.read_text("utf-8").splitlines()]
        if len(docs) >= limit:
            return docs[:limit]
    from newsprism.pipeline import Extractor, read

    extractor = Extractor(only=["sentences", "entities", "time", "nominals"])
    paths = sorted(DATA.glob("*.txt"))[:limit]
    raws = [r for r in read([str(p) for p in paths]) if not hasattr(r, "code")]
    docs = [d for d in extractor.process(raws) if isinstance(d, Document)]  # type: ignore[arg-type]
    cache.write_text("\n".join(d.model_dump_json() for d in docs), "utf-8")
    return docs


def replicate(docs: list[Document], times: int) -> list[Document]:
    out = []
    for k in range(times):
        for d in docs:
            copy = d.model_copy(deep=True)
            copy.id = f"{d.id}~{k}"
            copy.meta.outlet = f"outlet-{k % 7}"
            for m in copy.entities:
                m.doc_id = copy.id
                m.id = f"{copy.id}#{m.id.rsplit('#', 1)[-1]}"
                m.antecedent = f"{copy.id}#{m.antecedent.rsplit('#', 1)[-1]}" if m.antecedent else None
            out.append(copy)
    return out


def timed_cluster(docs: list[Document]) -> float:
    """The clustering step alone (items and blocking keys, union-find), no records built."""
    from newsprism.resolve import entities

    for cached in (entities.clean, entities.name_key, entities._person_tokens):
        cached.cache_clear()
    gc.collect()
    t0 = time.perf_counter()
    items, _ = entities.items_of(docs)
    entities.cluster(items)
    return time.perf_counter() - t0


def timed(docs: list[Document]) -> float:
    from newsprism.resolve import entities
    from newsprism.resolve.entities import resolve_entities
    from newsprism.resolve.naming import resolve_naming

    for cached in (entities.clean, entities.name_key, entities._person_tokens):
        cached.cache_clear()  # every size starts cold
    story = Story()
    gc.collect()
    t0 = time.perf_counter()
    resolve_entities(story, docs)
    resolve_naming(story, docs)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=840, help="documents of PolNeAR train to use (default all 840)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-polnear-entities.jsonl"))
    args = ap.parse_args()
    base = load(args.cache, args.limit)
    rows = []
    for times in (1, 4, 16):
        docs = replicate(base, times)
        mentions = sum(len(d.entities) for d in docs)
        clustering = timed_cluster(docs)
        seconds = timed(docs)
        rows.append((times, len(docs), mentions, seconds, clustering))
        print(f"{times:>3}x  {len(docs):>6} docs  {mentions:>8} mentions  resolvers {seconds:8.2f} s  "
              f"{1e6 * seconds / mentions:6.1f} us/mention  clustering alone {clustering:7.2f} s", flush=True)
        del docs
    t1, t16 = rows[0][3], rows[-1][3]
    c1, c16 = rows[0][4], rows[-1][4]
    print(json.dumps({"growth_exponent": round(math.log(t16 / t1) / math.log(16), 3),
                      "exponent_1x_4x": round(math.log(rows[1][3] / t1) / math.log(4), 3),
                      "exponent_4x_16x": round(math.log(t16 / rows[1][3]) / math.log(4), 3),
                      "clustering_growth_exponent": round(math.log(c16 / c1) / math.log(16), 3)}))


if __name__ == "__main__":
    main()

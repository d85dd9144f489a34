"""The cross-document stage on 2,500 to 40,000 articles, against the time of parsing them.

    .venv/bin/python bench/crossdoc.py --unique 1000 --sizes 2500,10000,40000

1. ``--unique`` distinct articles (FNC-1 train bodies and PolNeAR train texts, interleaved as
   in ``bench/scale.py``) are extracted once with every registered extractor (cached as JSONL
   under ``--cache``), and bare spaCy ``nlp.pipe`` parses the same texts in the same run: the
   parse rate, articles per second, is the baseline.
2. For each size N, copies of the extracted documents get their own ids and synthetic dates,
   100 articles a day, as ``bench/scale.py`` does (so the copies of one article are
   ``unique / 100`` days apart and never meet in a story: a bigger corpus is a longer period,
   like an archive). The cross-document stage runs as ``newsprism batch`` runs it, in one
   process: story keys, ``scale.stories.cluster``, then ``pipeline.resolve`` (every
   resolver: entities, naming, claims, timeline, outlets) story by story.
3. Prints, per size, the stage's seconds against the parse time of N articles at the
   measured rate (goal: below 1), the largest story, the peak RSS, and the growth exponent
   (least squares of log seconds on log N).
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import PER_DAY, texts  # noqa: E402


def extracted(unique: int, cache: Path) -> tuple[list[str], list[str]]:
    """(texts, Document JSON lines) of the first ``unique`` articles, extracting when not cached."""
    from newsprism.model import Document
    from newsprism.pipeline import extract_documents

    pool = texts()[:unique]
    path = cache / f"docs-{unique}.jsonl"
    if path.exists():
        return pool, path.read_text(encoding="utf-8").splitlines()
    cache.mkdir(parents=True, exist_ok=True)
    records = [{"id": f"u{i:06d}", "text": t} for i, t in enumerate(pool)]
    t0 = time.perf_counter()
    lines = [d.model_dump_json() for d in extract_documents(records) if isinstance(d, Document)]
    print(f"extracted {len(lines)} of {unique} articles in {time.perf_counter() - t0:.0f} s (cached in {path})")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pool, lines


def parse_rate(pool: list[str]) -> float:
    """Bare spaCy articles per second on these texts (one process)."""
    import spacy

    from newsprism.nlp import resolve_model_name

    nlp = spacy.load(resolve_model_name())
    t0 = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(pool, batch_size=32))
    return n / (time.perf_counter() - t0)


def corpus(lines: list[str], n: int) -> list[str]:
    """``n`` Document JSON lines: copy k of article i is ``u{i}-{k}``, dated by its position."""
    import datetime as dt
    import json

    start = dt.date(2016, 1, 1)
    out = []
    for pos in range(n):
        src = lines[pos % len(lines)]
        old = json.loads(src)["id"]
        doc = src.replace(f'"{old}"', f'"{old}-{pos // len(lines)}"')
        data = json.loads(doc)
        data["meta"]["published"] = (start + dt.timedelta(days=pos // PER_DAY)).isoformat()
        out.append(json.dumps(data))
    return out


def crossdoc(lines: list[str]) -> dict[str, float]:
    """The cross-document stage over these documents, story by story, as the batch engine does."""
    from newsprism.model import Document
    from newsprism.pipeline import resolve
    from newsprism.scale import stories as st

    t0 = time.perf_counter()
    docs = [Document.model_validate_json(x) for x in lines]
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    labels = st.cluster([st.day_of(d.meta.published) for d in docs], [st.story_keys(d) for d in docs])
    groups: dict[int, list[Document]] = defaultdict(list)
    for d, lab in zip(docs, labels, strict=True):
        groups[lab].append(d)
    t_keys = time.perf_counter() - t0
    t0 = time.perf_counter()
    clusters = 0
    for group in groups.values():
        clusters += len(resolve(group).claims)
    t_resolve = time.perf_counter() - t0
    return {
        "seconds": t_keys + t_resolve, "keys": t_keys, "resolve": t_resolve, "load": t_load,
        "stories": len(groups), "largest": max(len(g) for g in groups.values()),
        "multi": sum(len(g) for g in groups.values() if len(g) > 1),
        "claims": sum(len(d.claims) for d in docs), "clusters": clusters,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--unique", type=int, default=1000)
    ap.add_argument("--sizes", default="2500,10000")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-crossdoc"))
    args = ap.parse_args()
    pool, lines = extracted(args.unique, args.cache)
    rate = parse_rate(pool[: len(lines)])
    from newsprism.resolve import embed

    embed.vectors(["warm the sentence model up"])  # loaded once per process, as in a batch worker
    print(f"bare parse: {rate:.2f} articles/s (one process, {len(lines)} articles); vectors: {embed.backend()}")
    print("| articles | stories | in multi-doc stories | largest | claims | claim clusters | cross-doc s "
          "| parse s (N / rate) | ratio | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    points = []
    for n in [int(x) for x in args.sizes.split(",")]:
        r = crossdoc(corpus(lines, n))
        parse = n / rate
        points.append((n, r["seconds"]))
        print(f"| {n} | {r['stories']} | {r['multi']} | {r['largest']} | {r['claims']} | {r['clusters']} "
              f"| {r['seconds']:.1f} | {parse:.1f} | {r['seconds'] / parse:.2f} | {r['rss_mb']:.0f} |", flush=True)
    if len(points) >= 2:
        xs = [math.log(n) for n, _ in points]
        ys = [math.log(s) for _, s in points]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
        print(f"growth exponent (log seconds on log articles, {points[0][0]}..{points[-1][0]}): {slope:.2f}")


if __name__ == "__main__":
    main()

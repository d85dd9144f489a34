"""Throughput: bare spaCy ``nlp.pipe`` vs newsprism's per-document stage, same texts, one run.

    .venv/bin/python bench/throughput.py [--limit N] [--bodies ../shared/data/fnc1/train_bodies.csv]
    .venv/bin/python bench/throughput.py --analyze 300,3000
    .venv/bin/python bench/throughput.py --long big1m.txt

Prints articles/s for both and the ratio (newsprism time / bare parse time), overall and
per extractor. The bare parse uses the same loaded pipeline without newsprism's components
(paragraph starts, entity ruler, fix-ups) on the raw text.

``--analyze SIZES``: the whole of ``newsprism analyze`` (read, parse, extract, then the
cross-document stage over all of them as one pile) on piles of each size, beside the bare
parse of the same texts in the same run (``--interleave``: batch by batch, a batch's bare parse then
its extraction, so that a shared machine's changing load falls on both alike), with the
cross-document stage split by resolver
(its models loaded before the run, as the spaCy pipelines are; the time that takes is printed)
and the peak memory of the process; also the CPU time of the process for each (on a machine
shared with other jobs the wall clock of each phase depends on their load; the CPU time much
less). Texts: FNC-1 bodies, then PolNeAR texts, TimeBank and
ECB+ documents (in that order) until the size is reached.

``--long PATH``: one long text (issue 16): CPU and wall seconds of the bare ``nlp.pipe`` of its
pieces (newsprism's pipeline), their join, each extractor and the cross-document stage.
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


def more_texts(shared: Path) -> list[str]:
    """PolNeAR texts, TimeBank/AQUAINT texts (tags stripped) and ECB+ documents, in that order."""
    import re

    out = [p.read_text(encoding="utf-8") for split in ("train", "dev")
           for p in sorted((shared / "data" / "polnear" / split / "text").glob("*.txt"))]
    for p in sorted((shared / "data" / "timebank").rglob("*.tml")):
        m = re.search(r"<TEXT>(.*)</TEXT>", p.read_text(encoding="utf-8"), re.S)
        if m:
            out.append(re.sub(r"<[^>]+>", "", m.group(1)).strip())
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from story_piles import read_ecb

    out += [d.text for split in ("Train", "Dev") for d in read_ecb(split).values()]
    return out


def analyze_sizes(texts: list[str], sizes: list[int], batch_size: int, interleave: bool = False) -> None:
    """Bare parse vs the whole of analyze, per pile size, same run."""
    import resource

    import spacy

    from newsprism.model import Document
    from newsprism.nlp import resolve_model_name
    from newsprism.pipeline import Extractor, read, resolve
    from newsprism.registry import Entry, resolvers
    from newsprism.resolve import prepare as prepare_resolvers

    model = resolve_model_name()
    bare = spacy.load(model)
    extractor = Extractor(model)
    t_load = time.perf_counter()
    prepare_resolvers()  # the cross-document models, loaded before the run as the spaCy pipelines are
    t_load = time.perf_counter() - t_load
    per_resolver: dict[str, float] = defaultdict(float)

    def timed(name: str, func):  # type: ignore[no-untyped-def]
        def run(story, docs):  # type: ignore[no-untyped-def]
            ts = time.perf_counter()
            func(story, docs)
            per_resolver[name] += time.perf_counter() - ts
        return run

    for e in resolvers.ordered():
        resolvers._entries[e.name] = Entry(e.name, e.order, timed(e.name, e.func))
    bare("warm up")
    print(f"model {model}; batch size {batch_size}, 1 process" + ("; bare parse and extraction batch by batch" if interleave else ""))
    for n in sizes:
        pile = texts[:n]
        # one step, or (--interleave) one batch of each after the other, so that both see the same load
        step = batch_size if interleave else len(pile)
        t_bare = c_bare = t_extract = c_extract = 0.0
        docs: list[Document] = []
        for lo in range(0, len(pile), step):
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in bare.pipe(pile[lo : lo + step], batch_size=batch_size):
                pass
            t1, c1 = time.perf_counter(), time.process_time()
            raws = list(read([{"id": f"a{lo + i}", "text": t} for i, t in enumerate(pile[lo : lo + step])]))
            docs += [d for d in extractor.process(raws, batch_size=batch_size) if isinstance(d, Document)]  # type: ignore[arg-type]
            t_bare, c_bare = t_bare + t1 - t0, c_bare + c1 - c0
            t_extract, c_extract = t_extract + time.perf_counter() - t1, c_extract + time.process_time() - c1
        per_resolver.clear()
        rss_extract = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t1, c1 = time.perf_counter(), time.process_time()
        story = resolve(docs)
        t_resolve, c_resolve = time.perf_counter() - t1, time.process_time() - c1
        total = t_extract + t_resolve
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\n{len(pile)} reports: bare parse {t_bare:.1f} s; analyze {total:.1f} s "
              f"(read + parse + extract {t_extract:.1f} s, cross-document {t_resolve:.1f} s)")
        print(f"  ratio analyze/bare     {total / t_bare:6.3f}   (target <= 1.5 at 300, <= 1.6 at 3,000)")
        print(f"  ratio extract/bare     {t_extract / t_bare:6.3f}")
        print(f"  (cross-document models loaded before the run: {t_load:.1f} s; counted in, analyze/bare would be "
              f"{(total + t_load) / t_bare:.3f})")
        c_total = c_extract + c_resolve
        print(f"  CPU time: bare {c_bare:.1f} s, analyze {c_total:.1f} s ({c_extract:.1f} + {c_resolve:.1f}): "
              f"ratio {c_total / c_bare:.3f} (extract {c_extract / c_bare:.3f})")
        for name, secs in per_resolver.items():
            print(f"    resolve:{name:14s} {secs:7.2f} s  {secs / t_bare * 100:6.1f}% of bare parse")
        multi = sum(len({m.doc_id for m in c.members}) > 1 for c in story.claims)
        print(f"  {len(story.claims)} claim clusters ({multi} across reports), {len(story.entities)} entities; "
              f"peak RSS so far {rss:.0f} MiB ({rss_extract:.0f} MiB before the cross-document stage)")


def time_extractors(parsed, per_stage, clock=time.perf_counter) -> None:  # type: ignore[no-untyped-def]
    """Run the registered extractors on one parsed document, adding each one's time to ``per_stage``."""
    from newsprism.registry import extractors

    for entry in extractors.ordered():
        ts = clock()
        entry.func(parsed)
        per_stage[f"extract:{entry.name}"] += clock() - ts


def long_text(path: Path) -> None:
    """Where the time of one long text goes, stage by stage (CPU and wall seconds)."""
    import resource

    from spacy.tokens import Doc

    from newsprism import extract
    from newsprism.extract.base import Parsed
    from newsprism.ingest import from_text
    from newsprism.nlp import load_pipeline
    from newsprism.nlp.pieces import cuts
    from newsprism.pipeline import _record, resolve

    nlp = load_pipeline()
    extract.load_all()
    nlp("warm up")
    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)
    t0, c0 = time.perf_counter(), time.process_time()
    raw = from_text(path.read_text(encoding="utf-8"), doc_id="long")
    text = raw.clean.text
    t1, c1 = time.perf_counter(), time.process_time()
    parts = list(nlp.pipe((text[s:e] for s, e in cuts(text)), batch_size=1))
    t2, c2 = time.perf_counter(), time.process_time()
    doc, n_pieces = Doc.from_docs(parts, ensure_whitespace=False), len(parts)
    del parts  # as in newsprism: only the joined Doc stays
    t3, c3 = time.perf_counter(), time.process_time()
    for name, a, b in (("ingest", (t0, c0), (t1, c1)), ("bare pipe of the pieces", (t1, c1), (t2, c2)),
                       ("join (Doc.from_docs)", (t2, c2), (t3, c3))):
        wall[name], cpu[name] = b[0] - a[0], b[1] - a[1]
    parsed = Parsed(_record(raw), doc, raw.clean.offsets)
    time_extractors(parsed, cpu, time.process_time)
    t4, c4 = time.perf_counter(), time.process_time()
    resolve([parsed.record])
    wall["cross-document"], cpu["cross-document"] = time.perf_counter() - t4, time.process_time() - c4
    print(f"{path}: {len(text):,} characters, {n_pieces} pieces, {len(doc):,} tokens")
    for name, secs in cpu.items():
        print(f"  {name:28s} CPU {secs:7.2f} s" + (f"  wall {wall[name]:7.2f} s" if name in wall else ""))
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bodies", type=Path, default=DEFAULT_BODIES)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--analyze", default="", help="pile sizes for the whole of analyze, e.g. 300,3000")
    ap.add_argument("--interleave", action="store_true",
                    help="with --analyze: time the bare parse and the extraction of each batch one after the other")
    ap.add_argument("--long", type=Path, default=None, help="one long text: time by stage")
    args = ap.parse_args()
    if args.long:
        long_text(args.long)
        return
    if args.analyze:
        sizes = [int(x) for x in args.analyze.split(",")]
        texts = load_bodies(args.bodies, None)
        if max(sizes) > len(texts):
            texts += more_texts(args.bodies.resolve().parents[2])
        analyze_sizes(texts, sizes, args.batch_size, args.interleave)
        return

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
    for raw, doc in zip(raws, docs, strict=True):
        time_extractors(Parsed(_record(raw), doc, raw.clean.offsets), per_stage)
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

"""Document dates newsprism infers when the reports carry none, scored on PolNeAR.

    .venv/bin/python bench/docdate.py [--split train|dev] [--piles one,month] [--show N] [--data DIR]

Each article goes through the same code as ``newsprism analyze`` (the extractors that date a
document, then the story's joint dating, :func:`newsprism.pipeline.date_story`) with no date
and a neutral id (PolNeAR file names carry the date). The articles are brought as ONE pile,
then as piles of one true month each (how a user brings them). Truth: ``metadata.tsv``
``publication_date``. Measured, as a share of all articles:

- useful-right: a day within ±1 day of the truth, or a week that holds it;
- right: the estimate's period (day, week, month, year) holds the truth;
- wrong >7d: the estimate's period does not come within 7 days of the truth;
- declined: no estimate.

``--bound`` also prints what the texts allow at best, an oracle given the true year: the share of
articles that write a calendar day (month and day) at most one day before their own date, the
evidence a day estimate from the text itself would need.

The spaCy parses are cached (``--cache``, default ``~/.cache/newsprism-bench``);
outlet precision and wire detection come from ``bench/outlets.py``'s scorer on the same records.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from outlets import score_outlets  # noqa: E402
from story_piles import shared_dir  # noqa: E402


def load(data: Path, split: str) -> list[dict[str, Any]]:
    """PolNeAR articles of ``split`` with their true date, outlet and wire credit."""
    base = data / "data" / "polnear"
    meta: dict[str, dict[str, str]] = {}
    with (base / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] == split:
                meta[row["filename"]] = row
    out = []
    for path in sorted((base / split / "text").glob("*.txt")):
        row = meta.get(path.stem)
        if row is not None:
            out.append({"name": path.stem, "text": path.read_text(encoding="utf-8"),
                        "truth": date.fromisoformat(row["publication_date"]), "row": row})
    return out


def parsed_docs(items: list[dict[str, Any]], cache: Path) -> list[Any]:
    """(RawDoc, spaCy Doc) per article under neutral ids; parses cached by text digest."""
    from spacy.tokens import DocBin

    from newsprism.nlp import load_pipeline
    from newsprism.pipeline import read

    raws = list(read([{"id": f"doc-{n:04d}", "text": it["text"]} for n, it in enumerate(items)]))
    nlp = load_pipeline()
    digest = hashlib.sha256("\x00".join(r.clean.text for r in raws).encode()).hexdigest()[:16]  # type: ignore[union-attr]
    path = cache / f"polnear-{digest}.spacy"
    if path.exists():
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((r.clean.text for r in raws), batch_size=16))  # type: ignore[union-attr]
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(DocBin(docs=docs, store_user_data=True).to_bytes())
    return list(zip(raws, docs, strict=True))


def date_pile(pairs: list[Any]) -> list[Any]:
    """Extract (dating extractors only) and date the pile jointly, as ``analyze`` does."""
    from newsprism import extract
    from newsprism.extract.base import Parsed
    from newsprism.model import Document
    from newsprism.pipeline import date_story

    docs = []
    for raw, doc in pairs:
        rec = Document(id=raw.id, text=raw.text, meta=raw.meta.model_copy(deep=True))
        extract.run(Parsed(rec, doc, raw.clean.offsets), ["sentences", "time"])
        docs.append(rec)
    date_story(docs)
    return docs


def period(value: str | None, grain: str | None) -> tuple[date, date] | None:
    from newsprism.language.calendar import interval

    return interval(value, grain) if grain else None


def score(items: list[dict[str, Any]], docs: list[Any]) -> dict[str, int]:
    c = {"n": len(items), "useful": 0, "right": 0, "wrong": 0, "declined": 0, "day": 0, "week": 0}
    for it, doc in zip(items, docs, strict=True):
        m = doc.meta
        span = period(m.published, m.published_granularity)
        it["est"] = (m.published, m.published_granularity)
        if span is None:
            c["declined"] += 1
            continue
        lo, hi = span
        t = it["truth"]
        grain = m.published_granularity
        c[grain] = c.get(grain, 0) + 1
        c["right"] += lo <= t <= hi
        c["useful"] += (grain == "day" and abs((lo - t).days) <= 1) or (grain == "week" and lo <= t <= hi)
        c["wrong"] += t < lo - timedelta(days=7) or t > hi + timedelta(days=7)
    return c


def day_bound(items: list[dict[str, Any]], docs: list[Any]) -> dict[str, int]:
    """Articles writing a month and day; of those, the latest one not after the truth, 0-1 days before it."""
    import re

    c = {"n": len(items), "month_day": 0, "within_1": 0}
    for it, doc in zip(items, docs, strict=True):
        t = it["truth"]
        days = []
        for x in doc.timexes:
            m = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)-(\d\d)", x.value or "")
            if m is None:
                continue
            try:
                days.append(date(t.year if m[1] == "XXXX" else int(m[1]), int(m[2]), int(m[3])))
            except ValueError:
                continue
        c["month_day"] += bool(days)
        past = [d for d in days if d <= t]
        c["within_1"] += bool(past) and (t - max(past)).days <= 1
    return c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--piles", default="one,month", help="one, month or both (comma-separated)")
    ap.add_argument("--data", default=None, help="the shared data folder (default: ../shared, /work/shared)")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "newsprism-bench"))
    ap.add_argument("--show", type=int, default=0, help="print this many wrong or coarse estimates")
    ap.add_argument("--bound", action="store_true", help="also print the oracle bound of a day from the text")
    args = ap.parse_args(argv)
    items = load(Path(args.data) if args.data else shared_dir(), args.split)
    t0 = time.perf_counter()
    pairs = parsed_docs(items, Path(args.cache))
    print(f"PolNeAR {args.split}: {len(items)} articles, date hidden; parsed in {time.perf_counter() - t0:.0f}s")
    print("| piles | articles | useful-right | right | wrong >7d | declined | day / week answers | outlet precision | wire |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in args.piles.split(","):
        if kind == "one":
            groups = [list(range(len(items)))]
        else:
            by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
            for n, it in enumerate(items):
                by_month[(it["truth"].year, it["truth"].month)].append(n)
            groups = list(by_month.values())
        docs: list[Any] = [None] * len(items)
        t1 = time.perf_counter()
        for g in groups:
            for n, d in zip(g, date_pile([pairs[n] for n in g]), strict=True):
                docs[n] = d
        c = score(items, docs)
        n = c["n"]
        o = score_outlets(docs, {d.id: it["row"] for d, it in zip(docs, items, strict=True)})
        prec = "none named" if o["outlet_precision"] is None else f"{o['outlet_precision']:.2f}"
        wire_p = "-" if o["wire_precision"] is None else f"{o['wire_precision']:.2f}"
        outlet_col = f"{prec} ({o['outlet_named']} named)"
        wire_col = f"{o['wire_flagged']} flagged of {o['wire_copies']}, recall {o['wire_recall']}, precision {wire_p}"

        def pct(k: str, c: dict[str, int] = c, n: int = n) -> str:
            return f"{c[k] / n:.2f} ({c[k]})"

        print(f"| {kind} ({len(groups)}, {time.perf_counter() - t1:.0f}s) | {n} | {pct('useful')} | {pct('right')} "
              f"| {pct('wrong')} | {pct('declined')} | {c['day']} / {c['week']} | {outlet_col} | {wire_col} |")
        if args.bound:
            b = day_bound(items, docs)
            print(f"    bound: {b['month_day']} of {n} articles write a month and day; in {b['within_1']} "
                  f"({b['within_1'] / n:.2f}) the latest one up to their date is 0-1 days before it")
        shown = 0
        for it in items:
            value, grain = it["est"]
            span = period(value, grain)
            ok = span is not None and span[0] <= it["truth"] <= span[1] and grain in ("day", "week")
            if shown < args.show and not ok:
                shown += 1
                print(f"    {it['truth']}  {value or '-':10} {grain or '-':5}  {it['name'][:60]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

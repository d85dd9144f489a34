"""Document-date inference scored on PolNeAR dev (84 political news articles, 2016).

    .venv/bin/python bench/docdate.py [--show N]

Each article's text goes through newsprism's public pipeline with no date and a
neutral id (the PolNeAR file names carry the date, so they are hidden); newsprism
infers ``meta.published`` and its granularity, and we compare with
``metadata.tsv`` ``publication_date``. Reported: the share of all articles whose
estimate is a day within ±1 day / ±7 days of the truth; the share whose estimate
(day or month) is in the right month; and declines, estimates coarser than a day
(or none): rightful when the period declared (month, year) holds the true date.
"""

from __future__ import annotations

import argparse
import csv
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "polnear"


def load() -> list[tuple[str, str, date]]:
    truth: dict[str, date] = {}
    with (DATA / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] == "dev":
                truth[row["filename"]] = date.fromisoformat(row["publication_date"])
    out = []
    for path in sorted((DATA / "dev" / "text").glob("*.txt")):
        if path.stem in truth:
            out.append((path.stem, path.read_text(encoding="utf-8"), truth[path.stem]))
    return out


def infer(texts: list[str]) -> list[tuple[str | None, str | None]]:
    """(published, granularity) per text, through the pipeline with time extraction only."""
    from newsprism.model import Document
    from newsprism.pipeline import Extractor, read

    ex = Extractor(only=["sentences", "entities", "time"])
    raws = list(read([{"id": f"doc-{n}", "text": t} for n, t in enumerate(texts)]))
    by_id = {d.id: d for d in ex.process(raws) if isinstance(d, Document)}  # type: ignore[arg-type]
    return [
        (by_id[f"doc-{n}"].meta.published, by_id[f"doc-{n}"].meta.published_granularity)
        if f"doc-{n}" in by_id
        else (None, None)
        for n in range(len(texts))
    ]


def main(argv: list[str] | None = None) -> int:
    from newsprism.language.calendar import parse_date

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", type=int, default=0, help="print this many estimates next to the truth")
    args = ap.parse_args(argv)
    items = load()
    t0 = time.perf_counter()
    est = infer([t for _, t, _ in items])
    secs = time.perf_counter() - t0
    n = len(items)
    c = {"day": 0, "d1": 0, "d7": 0, "month_ok": 0, "declined": 0, "declined_ok": 0, "none": 0, "wrong_period": 0}
    for (name, _, truth), (value, grain) in zip(items, est, strict=True):
        if value is None:
            c["none"] += 1
            c["declined"] += 1
            c["declined_ok"] += 1
            continue
        d = parse_date(value)
        if d is None:
            continue
        if grain == "day":
            c["day"] += 1
            gap = abs((d - truth).days)
            c["d1"] += gap <= 1
            c["d7"] += gap <= 7
        else:
            c["declined"] += 1
            inside = d.year == truth.year and (grain == "year" or d.month == truth.month)
            c["declined_ok"] += inside
            c["wrong_period"] += not inside
        if grain in ("day", "month") and (d.year, d.month) == (truth.year, truth.month):
            c["month_ok"] += 1
        if args.show:
            args.show -= 1
            print(f"{truth}  {value or '-':10} {grain or '-':5}  {name}")
    pct = {k: 100 * v / n for k, v in c.items()}
    print(f"PolNeAR dev: {n} articles, date hidden, {secs:.0f}s")
    print("| measure | share |")
    print("|---|---|")
    print(f"| estimate is a day within ±1 day | {pct['d1']:.1f}% ({c['d1']}/{n}) |")
    print(f"| estimate is a day within ±7 days | {pct['d7']:.1f}% ({c['d7']}/{n}) |")
    print(f"| estimate (day or month) in the right month | {pct['month_ok']:.1f}% ({c['month_ok']}/{n}) |")
    print(f"| answered with a day | {pct['day']:.1f}% ({c['day']}/{n}) |")
    print(f"| declined (month, year or nothing) | {pct['declined']:.1f}% ({c['declined']}/{n}) |")
    print(
        f"| declined rightly (the period holds the true date, or no answer) | {pct['declined_ok']:.1f}% ({c['declined_ok']}/{n}) |"
    )
    print(f"| no estimate at all | {pct['none']:.1f}% ({c['none']}/{n}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Outlet and wire inference scored on PolNeAR (political news, 2016, 7 US outlets).

    PYTHONPATH=src .venv/bin/python bench/outlets.py [--split train dev] [--show N] [--data DIR]

Each article is copied under a neutral file name (PolNeAR's names carry publisher and
date) and read by ``newsprism.pipeline.read`` -- the ingest step of ``newsprism analyze``,
where the outlet and the wire credit are inferred. Compared with ``metadata.tsv``:
``publisher`` (through a display-name table below: the truth mapping, not a rule) and
``wire`` (a wire copy when it names one). Reported per split: documents, outlets named
(coverage), outlet precision (named and right / named), wire copies, and the recall and
precision of wire flags (``meta.syndicated_from``), and the pairs of reports of unknown outlet
that ``resolve.independence.shared_passages`` takes for one source (a shared unquoted sentence:
an outlet's boilerplate) with the share of them of one publisher.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsprism.model import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_piles import shared_dir  # noqa: E402

# publisher code -> the names that outlet goes by
PUBLISHERS = {
    "breitbart": {"breitbart", "breitbart news"},
    "huff-post": {"huffington post", "huffpost", "huffpost politics"},
    "nyt": {"new york times", "nytimes"},
    "politico": {"politico"},
    "usa-today": {"usa today"},
    "wash-post": {"washington post"},
    "west-journal": {"western journal", "western journalism", "west journal"},
}
WIRES = {"ap": "associated press", "afp": "afp", "reuters": "reuters", "upi": "upi"}
NOT_WIRE = {"", "none", "na"}


def _norm(name: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", name.strip().lower()))


def load(data: Path, split: str) -> list[tuple[str, str, dict[str, str]]]:
    """(neutral id, text, metadata row) per article of ``split``."""
    base = data / "data" / "polnear"
    with (base / "metadata.tsv").open(encoding="utf-8") as fh:
        rows = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t") if r["compartment"] == split}
    out = []
    for path in sorted((base / split / "text").glob("*.txt")):
        if path.stem in rows:
            neutral = f"{split}-{hashlib.sha1(path.stem.encode()).hexdigest()[:10]}"
            out.append((neutral, path.read_text(encoding="utf-8"), rows[path.stem]))
    return sorted(out)


def read_docs(items: Iterable[tuple[str, str]]) -> list[Document]:
    """Documents as ``newsprism analyze`` ingests them, from (neutral id, text) written to files."""
    from newsprism.pipeline import read

    tmp = Path(tempfile.mkdtemp(prefix="outlets-"))
    try:
        for doc_id, text in items:
            (tmp / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        return [Document(id=r.id, text=r.text, meta=r.meta) for r in read([tmp]) if hasattr(r, "meta")]
    finally:
        shutil.rmtree(tmp)


def _wire_truth(row: dict[str, str]) -> str | None:
    w = row.get("wire", "").strip().lower()
    return None if w in NOT_WIRE else WIRES.get(w, w)


def score_outlets(docs: list[Document], truth: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Coverage and precision of ``meta.outlet``, recall and precision of wire flags, against rows by doc id."""
    named = right = wires = flagged = flagged_right = found = 0
    errors: list[tuple[str, str, str]] = []
    for d in docs:
        row = truth[d.id]
        if d.meta.outlet:
            named += 1
            ok = _norm(d.meta.outlet) in PUBLISHERS.get(row["publisher"], set())
            right += ok
            if not ok:
                errors.append((d.id, f"outlet {d.meta.outlet!r}", row["publisher"]))
        wire = _wire_truth(row)
        wires += wire is not None
        if d.meta.syndicated_from:
            flagged += 1
            hit = wire is not None and _norm(d.meta.syndicated_from) == wire
            flagged_right += hit
            found += hit
            if not hit:
                errors.append((d.id, f"wire {d.meta.syndicated_from!r}", str(wire)))
        elif wire is not None:
            errors.append((d.id, "wire missed", wire))
    from itertools import combinations

    from newsprism.resolve.independence import shared_passages

    groups: dict[str, list[str]] = {}
    for doc_id, rep in shared_passages(docs).items():
        groups.setdefault(rep, []).append(doc_id)
    pairs = [(a, b) for g in groups.values() for a, b in combinations(sorted(g), 2)]
    same = sum(truth[a]["publisher"] == truth[b]["publisher"] for a, b in pairs)
    n = len(docs)
    return {
        "one_outlet_pairs": len(pairs),
        "one_outlet_precision": round(same / len(pairs), 3) if pairs else None,
        "documents": n,
        "outlet_named": named,
        "coverage": round(named / n, 3) if n else 0.0,
        "outlet_precision": round(right / named, 3) if named else None,
        "wire_copies": wires,
        "wire_flagged": flagged,
        "wire_recall": round(found / wires, 3) if wires else None,
        "wire_precision": round(flagged_right / flagged, 3) if flagged else None,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", nargs="+", default=["dev"], choices=["train", "dev"])
    ap.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared, /work/shared)")
    ap.add_argument("--show", type=int, default=0, help="print this many errors with their evidence")
    args = ap.parse_args(argv)
    cols = ["documents", "outlet_named", "coverage", "outlet_precision", "wire_copies", "wire_flagged",
            "wire_recall", "wire_precision", "one_outlet_pairs", "one_outlet_precision"]
    print("split  " + "  ".join(cols))
    for split in args.split:
        items = load(args.data or shared_dir(), split)
        docs = read_docs((i, t) for i, t, _ in items)
        res = score_outlets(docs, {i: r for i, _, r in items})
        print(f"{split:<6} " + "  ".join(f"{res[c]!s:>{len(c)}}" for c in cols))
        by_id = {d.id: d for d in docs}
        for doc_id, what, truth in res["errors"][: args.show]:
            ev = by_id[doc_id].meta.outlet_evidence
            print(f"  {doc_id} {what} (truth {truth}) {ev.reason if ev and 'outlet' in what else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

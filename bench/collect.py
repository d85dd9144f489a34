"""Rebuild bench/RESULTS.md: its hand-written head (summary table and throughput, up to the
marker line) followed by every area file of bench/results/, headings one level down.

    .venv/bin/python bench/collect.py          # rewrite bench/RESULTS.md
    .venv/bin/python bench/collect.py --check  # exit 1 when it is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = "<!-- Below: gathered from bench/results/*.md by bench/collect.py; edit those files, not this part. -->"
ORDER = ["story", "attributions", "time", "outlets", "entities", "claims", "web", "reliability", "scale"]


def build(results: Path = HERE / "RESULTS.md", areas: Path = HERE / "results") -> str:
    head = results.read_text(encoding="utf-8").split(MARKER)[0].rstrip() + "\n\n"
    names = ORDER + sorted(p.stem for p in areas.glob("*.md") if p.stem not in ORDER and p.stem != "README")
    parts = []
    for name in names:
        path = areas / f"{name}.md"
        if path.exists():
            text = path.read_text(encoding="utf-8").strip()
            parts.append(_demote(text))
    return head + MARKER + "\n\n" + "\n\n".join(parts) + "\n"


def _demote(text: str) -> str:
    """Headings one level down; lines inside code fences untouched."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        out.append("#" + line if not fenced and re.match(r"#+ ", line) else line)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    path = HERE / "RESULTS.md"
    text = build()
    if args.check:
        return int(path.read_text(encoding="utf-8") != text)
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

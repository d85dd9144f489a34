"""Role nouns on a PolNeAR train pile (issue 14): do "the Republican nominee", "the judge", "the
senator" join the person they refer to? The pile: 40 PolNeAR train reports of May 2016 (a seeded
sample, neutral names r001...); the referents were read by hand (bench/gold/roles_polnear_2016-05.tsv).
It is a tune pile: the role rules were built looking at it.

    PYTHONPATH=src .venv/bin/python bench/roles_pile.py --work /tmp/roles            # as shipped
    NEWSPRISM_ROLE_EVIDENCE=1 PYTHONPATH=src .venv/bin/python bench/roles_pile.py --work /tmp/roles
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path("/work/shared/data/polnear/train/text")
GOLD = HERE / "gold" / "roles_polnear_2016-05.tsv"


def pile(work: Path, data: Path = DATA) -> dict[str, str]:
    """Copy the sample under neutral names; file name -> document id."""
    files = sorted(f.name for f in data.iterdir() if "_2016-05-" in f.name)
    random.Random(18).shuffle(files)
    chosen = sorted(files[:40])
    (work / "pile").mkdir(parents=True, exist_ok=True)
    ids = {}
    for n, name in enumerate(chosen, 1):
        ids[name] = f"r{n:03d}"
        shutil.copy(data / name, work / "pile" / f"r{n:03d}.txt")
    return ids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, required=True, help="scratch folder (the extracted pile is cached there)")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--show", action="store_true", help="print every wrong or missing link")
    args = ap.parse_args()
    from newsprism.model import Document
    from newsprism.pipeline import date_story, extract_documents
    from newsprism.resolve.entities import build

    ids = pile(args.work, args.data)
    cache = args.work / "pile.jsonl"
    if not cache.exists():
        docs = [d for d in extract_documents([str(args.work / "pile")]) if isinstance(d, Document)]
        cache.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")
    docs = [Document.model_validate_json(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    date_story(docs)
    names = {e.id: (e.name, e.named and e.label == "PERSON") for e in build(docs)}
    by_doc = {d.id: d for d in docs}
    counts = dict.fromkeys(("right", "wrong", "unlinked", "none_ok", "none_linked"), 0)
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        file, offset, phrase, want = line.split("\t")
        doc = by_doc[ids[file]]
        m = next(m for m in doc.entities if m.start == int(offset) and m.kind == "nominal")
        got, person = names.get(m.entity_id or "", ("-", False))
        if want == "NONE":
            verdict = "none_linked" if person else "none_ok"
        else:
            verdict = "right" if person and want.lower() in got.lower() else "wrong" if person else "unlinked"
        counts[verdict] += 1
        if args.show and verdict not in ("right", "none_ok"):
            print(f"{verdict:12} {doc.id} {phrase!r} -> {got} (want {want})")
    print(f"a named referent: {counts['right']} right, {counts['wrong']} wrong, {counts['unlinked']} unlinked; "
          f"no named referent: {counts['none_ok']} left alone, {counts['none_linked']} linked to a person")


if __name__ == "__main__":
    main()

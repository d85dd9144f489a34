"""Which time expression dates an event: TimeBank / AQUAINT event-time links.

    .venv/bin/python bench/anchor.py [--part tune|aquaint-test|all] [--errors N]

A timeline row and a claim's ``time`` take one of the time expressions of their sentence. When a
sentence holds two or more ("his remarks on Saturday ... the voters Democrats count on on Nov. 8"),
which one dates the event matters. TimeML annotates it: a TLINK between an event and a time
expression of its sentence with an inclusion relation (IS_INCLUDED, DURING, SIMULTANEOUS, ...).

Items: every gold event with such a link to a time expression of its own sentence (not the
document date), in a sentence with two or more gold time expressions. The gold time expressions
are given, so the figure measures the choice only. Rules, each predicting one time expression:

- ``first``: the sentence's first (what ``extract/claims.py`` did before ``anchor``);
- ``nearest``: ``newsprism.extract.timex.anchor.choose``, the one nearest the event in characters
  (the product's rule for claims and timeline rows).

An item is right when the chosen expression is one the event is linked to. Parts as in
``bench/timex.py``: ``tune`` = TimeBank + AQUAINT's even files (rules are tried there),
``aquaint-test`` = AQUAINT's odd files (held out; the default).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from timex import ATTR, DATA, TAG, tml_text  # the TimeML reader of bench/timex.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
INCLUSION = {"IS_INCLUDED", "INCLUDES", "DURING", "DURING_INV", "SIMULTANEOUS", "IDENTITY",
             "BEGINS", "BEGUN_BY", "ENDS", "ENDED_BY"}


@dataclass
class Doc:
    name: str
    text: str
    timexes: dict[str, tuple[int, int]] = field(default_factory=dict)  # tid -> span
    events: dict[str, tuple[int, int]] = field(default_factory=dict)  # eid -> span
    links: dict[str, set[str]] = field(default_factory=dict)  # eid -> linked tids


def read(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    text, spans = tml_text(body_m[1] if body_m else "", {"TIMEX3", "EVENT"})
    doc = Doc(path.stem, text)
    for name, attrs, start, end in spans:
        if name == "TIMEX3" and attrs.get("tid"):
            doc.timexes[attrs["tid"]] = (start, end)
        elif name == "EVENT" and attrs.get("eid"):
            doc.events[attrs["eid"]] = (start, end)
    instance = {a["eiid"]: a["eventID"] for a in (dict(ATTR.findall(m[3])) for m in TAG.finditer(raw)
                if m[2] == "MAKEINSTANCE") if "eiid" in a and "eventID" in a}
    for m in TAG.finditer(raw):
        if m[2] != "TLINK":
            continue
        a = dict(ATTR.findall(m[3]))
        if a.get("relType") not in INCLUSION:
            continue
        ev = a.get("eventInstanceID") or a.get("relatedToEventInstance")
        tid = a.get("relatedToTime") or a.get("timeID")
        if ev and tid and ev in instance and tid in doc.timexes:
            doc.links.setdefault(instance[ev], set()).add(tid)
    return doc


def files(part: str) -> list[Path]:
    aquaint = sorted((DATA / "AQUAINT").glob("*.tml"))
    timebank = sorted((DATA / "TimeBank").glob("*.tml"))
    if part == "tune":
        return timebank + aquaint[0::2]
    if part == "aquaint-test":
        return aquaint[1::2]
    return timebank + aquaint


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="aquaint-test", choices=["tune", "aquaint-test", "all"])
    ap.add_argument("--errors", type=int, default=0, help="print N items the product's rule gets wrong")
    args = ap.parse_args()
    if args.errors and args.part != "tune":
        sys.exit("--errors reads held-out files: use --part tune")

    from newsprism.extract.timex.anchor import choose
    from newsprism.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    docs = [read(p) for p in files(args.part)]
    right = {"first": 0, "nearest": 0}
    items = 0
    errors: list[str] = []
    for d, sp in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        for eid, tids in d.links.items():
            es, ee = d.events[eid]
            ev = sp.char_span(es, ee, alignment_mode="expand")
            if ev is None or not len(ev):
                continue
            sent = ev[0].sent
            spans = []
            for tid, (ts, te) in d.timexes.items():
                if tid == "t0" or not (sent.start_char <= ts and te <= sent.end_char):
                    continue
                span = sp.char_span(ts, te, alignment_mode="expand")
                if span is not None:
                    spans.append((tid, span))
            if len(spans) < 2 or not tids & {t for t, _ in spans}:
                continue
            spans.sort(key=lambda x: x[1].start_char)
            items += 1
            right["first"] += spans[0][0] in tids
            pick = choose((es, ee), [(s.start_char, s.end_char) for _, s in spans])
            ok = pick is not None and spans[pick][0] in tids
            right["nearest"] += ok
            if not ok and len(errors) < args.errors:
                chosen = spans[pick][1].text if pick is not None else None
                gold = [s.text for t, s in spans if t in tids]
                errors.append(f"{d.name}: event {ev.text!r} chose {chosen!r} gold {gold}\n   {sent.text.strip()[:300]}")
    print(f"part {args.part}: {len(docs)} files, {items} linked events in sentences with 2+ time expressions")
    for k, v in right.items():
        print(f"  {k:8s} {v / max(items, 1):.3f} ({v}/{items})")
    for e in errors:
        print(e)


if __name__ == "__main__":
    main()

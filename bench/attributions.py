"""PolNeAR attribution scorer: newsprism vs textacy's direct_quotations, side by side.

    .venv/bin/python bench/attributions.py [FOLDER] [--half tune|test] [--jsonl FILE] [--no-peer] [--out FILE]

FOLDER is PolNeAR-style (``text/*.txt``, ``attributions/*.ann``; first annotator's file
per article); default ../shared/data/polnear/dev. newsprism's side is the output of
``newsprism extract FOLDER/text --jsonl -`` (run here unless --jsonl gives a file).
Per role (source, cue, content): exact F1 (same span after trimming surrounding
punctuation and white space) and partial F1 (any overlap); linked F1: content overlaps
the gold content by at least half of the shorter span and the source overlaps the gold
source (or both have none). A role's span is the envelope of its parts.

--half: score one half of the folder's articles only (sorted file names, alternating: the
1st, 3rd, ... are "tune", the 2nd, 4th, ... "test"), so that both halves cover the period.
Tune on "tune"; report "test" once per round.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from newsprism.extract.attribution import brat
from newsprism.extract.attribution.score import Item, Scores, score_doc, trim

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "polnear" / "dev"
KEYS = ["source.exact", "cue.exact", "content.exact", "source.partial", "cue.partial", "content.partial", "linked"]


def half_of(stems: list[str], half: str | None) -> list[str]:
    """The articles of one half (see the module docstring); all of them for None."""
    ordered = sorted(stems)
    if half is None:
        return ordered
    return ordered[{"tune": 0, "test": 1}[half] :: 2]


def gold_items(text: str, golds: list[brat.GoldAttribution]) -> list[Item]:
    return [Item(trim(text, g.source), trim(text, g.cue), trim(text, g.content)) for g in golds]


def _rng(span: dict | None) -> list[tuple[int, int]]:
    return [(span["start"], span["end"])] if span else []


def newsprism_items(folder: Path, jsonl: Path | None) -> tuple[dict[str, tuple[str, list[Item]]], float]:
    """Per article stem: (text, predicted items), from ``newsprism extract``."""
    t0 = time.perf_counter()
    if jsonl is None:
        exe = Path(sys.executable).parent / "newsprism"
        cmd = [str(exe), "extract", str(folder / "text"), "--jsonl", "-"]
        lines = subprocess.run(cmd, check=False, capture_output=True, text=True).stdout.splitlines()
    else:
        lines = jsonl.read_text(encoding="utf-8").splitlines()
    secs = time.perf_counter() - t0
    out: dict[str, tuple[str, list[Item]]] = {}
    for line in lines:
        if not line.strip():
            continue
        rec = json.loads(line)
        stem = Path(rec["meta"].get("source_path") or rec["id"]).stem
        out[stem] = (rec["text"], record_items(rec))
    return out, secs


def record_items(rec: dict) -> list[Item]:
    """The scored spans of one document record (``newsprism extract`` JSON)."""
    text = rec["text"]
    items = []
    for a in rec.get("attributions", []):
        content = [(p["start"], p["end"]) for p in a.get("content_parts") or []] or _rng(a.get("content"))
        items.append(Item(trim(text, _rng(a.get("source"))), trim(text, _rng(a.get("cue"))), trim(text, content)))
    return items


def textacy_items(folder: Path) -> tuple[dict[str, tuple[str, list[Item]]], float]:
    """textacy's direct_quotations on a bare spaCy parse of each text."""
    import spacy
    from textacy.extract.triples import direct_quotations

    from newsprism.nlp import resolve_model_name

    nlp = spacy.load(resolve_model_name())
    out: dict[str, tuple[str, list[Item]]] = {}
    files = sorted((folder / "text").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    for f, text, doc in zip(files, texts, nlp.pipe(texts), strict=True):
        items = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # the peer may fail on odd quoting; count it as finding nothing
            triples = []
        for q in triples:
            src = [(min(t.idx for t in q.speaker), max(t.idx + len(t) for t in q.speaker))] if q.speaker else []
            cue = [(min(t.idx for t in q.cue), max(t.idx + len(t) for t in q.cue))] if q.cue else []
            items.append(
                Item(trim(text, src), trim(text, cue), trim(text, [(q.content.start_char, q.content.end_char)]))
            )
        out[f.stem] = (text, items)
    return out, time.perf_counter() - t0


def speed(folder: Path) -> str:
    """Attribution extraction time against the bare spaCy parse of the same texts, one process."""
    import spacy

    from newsprism.extract.attribution import extract_attributions
    from newsprism.extract.attribution.learned import default_model
    from newsprism.extract.base import Parsed
    from newsprism.ingest import from_text
    from newsprism.nlp import load_pipeline, resolve_model_name
    from newsprism.pipeline import _record

    texts = [f.read_text(encoding="utf-8") for f in sorted((folder / "text").glob("*.txt"))]
    bare = spacy.load(resolve_model_name())
    nlp = load_pipeline()
    default_model()
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    t_bare = time.perf_counter() - t0
    raws = [from_text(t, doc_id=f"s{i}") for i, t in enumerate(texts)]
    docs = list(nlp.pipe((r.clean.text for r in raws), batch_size=32))
    t0 = time.perf_counter()
    for raw, doc in zip(raws, docs, strict=True):
        extract_attributions(Parsed(_record(raw), doc, raw.clean.offsets))
    t_att = time.perf_counter() - t0
    return (
        f"speed ({len(texts)} articles, 1 process): bare spaCy parse {t_bare:.2f}s, attribution extraction "
        f"{t_att:.2f}s = {t_att / t_bare * 100:.1f}% of the bare parse"
    )


def run_scores(golds: dict[str, list[brat.GoldAttribution]], preds: dict[str, tuple[str, list[Item]]]) -> Scores:
    sc = Scores()
    for stem, gl in golds.items():
        text, items = preds.get(stem, ("", []))
        if not text:
            text = ""
        score_doc(sc, items, gold_items(text, gl) if text else [Item(None, None, None) for _ in gl])
    return sc


def table(rows: dict[str, Scores]) -> str:
    head = "| system | " + " | ".join(KEYS) + " |\n|---|" + "---|" * len(KEYS) + "\n"
    body = ""
    for name, sc in rows.items():
        body += f"| {name} | " + " | ".join(f"{sc.roles[k].prf()[2]:.3f}" for k in KEYS) + " |\n"
    return head + body


def detail(rows: dict[str, Scores]) -> str:
    out = "| system | measure | P | R | F1 | tp | pred | gold |\n|---|---|---|---|---|---|---|---|\n"
    for name, sc in rows.items():
        for k in KEYS:
            c = sc.roles[k]
            p, r, f = c.prf()
            out += f"| {name} | {k} | {p:.3f} | {r:.3f} | {f:.3f} | {c.tp} | {c.n_pred} | {c.n_gold} |\n"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="?", default=DEFAULT)
    ap.add_argument("--half", choices=["tune", "test"], default=None, help="score one half of the articles only")
    ap.add_argument("--jsonl", type=Path, default=None, help="newsprism extract output to score (default: run it)")
    ap.add_argument("--no-peer", action="store_true", help="skip textacy")
    ap.add_argument("--speed", action="store_true", help="also time extraction against the bare parse")
    ap.add_argument("--out", type=Path, default=None, help="also write a Markdown report here")
    args = ap.parse_args()

    golds = {
        stem: (brat.read_ann(ann) if (ann := brat.ann_for(args.folder, stem)) else [])
        for stem in half_of(list(brat.read_folder(args.folder)), args.half)
    }
    ours, t_ours = newsprism_items(args.folder, args.jsonl)
    if not ours:
        sys.exit("newsprism extract produced no records")
    rows = {"newsprism": run_scores(golds, ours)}
    timing = f"newsprism extract: {t_ours:.1f}s for {len(ours)} articles (whole pipeline, incl. model load)"
    if not args.no_peer:
        try:
            peer, t_peer = textacy_items(args.folder)
            rows["textacy direct_quotations"] = run_scores(golds, peer)
            timing += f"; textacy: {t_peer:.1f}s (parse + quotations)"
        except ImportError:
            timing += "; textacy not installed (pip install textacy) -- peer skipped"
    n_gold = sum(len(v) for v in golds.values())
    report = (
        f"PolNeAR `{args.folder.name}`{f' ({args.half} half)' if args.half else ''}: {len(golds)} articles, {n_gold} gold attributions (F1)\n\n"
        + table(rows)
        + "\n"
        + detail(rows)
        + "\n"
        + timing
        + "\n"
    )
    if args.speed:
        report += "\n" + speed(args.folder) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()

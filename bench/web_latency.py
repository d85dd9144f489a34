"""Overview latency of the web view on a 1,000-article story store.

The store is synthetic: the seeds are analysed and resolved once, then their documents and
cross-document results (entities, claims, timeline, outlet profiles) are replicated with new
ids up to 1,000 documents (resolving 1,000 documents is not what is measured here). Each request goes through the whole
FastAPI stack in-process (``TestClient``); the baselines are measured in the same run:
a bare SQLite ``count(*)`` on the store and a static response through the same stack.

    .venv/bin/python bench/web_latency.py [--docs 1000] [--runs 50] [--out bench/results/web.md]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from newsprism.model import Document, OutletProfile, Story

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples"


def _replica(story: Story, i: int) -> tuple[Story, list[Document]]:
    """The seeds' story with every document, entity, claim and event id made unique for replica ``i``."""
    ids = [d.id for d in story.docs] + [e.id for e in story.entities] + [c.id for c in story.claims]
    ids += [t.id for t in story.timeline]
    body = json.dumps({"story": story.model_dump(), "docs": [d.model_dump() for d in story.docs]})
    for old in sorted(set(ids), key=len, reverse=True):
        body = body.replace(json.dumps(old), json.dumps(f"{old}-r{i:04d}"))
    data = json.loads(body)
    return Story.model_validate(data["story"]), [Document.model_validate(d) for d in data["docs"]]


def build_store(path: Path, n_docs: int) -> tuple[float, float, float]:
    """Analyse and resolve the seeds once, then replicate documents and results up to ``n_docs``."""
    import newsprism
    from newsprism.store import connect
    from newsprism.store.write import write_document, write_story

    t0 = time.perf_counter()
    seed = newsprism.analyze([SEEDS])
    t_seed = time.perf_counter() - t0
    per = len(seed.docs)
    total = Story()
    docs: list[Document] = []
    outlets: dict[str, OutletProfile] = {}
    for i in range((n_docs + per - 1) // per):
        rep, rep_docs = _replica(seed, i)
        docs += rep_docs
        total.entities += rep.entities
        total.claims += rep.claims
        total.timeline += rep.timeline
        for o in rep.outlets:
            acc = outlets.setdefault(o.outlet, OutletProfile(outlet=o.outlet, naming=o.naming))
            acc.documents += o.documents
            acc.hedges += o.hedges
            for k, v in o.source_mix.items():
                acc.source_mix[k] = acc.source_mix.get(k, 0) + v
    total.naming = seed.naming
    total.outlets = list(outlets.values())
    docs = docs[:n_docs]
    keep = {d.id for d in docs}
    for c in total.claims:
        c.members = [m for m in c.members if m.doc_id in keep]
    total._docs = docs
    t1 = time.perf_counter()
    con = connect(path)
    for doc in docs:
        write_document(con, doc)
    t_docs = time.perf_counter() - t1
    t2 = time.perf_counter()
    write_story(con, total)
    con.close()
    return t_seed, t_docs, time.perf_counter() - t2


def timed(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "story.db"
        t_seed, t_docs, t_cross = build_store(db, args.docs)
        size = db.stat().st_size
        client = TestClient(create_app(db), base_url="http://localhost")  # the names the server answers to
        t = time.perf_counter()
        first = client.get("/")
        cold = (time.perf_counter() - t) * 1000
        assert first.status_code == 200
        for _ in range(3):
            client.get("/")
        overview = timed(lambda: client.get("/"), args.runs)
        api = timed(lambda: client.get("/api/overview"), args.runs)
        static = timed(lambda: client.get("/favicon.ico"), args.runs)
        con = sqlite3.connect(db)
        bare = timed(lambda: con.execute("SELECT count(*) FROM documents").fetchone(), args.runs)
        n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("mentions", "attributions", "timexes", "claims", "timeline", "entities")}
        con.close()

    def row(name: str, xs: list[float]) -> str:
        xs = sorted(xs)
        return f"| {name} | {statistics.median(xs):.2f} | {xs[int(0.95 * (len(xs) - 1))]:.2f} |"

    lines = [
        f"Seeds analysed and resolved in {t_seed:.1f} s.",
        f"Store: {n} documents ({size / 1e6:.1f} MB; rows: "
        + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"); written in {t_docs:.1f} s "
        f"(one transaction per document) + {t_cross:.2f} s cross-document transaction.",
        "",
        f"| request ({args.runs} runs, warm) | median ms | p95 ms |",
        "|---|---:|---:|",
        row("GET / (overview page)", overview),
        row("GET /api/overview (JSON)", api),
        row("baseline: static response, same stack", static),
        row("baseline: bare SQLite count(*)", bare),
        "",
        f"First overview request after start (draws and caches the charts): {cold:.0f} ms.",
        f"Overview / static response: {statistics.median(overview) / statistics.median(static):.1f}x.",
    ]
    emit(lines, args.out)


def emit(lines: list[str], out: Path | None) -> None:
    """Print a bench's report and, when asked, write it to ``out``."""
    text = "\n".join(lines)
    print(text)
    if out:
        out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

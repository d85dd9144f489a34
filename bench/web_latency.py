"""Overview latency of the web view on a 1,000-article story store.

The store is synthetic: the seeds' analysed documents replicated with new ids (and their
cross-document results resolved over all 1,000). Each request goes through the whole
FastAPI stack in-process (``TestClient``); the baselines are measured in the same run:
a bare SQLite ``count(*)`` on the store and a static response through the same stack.

    .venv/bin/python bench/web_latency.py [--docs 1000] [--runs 50] [--out bench/results/web.md]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples"


def build_store(path: Path, n_docs: int) -> tuple[float, float]:
    import newsprism
    from newsprism.model import Document
    from newsprism.pipeline import resolve
    from newsprism.store import connect
    from newsprism.store.write import write_document, write_story

    seeds = newsprism.analyze([SEEDS]).docs
    docs = []
    for i in range(n_docs):
        base = seeds[i % len(seeds)]
        body = base.model_dump_json().replace(f'"{base.id}', f'"{base.id}-r{i:04d}')
        docs.append(Document.model_validate_json(body))
    t0 = time.perf_counter()
    con = connect(path)
    for doc in docs:
        write_document(con, doc)
    t_docs = time.perf_counter() - t0
    story = resolve(docs)
    t1 = time.perf_counter()
    write_story(con, story)
    con.close()
    return t_docs, time.perf_counter() - t1


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
        t_docs, t_cross = build_store(db, args.docs)
        size = db.stat().st_size
        client = TestClient(create_app(db))
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
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

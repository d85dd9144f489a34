"""Batch engine benchmarks: throughput vs bare spaCy, scaling with corpus size, Ray vs local.

    .venv/bin/python bench/scale.py throughput --n 1000
    .venv/bin/python bench/scale.py scaling --sizes 2500,10000,40000
    .venv/bin/python bench/scale.py ray --n 1000

Texts: FNC-1 train bodies and PolNeAR train texts (../shared/data), interleaved and
replicated as needed (copy k of a text gets its own id). Dates are synthetic, 100 articles
a day from 2016-01-01, so a bigger corpus is a longer period at the same daily rate (a
news archive), not more articles per day. Every figure is measured in the same run as its
baseline; each job runs in a fresh subprocess so its driver's peak RSS is its own.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

csv.field_size_limit(sys.maxsize)
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PER_DAY = 100


def texts() -> list[str]:
    with (SHARED / "fnc1" / "train_bodies.csv").open(encoding="utf-8") as fh:
        fnc = [r["articleBody"] for r in csv.DictReader(fh) if r["articleBody"].strip()]
    polnear = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "polnear" / "train" / "text").glob("*.txt"))]
    out: list[str] = []
    for i in range(max(len(fnc), len(polnear))):
        out += [t[i] for t in (fnc, polnear) if i < len(t)]
    return out


def write_corpus(path: Path, n: int) -> int:
    """``n`` articles as JSONL; returns the number of words."""
    pool = texts()
    start = dt.date(2016, 1, 1)
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = pool[i % len(pool)]
            words += len(text.split())
            day = start + dt.timedelta(days=i // PER_DAY)
            fh.write(json.dumps({"id": f"a{i:06d}", "text": text, "published": day.isoformat()}) + "\n")
    return words


class BareParse:
    """The baseline worker: spaCy's own pipeline, ``nlp.pipe`` over the shard's raw texts."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        import spacy

        self.nlp = spacy.load(model)
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from newsprism.scale.sources import Shard

        outs = []
        for task in batch["task"]:
            shard = Shard.from_json(str(task))
            t0 = time.perf_counter()
            with open(shard.paths[0], "rb") as fh:
                fh.seek(shard.start)
                lines = fh.read(shard.end - shard.start).splitlines()
            docs = [json.loads(x)["text"] for x in lines if x.strip()]
            n = sum(1 for _ in self.nlp.pipe(docs, batch_size=self.batch_size))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            outs.append(
                {"task": shard.id, "docs": n, "seconds": time.perf_counter() - t0, "rss_mb": rss, "pid": os.getpid()}
            )
        return {k: [o[k] for o in outs] for k in outs[0]}


def _driver_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_cpu() -> float:
    """CPU seconds (user + system) of this process and all its descendants, living or
    reaped by one of them (from /proc: utime, stime, cutime, cstime). With Ray this counts
    the raylet, GCS, agents and workers it started; under a loaded machine it is the fair
    measure of what a job costs, where wall time also measures the neighbours."""
    stats: dict[int, tuple[int, int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            raw = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        stats[int(name)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
    tree = {os.getpid()}
    grew = True
    while grew:
        kids = {pid for pid, (ppid, _) in stats.items() if ppid in tree} - tree
        grew = bool(kids)
        tree |= kids
    return sum(stats[p][1] for p in tree if p in stats) / os.sysconf("SC_CLK_TCK")


def job(kind: str, n: int, workers: int, shard_size: int, tmp: Path, keep: bool = False) -> dict[str, Any]:
    """One measured job in this process: ``bare``, ``local`` or ``ray``."""
    from newsprism.nlp import resolve_model_name
    from newsprism.scale import plan_shards, run_batch
    from newsprism.scale.engines import ray_start, run_local

    corpus = tmp / f"corpus-{n}.jsonl"
    if not corpus.exists():
        write_corpus(corpus, n)
    if kind == "bare":
        tasks = [s.to_json() for s in plan_shards([corpus], shard_size)]
        t0 = time.perf_counter()
        rows = list(run_local(tasks, BareParse, {"model": resolve_model_name()}, workers))
        wall = time.perf_counter() - t0
        return {
            "kind": kind,
            "n": n,
            "wall": wall,
            "cpu": tree_cpu(),
            "busy": sum(r["seconds"] for r in rows),
            "docs": sum(r["docs"] for r in rows),
            "worker_rss_mb": max(r["rss_mb"] for r in rows),
        }
    init = 0.0
    if kind == "ray":
        t0 = time.perf_counter()
        ray_start(None, workers)
        init = time.perf_counter() - t0
    if keep:  # one output per job, kept: a restarted bench resumes it (wall times then cover only the rest)
        out = tmp / f"out-{kind}-{n}"
    else:
        out = Path(tempfile.mkdtemp(prefix=f"out-{kind}-{n}-", dir=tmp))  # a fresh output per run
    t0 = time.perf_counter()
    res = run_batch([corpus], out, engine=kind, workers=workers, shard_size=shard_size)
    wall = time.perf_counter() - t0
    cpu = tree_cpu()  # before ray.shutdown(), while Ray's processes are there to be counted
    import pyarrow.dataset as pds

    errs = pds.dataset(out / "errors", format="parquet").to_table(columns=["code", "reason"]).to_pylist()
    reasons: dict[str, int] = {}
    for e in errs:
        key = f"{e['code']}: {e['reason'][:100]}"
        reasons[key] = reasons.get(key, 0) + 1
    totals = task_totals(out)
    return {
        "kind": kind,
        "n": n,
        "wall": wall,
        "cpu": cpu,
        "busy": totals["busy_extract"],  # the bare job's key for the same measure
        "error_reasons": reasons,
        "ray_init": init,
        "extract_wall": res.seconds_extract,
        "stories_wall": res.seconds_stories,
        "docs": res.documents,
        "errors": res.errors,
        "stories": res.stories,
        "worker_rss_mb": max(res.peak_rss_mb.values(), default=0.0),
        "driver_rss_mb": _driver_rss(),
        "resumed": res.shards_reused > 0,
        **totals,
    }


def task_totals(out: Path) -> dict[str, float]:
    """CPU seconds, busy seconds and peak worker RSS of every task of a batch output, from
    its task markers (so a run resumed after a stop still counts its first part)."""
    totals = {f"{k}_{stage}": 0.0 for k in ("cpu", "busy", "rss") for stage in ("extract", "stories")}
    for path in (out / "_done").glob("*.json"):
        mark = json.loads(path.read_text(encoding="utf-8"))
        stage = "stories" if str(mark["task"]).startswith("b") else "extract"
        totals[f"cpu_{stage}"] += float(mark.get("cpu_seconds", 0.0))
        totals[f"busy_{stage}"] += float(mark["seconds"])
        totals[f"rss_{stage}"] = max(totals[f"rss_{stage}"], float(mark["rss_mb"]))
    return totals


def run_job(kind: str, n: int, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "_job", kind, str(n), str(args.workers), str(args.shard_size), str(tmp)]
    cmd += ["keep"] if args.work else []
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.exit(f"{kind} {n} failed:\n{res.stderr[-3000:]}")
    data = json.loads(res.stdout.strip().splitlines()[-1])
    print(json.dumps(data), file=sys.stderr)
    return data


def throughput(args: argparse.Namespace, tmp: Path) -> None:
    bare = run_job("bare", args.n, args, tmp)
    full = run_job("local", args.n, args, tmp)
    n = full["docs"]
    rate = n / full["extract_wall"]
    steady = n / (full["busy"] / args.workers)
    print(f"## Throughput: {n} articles (FNC-1 + PolNeAR train), {args.workers} workers, shards of {args.shard_size}\n")
    print("| | wall s | articles/s (wall) | busy s (sum over workers) |")
    print("|---|---|---|---|")
    print(f"| bare `nlp.pipe` | {bare['wall']:.1f} | {bare['docs'] / bare['wall']:.1f} | {bare['busy']:.1f} |")
    print(
        f"| newsprism extraction (batch, Parquet out) | {full['extract_wall']:.1f} | {rate:.1f} | {full['busy']:.1f} |"
    )
    print(
        f"\nratio newsprism / bare: **{full['extract_wall'] / bare['wall']:.2f}** wall, **{full['busy'] / bare['busy']:.2f}** busy time"
    )
    print(f"CPU seconds, bare {bare['cpu']:.0f} vs newsprism {full['cpu']:.0f} (incl. stories stage)")
    whole = full["extract_wall"] + full["stories_wall"]
    print(
        f"whole batch (extraction + stories) / bare: **{whole / bare['wall']:.2f}** wall "
        f"(stories stage {full['stories_wall']:.1f} s), **{full['cpu'] / bare['cpu']:.2f}** CPU (target <= 1.5)"
    )
    print(
        f"projected articles/day per machine ({args.workers} workers): {rate * 86400:,.0f} (wall rate), {steady * 86400:,.0f} (steady-state rate)"
    )


def _slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y on log x."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / sum((x - mx) ** 2 for x in lx)


def scaling(args: argparse.Namespace, tmp: Path) -> None:
    """The whole batch at each size. CPU seconds (every worker's, from the task markers) are
    the measure that a loaded machine, a ``nice``d run or a resumed run leave fair; wall
    seconds are given too, and fitted only when no run was resumed."""
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        rows.append(run_job("local", n, args, tmp))
        print(f"size {n} done: {json.dumps(rows[-1])}", file=sys.stderr, flush=True)
    print(f"## Scaling: whole batch (extraction + stories), {args.workers} workers, shards of {args.shard_size}\n")
    print(
        "| articles | stories | CPU s extraction | CPU s stories | CPU ms/article | wall s | peak RSS per worker "
        "MiB (extraction / stories) | driver peak RSS MiB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        cpu = r["cpu_extract"] + r["cpu_stories"]
        wall = f"{r['wall']:.1f}" + (" (resumed)" if r["resumed"] else "")
        print(
            f"| {r['n']} | {r['stories']} | {r['cpu_extract']:.0f} | {r['cpu_stories']:.0f} | {cpu / r['n'] * 1000:.0f} "
            f"| {wall} | {r['rss_extract']:.0f} / {r['rss_stories']:.0f} | {r['driver_rss_mb']:.0f} |"
        )
    ns = [float(r["n"]) for r in rows]
    cpu_slope = _slope(ns, [r["cpu_extract"] + r["cpu_stories"] for r in rows])
    print(f"\nfitted growth exponent (log CPU seconds vs log articles): **{cpu_slope:.3f}**")
    print(f"stories stage alone: {_slope(ns, [r['cpu_stories'] for r in rows]):.3f}")
    if not any(r["resumed"] for r in rows):
        print(f"wall time: {_slope(ns, [r['wall'] for r in rows]):.3f}")


def ray_vs_local(args: argparse.Namespace, tmp: Path) -> None:
    """Local and Ray in ABBA order (local, ray, ray, local, ...), so drift in the load of a
    shared machine falls on both; the overhead is the ratio of the sums."""
    order = ["local", "ray", "ray", "local"] * ((args.repeat + 1) // 2)
    runs = [run_job(kind, args.n, args, tmp) for kind in order[: 2 * args.repeat]]
    print(f"## Ray vs local: {args.n} articles, whole batch, {args.workers} workers, {args.repeat} runs each\n")
    print("| run | engine | wall s | extraction s | stories s | CPU s (all processes) | `ray.init` s |")
    print("|---|---|---|---|---|---|---|")
    for i, r in enumerate(runs, 1):
        init = f"{r['ray_init']:.1f}" if r["kind"] == "ray" else "-"
        print(
            f"| {i} | {r['kind']} | {r['wall']:.1f} | {r['extract_wall']:.1f} | {r['stories_wall']:.1f} "
            f"| {r['cpu']:.0f} | {init} |"
        )

    def total(kind: str, key: str) -> float:
        return sum(r[key] for r in runs if r["kind"] == kind)

    wall = total("ray", "wall") / total("local", "wall") - 1
    init = (total("ray", "wall") + total("ray", "ray_init")) / total("local", "wall") - 1
    print(f"\nRay overhead: **{wall * 100:+.1f}%** wall (Ray started), {init * 100:+.1f}% counting `ray.init`")
    print("(CPU s of a Ray run miss the actors that Ray reaps outside this process tree: compare wall times)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_job":
        kind, n, workers, shard_size, tmp = sys.argv[2:7]
        print(json.dumps(job(kind, int(n), int(workers), int(shard_size), Path(tmp), keep=sys.argv[7:] == ["keep"])))
        return
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("what", choices=["throughput", "scaling", "ray"])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--sizes", default="2500,10000,40000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shard-size", type=int, default=250)
    ap.add_argument("--repeat", type=int, default=2, help="ray: runs of each engine")
    ap.add_argument("--work", type=Path, help="keep corpora and outputs here; a rerun resumes unfinished jobs")
    args = ap.parse_args()
    run = {"throughput": throughput, "scaling": scaling, "ray": ray_vs_local}[args.what]
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        run(args, args.work.absolute())
    else:
        with tempfile.TemporaryDirectory(prefix="newsprism-scale-") as tmp:
            run(args, Path(tmp))
    print(f"\ncommand: `.venv/bin/python bench/scale.py {' '.join(sys.argv[1:])}`")


if __name__ == "__main__":
    main()

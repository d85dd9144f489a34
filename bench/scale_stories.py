"""Rerun only the stories stage of an existing ``newsprism batch`` output with the current code.

    .venv/bin/python bench/scale_stories.py OUT

OUT is changed in place (story parts of other settings are dropped as stale): run it on a copy.
Prints the stage's CPU seconds (from the task markers) and the peak RSS of every worker process.
"""

from __future__ import annotations

import inspect
import json
import sys
import time
from pathlib import Path

from newsprism.scale import batch
from newsprism.scale.sources import Shard
from scale import task_totals  # bench/scale.py: CPU s, busy s and peak RSS per stage from the task markers


def main() -> None:
    out = Path(sys.argv[1])
    shards = json.loads((out / "plan.json").read_text(encoding="utf-8"))["shards"]
    plan = [Shard.from_json(json.dumps(s)) for s in shards]
    res = batch.BatchResult(outdir=str(out), engine="local")
    default = {k: p.default for k, p in inspect.signature(batch.run_batch).parameters.items()}
    limits = {k: default[k] for k in ("window_days", "max_key_docs", "max_story")}
    t0 = time.perf_counter()
    batch._stories(out, plan, res, "local", None, 2, limits, default["bucket_docs"], None, None)
    totals = task_totals(out)
    pids = {json.loads(p.read_text(encoding="utf-8"))["pid"] for p in (out / "_done").glob("b*.json")}
    summary = {
        "buckets": res.buckets,
        "stories": res.stories,
        "failed": res.failed,
        "wall": round(time.perf_counter() - t0),
        "cpu_stories": round(totals["cpu_stories"]),
        "rss_stories": round(totals["rss_stories"]),
        "workers": len(pids),
    }
    print(json.dumps(summary))


if __name__ == "__main__":  # the local engine spawns workers that import this file
    main()

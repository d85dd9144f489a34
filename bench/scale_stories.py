"""Rerun only the stories stage of an existing ``newsprism batch`` output with the current code.

    .venv/bin/python bench/scale_stories.py OUT

OUT is changed in place (story parts of other settings are dropped as stale): run it on a copy.
Prints the stage's CPU seconds (from the task markers) and the peak RSS of every worker process.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from newsprism.scale import batch
from newsprism.scale.sources import Shard


def main() -> None:
    out = Path(sys.argv[1])
    shards = json.loads((out / "plan.json").read_text(encoding="utf-8"))["shards"]
    plan = [Shard.from_json(json.dumps(s)) for s in shards]
    res = batch.BatchResult(outdir=str(out), engine="local")
    limits = {"window_days": 3, "max_key_docs": 200, "max_story": 1000}
    t0 = time.perf_counter()
    batch._stories(out, plan, res, "local", None, 2, limits, 1000, None, None)
    marks = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "_done").glob("b*.json")]
    per_pid: dict[int, float] = {}
    for m in marks:
        per_pid[m["pid"]] = max(per_pid.get(m["pid"], 0.0), m["rss_mb"])
    summary = {
        "buckets": res.buckets,
        "stories": res.stories,
        "failed": res.failed,
        "wall": round(time.perf_counter() - t0),
        "cpu_stories": round(sum(m.get("cpu_seconds", 0.0) for m in marks)),
        "rss_stories": round(max(per_pid.values(), default=0.0)),
        "workers": len(per_pid),
    }
    print(json.dumps(summary))


if __name__ == "__main__":  # the local engine spawns workers that import this file
    main()

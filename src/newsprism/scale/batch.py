"""``run_batch``: shards -> per-document tables -> stories -> story tables, resumably.

Output folder (every table a folder of Parquet parts, readable with
``pyarrow.dataset.dataset(OUT / "documents")`` or ``pandas.read_parquet``)::

    plan.json                  the shards of this job
    documents/ entity_mentions/ attributions/ timexes/ claims/   one part per shard
    errors/                    one part per shard or story bucket (stage, input, code, reason)
    story_members/ stories/ story_entities/ story_claims/ story_timeline/ story_outlets/ story_naming/
    _done/<task>.json          completion marker of each shard and story bucket
    _SUCCESS                   the run's summary, written last

A task's parts are renamed into place before its marker is written, so a killed run
restarted with the same arguments redoes only the tasks without a marker and ends with
the same tables.

Nightly runs over a growing archive are incremental: a shard's id digests its input
(path, range, size and mtime) and the settings (``_settings``: version, model, extractors,
time style), a story's id its members, and a story bucket's id its stories and settings,
with buckets packed in order of each story's first day. New input (a new file per night)
is extracted alone, and only the buckets holding new or changed stories, the recent ones,
are resolved again; the rest is kept as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsprism import __version__
from newsprism.errors import NewsprismError
from newsprism.extract.attribution.learned import mode as attribution_mode
from newsprism.extract.timex.normalize import time_style
from newsprism.resolve import coref
from newsprism.scale import stories as st
from newsprism.scale.engines import execute
from newsprism.scale.sources import Shard, plan_shards
from newsprism.scale.tables import DOC_TABLES, STORY_TABLES, error_table
from newsprism.scale.worker import DONE, ExtractShards, ResolveStories, is_done

PER_DOC = ("documents", "errors", *DOC_TABLES)
PER_STORY = ("stories", "story_members", "errors", *STORY_TABLES)
WORK = "_work"
# a story worker is replaced by a fresh process after this many buckets: a long-lived one's peak
# RSS crept up with every 1,000-document bucket, even with release_memory (bench/results/scale.md)
STORY_WORKER_TASKS = 4
Progress = Callable[[str, dict[str, Any], int], None]


@dataclass
class BatchResult:
    outdir: str
    engine: str
    shards: int = 0
    shards_reused: int = 0
    documents: int = 0
    errors: int = 0
    stories: int = 0
    buckets: int = 0
    buckets_reused: int = 0  # story buckets whose stories were all resolved by an earlier run
    failed: list[str] = field(default_factory=list)  # tasks that did not finish (retried on restart)
    seconds_extract: float = 0.0
    seconds_stories: float = 0.0
    cpu_seconds_extract: float = 0.0  # CPU of the workers' tasks run now (reused ones count 0)
    cpu_seconds_stories: float = 0.0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # per worker process

    @property
    def seconds(self) -> float:
        return self.seconds_extract + self.seconds_stories


def run_batch(
    inputs: Iterable[str | Path],
    outdir: str | Path,
    engine: str = "local",
    address: str | None = None,
    workers: int = 2,
    shard_size: int = 500,
    *,
    model: str | None = None,
    batch_size: int = 32,
    window_days: int = 3,
    max_key_docs: int = 200,
    max_story: int = 1000,
    bucket_docs: int = 1000,
    extractors: list[str] | None = None,
    resolvers: list[str] | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Extract every document of ``inputs`` and resolve its stories into Parquet tables in ``outdir``."""
    out = Path(outdir).absolute()
    out.mkdir(parents=True, exist_ok=True)
    (out / "_SUCCESS").unlink(missing_ok=True)
    result = BatchResult(outdir=str(out), engine=engine)
    t0 = time.perf_counter()
    plan = plan_shards(inputs, shard_size, salt=_settings(model=model, extractors=sorted(extractors or [])))
    _write_json(out / "plan.json", {"shard_size": shard_size, "shards": [json.loads(s.to_json()) for s in plan]})
    _drop_stale(out, PER_DOC, keep={s.id for s in plan}, only=lambda t: not t.startswith("b"))
    result.shards = len(plan)
    todo = [s.to_json() for s in plan if not is_done(out, s.id)]
    result.shards_reused = len(plan) - len(todo)
    kwargs = {"outdir": str(out), "model": model, "batch_size": batch_size, "only": extractors}
    for summary in execute(todo, ExtractShards, kwargs, engine=engine, workers=workers, address=address):
        _note(out, result, summary)
        result.cpu_seconds_extract += float(summary.get("cpu_seconds", 0.0))
        if progress:
            progress("extract", summary, len(todo))
    result.seconds_extract = time.perf_counter() - t0

    t1 = time.perf_counter()
    limits = {"window_days": window_days, "max_key_docs": max_key_docs, "max_story": max_story}
    _stories(out, plan, result, engine, address, workers, limits, bucket_docs, resolvers, progress)
    result.seconds_stories = time.perf_counter() - t1
    result.documents, result.errors = _count(out, "documents"), _count(out, "errors")
    (out / "_INCOMPLETE").unlink(missing_ok=True)
    _write_json(out / ("_INCOMPLETE" if result.failed else "_SUCCESS"), asdict(result))
    return result


def _settings(**options: Any) -> str:
    """What decides a task's rows besides its input: these options, the newsprism version and
    the environment's choices (time style, embeddings, attribution mode). Part of every task id, so
    that a run with other settings or after an upgrade redoes the work instead of mixing old rows in."""
    env = {
        "time_style": time_style(),
        "embeddings": os.environ.get("NEWSPRISM_EMBEDDINGS", "").lower(),
        "attributions": attribution_mode(),
        **({"role_evidence": "1"} if coref.ROLE_EVIDENCE else {}),  # opt-in: ids unchanged when off
    }
    return json.dumps({"newsprism": __version__, **env, **options}, sort_keys=True, default=str)


def _stories(
    out: Path,
    plan: list[Shard],
    result: BatchResult,
    engine: str,
    address: str | None,
    workers: int,
    limits: dict[str, int],
    bucket_docs: int,
    resolvers: list[str] | None,
    progress: Progress | None,
) -> None:
    """Cluster documents into stories from their keys, shuffle them into buckets, resolve."""
    plan = [s for s in plan if is_done(out, s.id)]  # a failed shard's documents wait for the restart
    settings = _settings(resolvers=sorted(resolvers or []), bucket_docs=bucket_docs, **limits)
    fp = hashlib.sha1(settings.encode()).hexdigest()[:8]
    cols = ["doc_id", "shard", "row", "published", "story_keys"]
    keys = (
        pa.concat_tables([pq.read_table(_part(out, "documents", s.id), columns=cols) for s in plan]) if plan else None
    )
    if keys is None or keys.num_rows == 0:
        _drop_stale(out, PER_STORY, keep=set(), only=lambda t: t.startswith("b"))
        return
    uids = [f"{s}:{r}" for s, r in zip(keys["shard"].to_pylist(), keys["row"].to_pylist(), strict=True)]
    days = [st.day_of(p) for p in keys["published"].to_pylist()]
    labels = st.cluster(days, keys["story_keys"].to_pylist(), **limits)
    members: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        members.setdefault(lab, []).append(i)
    sids = {st.story_id([uids[i] for i in m]): m for m in members.values()}
    groups = st.buckets(sids, days, bucket_docs)
    story_of = [""] * len(uids)
    bucket_of = [0] * len(uids)
    for b, group in enumerate(groups):
        for sid in group:
            for i in sids[sid]:
                story_of[i], bucket_of[i] = sid, b
    tids = [f"b{fp}-{hashlib.sha1(' '.join(sorted(g)).encode()).hexdigest()[:12]}" for g in groups]
    _drop_stale(out, PER_STORY, keep=set(tids), only=lambda t: t.startswith("b"))
    result.stories, result.buckets = len(sids), len(groups)
    todo = [b for b, tid in enumerate(tids) if not is_done(out, tid)]
    result.buckets_reused = len(tids) - len(todo)
    paths = _shuffle(out, plan, tids, todo, story_of, bucket_of)
    tasks = [json.dumps({"id": tids[b], "path": str(paths[b])}) for b in todo]
    for summary in execute(
        tasks,
        ResolveStories,
        {"outdir": str(out), "only": resolvers},
        engine=engine,
        workers=workers,
        address=address,
        worker_tasks=STORY_WORKER_TASKS,
    ):
        _note(out, result, summary)
        result.cpu_seconds_stories += float(summary.get("cpu_seconds", 0.0))
        if progress:
            progress("stories", summary, len(tasks))
    shutil.rmtree(out / WORK, ignore_errors=True)


def _shuffle(
    out: Path, plan: list[Shard], tids: list[str], todo: list[int], story_of: list[str], bucket_of: list[int]
) -> dict[int, Path]:
    """Each document's row (with its story id) into its bucket's file, one shard at a time."""
    work = out / WORK
    work.mkdir(parents=True, exist_ok=True)
    paths = {b: work / f"{tids[b]}.parquet" for b in todo}
    need = [b for b in todo if not paths[b].exists()]
    if not need:
        return paths
    schema = pa.schema(
        [
            ("story_id", pa.string()),
            ("doc_id", pa.string()),
            ("shard", pa.string()),
            ("row", pa.int64()),
            ("document", pa.string()),
            ("dating", pa.string()),
        ]
    )
    writers = {b: pq.ParquetWriter(paths[b].with_suffix(".tmp"), schema) for b in need}
    offset = 0
    for shard in plan:
        path = _part(out, "documents", shard.id)
        has = set(pq.read_schema(path).names)
        table = pq.read_table(path, columns=[c for c in schema.names[1:] if c in has])
        if "dating" not in has:  # a part written before the column: no evidence to date with
            table = table.append_column("dating", pa.nulls(table.num_rows, pa.string()))
        n = table.num_rows
        rows: dict[int, list[int]] = {}
        for i in range(n):
            b = bucket_of[offset + i]
            if b in writers:
                rows.setdefault(b, []).append(i)
        for b, idx in rows.items():
            part = table.take(pa.array(idx))
            sids = pa.array([story_of[offset + i] for i in idx], pa.string())
            writers[b].write_table(part.add_column(0, "story_id", sids))
        offset += n
    for b, writer in writers.items():
        writer.close()
        os.replace(paths[b].with_suffix(".tmp"), paths[b])
    return paths


def _part(out: Path, table: str, task: str) -> Path:
    return out / table / f"part-{task}.parquet"


def _drop_stale(out: Path, tables: Iterable[str], keep: set[str], only: Callable[[str], bool]) -> None:
    """Remove parts and markers of earlier plans (tasks this job no longer has)."""
    for name in tables:
        for f in (out / name).glob(".part-*.tmp"):  # left by a killed writer
            f.unlink()
        for f in (out / name).glob("part-*.parquet"):
            task = f.name[len("part-") : -len(".parquet")]
            if only(task) and task not in keep:
                f.unlink()
    for f in (out / DONE).glob("*.json"):
        if only(f.stem) and f.stem not in keep:
            f.unlink()


def _note(out: Path, result: BatchResult, summary: dict[str, Any]) -> None:
    if summary.get("crashed"):
        task = str(summary["task"])
        result.failed.append(task)
        row = {"task": task, "stage": "worker", "input": task, "doc_id": None, "code": "E040"}
        row["reason"] = NewsprismError("E040", stage="worker", detail=str(summary["crashed"])).message
        folder = out / "errors"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".part-{task}.parquet.{os.getpid()}.tmp"
        pq.write_table(error_table([row]), tmp)
        os.replace(tmp, folder / f"part-{task}.parquet")  # no marker: the task is redone on restart
        return
    pid = str(summary["pid"])
    result.peak_rss_mb[pid] = max(result.peak_rss_mb.get(pid, 0.0), float(summary["rss_mb"]))


def _count(out: Path, table: str) -> int:
    return sum(pq.ParquetFile(f).metadata.num_rows for f in (out / table).glob("part-*.parquet"))


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)

"""The per-shard functions: callable classes, one instance per worker, same code on every engine.

Ray Data calls an instance with a batch of task rows (``{"task": [json, ...]}``); the local
engine's pool workers call the very same ``__call__`` with a one-row batch. Every task
writes its tables to temporary names, renames them into place, then writes its marker
(``_done/<task>.json``): a task whose marker exists is complete and is never redone.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import resource
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsprism.errors import NewsprismError
from newsprism.extract.timex.story import restore_dating
from newsprism.ingest import RawDoc
from newsprism.model import Document, SkippedInput, Story
from newsprism.scale import tables
from newsprism.scale.sources import Shard, read_shard
from newsprism.scale.stories import story_keys

SUMMARY = ("task", "docs", "errors", "seconds", "cpu_seconds", "rss_mb", "pid", "reused")
DONE = "_done"


def peak_rss_mb() -> float:
    """Peak resident memory of this process, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def release_memory() -> bool:
    """Collect garbage and hand freed heap back to the OS (glibc ``malloc_trim``), so a
    long-lived worker's peak does not creep up with every large task it runs: resolving the
    same 1,000-document story twice raised a process's peak by 232 MiB without it and by 40 MiB
    with it (``bench/results/scale.md``). True when glibc released memory."""
    gc.collect()
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        return False


def marker(outdir: Path, task: str) -> Path:
    return outdir / DONE / f"{task}.json"


def is_done(outdir: Path, task: str) -> bool:
    return marker(outdir, task).exists()


def write_task(outdir: Path, task: str, parts: dict[str, pa.Table], summary: dict[str, Any]) -> None:
    """Write a task's table parts atomically (temporary name, then rename), then its marker."""
    moves = []
    for name, table in parts.items():
        folder = outdir / name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".part-{task}.parquet.{os.getpid()}.tmp"
        pq.write_table(table, tmp)
        moves.append((tmp, folder / f"part-{task}.parquet"))
    for tmp, final in moves:
        os.replace(tmp, final)
    done = marker(outdir, task)
    done.parent.mkdir(parents=True, exist_ok=True)
    tmp = done.with_name(f".{done.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(summary, sort_keys=True), encoding="utf-8")
    os.replace(tmp, done)


def _reused(outdir: Path, task: str) -> dict[str, Any]:
    old = json.loads(marker(outdir, task).read_text(encoding="utf-8"))
    return {**old, "seconds": 0.0, "cpu_seconds": 0.0, "rss_mb": peak_rss_mb(), "pid": os.getpid(), "reused": True}


def _summary(task: str, docs: int, errors: int, t0: float, c0: float) -> dict[str, Any]:
    """A finished task's summary: wall and CPU seconds (all threads of this process, which
    stay fair on a loaded machine), peak RSS."""
    return {
        "task": task,
        "docs": docs,
        "errors": errors,
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": time.process_time() - c0,
        "rss_mb": peak_rss_mb(),
        "pid": os.getpid(),
        "reused": False,
    }


def _batch(outs: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The tasks' summaries as columns; the tasks' own objects are gone by now, so their
    memory goes back to the OS before the next batch."""
    release_memory()
    return {k: [o[k] for o in outs] for k in SUMMARY}


def _error(task: str, stage: str, item: SkippedInput, doc_id: str | None = None) -> dict[str, Any]:
    return {
        "task": task,
        "stage": stage,
        "input": item.path,
        "doc_id": doc_id,
        "code": item.code,
        "reason": item.reason,
    }


class ExtractShards:
    """Holds one loaded pipeline; turns each shard into the per-document tables."""

    def __init__(
        self,
        outdir: str,
        model: str | None = None,
        batch_size: int = 32,
        max_chars: int = 1_000_000,
        only: list[str] | None = None,
    ) -> None:
        from newsprism.pipeline import Extractor

        self.outdir = Path(outdir)
        self.extractor = Extractor(model, only)
        self.batch_size = batch_size
        self.max_chars = min(max_chars, self.extractor.nlp.max_length)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        return _batch([self.run(Shard.from_json(str(t))) for t in batch["task"]])

    def run(self, shard: Shard) -> dict[str, Any]:
        if is_done(self.outdir, shard.id):
            return _reused(self.outdir, shard.id)
        t0, c0 = time.perf_counter(), time.process_time()
        raws: list[RawDoc] = []
        errors: list[dict[str, Any]] = []
        for item in read_shard(shard):
            if isinstance(item, SkippedInput):
                errors.append(_error(shard.id, "read", item))
            elif len(item.clean.text) > self.max_chars:
                reason = f"document is longer than the limit ({len(item.clean.text)} > {self.max_chars} characters)"
                errors.append(
                    _error(shard.id, "read", SkippedInput(path=_where(item), code="E004", reason=reason), item.id)
                )
            else:
                raws.append(item)
        docs: list[Document] = []
        ids = {_where(r): r.id for r in raws}
        for out in self.extract(raws):
            if isinstance(out, SkippedInput):
                errors.append(_error(shard.id, "extract", out, ids.get(out.path)))
            else:
                docs.append(out)
        parts = tables.document_tables(docs, shard.id, [story_keys(d) for d in docs])
        parts["errors"] = tables.error_table(errors)
        summary = _summary(shard.id, len(docs), len(errors), t0, c0)
        write_task(self.outdir, shard.id, parts, summary)
        return summary

    def extract(self, raws: list[RawDoc]) -> list[Document | SkippedInput]:
        """The shard in one ``nlp.pipe``; if that fails, document by document, so one bad
        document costs only itself."""
        try:
            return list(self.extractor.process(raws, batch_size=self.batch_size))
        except Exception:  # noqa: BLE001  (find the culprit below)
            pass
        out: list[Document | SkippedInput] = []
        for raw in raws:
            try:
                out.extend(self.extractor.process([raw]))
            except Exception as exc:  # noqa: BLE001
                detail = f"{type(exc).__name__}: {exc}"[:500]
                reason = NewsprismError("E040", stage="parse", detail=detail).message
                out.append(SkippedInput(path=_where(raw), code="E040", reason=reason))
        return out


def _where(raw: RawDoc) -> str:
    return raw.meta.source_path or raw.id


class ResolveStories:
    """Runs the cross-document resolvers over each story of a bucket."""

    def __init__(self, outdir: str, only: list[str] | None = None) -> None:
        from newsprism.resolve import load_all

        load_all()
        self.outdir = Path(outdir)
        self.only = only

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        return _batch([self.run(json.loads(str(t))) for t in batch["task"]])

    def run(self, task: dict[str, Any]) -> dict[str, Any]:
        tid = task["id"]
        if is_done(self.outdir, tid):
            return _reused(self.outdir, tid)
        t0, c0 = time.perf_counter(), time.process_time()
        rows = pq.read_table(task["path"]).to_pylist()
        members = [{k: r[k] for k in ("story_id", "doc_id", "shard", "row")} for r in rows]
        done: list[tuple[str, Any, list[Document]]] = []
        errors: list[dict[str, Any]] = []
        for sid, group in _groups(rows):
            docs = [Document.model_validate_json(r["document"]) for r in group]
            for doc, r in zip(docs, group, strict=True):
                restore_dating(doc, r.get("dating"))  # so the story's reports are dated jointly
            try:
                done.append((sid, _resolve(docs, self.only), docs))
            except Exception as exc:  # noqa: BLE001  (one story never kills the job)
                reason = NewsprismError("E040", stage="resolve", detail=f"{type(exc).__name__}: {exc}"[:500]).message
                errors.append(
                    {"task": tid, "stage": "resolve", "input": sid, "doc_id": None, "code": "E040", "reason": reason}
                )
        parts = tables.story_tables(done)
        parts["story_members"] = pa.Table.from_pylist(members, schema=tables.STORY_MEMBERS)
        parts["errors"] = tables.error_table(errors)
        summary = _summary(tid, len(rows), len(errors), t0, c0)
        write_task(self.outdir, tid, parts, summary)
        return summary


def _resolve(docs: list[Document], only: list[str] | None) -> Story:
    """``newsprism.pipeline.resolve``, or only some resolvers (as ``pipeline.resolve`` does it)."""
    from newsprism.pipeline import resolve, summarize
    from newsprism.resolve import run

    if only is None:
        return resolve(docs)

    story = Story(documents=[summarize(d) for d in docs])
    story._docs = list(docs)
    run(story, story._docs, only)
    story.documents = [summarize(d) for d in docs]
    return story


def _groups(rows: Iterable[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["story_id"], []).append(r)
    return sorted(out.items())

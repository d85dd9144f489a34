"""Where tasks run: a local process pool or a Ray Data ``map_batches`` stage.

Both engines hand each task to one instance of the same callable class (one per worker
process, holding the loaded pipeline) and yield the plain summary row it returns.
Ray is imported only here, only when asked for.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

_WORKER: Any = None
_INIT_ERROR: str | None = None


def task_id(task: str) -> str:
    return str(json.loads(task)["id"])


def crashed(task: str, reason: str) -> dict[str, Any]:
    """The summary of a task that did not finish: recorded in the errors table, retried on restart."""
    return {
        "task": task_id(task),
        "docs": 0,
        "errors": 1,
        "seconds": 0.0,
        "cpu_seconds": 0.0,
        "rss_mb": 0.0,
        "pid": 0,
        "crashed": reason,
    }


def _init(cls: type, kwargs: dict[str, Any], threads: int = 0) -> None:
    global _WORKER, _INIT_ERROR
    if threads:  # the worker's share of the cores, for the math libraries (torch, BLAS)
        os.environ["NEWSPRISM_THREADS"] = str(threads)
    try:
        _WORKER = cls(**kwargs)
    except Exception as exc:  # noqa: BLE001  (reported by every call, not as a broken pool)
        _INIT_ERROR = f"{type(exc).__name__}: {exc}"


def _call(task: str) -> dict[str, Any]:
    if _INIT_ERROR is not None:
        raise RuntimeError(f"worker could not start: {_INIT_ERROR}")
    try:
        out = _WORKER({"task": [task]})
    except Exception as exc:  # noqa: BLE001  (a task's failure is the task's, not the job's)
        return crashed(task, f"task failed: {type(exc).__name__}: {exc}"[:500])
    return {k: v[0] for k, v in out.items()}


class _Broken(Exception):
    """A worker process died; ``inflight`` are the tasks that may have killed it."""

    def __init__(self, inflight: list[str]) -> None:
        super().__init__(f"{len(inflight)} tasks in flight")
        self.inflight = inflight


def _pool(
    tasks: list[str], cls: type, kwargs: dict[str, Any], workers: int, inflight: int, worker_tasks: int | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    ctx = mp.get_context("spawn")
    recycle: dict[str, Any] = {}
    if worker_tasks and sys.version_info >= (3, 11):  # a fresh process after that many tasks
        recycle["max_tasks_per_child"] = worker_tasks
    with ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=ctx,
        initializer=_init,
        initargs=(cls, kwargs, max(1, (os.cpu_count() or 1) // max(1, workers))),
        **recycle,
    ) as pool:
        pending: dict[Future[dict[str, Any]], str] = {}
        queue = iter(list(tasks))  # a copy: the caller removes finished tasks from its list

        def submit() -> None:
            task = next(queue, None)
            if task is not None:
                pending[pool.submit(_call, task)] = task

        for _ in range(inflight):  # a bounded number of tasks in flight
            submit()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                try:
                    summary = fut.result()
                except BrokenProcessPool:
                    raise _Broken([task, *pending.values()]) from None
                yield task, summary
                submit()


def run_local(
    tasks: list[str], cls: type, kwargs: dict[str, Any], workers: int, worker_tasks: int | None = None
) -> Iterator[dict[str, Any]]:
    """A pool of ``workers`` spawned processes, each holding one ``cls(**kwargs)`` (replaced by a
    fresh process after ``worker_tasks`` tasks, if given: what a long-lived process keeps of
    large tasks, which Python's and glibc's allocators do not all give back, cannot pile up).

    When a worker process dies (killed, out of memory, a crash in native code), the tasks
    that were in flight are rerun one at a time in a fresh worker: the one that kills it
    again is reported as crashed, and the pool goes on with the rest."""
    remaining = list(tasks)
    while remaining:
        try:
            for task, summary in _pool(remaining, cls, kwargs, workers, 2 * workers, worker_tasks):
                remaining.remove(task)
                yield summary
        except _Broken as broken:
            for task in broken.inflight:
                remaining.remove(task)
                try:
                    for _, summary in _pool([task], cls, kwargs, 1, 1):
                        yield summary
                except _Broken:
                    yield crashed(task, "worker process died while processing this task (killed, out of memory?)")


def ray_start(address: str | None, workers: int) -> None:
    """Connect to ``address``, or start a local Ray with ``workers`` CPUs (once per process)."""
    import logging

    import ray

    if ray.is_initialized():
        return
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    else:
        # Ray starts its workers at nice 15; the local Ray we start runs them at the
        # priority of the local engine's workers (set RAY_worker_niceness to change it)
        os.environ.setdefault("RAY_worker_niceness", "0")
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)


def run_ray(
    tasks: list[str], cls: type, kwargs: dict[str, Any], workers: int, address: str | None = None
) -> Iterator[dict[str, Any]]:
    """A Ray Data ``map_batches`` stage: ``workers`` actors, each holding one ``cls(**kwargs)``."""
    if not tasks:
        return
    import ray

    ray_start(address, workers)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.max_errored_blocks = -1  # a failed task is dropped here and recorded by the driver
    items = ray.data.from_items([{"task": t} for t in tasks], override_num_blocks=len(tasks))
    ds = items.map_batches(
        cls,
        fn_constructor_kwargs=kwargs,
        batch_size=1,
        batch_format="numpy",
        # coarse tasks: one in flight per actor, so none waits behind a busy actor
        compute=ray.data.ActorPoolStrategy(size=min(workers, len(tasks)), max_tasks_in_flight_per_actor=1),
        num_cpus=1,
        max_task_retries=2,  # Ray Data's default retries a task that kills its actor forever
    )
    seen = set()
    for row in ds.iter_rows():
        summary = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        seen.add(summary["task"])
        yield summary
    for task in tasks:
        if task_id(task) not in seen:
            yield crashed(task, "task failed on Ray (worker died or raised; see the Ray logs)")


def execute(
    tasks: list[str],
    cls: type,
    kwargs: dict[str, Any],
    *,
    engine: str,
    workers: int,
    address: str | None = None,
    worker_tasks: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Run ``tasks``, yielding each one's summary. ``worker_tasks``: the local engine replaces a
    worker process after that many tasks (Ray's actors live for the stage)."""
    if engine == "ray":
        return run_ray(tasks, cls, kwargs, workers, address)
    if engine == "local":
        return run_local(tasks, cls, kwargs, workers, worker_tasks)
    raise ValueError(f"unknown engine {engine!r} (local or ray)")

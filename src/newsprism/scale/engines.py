"""Where tasks run: a local process pool or a Ray Data ``map_batches`` stage.

Both engines hand each task to one instance of the same callable class (one per worker
process, holding the loaded pipeline) and yield the plain summary row it returns.
Ray is imported only here, only when asked for.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

_WORKER: Any = None


def _init(cls: type, kwargs: dict[str, Any]) -> None:
    global _WORKER
    _WORKER = cls(**kwargs)


def _call(task: str) -> dict[str, Any]:
    out = _WORKER({"task": [task]})
    return {k: v[0] for k, v in out.items()}


def run_local(tasks: list[str], cls: type, kwargs: dict[str, Any], workers: int) -> Iterator[dict[str, Any]]:
    """A pool of ``workers`` spawned processes, each holding one ``cls(**kwargs)``."""
    if not tasks:
        return
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)), mp_context=ctx, initializer=_init, initargs=(cls, kwargs)
    ) as pool:
        pending: set[Future[dict[str, Any]]] = set()
        queue = iter(tasks)
        for task in queue:  # keep a bounded number of tasks in flight
            pending.add(pool.submit(_call, task))
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(_call, nxt))


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
    items = ray.data.from_items([{"task": t} for t in tasks], override_num_blocks=len(tasks))
    ds = items.map_batches(
        cls,
        fn_constructor_kwargs=kwargs,
        batch_size=1,
        batch_format="numpy",
        # coarse tasks: one in flight per actor, so none waits behind a busy actor
        compute=ray.data.ActorPoolStrategy(size=min(workers, len(tasks)), max_tasks_in_flight_per_actor=1),
        num_cpus=1,
    )
    for row in ds.iter_rows():
        yield {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def execute(
    tasks: list[str], cls: type, kwargs: dict[str, Any], *, engine: str, workers: int, address: str | None = None
) -> Iterator[dict[str, Any]]:
    if engine == "ray":
        return run_ray(tasks, cls, kwargs, workers, address)
    if engine == "local":
        return run_local(tasks, cls, kwargs, workers)
    raise ValueError(f"unknown engine {engine!r} (local or ray)")

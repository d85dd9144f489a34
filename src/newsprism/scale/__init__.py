"""Batch engine: a corpus of any size into Parquet tables, on a local pool or on Ray.

>>> from newsprism.scale import run_batch
>>> result = run_batch(["archive/2024-11/"], "out/", engine="local", workers=2)  # doctest: +SKIP

Ray is optional (``pip install newsprism[ray]``) and imported only by ``engine="ray"``.
"""

from __future__ import annotations

from newsprism.scale.batch import BatchResult, run_batch
from newsprism.scale.sources import Shard, plan_shards

__all__ = ["BatchResult", "Shard", "plan_shards", "run_batch"]

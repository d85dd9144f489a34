"""Inputs into shards, and a shard back into raw documents.

A shard is a small, plain description of where its documents are (a few files, a byte
range of a JSONL file, row groups of a Parquet file), planned by the driver without
reading the texts. Workers read their own shards. A shard's id carries a fingerprint
of its source (path, size, mtime), so a changed input is a new shard.
"""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsprism.ingest import RawDoc, read_inputs
from newsprism.model import SkippedInput

JSONL = {".jsonl", ".ndjson"}
PARQUET = {".parquet", ".pq"}


@dataclass(frozen=True)
class Shard:
    id: str
    kind: str  # "files" | "jsonl" | "parquet"
    paths: tuple[str, ...]
    start: int = 0  # jsonl: byte offset; parquet: first row within the row groups
    end: int = 0  # jsonl: byte end; parquet: row count
    first_line: int = 1  # jsonl: line number at ``start``
    groups: tuple[int, ...] = field(default_factory=tuple)  # parquet row groups

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Shard:
        data = json.loads(text)
        data["paths"] = tuple(data["paths"])
        data["groups"] = tuple(data["groups"])
        return cls(**data)


def expand(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Files of the inputs: folders recursively (hidden parts left out), globs, files; sorted."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith((".", "_")) for part in f.relative_to(p).parts):
                    yield f.absolute()
        elif not p.exists() and any(ch in str(item) for ch in "*?["):
            yield from (Path(m).absolute() for m in sorted(glob.glob(str(item), recursive=True)) if Path(m).is_file())
        else:
            yield p.absolute()  # a missing file is reported by the worker that reads it


def _stamp(path: Path) -> str:
    try:
        st = path.stat()
        return f"{path}|{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        return f"{path}|missing"


def _jsonl_ranges(path: Path, size: int) -> Iterator[tuple[int, int, int]]:
    """(byte start, byte end, first line number) of each run of ``size`` non-empty lines."""
    start, first, n, pos, line = 0, 1, 0, 0, 0
    with path.open("rb") as fh:
        for raw in fh:
            line += 1
            if n == 0:
                start, first = pos, line
            pos += len(raw)
            if raw.strip():
                n += 1
            if n == size:
                yield start, pos, first
                n = 0
    if n:
        yield start, pos, first


def _parquet_ranges(path: Path, size: int) -> Iterator[tuple[tuple[int, ...], int, int]]:
    """(row groups, first row, row count): small groups merged, large ones sliced."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    groups: list[int] = []
    rows = 0
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        if n > size:
            if groups:
                yield tuple(groups), 0, rows
                groups, rows = [], 0
            for off in range(0, n, size):
                yield (g,), off, min(size, n - off)
            continue
        if rows + n > size and groups:
            yield tuple(groups), 0, rows
            groups, rows = [], 0
        groups.append(g)
        rows += n
    if groups:
        yield tuple(groups), 0, rows


def plan_shards(inputs: Iterable[str | Path], shard_size: int = 500, salt: str = "") -> list[Shard]:
    """Shards of at most about ``shard_size`` documents, in a stable order. A shard's id digests
    its input (path, range, size, modification time) and ``salt`` (what else decides its rows:
    ``run_batch`` gives the newsprism version, model and extractors)."""
    pending: list[Path] = []
    specs: list[tuple[str, tuple[str, ...], int, int, int, tuple[int, ...], str]] = []

    def flush() -> None:
        if pending:
            stamp = "\n".join(_stamp(p) for p in pending)
            specs.append(("files", tuple(str(p) for p in pending), 0, 0, 1, (), stamp))
            pending.clear()

    for path in expand(inputs):
        suffix = path.suffix.lower()
        if suffix in JSONL and path.is_file():
            for s, e, first in _jsonl_ranges(path, shard_size):
                specs.append(("jsonl", (str(path),), s, e, first, (), _stamp(path)))
        elif suffix in PARQUET and path.is_file():
            for groups, s, n in _parquet_ranges(path, shard_size):
                specs.append(("parquet", (str(path),), s, n, 1, groups, _stamp(path)))
        else:
            pending.append(path)
            if len(pending) >= shard_size:
                flush()
    flush()
    shards = []
    for i, (kind, paths, s, e, first, groups, stamp) in enumerate(specs):
        digest = hashlib.sha1(f"{kind}|{s}|{e}|{groups}|{stamp}|{salt}".encode()).hexdigest()[:10]
        shards.append(Shard(f"{i:06d}-{digest}", kind, paths, s, e, first, groups))
    return shards


# ----- reading one shard (in a worker) -----


def _rows_to_raw(rows: list[tuple[str, dict[str, Any]]]) -> Iterator[RawDoc | SkippedInput]:
    """``(where, row)`` pairs into raw documents, each remembering where it came from."""
    from newsprism.pipeline import read

    for where, row in rows:
        for item in read([row]):
            if isinstance(item, RawDoc):
                item.meta.source_path = where
                yield item
            else:
                yield SkippedInput(path=where, code=item.code, reason=item.reason)


def _jsonl_rows(shard: Shard, max_bytes: int) -> Iterator[tuple[str, dict[str, Any]] | SkippedInput]:
    path = Path(shard.paths[0])
    with path.open("rb") as fh:
        fh.seek(shard.start)
        data = fh.read(shard.end - shard.start)
    for n, raw in enumerate(data.split(b"\n"), shard.first_line):
        where = f"{path}:{n}"
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield SkippedInput(
                path=where,
                code="E004",
                reason=f"record is larger than the limit ({len(raw)} bytes > {max_bytes} bytes)",
            )
            continue
        try:
            obj = json.loads(raw.lstrip(b"\xef\xbb\xbf"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield SkippedInput(path=where, code="E007", reason=f"malformed JSONL record: line {n}: {exc}")
            continue
        if not isinstance(obj, dict):
            yield SkippedInput(path=where, code="E007", reason=f"malformed JSONL record: line {n}: not an object")
            continue
        obj.setdefault("id", f"{path.stem}:{n}")
        yield where, obj


def _parquet_rows(shard: Shard) -> Iterator[tuple[str, dict[str, Any]] | SkippedInput]:
    import pyarrow.parquet as pq

    path = Path(shard.paths[0])
    table = pq.ParquetFile(path).read_row_groups(list(shard.groups)).slice(shard.start, shard.end)
    if "text" not in table.column_names:
        yield SkippedInput(path=str(path), code="E007", reason="malformed Parquet record: no 'text' column")
        return
    first = sum(pq.ParquetFile(path).metadata.row_group(g).num_rows for g in range(shard.groups[0])) + shard.start
    for n, obj in enumerate(table.to_pylist(), first):
        if obj.get("id") is None:
            obj["id"] = f"{path.stem}:{n}"
        yield f"{path}:{n}", obj


def read_shard(shard: Shard, max_bytes: int = 20_000_000) -> Iterator[RawDoc | SkippedInput]:
    """The raw documents of a shard, and what could not be read (never raises on bad input)."""
    if shard.kind == "files":
        yield from read_inputs(list(shard.paths), max_bytes=max_bytes)
        return
    try:
        items = list(_jsonl_rows(shard, max_bytes) if shard.kind == "jsonl" else _parquet_rows(shard))
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield SkippedInput(path=shard.paths[0], code="E008", reason=f"could not read shard: {exc}")
        return
    rows: list[tuple[str, dict[str, Any]]] = []
    for item in items:
        if isinstance(item, SkippedInput):
            yield item
        else:
            rows.append(item)
    yield from _rows_to_raw(rows)

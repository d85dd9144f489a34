"""Adding uploaded reports through the web view: the same incremental path as ``newsprism add``."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, Field

from newsprism.errors import NewsprismError
from newsprism.ingest import DEFAULT_MAX_BYTES
from newsprism.store import add, connect
from newsprism.store.schema import transaction

_LOCK = threading.Lock()
CHUNK = 1 << 16


class UploadResult(BaseModel):
    """What an upload did: per file, and by document id."""

    ok: bool
    message: str
    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    rejected: list[dict[str, str]] = Field(default_factory=list, description="{file, code, reason}")


@dataclass
class Upload:
    """One uploaded file, copied to disk; ``path`` is None when it was over the limit (nothing of it kept)."""

    name: str
    path: Path | None
    size: int
    sha256: str | None


def stage(name: str, src: BinaryIO, folder: Path, max_bytes: int) -> Upload:
    """Copy ``src`` to ``folder/name`` in chunks; past ``max_bytes`` stop and delete the copy."""
    folder.mkdir()
    path = folder / name
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        while size <= max_bytes and (chunk := src.read(CHUNK)):
            size += len(chunk)
            digest.update(chunk)
            out.write(chunk)
    if size > max_bytes:
        path.unlink()
        return Upload(name=name, path=None, size=size, sha256=None)
    return Upload(name=name, path=path, size=size, sha256=digest.hexdigest())


def safe_name(name: str | None) -> str:
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload.txt"
    return base[:120]


def _record(con: sqlite3.Connection, up: Upload, status: str, message: str, doc_ids: list[str]) -> None:
    """Log one file; only a stored file's bytes are kept."""
    content = up.path.read_bytes() if status == "stored" and up.path is not None else None
    with transaction(con):
        con.execute(
            "INSERT INTO uploads(name, sha256, size, status, message, doc_ids, at, content) VALUES (?,?,?,?,?,?,?,?)",
            (up.name, up.sha256, up.size, status, message, ",".join(doc_ids),
             datetime.now(timezone.utc).isoformat(timespec="seconds"), content),
        )


def add_uploads(db: Path, files: list[tuple[str, BinaryIO]], max_bytes: int = DEFAULT_MAX_BYTES) -> UploadResult:
    """Analyse uploaded files (name, stream) into the store; every file (bad ones too) is logged in ``uploads``."""
    if not files:
        return UploadResult(ok=False, message="No file was uploaded: choose one or more report files.")
    with _LOCK, tempfile.TemporaryDirectory(prefix="newsprism-upload-") as tmp:
        uploads = [stage(name, src, Path(tmp) / str(n), max_bytes) for n, (name, src) in enumerate(files)]
        paths: list[str] = []
        labels: dict[str, str] = {}
        rejected: list[dict[str, str]] = []
        for up in uploads:
            if up.path is None:
                rejected.append({"file": up.name, "code": "E004",
                                 "reason": f"file is larger than the limit ({max_bytes} bytes)"})
                continue
            paths.append(str(up.path))
            labels[str(up.path)] = f"upload:{up.name}"
        try:
            result = add(db, paths, labels=labels, max_bytes=max_bytes) if paths else None
        except NewsprismError as exc:  # the documents written so far stay; the store says it is stale
            con = connect(db)
            try:
                for up in uploads:
                    _record(con, up, "error", exc.message, [])
            finally:
                con.close()
            return UploadResult(ok=False, message=f"The reports could not be analysed: {exc.message}. "
                                "Nothing stored before was changed; try again or run `newsprism add`.")
        if result is not None:
            rejected += [{"file": s.path.removeprefix("upload:"), "code": s.code, "reason": s.reason}
                         for s in result.skipped]
        con = connect(db)
        try:
            bad = {r["file"].split(":")[0]: r for r in rejected}
            for up in uploads:
                status = "rejected" if up.name in bad else "stored"
                _record(con, up, status, bad[up.name]["reason"] if up.name in bad else "",
                        [] if result is None else result.added + result.changed)
        finally:
            con.close()
    added = result.added if result else []
    changed = result.changed if result else []
    unchanged = result.unchanged if result else []
    ok = bool(added or changed or unchanged)
    parts = [f"{len(added)} added", f"{len(changed)} changed", f"{len(unchanged)} already in the story"]
    if rejected:
        parts.append(f"{len(rejected)} rejected")
    message = ("Upload done: " if ok else "Nothing was added: ") + ", ".join(parts) + "."
    return UploadResult(ok=ok, message=message, added=added, changed=changed, unchanged=unchanged, rejected=rejected)

"""Adding uploaded reports through the web view: the same incremental path as ``newsprism add``."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, Field

from newsprism.errors import NewsprismError
from newsprism.ingest import DEFAULT_MAX_BYTES
from newsprism.store import add, connect

_LOCK = threading.Lock()


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
    name: str
    data: bytes
    too_large: bool = False
    problems: list[str] = field(default_factory=list)


def safe_name(name: str | None) -> str:
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload.txt"
    return base[:120]


def _record(con: sqlite3.Connection, up: Upload, status: str, message: str, doc_ids: list[str]) -> None:
    con.execute("BEGIN IMMEDIATE")
    con.execute(
        "INSERT INTO uploads(name, sha256, size, status, message, doc_ids, at, content) VALUES (?,?,?,?,?,?,?,?)",
        (up.name, hashlib.sha256(up.data).hexdigest(), len(up.data), status, message, ",".join(doc_ids),
         datetime.now(timezone.utc).isoformat(timespec="seconds"), None if up.too_large else up.data),
    )
    con.execute("COMMIT")


def add_uploads(db: Path, uploads: list[Upload], max_bytes: int = DEFAULT_MAX_BYTES) -> UploadResult:
    """Analyse uploaded files into the store; every file (bad ones too) is logged in ``uploads``."""
    if not uploads:
        return UploadResult(ok=False, message="No file was uploaded: choose one or more report files.")
    with _LOCK, tempfile.TemporaryDirectory(prefix="newsprism-upload-") as tmp:
        paths: list[str] = []
        labels: dict[str, str] = {}
        rejected: list[dict[str, str]] = []
        for n, up in enumerate(uploads):
            if up.too_large:
                rejected.append({"file": up.name, "code": "E004",
                                 "reason": f"file is larger than the limit ({max_bytes} bytes)"})
                continue
            folder = Path(tmp) / str(n)
            folder.mkdir()
            path = folder / up.name
            path.write_bytes(up.data)
            paths.append(str(path))
            labels[str(path)] = f"upload:{up.name}"
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

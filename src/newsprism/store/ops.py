"""Story-level operations: save a story, add reports incrementally, remove documents."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.errors import NewsprismError
from newsprism.model import Document, SkippedInput, Story
from newsprism.store.schema import StoreError, connect, transaction
from newsprism.store.write import bump, delete_document_rows, revision, write_document, write_story

ATTEMPTS = 3


@dataclass
class AddResult:
    """What one :func:`add` did, by document id."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    resolved: bool = False


def load_docs(con: sqlite3.Connection, exclude: Iterable[str] = ()) -> list[Document]:
    """Every stored document (full records), in insertion order."""
    skip = set(exclude)
    rows = con.execute("SELECT id, json FROM documents ORDER BY rowid").fetchall()
    return [Document.model_validate_json(r["json"]) for r in rows if r["id"] not in skip]


def load_skipped(con: sqlite3.Connection) -> list[SkippedInput]:
    rows = con.execute("SELECT path, code, reason FROM skipped ORDER BY path").fetchall()
    return [SkippedInput(path=r["path"], code=r["code"], reason=r["reason"]) for r in rows]


def load_story(path: str | Path) -> Story:
    """The stored story, with its full documents in ``story.docs``."""
    con = connect(path, readonly=True)
    try:
        body = con.execute("SELECT value FROM story_meta WHERE key = 'story'").fetchone()[0]
        story = Story.model_validate_json(body) if body != "{}" else Story()
        docs = load_docs(con)
    finally:
        con.close()
    from newsprism.pipeline import summarize

    story.documents = [summarize(d) for d in docs]
    story._docs = docs
    return story


def _resolve(docs: list[Document], skipped: list[SkippedInput]) -> Story:
    from newsprism.pipeline import resolve

    return resolve(docs, skipped)


def save(story: Story, path: Path) -> None:
    """Write ``story`` to the store at ``path`` so that the store holds exactly this story.

    Documents already stored with the same record are left alone; others are written one
    transaction each; the cross-document results (and the removal of documents not in the
    story) are one final transaction, written only if no other writer changed the store since
    the documents were checked (else tried again; after :data:`ATTEMPTS` tries the store stays
    as the other writer left it, marked stale if its documents are not resolved).
    """
    if story.documents and not story.docs:  # a story read from story.json: storing it would empty the store
        raise StoreError("E055")
    con = connect(path)
    keep = {d.id: d.meta.sha256 for d in story.docs}
    try:
        for _ in range(ATTEMPTS):
            stored = {r["id"]: r["json"] for r in con.execute("SELECT id, json FROM documents")}
            for doc in story.docs:
                if stored.get(doc.id) != doc.model_dump_json():
                    write_document(con, doc)
            with snapshot(con) as at:
                held = {r["id"]: r["sha256"] for r in con.execute("SELECT id, sha256 FROM documents")}
            if any(i not in held or held[i] != sha for i, sha in keep.items()):
                continue  # another writer replaced or removed one of the story's documents: write them again
            with transaction(con):
                con.execute("DELETE FROM skipped")
            if write_story(con, story, delete=tuple(i for i in held if i not in keep), at=at):
                return
    finally:
        con.close()


def is_stale(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT value FROM story_meta WHERE key = 'stale'").fetchone()[0] == "1"


@contextmanager
def snapshot(con: sqlite3.Connection) -> Iterator[int]:
    """A read transaction: what is read inside it is one state of the store, at the revision yielded."""
    con.execute("BEGIN")
    try:
        yield revision(con)
    finally:
        con.execute("COMMIT")


def resolve_store(con: sqlite3.Connection, fresh: Iterable[Document] = (), *,
                  delete: tuple[str, ...] = ()) -> Story | None:
    """Re-run the cross-document stage over every stored document (less ``delete``) and store the result.

    ``fresh``: documents just extracted (and stored), in memory with what their text says about
    their date; the story dates them against the dates the store holds, and those re-dated are
    stored again. The documents are read in one snapshot and the results written only if no
    other writer changed the store since; otherwise the resolution runs again, up to
    :data:`ATTEMPTS` times, and then gives up (None): the store stays marked stale, with
    ``delete`` deleted. A failing resolver raises ``E040``; the documents stay stored and the
    store stays marked stale, so the next ``add`` resolves again.
    """
    new = {d.id: d for d in fresh}
    before = {i: d.model_dump_json() for i, d in new.items()}
    for _ in range(ATTEMPTS):
        with snapshot(con) as at:
            stored = load_docs(con, exclude=delete)
            skipped = load_skipped(con)
        docs = [new[d.id] if d.id in new and new[d.id].meta.sha256 == d.meta.sha256 else d for d in stored]
        try:
            story = _resolve(docs, skipped)
        except Exception as exc:
            raise NewsprismError("E040", stage="resolve", detail=f"{type(exc).__name__}: {exc}") from exc
        redated = [d for d in docs if new.get(d.id) is d and d.model_dump_json() != before[d.id]]
        if write_story(con, story, delete=delete, docs=redated, at=at):
            return story
    with transaction(con):
        for doc_id in delete:
            delete_document_rows(con, doc_id)
        bump(con, stale=True)
    return None


def relabel(path: str | None, labels: dict[str, str] | None) -> str | None:
    """``path`` with a known prefix (a temporary file) replaced by its label."""
    for prefix, label in (labels or {}).items():
        if path is not None and (path == prefix or path.startswith(prefix + ":")):
            return label + path[len(prefix):]
    return path


def add(db: str | Path, paths: Iterable[str | Path], *, model: str | None = None,
        labels: dict[str, str] | None = None, **read_opts: Any) -> AddResult:
    """Analyse only new or changed reports (by content hash), then re-resolve the story.

    A report whose content is already stored is left alone; a report with a stored id and a
    new hash replaces it. Each document is written in its own transaction, so an interrupted
    run keeps what was written; the cross-document results follow in one transaction (and a
    later ``add`` finishes them if the run died before). ``labels`` maps a read path to the
    ``source_path`` to record (e.g. an uploaded file's own name).
    """
    from newsprism.pipeline import Extractor, read

    result = AddResult()
    con = connect(db)
    try:
        known = {r["id"]: r["sha256"] for r in con.execute("SELECT id, sha256 FROM documents")}
        hashes = set(known.values())
        todo = []
        fresh: list[Document] = []
        for item in read(list(paths), **read_opts):
            if isinstance(item, SkippedInput):
                item.path = relabel(item.path, labels) or item.path
                result.skipped.append(item)
                continue
            if item.meta.sha256 in hashes:
                result.unchanged.append(item.id)
                continue
            hashes.add(item.meta.sha256)
            (result.changed if item.id in known else result.added).append(item.id)
            todo.append(item)
        if todo:
            where = {raw.meta.source_path or raw.id: raw.id for raw in todo}
            for rec in Extractor(model).process(todo):
                if isinstance(rec, SkippedInput):
                    doc_id = where.get(rec.path)
                    for ids in (result.added, result.changed):
                        if doc_id in ids:
                            ids.remove(doc_id)
                    rec.path = relabel(rec.path, labels) or rec.path
                    result.skipped.append(rec)
                else:
                    rec.meta.source_path = relabel(rec.meta.source_path, labels)
                    write_document(con, rec)
                    fresh.append(rec)
        if result.skipped:
            with transaction(con):
                con.executemany("INSERT OR REPLACE INTO skipped VALUES (?,?,?)",
                                [(s.path, s.code, s.reason) for s in result.skipped])
        if result.added or result.changed or is_stale(con):
            result.resolved = resolve_store(con, fresh) is not None
    finally:
        con.close()
    return result


def add_documents(db: str | Path, docs: Iterable[Document]) -> list[str]:
    """Store already extracted documents (e.g. from ``newsprism extract --jsonl``), then re-resolve."""
    con = connect(db)
    written = []
    try:
        for doc in docs:
            write_document(con, doc)
            written.append(doc.id)
        resolve_store(con)
    finally:
        con.close()
    return written


def remove(db: str | Path, doc_ids: Iterable[str]) -> list[str]:
    """Remove documents and everything derived from them; re-resolve over the rest.

    The deletion and the new cross-document results are one transaction. Unknown ids raise
    ``E054`` and change nothing.
    """
    ids = list(dict.fromkeys(doc_ids))
    con = connect(db)
    try:
        known = {r[0] for r in con.execute("SELECT id FROM documents")}
        missing = [i for i in ids if i not in known]
        if missing:
            raise StoreError("E054", ids=", ".join(missing))
        resolve_store(con, delete=tuple(ids))
    finally:
        con.close()
    return ids


__all__ = ["AddResult", "add", "add_documents", "delete_document_rows", "load_docs", "load_story", "remove",
           "resolve_store", "save"]

"""The SQLite schema of a story store, versioned with ``PRAGMA user_version``.

One file per story. Per-document tables hang off ``documents`` with ``ON DELETE
CASCADE``; cross-document tables are replaced as a whole by each resolution.
A migration is one entry of :data:`MIGRATIONS`; version N is ``MIGRATIONS[N-1]``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from newsprism.errors import NewsprismError


class StoreError(NewsprismError):
    """A story store that cannot be opened or changed as asked."""


V1 = """
CREATE TABLE story_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, sha256 TEXT, source_path TEXT, title TEXT, outlet TEXT, published TEXT,
    syndicated_from TEXT, n_sentences INTEGER, n_entities INTEGER, n_attributions INTEGER,
    n_timexes INTEGER, n_claims INTEGER, added_at TEXT NOT NULL, json TEXT NOT NULL
);
CREATE INDEX documents_sha ON documents(sha256);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE TABLE sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    start INTEGER, "end" INTEGER, paragraph INTEGER, text TEXT, PRIMARY KEY (doc_id, idx)
);
CREATE TABLE mentions (
    id TEXT, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, start INTEGER, "end" INTEGER,
    text TEXT, label TEXT, sentence INTEGER, kind TEXT, entity_id TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE TABLE attributions (
    id TEXT, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, sentence INTEGER, kind TEXT,
    source_type TEXT, source_text TEXT, speaker TEXT, speaker_entity_id TEXT, cue TEXT, channel TEXT,
    content TEXT, start INTEGER, "end" INTEGER, hedged INTEGER, polarity TEXT, confidence REAL, outlet TEXT
);
CREATE INDEX attributions_doc ON attributions(doc_id);
CREATE INDEX attributions_speaker ON attributions(speaker_entity_id);
CREATE INDEX attributions_outlet ON attributions(outlet, source_type);
CREATE TABLE timexes (
    id TEXT, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, sentence INTEGER,
    start INTEGER, "end" INTEGER, text TEXT, type TEXT, value TEXT
);
CREATE INDEX timexes_doc ON timexes(doc_id);
CREATE TABLE doc_claims (
    id TEXT, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, sentence INTEGER,
    start INTEGER, "end" INTEGER, text TEXT, kind TEXT, attribution_id TEXT, polarity TEXT
);
CREATE INDEX doc_claims_doc ON doc_claims(doc_id);
CREATE TABLE skipped (path TEXT PRIMARY KEY, code TEXT, reason TEXT);
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY, name TEXT, sha256 TEXT, size INTEGER, status TEXT, message TEXT,
    doc_ids TEXT, at TEXT, content BLOB
);
-- cross-document results
CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT, label TEXT, documents INTEGER, mentions INTEGER, json TEXT);
CREATE INDEX entities_rank ON entities(documents DESC, mentions DESC);
CREATE TABLE aliases (entity_id TEXT, text TEXT, outlet TEXT, count INTEGER);
CREATE INDEX aliases_entity ON aliases(entity_id);
CREATE TABLE naming (concept TEXT PRIMARY KEY, json TEXT);
CREATE TABLE claims (
    id TEXT PRIMARY KEY, text TEXT, reports INTEGER, independent_sources INTEGER, contested INTEGER,
    deniers TEXT, chains TEXT, outlets TEXT, rank INTEGER
);
CREATE INDEX claims_rank ON claims(rank);
CREATE TABLE claim_members (
    cluster_id TEXT, claim_id TEXT, doc_id TEXT, outlet TEXT, stance TEXT, sentence INTEGER,
    start INTEGER, "end" INTEGER, text TEXT
);
CREATE INDEX claim_members_cluster ON claim_members(cluster_id);
CREATE TABLE timeline (id TEXT PRIMARY KEY, date TEXT, granularity TEXT, text TEXT, outlets TEXT, rank INTEGER);
CREATE INDEX timeline_rank ON timeline(rank);
CREATE TABLE timeline_sources (event_id TEXT, doc_id TEXT, sentence INTEGER, start INTEGER, "end" INTEGER, text TEXT);
CREATE INDEX timeline_sources_event ON timeline_sources(event_id);
CREATE TABLE outlets (outlet TEXT PRIMARY KEY, documents INTEGER, hedges INTEGER, source_mix TEXT, naming TEXT);
"""

FTS = "CREATE VIRTUAL TABLE search USING fts5(text, kind UNINDEXED, ref UNINDEXED, doc_id UNINDEXED)"
PLAIN_SEARCH = "CREATE TABLE search (text TEXT, kind TEXT, ref TEXT, doc_id TEXT)"


def _v1(con: sqlite3.Connection) -> None:
    for stmt in V1.split(";"):
        if stmt.strip():
            con.execute(stmt)
    try:
        con.execute(FTS)
        fts = "1"
    except sqlite3.OperationalError:  # SQLite built without FTS5: LIKE search
        con.execute(PLAIN_SEARCH)
        con.execute("CREATE INDEX search_doc ON search(doc_id)")
        fts = "0"
    con.executemany(
        "INSERT INTO story_meta(key, value) VALUES (?, ?)",
        [("fts", fts), ("revision", "0"), ("stale", "0"), ("story", "{}"), ("summary", "{}")],
    )


def _v2(con: sqlite3.Connection) -> None:
    """Indexes for the overview of large stores: contested claims by rank, documents by date."""
    con.execute("CREATE INDEX claims_contested ON claims(contested, rank)")
    con.execute("CREATE INDEX documents_published ON documents(published, id)")


def _v3(con: sqlite3.Connection) -> None:
    """Timeline events outside the story's window are marked background (stores re-resolved fill it)."""
    con.execute("ALTER TABLE timeline ADD COLUMN background INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]
VERSION = len(MIGRATIONS)


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it or none of it."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _version(con: sqlite3.Connection, path: Path) -> int:
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError("E050", path=path, detail=str(exc)) from exc


def migrate(con: sqlite3.Connection, path: Path) -> None:
    found = _version(con, path)
    if found > VERSION:
        raise StoreError("E051", path=path, found=found, known=VERSION)
    if found == 0 and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError("E050", path=path, detail="a SQLite file with other tables")
    for n in range(found, VERSION):
        with transaction(con):
            MIGRATIONS[n](con)
            con.execute(f"PRAGMA user_version = {n + 1}")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and, writable, create or migrate) the story store at ``path``."""
    path = Path(path)
    if readonly:
        if not path.exists():
            raise StoreError("E052", path=path)
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                              check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    try:
        con.execute("PRAGMA busy_timeout = 10000")
        con.execute("PRAGMA foreign_keys = ON")
        if readonly:
            found = _version(con, path)
            if found > VERSION:
                raise StoreError("E051", path=path, found=found, known=VERSION)
            if found < VERSION:
                raise StoreError("E053", path=path, found=found, known=VERSION)
        else:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
            migrate(con, path)
    except sqlite3.DatabaseError as exc:
        con.close()
        raise StoreError("E050", path=path, detail=str(exc)) from exc
    except StoreError:
        con.close()
        raise
    return con

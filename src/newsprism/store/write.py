"""Writing a story store: documents one transaction each, cross-document results in one."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from newsprism.language.calendar import parse_date
from newsprism.model import Attribution, Document, Span, Story
from newsprism.store.schema import transaction

UNKNOWN = "unknown"
ACTOR_LABELS = ("PERSON", "ORG", "GPE")
PER_DOC_SEARCH = ("quote", "claim")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def bump(con: sqlite3.Connection, stale: bool) -> None:
    con.execute("UPDATE story_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
    con.execute("UPDATE story_meta SET value = ? WHERE key = 'stale'", ("1" if stale else "0",))


def _att_content(att: Attribution) -> tuple[str, Span | None]:
    if att.content is not None:
        return att.content.text, att.content
    if att.content_parts:
        parts = att.content_parts
        return " … ".join(p.text for p in parts), Span(
            doc_id=att.doc_id, start=parts[0].start, end=parts[-1].end, text=parts[0].text
        )
    return "", None


def _sentence_bounds(doc: Document, index: int) -> tuple[int | None, int | None]:
    if 0 <= index < len(doc.sentences):
        return doc.sentences[index].start, doc.sentences[index].end
    return None, None


def delete_document_rows(con: sqlite3.Connection, doc_id: str) -> None:
    con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))  # cascades to per-document tables
    con.execute("DELETE FROM search WHERE doc_id = ? AND kind IN ('quote', 'claim')", (doc_id,))


def _insert_document(con: sqlite3.Connection, doc: Document) -> None:
    m = doc.meta
    outlet = m.outlet or UNKNOWN
    con.execute(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc.id, m.sha256, m.source_path, m.title, m.outlet, m.published, m.syndicated_from,
         len(doc.sentences), len(doc.entities), len(doc.attributions), len(doc.timexes), len(doc.claims),
         _now(), doc.model_dump_json()),
    )
    con.executemany(
        "INSERT INTO sentences VALUES (?,?,?,?,?,?)",
        [(doc.id, s.index, s.start, s.end, s.paragraph, s.text) for s in doc.sentences],
    )
    con.executemany(
        "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?)",
        [(x.id, doc.id, x.start, x.end, x.text, x.label, x.sentence, x.kind, x.entity_id) for x in doc.entities],
    )
    rows = []
    search = []
    for a in doc.attributions:
        content, span = _att_content(a)
        if span is None:
            start, end = _sentence_bounds(doc, a.sentence)
        else:
            start, end = span.start, span.end
        source = a.source.text if a.source else None
        rows.append((a.id, doc.id, a.sentence, a.kind, a.source_type, source, a.speaker, a.speaker_entity_id,
                     a.cue.text if a.cue else None, a.channel, content, start, end, int(bool(a.hedging)),
                     a.polarity, a.confidence, outlet))
        if content:
            search.append((f"{a.speaker or source or ''}: {content}", "quote", a.id, doc.id))
    con.executemany("INSERT INTO attributions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany(
        "INSERT INTO timexes VALUES (?,?,?,?,?,?,?,?)",
        [(t.id, doc.id, t.sentence, t.span.start, t.span.end, t.span.text, t.type, t.value) for t in doc.timexes],
    )
    con.executemany(
        "INSERT INTO doc_claims VALUES (?,?,?,?,?,?,?,?,?)",
        [(c.id, doc.id, c.sentence, c.span.start, c.span.end, c.text, c.kind, c.attribution_id, c.polarity)
         for c in doc.claims],
    )
    search.extend((c.text, "claim", c.id, doc.id) for c in doc.claims if c.text)
    con.executemany("INSERT INTO search(text, kind, ref, doc_id) VALUES (?,?,?,?)", search)
    if m.source_path:
        con.execute("DELETE FROM skipped WHERE path = ?", (m.source_path,))


def write_document(con: sqlite3.Connection, doc: Document) -> None:
    """Insert or replace one document and its per-document rows, in one transaction.

    The cross-document results are marked stale until :func:`write_story` runs.
    """
    with transaction(con):
        delete_document_rows(con, doc.id)
        _insert_document(con, doc)
        bump(con, stale=True)


def _sentence_of(con: sqlite3.Connection, doc_id: str, start: int) -> int | None:
    row = con.execute(
        'SELECT idx FROM sentences WHERE doc_id = ? AND start <= ? ORDER BY idx DESC LIMIT 1', (doc_id, start)
    ).fetchone()
    return None if row is None else int(row[0])


def _key_actors(con: sqlite3.Connection, story: Story, limit: int = 12) -> list[dict[str, Any]]:
    if story.entities:
        named = [e for e in story.entities if e.named]  # an unnamed participant ("the war") is no key actor
        ranked = sorted(named, key=lambda e: (-e.documents, -len(e.mentions), e.name))
        out = []
        for e in ranked[:limit]:
            first = e.first or (e.mentions[0] if e.mentions else None)
            out.append({"id": e.id, "name": e.name, "label": e.label, "documents": e.documents,
                        "mentions": len(e.mentions), "ref": _ref(con, first.doc_id, first.start, first.end,
                                                                 first.text) if first else None})
        return out
    marks = ",".join("?" * len(ACTOR_LABELS))
    rows = con.execute(
        f"SELECT min(rowid) AS first, text, label, count(DISTINCT doc_id) AS docs, count(*) AS n FROM mentions "
        f"WHERE kind = 'name' AND label IN ({marks}) GROUP BY lower(text), label "
        f"ORDER BY docs DESC, n DESC, text LIMIT ?",
        (*ACTOR_LABELS, limit),
    ).fetchall()
    out = []
    for r in rows:
        m = con.execute('SELECT doc_id, start, "end", text FROM mentions WHERE rowid = ?', (r["first"],)).fetchone()
        out.append({"id": None, "name": r["text"], "label": r["label"], "documents": r["docs"], "mentions": r["n"],
                    "ref": _ref(con, m["doc_id"], m["start"], m["end"], m["text"])})
    return out


def _ref(con: sqlite3.Connection, doc_id: str, start: int, end: int, text: str) -> dict[str, Any]:
    outlet = con.execute("SELECT outlet FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return {"doc_id": doc_id, "sentence": _sentence_of(con, doc_id, start), "start": start, "end": end,
            "text": text, "outlet": outlet[0] if outlet else None}


def _summary(con: sqlite3.Connection, story: Story) -> dict[str, Any]:
    docs = con.execute(
        "SELECT count(*) AS n, count(published) AS dated, min(published) AS first, max(published) AS last,"
        " sum(n_attributions) AS atts,"
        " sum(n_claims) AS claims, sum(n_timexes) AS timexes, sum(n_entities) AS mentions FROM documents"
    ).fetchone()
    outlets = con.execute(
        "SELECT coalesce(outlet, ?) AS outlet, count(*) AS n FROM documents GROUP BY 1 ORDER BY n DESC, 1", (UNKNOWN,)
    ).fetchall()
    return {
        "documents": docs["n"], "dated": docs["dated"], "first_published": docs["first"], "last_published": docs["last"],
        "attributions": docs["atts"] or 0, "doc_claims": docs["claims"] or 0, "timexes": docs["timexes"] or 0,
        "mentions": docs["mentions"] or 0, "outlets": {r["outlet"]: r["n"] for r in outlets},
        "entities": len(story.entities), "claims": len(story.claims),
        "contested": sum(c.contested for c in story.claims), "timeline": len(story.timeline),
        "skipped": con.execute("SELECT count(*) FROM skipped").fetchone()[0],
        "key_actors": _key_actors(con, story),
        "window": story.timeline_window.model_dump() if story.timeline_window else None,
    }


def _write_cross(con: sqlite3.Connection, story: Story) -> None:
    for table in ("entities", "aliases", "naming", "claims", "claim_members", "timeline", "timeline_sources",
                  "outlets"):
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM search WHERE kind = 'cluster'")
    for e in story.entities:
        con.execute("INSERT INTO entities VALUES (?,?,?,?,?,?)",
                    (e.id, e.name, e.label, e.documents, len(e.mentions), e.model_dump_json()))
        con.executemany("INSERT INTO aliases VALUES (?,?,?,?)",
                        [(e.id, a.text, o, n) for a in e.aliases for o, n in a.by_outlet.items()]
                        or [(e.id, a.text, None, a.count) for a in e.aliases])
    con.executemany("INSERT OR REPLACE INTO naming VALUES (?,?)",
                    [(n.concept, n.model_dump_json()) for n in story.naming])
    ranked = sorted(story.claims, key=lambda c: (-c.independent_sources, -c.reports, -int(c.contested), c.id))
    for rank, c in enumerate(ranked):
        outlets = sorted({m.outlet or UNKNOWN for m in c.members})
        con.execute("INSERT OR REPLACE INTO claims VALUES (?,?,?,?,?,?,?,?,?)",
                    (c.id, c.text, c.reports, c.independent_sources, int(c.contested), json.dumps(c.deniers),
                     json.dumps(c.chains), json.dumps(outlets), rank))
        con.executemany(
            "INSERT INTO claim_members VALUES (?,?,?,?,?,?,?,?,?)",
            [(c.id, m.claim_id, m.doc_id, m.outlet, m.stance, _sentence_of(con, m.doc_id, m.span.start),
              m.span.start, m.span.end, m.span.text) for m in c.members],
        )
        con.execute("INSERT INTO search(text, kind, ref, doc_id) VALUES (?,?,?,?)", (c.text, "cluster", c.id, None))
    events = sorted(story.timeline, key=lambda t: parse_date(t.date) or date.max)  # stable: ties keep story order
    for rank, t in enumerate(events):
        con.execute("INSERT OR REPLACE INTO timeline(id, date, granularity, text, outlets, rank, background)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (t.id, t.date, t.granularity, t.text, json.dumps(t.outlets), rank, int(t.background)))
        con.executemany(
            "INSERT INTO timeline_sources VALUES (?,?,?,?,?,?)",
            [(t.id, s.doc_id, _sentence_of(con, s.doc_id, s.start), s.start, s.end, s.text) for s in t.sources],
        )
    con.executemany(
        "INSERT OR REPLACE INTO outlets VALUES (?,?,?,?,?)",
        [(o.outlet, o.documents, o.hedges, json.dumps(o.source_mix), json.dumps(o.naming)) for o in story.outlets],
    )
    body = story.model_dump_json(exclude={"documents"})
    con.execute("UPDATE story_meta SET value = ? WHERE key = 'story'", (body,))
    con.execute("UPDATE story_meta SET value = ? WHERE key = 'summary'", (json.dumps(_summary(con, story)),))
    bump(con, stale=False)


def revision(con: sqlite3.Connection) -> int:
    """The store's revision: every write of documents or results raises it."""
    return int(con.execute("SELECT value FROM story_meta WHERE key = 'revision'").fetchone()[0])


def write_story(con: sqlite3.Connection, story: Story, *, delete: tuple[str, ...] = (),
                docs: Iterable[Document] = (), at: int | None = None) -> bool:
    """Replace all cross-document results (write ``docs``, delete ``delete`` documents) in one transaction.

    ``at``: the revision the story was resolved from; when the store has moved on since (another
    writer added or removed documents), nothing is written and the answer is False.
    """
    with transaction(con):
        if at is not None and revision(con) != at:
            return False
        for doc in docs:
            delete_document_rows(con, doc.id)
            _insert_document(con, doc)
        for doc_id in delete:
            delete_document_rows(con, doc_id)
        for item in story.skipped:
            con.execute("INSERT OR REPLACE INTO skipped VALUES (?,?,?)", (item.path, item.code, item.reason))
        _write_cross(con, story)
    return True

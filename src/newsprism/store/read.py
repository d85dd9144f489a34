"""The read API of a story store, used by the report and the web view."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Any

from newsprism.language.calendar import granularity
from newsprism.model import Document, StoryWindow
from newsprism.store.schema import connect
from newsprism.store.views import (
    ActorRow,
    AliasRow,
    AttributionRow,
    ClaimRow,
    ClaimScope,
    DocumentRow,
    EntityDetail,
    EventRow,
    FactPart,
    MemberRow,
    NamingRow,
    OutletRow,
    Overview,
    Page,
    SearchHit,
    SourceClass,
    SourceRef,
    known_outlets,
)

NAMED = ("named_person", "named_organization")
ANONYMOUS = ("anonymous_individual", "anonymous_group")
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"
MAX_LIMIT = 500
MAX_TERMS = 16
MAX_OFFSET = 2**63 - 1  # SQLite's largest integer
CORROBORATED = "(independent_sources >= 2 OR contested = 1)"


def source_class(source_type: str | None) -> SourceClass:
    if source_type in NAMED:
        return "named"
    if source_type in ANONYMOUS:
        return "anonymous"
    return "other"


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _att_row(r: sqlite3.Row) -> AttributionRow:
    return AttributionRow(
        id=r["id"], doc_id=r["doc_id"], outlet=r["outlet"], kind=r["kind"], source_type=r["source_type"],
        source_class=source_class(r["source_type"]), source=r["source_text"], speaker=r["speaker"],
        speaker_entity_id=r["speaker_entity_id"], cue=r["cue"], channel=r["channel"], content=r["content"] or "",
        hedged=bool(r["hedged"]), polarity=r["polarity"] or "positive",
        ref=SourceRef(doc_id=r["doc_id"], sentence=r["sentence"], start=r["start"], end=r["end"],
                      text=r["content"] or "", outlet=r["outlet"]),
    )


def search_terms(q: str) -> list[str]:
    """The words of a search, each once (case aside), the first :data:`MAX_TERMS` only: a query's cost
    grows faster than its number of terms."""
    terms: dict[str, str] = {}
    for m in re.finditer(r"\w+", q):
        terms.setdefault(m.group().casefold(), m.group())
        if len(terms) == MAX_TERMS:
            break
    return list(terms.values())


def _fts_query(q: str) -> str:
    return " ".join(f'"{w}"' for w in search_terms(q))


def _split_hits(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    for piece in re.split(f"({HIT_OPEN}.*?{HIT_CLOSE})", text):
        if piece.startswith(HIT_OPEN):
            parts.append((piece[1:-1], True))
        elif piece:
            parts.append((piece, False))
    return parts


class StoryReader:
    """Read-only queries over one story store. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.con = connect(self.path, readonly=True)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> StoryReader:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _meta(self, key: str) -> str:
        row = self.con.execute("SELECT value FROM story_meta WHERE key = ?", (key,)).fetchone()
        return "" if row is None else str(row[0])

    def revision(self) -> int:
        return int(self._meta("revision") or 0)

    def stale(self) -> bool:
        return self._meta("stale") == "1"

    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self._meta("summary") or "{}")
        return data

    def window(self) -> StoryWindow | None:
        """The story's window (resolved with the timeline), or None."""
        window = self.summary().get("window")
        return StoryWindow(**window) if window else None

    # ----- documents -----
    def documents(self, limit: int = 50, offset: int = 0, outlet: str | None = None) -> Page[DocumentRow]:
        where, args = ("WHERE coalesce(outlet, 'unknown') = ?", [outlet]) if outlet else ("", [])
        total = self.con.execute(f"SELECT count(*) FROM documents {where}", args).fetchone()[0]
        rows = self.con.execute(
            "SELECT id, title, outlet, published, source_path, sha256, n_sentences, n_entities, n_attributions,"
            f" n_timexes, n_claims, added_at FROM documents {where} ORDER BY published, id LIMIT ? OFFSET ?",
            [*args, _limit(limit), offset],
        ).fetchall()
        items = [DocumentRow(id=r["id"], title=r["title"], outlet=r["outlet"], published=r["published"],
                             source_path=r["source_path"], sha256=r["sha256"], sentences=r["n_sentences"],
                             entities=r["n_entities"], attributions=r["n_attributions"], timexes=r["n_timexes"],
                             claims=r["n_claims"], added_at=r["added_at"]) for r in rows]
        return Page(items=items, total=total, limit=_limit(limit), offset=offset)

    def document(self, doc_id: str) -> Document | None:
        row = self.con.execute("SELECT json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else Document.model_validate_json(row[0])

    def doc_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY published, id")]

    # ----- entities -----
    def key_actors(self) -> list[ActorRow]:
        return [ActorRow(**a) for a in self.summary().get("key_actors", [])]

    def entities(self, limit: int = 50, offset: int = 0) -> Page[ActorRow]:
        total = self.con.execute("SELECT count(*) FROM entities").fetchone()[0]
        rows = self.con.execute(
            "SELECT id, name, label, documents, mentions, COALESCE(json_extract(json, '$.named'), 1) AS named"
            " FROM entities ORDER BY named DESC, documents DESC, mentions DESC, name LIMIT ? OFFSET ?", (_limit(limit), offset)).fetchall()
        return Page(items=[ActorRow(**dict(r)) for r in rows], total=total, limit=_limit(limit), offset=offset)

    def entity(self, entity_id: str, limit: int = 100) -> EntityDetail | None:
        r = self.con.execute("SELECT id, name, label, documents, mentions FROM entities WHERE id = ?",
                             (entity_id,)).fetchone()
        if r is None:
            return None
        aliases = [AliasRow(text=a["text"], outlet=a["outlet"], count=a["count"]) for a in self.con.execute(
            "SELECT text, outlet, count FROM aliases WHERE entity_id = ? ORDER BY outlet, count DESC", (entity_id,))]
        by = self.con.execute("SELECT * FROM attributions WHERE speaker_entity_id = ? ORDER BY doc_id, sentence"
                              " LIMIT ?", (entity_id, limit)).fetchall()
        about = self.con.execute(
            "SELECT DISTINCT a.* FROM mentions m JOIN attributions a ON a.doc_id = m.doc_id AND m.start >= a.start"
            ' AND m."end" <= a."end" WHERE m.entity_id = ? AND coalesce(a.speaker_entity_id, \'\') != ?'
            " ORDER BY a.doc_id, a.sentence LIMIT ?", (entity_id, entity_id, limit)).fetchall()
        return EntityDetail(entity=ActorRow(**dict(r)), aliases=aliases, quotes_by=[_att_row(x) for x in by],
                            quotes_about=[_att_row(x) for x in about])

    # ----- attributions -----
    def attributions(self, limit: int = 50, offset: int = 0, outlet: str | None = None,
                     source: SourceClass | None = None) -> Page[AttributionRow]:
        clauses, args = [], []
        if outlet:
            clauses.append("outlet = ?")
            args.append(outlet)
        if source:
            types = {"named": NAMED, "anonymous": ANONYMOUS}.get(source)
            if types:
                clauses.append(f"source_type IN ({','.join('?' * len(types))})")
                args.extend(types)
            else:
                clauses.append(f"source_type NOT IN ({','.join('?' * 4)})")
                args.extend((*NAMED, *ANONYMOUS))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self.con.execute(f"SELECT count(*) FROM attributions {where}", args).fetchone()[0]
        rows = self.con.execute(f"SELECT * FROM attributions {where} ORDER BY outlet, doc_id, sentence LIMIT ? OFFSET ?",
                                [*args, _limit(limit), offset]).fetchall()
        return Page(items=[_att_row(r) for r in rows], total=total, limit=_limit(limit), offset=offset)

    def source_matrix(self) -> list[OutletRow]:
        """Per outlet: documents, named / anonymous / other sources, profile fields where resolved."""
        rows: dict[str, OutletRow] = {}
        for r in self.con.execute("SELECT coalesce(outlet, 'unknown') AS o, count(*) AS n FROM documents GROUP BY 1"):
            rows[r["o"]] = OutletRow(outlet=r["o"], documents=r["n"])
        for r in self.con.execute("SELECT outlet, source_type, count(*) AS n FROM attributions GROUP BY 1, 2"):
            row = rows.setdefault(r["outlet"], OutletRow(outlet=r["outlet"]))
            row.source_mix[r["source_type"]] = r["n"]
            cls = source_class(r["source_type"])
            setattr(row, cls, getattr(row, cls) + r["n"])
        for r in self.con.execute("SELECT * FROM outlets"):
            row = rows.setdefault(r["outlet"], OutletRow(outlet=r["outlet"], documents=r["documents"]))
            row.hedges = r["hedges"]
            row.naming = json.loads(r["naming"] or "{}")
        return sorted(rows.values(), key=lambda o: (-o.documents, o.outlet))

    def first_use(self, outlet: str, form: str) -> SourceRef | None:
        """The first sentence where ``outlet`` writes ``form`` (to show a naming choice in context)."""
        r = self.con.execute(
            "SELECT s.doc_id, s.idx, s.start + instr(s.text, ?) - 1 AS at, d.outlet FROM documents d"
            " CROSS JOIN sentences s ON s.doc_id = d.id WHERE coalesce(d.outlet, 'unknown') = ?"
            " AND instr(s.text, ?) > 0 ORDER BY d.published, d.id, s.idx LIMIT 1",  # documents in date order: the
            (form, outlet, form)).fetchone()  # first hit ends the scan (a scan of all sentences took 7x longer)
        if r is None:
            return None
        return SourceRef(doc_id=r["doc_id"], sentence=r["idx"], start=r["at"], end=r["at"] + len(form), text=form,
                         outlet=r["outlet"])

    def naming(self) -> list[NamingRow]:
        return [NamingRow(**json.loads(r[0])) for r in self.con.execute("SELECT json FROM naming ORDER BY concept")]

    # ----- claims -----
    def _members(self, cluster_ids: list[str]) -> dict[str, list[MemberRow]]:
        out: dict[str, list[MemberRow]] = {i: [] for i in cluster_ids}
        if not cluster_ids:
            return out
        marks = ",".join("?" * len(cluster_ids))
        for m in self.con.execute(f"SELECT * FROM claim_members WHERE cluster_id IN ({marks})", cluster_ids):
            out[m["cluster_id"]].append(MemberRow(
                claim_id=m["claim_id"], doc_id=m["doc_id"], outlet=m["outlet"], stance=m["stance"],
                ref=SourceRef(doc_id=m["doc_id"], sentence=m["sentence"], start=m["start"], end=m["end"],
                              text=m["text"], outlet=m["outlet"])))
        return out

    def _claim_rows(self, rows: list[sqlite3.Row]) -> list[ClaimRow]:
        members = self._members([r["id"] for r in rows])
        return [ClaimRow(id=r["id"], text=r["text"], rank=r["rank"], reports=r["reports"],
                         independent_sources=r["independent_sources"], contested=bool(r["contested"]),
                         deniers=json.loads(r["deniers"]), chains=json.loads(r["chains"]),
                         outlets=json.loads(r["outlets"]), members=members[r["id"]]) for r in rows]

    def claims(self, limit: int = 50, offset: int = 0, contested: bool | None = None,
               scope: ClaimScope = "all") -> Page[ClaimRow]:
        """Claims by rank (most independent sources first); ``scope="corroborated"`` keeps those two or more
        independent sources carry, and every contested one."""
        clauses = ([] if contested is None else [f"contested = {int(contested)}"]) + (
            [CORROBORATED] if scope == "corroborated" else [])
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self.con.execute(f"SELECT count(*) FROM claims {where}").fetchone()[0]
        rows = self.con.execute(f"SELECT * FROM claims {where} ORDER BY rank LIMIT ? OFFSET ?",
                                (_limit(limit), offset)).fetchall()
        return Page(items=self._claim_rows(rows), total=total, limit=_limit(limit), offset=offset)

    def single_source_claims(self) -> int:
        """How many claims rest on one independent source and are not contested (hidden unless asked for)."""
        return int(self.con.execute(f"SELECT count(*) FROM claims WHERE NOT {CORROBORATED}").fetchone()[0])

    def claim(self, claim_id: str) -> ClaimRow | None:
        rows = self.con.execute("SELECT * FROM claims WHERE id = ?", (claim_id,)).fetchall()
        return self._claim_rows(rows)[0] if rows else None

    # ----- timeline -----
    def timeline(self, limit: int = 100, offset: int = 0, background: bool | None = None) -> Page[EventRow]:
        """Events in date order; ``background`` True / False keeps only those outside / inside the story's window."""
        where = "" if background is None else f"WHERE background = {int(background)}"
        total = self.con.execute(f"SELECT count(*) FROM timeline {where}").fetchone()[0]
        rows = self.con.execute(f"SELECT * FROM timeline {where} ORDER BY rank LIMIT ? OFFSET ?",
                                (_limit(limit), offset)).fetchall()
        sources: dict[str, list[SourceRef]] = {r["id"]: [] for r in rows}
        if rows:
            marks = ",".join("?" * len(rows))
            for s in self.con.execute(
                    f"SELECT t.*, d.outlet FROM timeline_sources t LEFT JOIN documents d ON d.id = t.doc_id"
                    f" WHERE event_id IN ({marks})", list(sources)):
                sources[s["event_id"]].append(SourceRef(doc_id=s["doc_id"], sentence=s["sentence"], start=s["start"],
                                                        end=s["end"], text=s["text"], outlet=s["outlet"]))
        items = [EventRow(id=r["id"], date=r["date"], granularity=r["granularity"], text=r["text"],
                          outlets=json.loads(r["outlets"]), sources=sources[r["id"]], background=bool(r["background"]))
                 for r in rows]
        return Page(items=items, total=total, limit=_limit(limit), offset=offset)

    def dated_mentions(self, limit: int = 100, offset: int = 0) -> Page[EventRow]:
        """Dated time expressions in date order, as events (for a story whose timeline is not resolved)."""
        where = "WHERE t.type = 'DATE' AND t.value GLOB '[0-9][0-9][0-9][0-9]*'"
        total = self.con.execute(f"SELECT count(*) FROM timexes t {where}").fetchone()[0]
        rows = self.con.execute(
            f"SELECT t.*, s.text AS sentence_text, d.outlet FROM timexes t LEFT JOIN sentences s ON s.doc_id = t.doc_id"
            f" AND s.idx = t.sentence JOIN documents d ON d.id = t.doc_id {where}"
            f" ORDER BY t.value, t.doc_id, t.start LIMIT ? OFFSET ?", (_limit(limit), offset)).fetchall()
        items = [EventRow(id=f"{r['doc_id']}:{r['id']}", date=r["value"], granularity=granularity(r["value"]) or
                          "unspecified", text=" ".join((r["sentence_text"] or
                          r["text"]).split()), outlets=[r["outlet"] or "unknown"],
                          sources=[SourceRef(doc_id=r["doc_id"], sentence=r["sentence"], start=r["start"],
                                             end=r["end"], text=r["text"], outlet=r["outlet"])]) for r in rows]
        return Page(items=items, total=total, limit=_limit(limit), offset=offset)

    # ----- search -----
    def search(self, q: str, limit: int = 20, offset: int = 0) -> Page[SearchHit]:
        limit = _limit(limit)
        if self._meta("fts") == "1":
            match = _fts_query(q)
            if not match:
                return Page(items=[], total=0, limit=limit, offset=offset)
            total = self.con.execute("SELECT count(*) FROM search WHERE search MATCH ?", (match,)).fetchone()[0]
            rows = self.con.execute(
                "SELECT kind, ref, doc_id, highlight(search, 0, ?, ?) AS hl FROM search WHERE search MATCH ?"
                " ORDER BY rank LIMIT ? OFFSET ?", (HIT_OPEN, HIT_CLOSE, match, limit, offset)).fetchall()
            hits = [(r["kind"], r["ref"], r["doc_id"], _split_hits(r["hl"])) for r in rows]
        else:
            like = f"%{' '.join(q.split()[:MAX_TERMS])}%"
            total = self.con.execute("SELECT count(*) FROM search WHERE text LIKE ?", (like,)).fetchone()[0]
            rows = self.con.execute("SELECT kind, ref, doc_id, text FROM search WHERE text LIKE ? LIMIT ? OFFSET ?",
                                    (like, limit, offset)).fetchall()
            hits = [(r["kind"], r["ref"], r["doc_id"], [(r["text"], False)]) for r in rows]
        items = [SearchHit(kind=k, id=ref, doc_id=doc, parts=parts, ref=self._ref(k, ref, doc))
                 for k, ref, doc, parts in hits]
        return Page(items=items, total=total, limit=limit, offset=offset)

    def _ref(self, kind: str, ref: str, doc_id: str | None) -> SourceRef | None:
        if kind == "quote":
            r = self.con.execute("SELECT * FROM attributions WHERE id = ? AND doc_id = ?", (ref, doc_id)).fetchone()
            return None if r is None else _att_row(r).ref
        if kind == "claim":
            r = self.con.execute("SELECT c.*, d.outlet FROM doc_claims c JOIN documents d ON d.id = c.doc_id"
                                 " WHERE c.id = ? AND c.doc_id = ?", (ref, doc_id)).fetchone()
            return None if r is None else SourceRef(doc_id=r["doc_id"], sentence=r["sentence"], start=r["start"],
                                                    end=r["end"], text=r["text"], outlet=r["outlet"])
        claim = self.claim(ref)
        return claim.members[0].ref if claim and claim.members else None

    # ----- overview -----
    def overview(self, n_claims: int = 8, n_events: int = 12) -> Overview:
        s = self.summary()
        top = self.claims(limit=n_claims, scope="corroborated").items
        contested = self.claims(limit=n_claims, contested=True).items
        page = self.timeline(limit=n_events, background=False)
        events = page.items
        last = (self.timeline(limit=1, offset=page.total - 1, background=False).items if page.total > len(events)
                else events[-1:])
        actors = [ActorRow(**a) for a in s.get("key_actors", [])]
        outlets = self.source_matrix()
        counts = {k: int(s.get(k, 0)) for k in ("attributions", "doc_claims", "timexes", "mentions", "entities",
                                                "claims", "contested", "timeline")}
        counts["single_source"] = self.single_source_claims()
        return Overview(
            revision=self.revision(), stale=self.stale(), documents=int(s.get("documents", 0)),
            outlets=s.get("outlets", {}), first_published=s.get("first_published"),
            last_published=s.get("last_published"), counts=counts,
            facts=facts(s, actors, top, contested, events[:1] + last, outlets), key_actors=actors, top_claims=top,
            contested=contested, timeline=events, window=self.window(),
            outlet_rows=outlets, skipped=int(s.get("skipped", 0)),
        )


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def best_claim(ranked: list[ClaimRow], n_claims: int) -> list[FactPart]:
    """The best-corroborated claim (text, independent sources, outlets), or plainly that there is none."""
    best = next((c for c in ranked if c.independent_sources >= 2), None)
    if best is None:
        rest = f": each of the {n_claims} claims rests on a single source" if n_claims else ""
        return [FactPart(text=f"No claim is carried by two or more independent sources{rest}. ")]
    carriers = [m for m in best.members if m.stance not in ("denies", "disputes")]
    outlets = sorted({m.outlet for m in carriers if m.outlet})
    unknown = len({m.doc_id for m in carriers if not m.outlet})
    if outlets:
        outlets += [f"{unknown} report{'s' * (unknown != 1)} of unknown outlet"] if unknown else []
        where = f" from {_names(outlets)}"
    else:  # not "in 3 reports from 3 reports of unknown outlet"
        where = " of unknown outlet" if unknown else ""
    return [FactPart(text="The best-corroborated claim, "),
            FactPart(text=f"“{' '.join(best.text.split())}”", ref=best.members[0].ref if best.members else None),
            FactPart(text=f", is carried by {best.independent_sources} independent sources in {best.reports}"
                          f" report{'s' * (best.reports != 1)}{where}. ")]


def facts(s: dict[str, Any], actors: list[ActorRow], top: list[ClaimRow], contested: list[ClaimRow],
          events: list[EventRow], outlets: list[OutletRow]) -> list[FactPart]:
    """The story in one paragraph, made only of extracted facts; each linked part opens its source."""
    n = int(s.get("documents", 0))
    if not n:
        return [FactPart(text="The store holds no reports yet.")]
    counts, unknown = known_outlets(s.get("outlets", {}))
    names = [f"{o} ({c})" for o, c in counts.items()]
    text = f"{n} report{'s' * (n != 1)}"
    if names:
        text += f" from {len(names)} outlet{'s' * (len(names) != 1)} ({_names(names)})"
        text += f" and {unknown} of unknown outlet" if unknown else ""
    else:
        text += ", outlet unknown" if n == 1 else ", outlets unknown"
    if s.get("first_published"):
        first, last = s["first_published"], s["last_published"]
        text += f", published {first}" + (f" to {last}" if last != first else "")
        dated = s.get("dated")
        if dated is not None and dated < n:  # a date range read off one report is not the pile's
            text += f" ({dated} of the {n} dated)"
    else:  # say why the timeline holds only dates written with their year
        text += (", not dated" if n == 1 else ", none of them dated") + (
            " (no date in metadata or text), so relative dates such as “Thursday” are not placed on the calendar")
    parts = [FactPart(text=text + ". ")]
    if actors:
        parts.append(FactPart(text="Key actors: "))
        for i, a in enumerate(actors[:5]):
            sep = "" if i == 0 else (" and " if i == min(len(actors), 5) - 1 else ", ")
            parts += [FactPart(text=sep), FactPart(text=a.name, entity_id=a.id)]
        parts.append(FactPart(text=". "))
    parts += best_claim(top, int(s.get("claims", 0)))
    for c in contested[:2]:
        who = f", denied by {_names(c.deniers)}" if c.deniers else ""
        parts += [FactPart(text="Contested: "), FactPart(text=f"“{c.text}”",
                  ref=c.members[0].ref if c.members else None), FactPart(text=f"{who}. ")]
    if events:
        e = events[0]
        parts += [FactPart(text=f"Earliest dated event ({e.date}): "),
                  FactPart(text=e.text.rstrip(". "), ref=e.sources[0] if e.sources else None), FactPart(text=". ")]
        if len(events) > 1:
            e = events[-1]
            parts += [FactPart(text=f"Latest dated event ({e.date}): "),
                      FactPart(text=e.text.rstrip(". "), ref=e.sources[0] if e.sources else None), FactPart(text=". ")]
    named = sum(o.named for o in outlets)
    anonymous = sum(o.anonymous for o in outlets)
    if named or anonymous:
        parts.append(FactPart(text=f"Of {int(s.get('attributions', 0))} attributed statements, {named} cite named "
                                   f"and {anonymous} anonymous sources."))
    return parts

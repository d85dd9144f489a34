"""Gather everything a brief shows from a story store, once, for the HTML and Markdown templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newsprism.model import Document
from newsprism.store import StoryReader
from newsprism.store.views import (
    ActorRow,
    AliasRow,
    AttributionRow,
    ClaimRow,
    EventRow,
    NamingRow,
    OutletRow,
    Overview,
    SourceRef,
)
from newsprism.views.article import Block, Mark, article_blocks
from newsprism.views.select import TimelineParts, split_timeline

MAX_ROWS = 2000


@dataclass
class Article:
    anchor: str
    doc: Document
    blocks: list[Block]


@dataclass
class Actor:
    row: ActorRow
    aliases: list[AliasRow] = field(default_factory=list)


@dataclass
class ReportData:
    path: str
    generated: str
    overview: Overview
    actors: list[Actor]
    claims: list[ClaimRow]
    events: list[EventRow]
    attributions: list[AttributionRow]
    outlets: list[OutletRow]
    naming: list[NamingRow]
    articles: list[Article]
    anchors: dict[str, str]
    skipped: list[tuple[str, str, str]]
    charts: dict[str, str | None] = field(default_factory=dict)
    naming_refs: dict[tuple[str, str], SourceRef | None] = field(default_factory=dict)
    events_resolved: bool = True
    hidden_claims: int = 0  # single-source claims left out (``all_claims`` lists them)
    timeline: TimelineParts = field(default_factory=lambda: TimelineParts(None))

    def naming_ref(self, outlet: str, form: str) -> SourceRef | None:
        return self.naming_refs.get((outlet, form))

    def href(self, ref: SourceRef | None) -> str | None:
        """The in-file link to a source sentence (``#a0-s3``), or None if unknown."""
        if ref is None or ref.doc_id not in self.anchors:
            return None
        anchor = self.anchors[ref.doc_id]
        return f"#{anchor}-s{ref.sentence}" if ref.sentence is not None else f"#{anchor}"

    def hl(self, ref: SourceRef | None) -> str | None:
        """``anchor:start:end`` for the exact-span highlight script."""
        if ref is None or ref.doc_id not in self.anchors or ref.start is None or ref.end is None:
            return None
        return f"{self.anchors[ref.doc_id]}:{ref.start}:{ref.end}"


def _actors(r: StoryReader) -> list[Actor]:
    entities = r.entities(limit=25).items
    if not entities:
        return [Actor(row=a) for a in r.key_actors()]
    key = {a.id: a for a in r.key_actors()}
    out = []
    for e in entities:
        detail = r.entity(e.id or "", limit=0)
        row = key.get(e.id, e)
        out.append(Actor(row=row, aliases=detail.aliases if detail else []))
    return out


def _refs(data: ReportData) -> dict[str, list[Mark]]:
    """Spans the brief links to, so the article text is cut exactly there."""
    refs: list[SourceRef] = [m.ref for c in data.claims for m in c.members]
    refs += [s for e in data.events for s in e.sources]
    refs += [a.row.ref for a in data.actors if a.row.ref is not None]
    refs += [r for r in data.naming_refs.values() if r is not None]
    out: dict[str, list[Mark]] = {}
    for ref in refs:
        if ref.start is not None and ref.end is not None:
            out.setdefault(ref.doc_id, []).append((ref.start, ref.end, "ref"))
    return out


def gather(db: str | Path, charts: bool = True, all_claims: bool = False) -> ReportData:
    """Everything the brief shows; claims one independent source carries are left out unless ``all_claims``."""
    with StoryReader(db) as r:
        ids = r.doc_ids()
        anchors = {doc_id: f"a{n}" for n, doc_id in enumerate(ids)}
        data = ReportData(
            path=str(db), generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            overview=r.overview(), actors=_actors(r),
            claims=r.claims(limit=MAX_ROWS, scope="all" if all_claims else "corroborated").items,
            events=r.timeline(limit=MAX_ROWS).items, attributions=r.attributions(limit=MAX_ROWS).items,
            outlets=r.source_matrix(), naming=r.naming(), articles=[], anchors=anchors,
            skipped=[(x["path"], x["code"], x["reason"]) for x in r.con.execute("SELECT * FROM skipped")],
        )
        if not data.events:
            data.events = r.dated_mentions(limit=MAX_ROWS).items
            data.events_resolved = False
        data.hidden_claims = 0 if all_claims else r.single_source_claims()
        data.timeline = split_timeline(data.events, data.overview.window)
        data.naming_refs = {(o, form): r.first_use(o, form) for n in data.naming
                            for o, forms in n.by_outlet.items() for form in forms}
        extra = _refs(data)
        for doc_id in ids:
            doc = r.document(doc_id)
            if doc is not None:
                data.articles.append(Article(anchors[doc_id], doc, article_blocks(doc, extra.get(doc_id, []))))
    if charts:
        from newsprism.views.charts import corroboration_svg, source_mix_svg, timeline_svg

        data.charts = {
            "claims": corroboration_svg(data.claims, [data.href(c.members[0].ref if c.members else None)
                                                      for c in data.claims]),
            "timeline": timeline_svg(data.timeline, lambda e: data.href(e.sources[0] if e.sources else None)),
            "sources": source_mix_svg(data.outlets),
        }
    return data

"""Rows the read API returns (to the report, the web pages and the JSON API)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from newsprism.model import StoryWindow

T = TypeVar("T")
SourceClass = Literal["named", "anonymous", "other"]
# which claims a view lists: those two or more independent sources carry (and every contested one), or all
ClaimScope = Literal["corroborated", "all"]


class SourceRef(BaseModel):
    """Where an item comes from: a document, its sentence and the exact characters."""

    doc_id: str
    sentence: int | None = None
    start: int | None = None
    end: int | None = None
    text: str = ""
    outlet: str | None = None


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class DocumentRow(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    source_path: str | None = None
    sha256: str | None = None
    sentences: int = 0
    entities: int = 0
    attributions: int = 0
    timexes: int = 0
    claims: int = 0
    added_at: str | None = None


class ActorRow(BaseModel):
    id: str | None = None
    name: str
    label: str
    documents: int = 0
    mentions: int = 0
    ref: SourceRef | None = None
    named: bool = True  # False: a participant only ever named by nouns ("the gunman"), listed after the named


class AliasRow(BaseModel):
    text: str
    outlet: str | None = None
    count: int = 0


class AttributionRow(BaseModel):
    id: str
    doc_id: str
    outlet: str | None = None
    kind: str
    source_type: str
    source_class: SourceClass
    source: str | None = None
    speaker: str | None = None
    speaker_entity_id: str | None = None
    cue: str | None = None
    channel: str | None = None
    content: str = ""
    hedged: bool = False
    polarity: str = "positive"
    ref: SourceRef

    @property
    def who(self) -> str:
        """Who the views name: a named source by its name ("Trump"); any other by the report's own words
        ("A Kremlin official", "Trump's personal history ..."), with the person they were resolved to
        when those words do not say it ("The mayor (Bill de Blasio)")."""
        if self.source_class == "named" or not self.source:
            return self.speaker or self.source or "?"
        if self.speaker and self.speaker.lower() not in self.source.lower():
            return f"{self.source} ({self.speaker})"
        return self.source


class MemberRow(BaseModel):
    claim_id: str
    doc_id: str
    outlet: str | None = None
    stance: str
    ref: SourceRef


class ClaimRow(BaseModel):
    id: str
    text: str
    rank: int
    reports: int = 0
    independent_sources: int = 0
    contested: bool = False
    deniers: list[str] = Field(default_factory=list)
    chains: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    members: list[MemberRow] = Field(default_factory=list)


class EventRow(BaseModel):
    id: str
    date: str
    granularity: str = "day"
    text: str
    outlets: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    background: bool = False


class OutletRow(BaseModel):
    outlet: str
    documents: int = 0
    hedges: int = 0
    source_mix: dict[str, int] = Field(default_factory=dict)
    naming: dict[str, str] = Field(default_factory=dict)
    named: int = 0
    anonymous: int = 0
    other: int = 0


class NamingRow(BaseModel):
    concept: str
    by_outlet: dict[str, dict[str, int]] = Field(default_factory=dict)


class EntityDetail(BaseModel):
    entity: ActorRow
    aliases: list[AliasRow] = Field(default_factory=list)
    quotes_by: list[AttributionRow] = Field(default_factory=list)
    quotes_about: list[AttributionRow] = Field(default_factory=list)


class FactPart(BaseModel):
    """A piece of the story paragraph; linked parts open their source."""

    text: str
    ref: SourceRef | None = None
    entity_id: str | None = None


class SearchHit(BaseModel):
    kind: Literal["quote", "claim", "cluster"]
    id: str
    doc_id: str | None = None
    parts: list[tuple[str, bool]] = Field(default_factory=list, description="text pieces, True where matched")
    ref: SourceRef | None = None


def known_outlets(outlets: dict[str, int]) -> tuple[dict[str, int], int]:
    """Reports per identified outlet, and how many reports are of unknown outlet."""
    return {k: n for k, n in outlets.items() if k != "unknown"}, outlets.get("unknown", 0)


class Overview(BaseModel):
    revision: int
    stale: bool = False
    documents: int = 0
    outlets: dict[str, int] = Field(default_factory=dict)
    first_published: str | None = None
    last_published: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)

    @property
    def outlets_label(self) -> str:
        """'2 outlets, 2 reports of unknown outlet'; 'outlet unknown' when none was identified."""
        known, unknown = known_outlets(self.outlets)
        if not known:
            return "outlet unknown"
        text = f"{len(known)} outlet{'' if len(known) == 1 else 's'}"
        return text + (f", {unknown} report{'' if unknown == 1 else 's'} of unknown outlet" if unknown else "")
    facts: list[FactPart] = Field(default_factory=list)
    key_actors: list[ActorRow] = Field(default_factory=list)
    top_claims: list[ClaimRow] = Field(default_factory=list)
    contested: list[ClaimRow] = Field(default_factory=list)
    timeline: list[EventRow] = Field(default_factory=list)
    window: StoryWindow | None = None
    outlet_rows: list[OutletRow] = Field(default_factory=list)
    skipped: int = 0

"""The one data model every stage imports.

Offsets are character offsets into ``Document.text`` (the article body exactly as
read). Every span satisfies ``document.text[span.start:span.end] == span.text``.
No stage redefines these classes; later stages fill the slots declared here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of one document's text: what a person can click and read."""

    doc_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Sentence(_Model):
    index: int
    start: int
    end: int
    paragraph: int = 0
    text: str


class Mention(_Model):
    """One mention of an entity in one document (named, nominal or pronoun)."""

    id: str
    doc_id: str
    start: int
    end: int
    text: str
    label: str
    sentence: int
    kind: Literal["name", "nominal", "pronoun"] = "name"
    entity_id: str | None = None
    # for nominals and pronouns: the id of the named mention in the same document it refers to
    antecedent: str | None = None


class ChainLink(_Model):
    """One upstream link of an attribution ("The Post reported, citing people ...")."""

    source: str
    source_type: str = "unknown"
    span: Span | None = None
    cue: str | None = None


AttributionKind = Literal["direct", "indirect", "mixed", "according_to", "non_speech"]
SourceType = Literal[
    "named_person",
    "named_organization",
    "anonymous_individual",
    "anonymous_group",
    "document",
    "unknown",
]


class Attribution(_Model):
    """Who said what: source, cue and content spans, with resolution and channel."""

    id: str
    doc_id: str
    sentence: int
    source: Span | None = None
    cue: Span | None = None
    content: Span | None = None
    content_parts: list[Span] = Field(default_factory=list)
    kind: AttributionKind = "indirect"
    source_type: SourceType = "unknown"
    source_descriptor: str | None = None
    speaker: str | None = None
    speaker_span: Span | None = None
    speaker_entity_id: str | None = None
    channel: str | None = None
    channel_span: Span | None = None
    chain: list[ChainLink] = Field(default_factory=list)
    hedging: list[str] = Field(default_factory=list)
    polarity: Literal["positive", "negative"] = "positive"
    confidence: float = 1.0


TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


class TimeExpression(_Model):
    """A TIMEX3-style time expression, normalised against an anchor."""

    id: str
    doc_id: str
    sentence: int
    span: Span
    type: TimexType
    value: str
    mod: str | None = None
    anchor: str = "DCT"
    anchor_value: str | None = None
    confidence: float = 1.0
    # the calendar value the expression points at ("several days later" -> "2024-11"), when it has one
    resolved: str | None = None


class Claim(_Model):
    """A claim unit: an attribution's content or the outlet's own assertion."""

    id: str
    doc_id: str
    sentence: int
    span: Span
    text: str
    kind: Literal["attributed", "assertion"] = "assertion"
    attribution_id: str | None = None
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    polarity: Literal["positive", "negative"] = "positive"
    modality: str | None = None
    hedging: list[str] = Field(default_factory=list)
    time: str | None = None
    time_id: str | None = None
    # who backs it (the attribution's source, or the outlet for its own assertions) and how
    source: str | None = None
    source_type: str = "unknown"
    source_span: Span | None = None
    cue: str | None = None
    denial: bool = False
    disputed: bool = False
    # upstream sources the claim is relayed from, nearest first ("The Washington Post", "anonymous people")
    upstream: list[str] = Field(default_factory=list)


class Evidence(_Model):
    """A value with the spans that support it and how sure newsprism is."""

    value: str
    confidence: float = 1.0
    spans: list[Span] = Field(default_factory=list)
    reason: str = ""


class Meta(_Model):
    title: str | None = None
    outlet: str | None = None
    outlet_source: Literal["metadata", "inferred"] | None = None
    outlet_evidence: Evidence | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    published_source: Literal["metadata", "inferred"] | None = None
    published_granularity: Literal["day", "week", "month", "year"] | None = None
    published_evidence: list[Span] = Field(default_factory=list)
    # how likely the inferred period holds the true date (None for a date from the metadata)
    published_confidence: float | None = None
    syndicated_from: str | None = None
    syndicated_evidence: Span | None = None
    boilerplate: list[Span] = Field(default_factory=list)
    source_path: str | None = None
    format: str | None = None
    encoding: str | None = None
    sha256: str | None = None


class Document(_Model):
    """The per-document record: the contract of ``documents.jsonl``."""

    id: str
    text: str
    meta: Meta = Field(default_factory=Meta)
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Mention] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    timexes: list[TimeExpression] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    # what the text says about its own date, for the story's joint dating (not serialised)
    _dating: Any = PrivateAttr(default=None)


# ----- cross-document records (filled by ``resolve``) -----


class Alias(_Model):
    text: str
    count: int
    by_doc: dict[str, int] = Field(default_factory=dict)
    by_outlet: dict[str, int] = Field(default_factory=dict)


class Entity(_Model):
    """One real-world identity across the pile."""

    id: str
    name: str
    label: str
    aliases: list[Alias] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    roles: list[Evidence] = Field(default_factory=list)
    used_for: list[str] = Field(default_factory=list)
    first: Span | None = None
    documents: int = 0
    # False for a participant the reports only describe ("the gunman"): no name, no name aliases
    named: bool = True


class NamingChoice(_Model):
    """How outlets name one thing where they differ (Kiev / Kyiv)."""

    concept: str
    by_outlet: dict[str, dict[str, int]] = Field(default_factory=dict)


class ClaimMember(_Model):
    claim_id: str
    doc_id: str
    outlet: str | None = None
    stance: Literal["supports", "denies", "disputes", "reports"] = "reports"
    span: Span
    source: str | None = None
    # the independent source this member collapses into, and its chain ("The Moscow Times ← VPost")
    origin: str | None = None
    chain: str | None = None
    similarity: float = 1.0


class ClaimCluster(_Model):
    """The same claim across documents, with its corroboration."""

    id: str
    text: str
    members: list[ClaimMember] = Field(default_factory=list)
    reports: int = 0
    independent_sources: int = 0
    chains: list[str] = Field(default_factory=list)
    deniers: list[str] = Field(default_factory=list)
    contested: bool = False
    # the independent sources after collapsing copies, syndication and shared upstream reports
    sources: list[str] = Field(default_factory=list)
    disputers: list[str] = Field(default_factory=list)


class TimelineEvent(_Model):
    id: str
    date: str
    granularity: str = "day"
    text: str
    sources: list[Span] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    kind: str = "sentence"  # what the event came from: attribution, claim or sentence
    timex_ids: list[str] = Field(default_factory=list)  # the time expressions that date it
    inferred_dates: bool = False  # True when a document date behind it was inferred from the text
    # True when the event lies outside the story's window (a recalled event: context, not the story)
    background: bool = False


class StoryWindow(_Model):
    """The period the story is about: the pile's document dates and the dense cluster of event dates."""

    start: str  # first day, ISO (2024-11-04)
    end: str  # last day, ISO
    granularity: str = "day"  # the finest grain of the dates that made it (day, week, month)


class OutletProfile(_Model):
    outlet: str
    documents: int = 0
    source_mix: dict[str, int] = Field(default_factory=dict)
    hedges: int = 0
    naming: dict[str, str] = Field(default_factory=dict)


class SkippedInput(_Model):
    """An input that could not be read, and why."""

    path: str
    code: str
    reason: str


class DocumentSummary(_Model):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    syndicated_from: str | None = None
    source_path: str | None = None
    sentences: int = 0
    entities: int = 0
    attributions: int = 0
    timexes: int = 0
    claims: int = 0


class Story(_Model):
    """The cross-checked picture of the story: the contract of ``story.json``."""

    schema_version: str = SCHEMA_VERSION
    documents: list[DocumentSummary] = Field(default_factory=list)
    skipped: list[SkippedInput] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    naming: list[NamingChoice] = Field(default_factory=list)
    claims: list[ClaimCluster] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    timeline_window: StoryWindow | None = None
    outlets: list[OutletProfile] = Field(default_factory=list)

    _docs: list[Document] = PrivateAttr(default_factory=list)

    @property
    def docs(self) -> list[Document]:
        """The full per-document records behind this story."""
        return self._docs


def make_span(doc_id: str, text: str, start: int, end: int) -> Span:
    """A span of ``text`` whose ``text`` is exactly the slice (the provenance invariant)."""
    return Span(doc_id=doc_id, start=start, end=end, text=text[start:end])

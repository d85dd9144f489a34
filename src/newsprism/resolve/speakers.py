"""Who said what, as identities: each attribution's speaker becomes the entity of the mention that
covers its speaker span (the name the attribution stage resolved "she" or "the diplomat" to), else of
the name or pronoun at the head of its source. An indefinite or plural source ("a senior official",
"officials") stays anonymous whatever coreference says, and gets no speaker entity.

With role evidence on (``coref.ROLE_EVIDENCE``, opt-in), a common noun at the head of the source
("the mayor said") is the identities stage's: its entity is the speaker's, and a definite description
that resolves so to a named person counts as a named person in the outlets' source mixes. Off, the
identities stage's nearest-person links for such nouns are too often wrong to name a speaker by
(tune pile: 3 right, 4 wrong), so they stay as the attribution stage left them.
"""

from __future__ import annotations

import re

from newsprism.model import Attribution, Document, Entity, Mention, Span, Story, make_span
from newsprism.registry import resolvers
from newsprism.resolve import coref

_POSSESSIVE = ("'s", "’s", "'", "’")
_DEFINITE = re.compile(r"^the\s", re.IGNORECASE)
_SPEAKER_LABELS = ("PERSON", "ORG", "GPE")


def _covering(mentions: list[Mention], span: Span) -> Mention | None:
    """The mention that overlaps the span most (a name before a nominal or pronoun)."""
    best: tuple[int, int, int] | None = None
    found = None
    for m in mentions:
        overlap = min(m.end, span.end) - max(m.start, span.start)
        if overlap <= 0:
            continue
        rank = (m.kind == "name", overlap, -(m.end - m.start))
        if best is None or rank > best:
            best, found = rank, m
    return found


def _head_mention(doc: Document, mentions: list[Mention], source: Span) -> Mention | None:
    """The first mention inside the source that is not a possessor ("Trump's spokesman": not Trump)."""
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < source.start or m.end > source.end:
            continue
        if doc.text[m.end : m.end + 2].startswith(_POSSESSIVE) and m.end < source.end:
            continue
        return m
    return None


def speaker_of(doc: Document, att: Attribution, mentions: list[Mention]) -> Mention | None:
    """The mention an attribution's speaker is: a common noun at the head of its source ("the mayor")
    is the identities stage's; else the mention covering the speaker span the attribution stage
    resolved ("she" -> the last named speaker), else the source's head. None for an indefinite or
    plural source."""
    if att.source_type in ("anonymous_group", "document"):
        return None
    if att.source_type == "anonymous_individual" and (att.source is None or not _DEFINITE.match(att.source.text)):
        return None  # "a senior official": someone the report does not name
    head = _head_mention(doc, mentions, att.source) if att.source is not None else None
    if head is not None and head.kind == "nominal" and coref.ROLE_EVIDENCE:
        return head
    if att.speaker_span is not None and att.speaker_span.doc_id == doc.id:
        hit = _covering(mentions, att.speaker_span)
        if hit is not None:
            return hit
    return head if head is None or head.kind != "nominal" else None


def written_names(entities: dict[str, Entity]) -> dict[str, Entity]:
    """The pile's named people and organisations by each name they are written with, case aside
    ("indian navy" -> the Indian Navy); a name two entities share is left out."""
    seen: dict[str, Entity | None] = {}
    for ent in entities.values():
        if not ent.named or ent.label not in _SPEAKER_LABELS:
            continue
        for key in {coref.name_key(a.text) for a in ent.aliases} | {coref.name_key(ent.name)}:
            seen[key] = ent if seen.get(key, ent) is ent else None
    return {k: e for k, e in seen.items() if e is not None and k}


def _named_in_other_case(att: Attribution, names: dict[str, Entity]) -> Entity | None:
    """A source that is one of the pile's names written in another case ("The Indian navy" where
    other reports write "the Indian Navy"), which the tagger left untagged. A capitalised word after
    the first is asked for, so that "the government" never becomes an entity named "Government"."""
    if att.source is None or att.source_type not in ("anonymous_individual", "unknown"):
        return None
    words = att.source.text.split()
    if not any(w[:1].isupper() for w in words[1:]):
        return None
    return names.get(coref.name_key(att.source.text))


def resolve_document(doc: Document, entities: dict[str, Entity], written: dict[str, Entity]) -> None:
    """Speakers of one report; ``written``: :func:`written_names` of the pile."""
    mentions = [m for m in doc.entities if m.entity_id in entities]
    for att in doc.attributions:
        ent = _named_in_other_case(att, written)
        if ent is not None:
            att.speaker_entity_id, att.speaker = ent.id, ent.name
            att.source_type = "named_person" if ent.label == "PERSON" else "named_organization"
            att.source_descriptor = None
            continue
        m = speaker_of(doc, att, mentions)
        if m is None or m.entity_id is None:
            continue
        att.speaker_entity_id = m.entity_id
        ent = entities[m.entity_id]
        if att.source_type == "anonymous_individual" and m.kind == "nominal" and ent.named and ent.label == "PERSON" \
                and coref.ROLE_EVIDENCE:
            att.source_type = "named_person"  # "the mayor", who is Bill de Blasio
            att.speaker = ent.name
            names = [n for n in mentions if n.entity_id == ent.id and n.kind == "name"]
            near = max((n for n in names if n.start < m.start), key=lambda n: n.start, default=None) \
                or min(names, key=lambda n: n.start, default=None)  # the name in this report, if any
            att.speaker_span = make_span(doc.id, doc.text, near.start, near.end) if near is not None else None


@resolvers.register("speakers", order=11)
def resolve_speakers(story: Story, docs: list[Document]) -> None:
    """Set ``Attribution.speaker_entity_id`` (and named sources) from the pile's identities."""
    entities = {e.id: e for e in story.entities}
    written = written_names(entities)
    for doc in docs:
        resolve_document(doc, entities, written)

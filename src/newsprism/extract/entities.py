"""Sentences and named-entity mentions, with offsets into the text as read."""

from __future__ import annotations

from newsprism.extract.base import Parsed
from newsprism.language.names import role_only
from newsprism.model import Mention, Sentence
from newsprism.registry import extractors

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"}


@extractors.register("sentences", order=0)
def sentences(parsed: Parsed) -> None:
    out: list[tuple[int, int, int]] = []
    paragraph = 0
    text = parsed.doc.text
    for i, sent in enumerate(parsed.doc.sents):
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if i and "\n\n" in text[out[-1][1] if out else 0 : start]:
            paragraph += 1
        out.append((start, end, paragraph))
    recs = []
    for i, (start, end, para) in enumerate(out):
        span = parsed.span(start, end)
        recs.append(Sentence(index=i, start=span.start, end=span.end, paragraph=para, text=span.text))
    parsed.record.sentences = recs


@extractors.register("entities", order=10)
def entities(parsed: Parsed) -> None:
    mentions = []
    doc_id = parsed.record.id
    for n, ent in enumerate(e for e in parsed.doc.ents if e.label_ in ENTITY_LABELS):
        span = parsed.tok_span(ent)
        mentions.append(
            Mention(
                id=f"{doc_id}#m{n}",
                doc_id=doc_id,
                start=span.start,
                end=span.end,
                text=span.text,
                label=ent.label_,
                sentence=parsed.sentence_of(ent.start_char),
                # a bare title ("Director") is no name
                kind="nominal" if ent.label_ == "PERSON" and role_only(span.text) else "name",
            )
        )
    parsed.record.entities = mentions

"""Sentences and named-entity mentions, with offsets into the text as read."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsprism.extract.base import Parsed
from newsprism.language.names import ROLE_WORDS, role_only
from newsprism.model import Mention, Sentence
from newsprism.registry import extractors

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"}


@extractors.register("sentences", order=0)
def sentences(parsed: Parsed) -> None:
    out: list[tuple[int, int, int]] = []
    paragraph = 0
    text = parsed.text
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


_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _title_case_line(line: str) -> bool:
    """A headline or section title: three or more longer words, every one capitalised."""
    long = [w for w in _WORDS.findall(line) if len(w) > 3]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


class NameCheck:
    """Per document, built once (``Doc.text`` joins every token on each call): its text and the
    words it writes in lower case (not at a sentence start): common nouns and verbs."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.text = doc.text if text is None else text
        self.lower = {t.text for t in doc if t.is_alpha and t.text.islower() and not t.is_sent_start}
        head = self.text[:5000]
        self.cased = sum(c.isupper() for c in head) >= 0.01 * len(head)  # not a text written all in lower case

    def not_a_name(self, ent: SpacySpan) -> bool:
        """What the tagger took for a name but the text shows is not one: a title-cased phrase of
        a headline whose words the body writes in lower case ("Super PACs Target Latino Voters",
        "Debate") and that the body never writes as a name; a capitalised common noun opening a
        sentence ("Country after country ..."); the office in a title ("Secretary of State"); a
        span with no capital letter at all ("us", "un", "n't") in a text that uses capitals: edited
        news capitalises names."""
        doc, text = ent.doc, self.text
        if self.cased and not any(c.isupper() for c in ent.text):
            return True
        words = [t.text.lower() for t in ent if t.is_alpha]
        start = text.rfind("\n", 0, ent.start_char) + 1
        end = text.find("\n", ent.end_char)
        end = len(text) if end < 0 else end
        if _title_case_line(text[start:end]) and any(w in self.lower for w in words) \
                and text.find(ent.text, 0, start) < 0 and text.find(ent.text, end) < 0:  # no copies of the text
            return True
        if len(ent) == 1 and ent[0].is_sent_start and words and words[0] in self.lower:
            return True
        return (len(ent) == 1 and ent.label_ == "ORG" and ent.start >= 2 and doc[ent.start - 1].lower_ == "of"
                and doc[ent.start - 2].lower_ in ROLE_WORDS)


def name_check(parsed: Parsed) -> NameCheck:
    """The document's :class:`NameCheck`, made by the first extractor that asks."""
    check = parsed.memo.get("names")
    if not isinstance(check, NameCheck):
        check = parsed.memo["names"] = NameCheck(parsed.doc, parsed.text)
    return check


@extractors.register("entities", order=10)
def entities(parsed: Parsed) -> None:
    mentions = []
    doc_id = parsed.record.id
    check = name_check(parsed)
    ents = [e for e in parsed.doc.ents if e.label_ in ENTITY_LABELS and not check.not_a_name(e)]
    for n, ent in enumerate(ents):
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

"""An article's text as sentences and marked pieces, for the report and the web reader.

Pieces carry their character offsets into ``Document.text`` so that any span (a quote,
a claim, a date) can be highlighted exactly. Text is never turned into markup here: the
templates escape it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from newsprism.model import Document

Mark = tuple[int, int, str]


@dataclass
class Piece:
    text: str
    start: int
    end: int
    classes: str = ""


@dataclass
class Block:
    """A sentence (``sentence`` is its index) or the text between sentences (``None``)."""

    sentence: int | None
    pieces: list[Piece] = field(default_factory=list)
    highlight: bool = False


def doc_marks(doc: Document) -> list[Mark]:
    """The spans worth showing in a document: names, sources, cues, quotes, claims, dates."""
    marks: list[Mark] = [(m.start, m.end, "ent") for m in doc.entities if m.kind == "name"]
    for a in doc.attributions:
        if a.source is not None:
            marks.append((a.source.start, a.source.end, "src"))
        if a.cue is not None:
            marks.append((a.cue.start, a.cue.end, "cue"))
        parts = [a.content] if a.content is not None else a.content_parts
        marks.extend((p.start, p.end, "quote") for p in parts if p is not None)
    marks.extend((c.span.start, c.span.end, "claim") for c in doc.claims)
    marks.extend((t.span.start, t.span.end, "time") for t in doc.timexes)
    return marks


def _pieces(text: str, start: int, end: int, marks: list[Mark]) -> list[Piece]:
    inside = [(max(s, start), min(e, end), c) for s, e, c in marks if s < end and e > start and e > s]
    cuts = sorted({start, end, *(s for s, _, _ in inside), *(e for _, e, _ in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        classes = sorted({c for s, e, c in inside if s <= a and e >= b})
        out.append(Piece(text=text[a:b], start=a, end=b, classes=" ".join(classes)))
    return out


def article_blocks(doc: Document, extra: Iterable[Mark] = (), highlight: tuple[int, int] | None = None,
                   marks: bool = True) -> list[Block]:
    """Split ``doc.text`` into sentence blocks and gaps, each cut into marked pieces.

    ``highlight`` (start, end) adds the class ``hl`` to the pieces it covers and flags the
    sentences it touches.
    """
    text = doc.text
    all_marks = (doc_marks(doc) if marks else []) + list(extra)
    if highlight is not None:
        all_marks.append((highlight[0], highlight[1], "hl"))
    sents = sorted(doc.sentences, key=lambda s: s.start) or []
    ranges: list[tuple[int | None, int, int]] = []
    pos = 0
    for s in sents:
        start, end = max(s.start, pos), min(s.end, len(text))
        if start > pos:
            ranges.append((None, pos, start))
        if end > start:
            ranges.append((s.index, start, end))
            pos = end
    if pos < len(text):
        ranges.append((None, pos, len(text)))
    blocks = []
    for index, start, end in ranges:
        hl = highlight is not None and index is not None and highlight[0] < end and highlight[1] > start
        if highlight is not None and highlight[0] == highlight[1] and start <= highlight[0] < end:
            hl = index is not None
        blocks.append(Block(sentence=index, pieces=_pieces(text, start, end, all_marks), highlight=hl))
    return blocks

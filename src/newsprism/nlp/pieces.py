"""Long texts in pieces: bounded memory, one joined Doc whose offsets are into the whole text.

spaCy refuses a text over ``nlp.max_length`` (E088) and its memory grows with the text. A long
text is cut into pieces at paragraph breaks (else after a sentence, else at a space), the
pieces are parsed one by one and joined with ``Doc.from_docs``: the joined Doc's text is the
whole text, so the extractors run on it unchanged. A paragraph break starts a sentence anyway
(``newsprism_paragraphs``), so no sentence, entity or attribution is cut by a paragraph cut."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

LONG_CHARS = 100_000  # texts up to this length are parsed whole, as before
PIECE_CHARS = 20_000  # the most characters of one piece of a longer text
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])")

C = TypeVar("C")


def cuts(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text``, each at most ``limit`` characters (plus
    the white space after a cut), cut in the later half of the window: after a paragraph
    break, else after a sentence end, else after a space, else anywhere."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        half = start + limit // 2
        cut = text.rfind("\n\n", half, end)
        if cut >= 0:
            cut += 2
        else:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, half, end)]
            cut = ends[-1] if ends else max(text.rfind(" ", half, end) + 1, 0) or end
        stop = min(len(text), cut + limit)
        while cut < stop and text[cut].isspace():  # white space stays with the piece before
            cut += 1
        out.append((start, cut))
        start = cut
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


def parse(
    nlp: Language, items: Iterable[tuple[str, C]], *, batch_size: int = 32, n_process: int = 1
) -> Iterator[tuple[Doc | Exception, C]]:
    """``nlp.pipe(items, as_tuples=True)`` for texts of any length: a text over ``LONG_CHARS``
    is parsed a piece at a time (its memory bounded by one piece, not by a batch of them; with
    ``n_process`` > 1 its pieces are shared among the processes) and comes back as one Doc of
    the whole text. A text the pipeline fails on comes back as the
    exception, in its place; the others are parsed all the same."""
    for long, group in groupby(items, key=lambda item: len(item[0]) > LONG_CHARS):
        if not long:
            yield from _pipe(nlp, group, batch_size, n_process)
            continue
        for text, context in group:
            try:
                parts = list(nlp.pipe((text[s:e] for s, e in cuts(text)), batch_size=1, n_process=n_process))
                yield Doc.from_docs(parts, ensure_whitespace=False), context
            except Exception as exc:  # one text never ends the run
                yield exc, context


def _pipe(
    nlp: Language, items: Iterable[tuple[str, C]], batch_size: int, n_process: int
) -> Iterator[tuple[Doc | Exception, C]]:
    """``nlp.pipe`` in batches; when a batch fails, its texts are parsed again one by one and the
    stream goes on."""
    rest = iter(items)
    pending: deque[tuple[str, C]] = deque()  # given to the pipe, not yet come back

    def feed() -> Iterator[tuple[str, C]]:
        for item in rest:
            pending.append(item)
            yield item

    while True:
        try:
            for doc, context in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size, n_process=n_process):
                pending.popleft()
                yield doc, context
            return
        except Exception:
            retry = list(pending)
            pending.clear()
            for text, context in retry:
                try:
                    yield nlp(text), context
                except Exception as exc:
                    yield exc, context

"""What every extractor receives: the record, the spaCy doc and the offset map."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsprism.ingest.offsets import OffsetMap
from newsprism.model import Document, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


@dataclass
class Parsed:
    """One document during extraction.

    ``doc`` is the spaCy parse of the *cleaned* analysis text (unwrapped lines,
    boilerplate left out); ``offsets`` maps its character offsets back to
    ``record.text``. Extractors build every span through :meth:`span` so that
    ``record.text[s.start:s.end] == s.text`` always holds.
    """

    record: Document
    doc: Doc
    offsets: OffsetMap
    _token_starts: list[int] | None = field(default=None, init=False, repr=False)
    memo: dict[str, object] = field(default_factory=dict, init=False, repr=False)  # what extractors share, once per document

    @property
    def text(self) -> str:
        """The parsed (clean) text, ``doc.text`` joined once per document (``Doc.text`` joins every
        token on each call)."""
        text = self.memo.get("text")
        if not isinstance(text, str):
            text = self.memo["text"] = self.doc.text
        return text

    def span(self, start: int, end: int) -> Span:
        """A span of the original text for clean-text offsets [start, end)."""
        s, e = self.offsets.span(start, end)
        return Span(doc_id=self.record.id, start=s, end=e, text=self.record.text[s:e])

    def tok_span(self, item: SpacySpan | Token) -> Span:
        """A span of the original text for a spaCy span or token."""
        from spacy.tokens import Token

        if isinstance(item, Token):
            return self.span(item.idx, item.idx + len(item))
        return self.span(item.start_char, item.end_char)

    def tokens_in(self, span: Span | Mention) -> tuple[int, int]:
        """Token indices [lo, hi) of the tokens starting inside an original-text span."""
        if self._token_starts is None:  # original start of every token, ascending, once per document
            from spacy.attrs import IDX

            self._token_starts = self.offsets.starts(self.doc.to_array(IDX).tolist() if len(self.doc) else [])
        return bisect_left(self._token_starts, span.start), bisect_left(self._token_starts, span.end)

    def sentence_of(self, clean_char: int) -> int:
        """Index of the sentence holding the clean-text offset ``clean_char``."""
        orig = self.offsets.start(clean_char)
        sents = self.record.sentences
        lo, hi = 0, len(sents) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if sents[mid].start <= orig:
                lo = mid
            else:
                hi = mid - 1
        return lo if sents else 0

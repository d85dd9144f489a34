"""Clean analysis text with an exact map back to the text as read."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """Maps character offsets in the cleaned text to offsets in the original.

    The cleaned text is built from pieces: verbatim copies of the original
    (``length`` characters from ``orig_start``) and synthetic characters (a space
    standing for a line break, say) that stand for ``orig_len`` original characters.
    """

    clean_starts: list[int] = field(default_factory=list)
    orig_starts: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    verbatim: list[bool] = field(default_factory=list)
    orig_lens: list[int] = field(default_factory=list)
    size: int = 0

    def add(self, orig_start: int, length: int, *, verbatim: bool = True, orig_len: int | None = None) -> None:
        if length <= 0:
            return
        self.clean_starts.append(self.size)
        self.orig_starts.append(orig_start)
        self.lengths.append(length)
        self.verbatim.append(verbatim)
        self.orig_lens.append(length if orig_len is None else orig_len)
        self.size += length

    def _piece(self, i: int) -> int:
        return max(0, bisect_right(self.clean_starts, i) - 1)

    def start(self, i: int) -> int:
        """Original offset of the character at clean offset ``i``."""
        if not self.clean_starts:
            return i
        if i >= self.size:
            k = len(self.clean_starts) - 1
            return self.orig_starts[k] + self.orig_lens[k]
        k = self._piece(i)
        if self.verbatim[k]:
            return self.orig_starts[k] + (i - self.clean_starts[k])
        return self.orig_starts[k]

    def starts(self, clean: list[int]) -> list[int]:
        """:meth:`start` of many clean offsets at once (numpy: every token of a document)."""
        import numpy as np

        i = np.asarray(clean, dtype=np.int64)
        if not self.clean_starts or not len(i):
            return [int(x) for x in clean]
        cs, os_ = np.asarray(self.clean_starts, dtype=np.int64), np.asarray(self.orig_starts, dtype=np.int64)
        k = np.maximum(0, np.searchsorted(cs, i, side="right") - 1)
        out = np.where(np.asarray(self.verbatim, dtype=bool)[k], os_[k] + (i - cs[k]), os_[k])
        out[i >= self.size] = self.orig_starts[-1] + self.orig_lens[-1]
        return out.tolist()  # type: ignore[no-any-return]

    def end(self, i: int) -> int:
        """Original end offset for a clean span ending (exclusive) at ``i``."""
        if not self.clean_starts or i <= 0:
            return self.start(i)
        k = self._piece(i - 1)
        if self.verbatim[k]:
            return self.orig_starts[k] + (i - self.clean_starts[k])
        return self.orig_starts[k] + self.orig_lens[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) for the clean span [start, end)."""
        if end <= start:
            s = self.start(start)
            return s, s
        return self.start(start), self.end(end)

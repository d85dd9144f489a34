"""Chart SVGs for the web pages, drawn once per store revision."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from newsprism.store import StoryReader

NAMES = ("claims", "timeline", "sources")


class ChartCache:
    """SVG text by chart name, recomputed when the store's revision changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[int, str | None]] = {}

    def get(self, name: str, reader: StoryReader, link: Callable[..., str | None]) -> str | None:
        rev = reader.revision()
        hit = self._cache.get(name)
        if hit is not None and hit[0] == rev:
            return hit[1]
        with self._lock:
            svg = self._draw(name, reader, link)
            self._cache[name] = (rev, svg)
        return svg

    def warm(self, db: Path, link: Callable[..., str | None]) -> None:
        """Draw every chart once (at server start, so the first page view is fast)."""
        with StoryReader(db) as reader:
            for name in NAMES:
                self.get(name, reader, link)

    @staticmethod
    def _draw(name: str, reader: StoryReader, link: Callable[..., str | None]) -> str | None:
        from newsprism.views.charts import corroboration_svg, source_mix_svg, timeline_svg

        if name == "timeline":
            events = reader.timeline(limit=30).items or reader.dated_mentions(limit=30).items
            return timeline_svg(events, [link(e.sources[0]) if e.sources else None for e in events])
        if name == "claims":
            claims = reader.claims(limit=12).items
            return corroboration_svg(claims, [f"/claims/{quote(c.id, safe='')}" for c in claims])
        if name == "sources":
            return source_mix_svg(reader.source_matrix())
        raise KeyError(name)

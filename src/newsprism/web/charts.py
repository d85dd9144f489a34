"""Chart SVGs for the web pages, drawn once per store revision."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from newsprism.store import StoryReader

NAMES = ("claims", "timeline", "sources")
MAX_EVENTS = 500  # the chart draws the story's first 30 and a few background events out of these


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
        from newsprism.views.select import split_timeline

        if name == "timeline":
            events = reader.timeline(limit=MAX_EVENTS).items or reader.dated_mentions(limit=MAX_EVENTS).items
            parts = split_timeline(events, reader.window())
            return timeline_svg(parts, lambda e: link(e.sources[0]) if e.sources else None)
        if name == "claims":
            claims = reader.claims(limit=12, scope="corroborated").items
            return corroboration_svg(claims, [f"/claims/{quote(c.id, safe='')}" for c in claims])
        if name == "sources":
            return source_mix_svg(reader.source_matrix())
        raise KeyError(name)

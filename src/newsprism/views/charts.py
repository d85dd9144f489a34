"""Charts as inline SVG, drawn with matplotlib (no pyplot state, no network, text kept as text).

Labels come from articles: matplotlib escapes them in the SVG, and math parsing is off so a
``$`` in a label is only a dollar sign. Links (``urls``) are ours, never from article text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from newsprism.store.views import ClaimRow, EventRow, OutletRow

SOURCE_TYPES = {
    "named_person": ("named person", "#1f6f8b"),
    "named_organization": ("named organisation", "#61a5c2"),
    "anonymous_individual": ("anonymous individual", "#d1495b"),
    "anonymous_group": ("anonymous group", "#edae49"),
    "document": ("document", "#7a7a7a"),
    "unknown": ("unknown", "#c8c8c8"),
}
RC: Any = {"svg.fonttype": "none", "text.parse_math": False, "svg.hashsalt": "newsprism", "font.size": 9,
      "font.family": "sans-serif", "axes.spines.top": False, "axes.spines.right": False}


def _svg(fig: object) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def parse_date(value: str) -> date | None:
    """The first day of an ISO date, month, year or week value (``2024-11-07``, ``2024-11``, ``2024-W45``)."""
    w = re.match(r"^(\d{4})-W(\d{2})", value or "")
    if w:
        try:
            return date.fromisocalendar(int(w[1]), int(w[2]), 1)
        except ValueError:
            return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def timeline_svg(events: Sequence[EventRow], urls: Sequence[str | None] | None = None, limit: int = 30) -> str | None:
    """Dated events on a time axis, one row each; dot size = number of source sentences."""
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    rows = [(d, e, u) for e, u in zip(events, urls or [None] * len(events), strict=False) if (d := parse_date(e.date))][:limit]
    if not rows:
        return None
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.5, 0.9 + 0.32 * len(rows)))
        ax = fig.add_subplot()
        ys = list(range(len(rows)))[::-1]
        sizes = [30 + 25 * min(len(e.sources), 8) for _, e, _ in rows]
        dots = ax.scatter(mdates.date2num([d for d, _, _ in rows]), ys, s=sizes, color="#1f6f8b", zorder=3)
        if any(u for _, _, u in rows):
            dots.set_urls([u for _, _, u in rows])
        ax.set_yticks(ys, [f"{e.date}  {_short(e.text, 55)}" for _, e, _ in rows])
        ax.grid(axis="x", color="#e5e5e5")
        ax.set_ylim(-0.7, len(rows) - 0.3)
        first, last = min(d for d, _, _ in rows), max(d for d, _, _ in rows)
        pad = max((last - first) * 0.08, timedelta(days=3))
        ax.set_xlim(mdates.date2num(first - pad), mdates.date2num(last + pad))
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return _svg(fig)


def source_mix_svg(outlets: Sequence[OutletRow]) -> str | None:
    """Per outlet, attributed statements by source type (stacked bars)."""
    import matplotlib
    from matplotlib.figure import Figure

    rows = [o for o in outlets if sum(o.source_mix.values())]
    if not rows:
        return None
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.5, 1.0 + 0.4 * len(rows)))
        ax = fig.add_subplot()
        names = [_short(o.outlet, 30) for o in rows][::-1]
        left = [0] * len(rows)
        kinds = list(SOURCE_TYPES) + sorted({k for o in rows for k in o.source_mix} - set(SOURCE_TYPES))
        for kind in kinds:
            vals = [o.source_mix.get(kind, 0) for o in rows][::-1]
            if not any(vals):
                continue
            label, color = SOURCE_TYPES.get(kind, (kind, "#999999"))
            ax.barh(names, vals, left=left, color=color, label=label)
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_xlabel("attributed statements")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25 - 0.6 / len(rows)), ncol=3, frameon=False)
        return _svg(fig)


def corroboration_svg(claims: Sequence[ClaimRow], urls: Sequence[str | None] | None = None,
                      limit: int = 12) -> str | None:
    """The best corroborated claims: independent sources (bar) and reports (mark); contested in red."""
    import matplotlib
    from matplotlib.figure import Figure

    rows = list(claims)[:limit]
    if not rows:
        return None
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.5, 0.9 + 0.32 * len(rows)))
        ax = fig.add_subplot()
        ys = list(range(len(rows)))[::-1]
        bars = ax.barh(ys, [c.independent_sources for c in rows],
                       color=["#d1495b" if c.contested else "#1f6f8b" for c in rows])
        for bar, url in zip(bars, urls or [], strict=False):
            if url:
                bar.set_url(url)
        ax.scatter([c.reports for c in rows], ys, marker="|", s=120, color="#333333", zorder=3, label="reports")
        ax.set_yticks(ys, [_short(c.text, 60) for c in rows])
        ax.set_xlabel("independent sources (bar; red = contested) and reports (|)")
        return _svg(fig)

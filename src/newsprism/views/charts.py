"""Charts as inline SVG, drawn with matplotlib (no pyplot state, no network, text kept as text).

Labels come from articles: matplotlib escapes them in the SVG, and math parsing is off so a
``$`` in a label is only a dollar sign. Links (``urls``) are ours, never from article text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from newsprism.language.calendar import interval
from newsprism.store.views import ClaimRow, EventRow, OutletRow
from newsprism.views.select import TimelineParts

Link = Callable[[EventRow], str | None]

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


def _event_rows(ax: Any, rows: Sequence[EventRow], link: Link | None, color: str) -> None:
    """One row per event: a dot for a day, a bar over the days a week or month covers."""
    import matplotlib.dates as mdates

    ys = list(range(len(rows)))[::-1]
    dots: list[tuple[float, int, int, str | None]] = []
    for y, e in zip(ys, rows, strict=True):
        first, last = interval(e.date) or (None, None)
        if first is None or last is None:
            continue
        url = link(e) if link else None
        if first == last:
            dots.append((mdates.date2num(first), y, 30 + 25 * min(len(e.sources), 8), url))
        else:
            bar = ax.barh(y, (last - first).days + 1, left=mdates.date2num(first), height=0.4, color=color, alpha=0.5)
            if url:
                bar[0].set_url(url)
    if dots:
        marks = ax.scatter([d[0] for d in dots], [d[1] for d in dots], s=[d[2] for d in dots], color=color, zorder=3)
        if any(d[3] for d in dots):
            marks.set_urls([d[3] for d in dots])
    ax.set_yticks(ys, [f"{e.date}  {_short(e.text, 55)}" for e in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.grid(axis="x", color="#e5e5e5")


def _date_axis(ax: Any, first: date, last: date, pad: timedelta) -> None:
    import matplotlib.dates as mdates

    ax.set_xlim(mdates.date2num(first - pad), mdates.date2num(last + pad + timedelta(days=1)))
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _hull(rows: Sequence[EventRow]) -> tuple[date, date]:
    spans = [s for e in rows if (s := interval(e.date))]
    return min(a for a, _ in spans), max(b for _, b in spans)


def timeline_svg(parts: TimelineParts, link: Link | None = None, limit: int = 30) -> str | None:
    """The story's events on an axis that spans the story's window; background events in their own strip.

    Dot size = number of source sentences; a week or month is a bar over its days; events dated
    only to a quarter or a year are not drawn (the tables list them).
    """
    import matplotlib
    from matplotlib.figure import Figure

    story = parts.story[:limit]
    background = [e for e in parts.background if interval(e.date)][: max(4, limit // 3)]
    if not story and not background:
        return None
    panels = [(rows, name) for rows, name in ((background, "background"), (story, "story")) if rows]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.5, 0.6 + 0.32 * (len(story) + len(background)) + 0.5 * len(panels)))
        grid = fig.add_gridspec(len(panels), 1, height_ratios=[len(rows) + 1.5 for rows, _ in panels])
        for n, (rows, name) in enumerate(panels):
            ax = fig.add_subplot(grid[n])
            _event_rows(ax, rows, link, "#1f6f8b" if name == "story" else "#8a8a8a")
            if name == "story":
                first, last = parts.window or _hull(rows)
                _date_axis(ax, first, last, max((last - first) * 0.03, timedelta(days=1)))
                ax.set_title(f"The story: {first.isoformat()} to {last.isoformat()}", loc="left", fontsize=9)
            else:
                first, last = _hull(rows)
                _date_axis(ax, first, last, max((last - first) * 0.05, timedelta(days=30)))
                ax.set_title("Background: recalled events outside the story's window", loc="left", fontsize=9,
                             color="#555555")
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

"""What a view shows of the timeline: the story's events on its own axis, background apart.

An event plots on the story's day axis only when its date is as fine as a month (a day, a
week or a month, drawn as the stretch it covers); a quarter or a year (``2024``) is listed
but never drawn as if it were a day. Values that are not calendar dates (``XXXX-11-07``)
are never drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from newsprism.language.calendar import GRAINS, granularity
from newsprism.model import StoryWindow
from newsprism.store.views import EventRow

PLOTTED = GRAINS.index("month")  # the coarsest grain drawn on a day axis


@dataclass
class TimelineParts:
    """A timeline cut for display: ``story`` plots on the story axis, ``coarse`` is listed only."""

    window: tuple[date, date] | None
    story: list[EventRow] = field(default_factory=list)
    coarse: list[EventRow] = field(default_factory=list)
    background: list[EventRow] = field(default_factory=list)


def plottable(event: EventRow) -> bool:
    """True when the event's own value is a day, week or month (never a year, never ``XXXX-..``)."""
    return granularity(event.date) in GRAINS[: PLOTTED + 1]


def split_timeline(events: list[EventRow], window: StoryWindow | None = None) -> TimelineParts:
    """Events cut into the story (plotted), the story's coarse dates (listed) and the background."""
    parts = TimelineParts((date.fromisoformat(window.start), date.fromisoformat(window.end)) if window else None)
    for e in events:
        if e.background:
            parts.background.append(e)
        elif plottable(e):
            parts.story.append(e)
        else:
            parts.coarse.append(e)
    return parts

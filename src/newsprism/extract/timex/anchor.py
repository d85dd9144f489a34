"""Which of a sentence's time expressions dates a given event (its predicate's characters).

"His remarks on Saturday carried a more personal tone ... the voters Democrats are counting on
on Nov. 8": the expression nearest the predicate, not the sentence's first, dates it. Measured by
``bench/anchor.py`` on TimeML event-time links (sentences with two or more expressions): the
first expression is right 0.59 (tune) / 0.45 (held out), the nearest 0.87 / 0.89. A rule over
the parse (the first verb above an expression's head is the one it dates) scored 0.91 on tune
but 0.83 held out, so it is not used (``bench/results/time.md``).
"""

from __future__ import annotations

from collections.abc import Sequence


def distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two ranges ``(start, end)`` (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


def choose(event: tuple[int, int], timexes: Sequence[tuple[int, int]]) -> int | None:
    """Index into ``timexes`` (character ranges) of the one nearest ``event`` (the earlier on ties)."""
    if not timexes:
        return None
    return min(range(len(timexes)), key=lambda k: (distance(timexes[k], event), timexes[k][0]))

"""Every span of a dumped record, for tests that check each equals its slice of the text."""

from __future__ import annotations


def spans(node) -> list[dict]:
    """Every span in a dumped record: a mapping with an integer start and end and a text."""
    if isinstance(node, list):
        return [s for item in node for s in spans(item)]
    if not isinstance(node, dict):
        return []
    here = [node] if isinstance(node.get("start"), int) and isinstance(node.get("text"), str) and "end" in node else []
    return here + [s for value in node.values() for s in spans(value)]

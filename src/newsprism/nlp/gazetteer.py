"""EntityRuler patterns from the curated gazetteer shipped with the package."""

from __future__ import annotations

from typing import Any

from newsprism.language.names import gazetteer

__all__ = ["gazetteer", "ruler_patterns"]


def ruler_patterns() -> list[dict[str, Any]]:
    return [{"label": label, "pattern": name} for label, names in gazetteer().items() for name in names]

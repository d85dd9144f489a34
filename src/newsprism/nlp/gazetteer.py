"""EntityRuler patterns from the curated gazetteer shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[str]]:
    raw = json.loads(resources.files("newsprism").joinpath("data/gazetteer.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def ruler_patterns() -> list[dict[str, Any]]:
    return [{"label": label, "pattern": name} for label, names in gazetteer().items() for name in names]

"""Per-document extraction: every module here registers its extractors."""

from __future__ import annotations

from newsprism.extract.base import Parsed
from newsprism.registry import extractors, import_submodules

_loaded = False


def load_all() -> None:
    """Import every extractor module (each registers itself)."""
    global _loaded
    if _loaded:
        return
    import_submodules(__name__, __path__, skip=("base",))
    _loaded = True


def run(parsed: Parsed, only: list[str] | None = None) -> None:
    """Run the registered extractors on one parsed document, in order."""
    load_all()
    for entry in extractors.ordered(only):
        entry.func(parsed)


__all__ = ["Parsed", "load_all", "run"]

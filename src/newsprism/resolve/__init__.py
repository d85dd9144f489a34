"""Cross-document resolution: every module here registers its resolvers."""

from __future__ import annotations

from newsprism.model import Document, Story
from newsprism.registry import import_submodules, resolvers

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    import_submodules(__name__, __path__)
    _loaded = True


def run(story: Story, docs: list[Document], only: list[str] | None = None) -> None:
    """Run the registered resolvers over all documents of one story, in order."""
    load_all()
    for entry in resolvers.ordered(only):
        entry.func(story, docs)


__all__ = ["load_all", "run"]

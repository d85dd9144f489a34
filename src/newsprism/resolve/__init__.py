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


def prepare() -> None:
    """Load now what the resolvers otherwise load on first use (scikit-learn, the stance and
    claim-pair models, MiniLM's word pieces), as the spaCy pipeline is loaded before parsing:
    a run then spends the cross-document stage on the pile only."""
    load_all()
    import sklearn.feature_extraction.text  # noqa: F401 - the claims' TF-IDF

    from newsprism.resolve import claim_pairs, embed, stance

    claim_pairs.load()
    stance.load()
    embed.load()


def run(story: Story, docs: list[Document], only: list[str] | None = None) -> None:
    """Run the registered resolvers over all documents of one story, in order."""
    load_all()
    for entry in resolvers.ordered(only):
        entry.func(story, docs)


__all__ = ["load_all", "prepare", "run"]

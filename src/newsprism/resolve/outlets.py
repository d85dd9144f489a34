"""Outlet profiles: how each outlet sources and hedges the story."""

from __future__ import annotations

from collections import Counter, defaultdict

from newsprism.model import Document, OutletProfile, Story
from newsprism.registry import resolvers

UNKNOWN = "unknown"


@resolvers.register("outlets", order=40)
def outlet_profiles(story: Story, docs: list[Document]) -> None:
    """Per outlet: documents, source mix (named / anonymous / ... by attribution), hedges,
    and the surface form it uses for each naming choice where outlets differ."""
    by_outlet: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        by_outlet[doc.meta.outlet or UNKNOWN].append(doc)
    profiles = []
    for outlet, group in sorted(by_outlet.items()):
        mix: Counter[str] = Counter()
        hedges = 0
        for doc in group:
            for att in doc.attributions:
                mix[att.source_type] += 1
                hedges += bool(att.hedging)
            hedges += sum(bool(c.hedging) for c in doc.claims if c.attribution_id is None)
        naming = {}
        for choice in story.naming:
            forms = choice.by_outlet.get(outlet)
            if forms:
                naming[choice.concept] = max(forms.items(), key=lambda kv: (kv[1], kv[0]))[0]
        profiles.append(
            OutletProfile(outlet=outlet, documents=len(group), source_mix=dict(sorted(mix.items())),
                          hedges=hedges, naming=naming)
        )
    story.outlets = profiles

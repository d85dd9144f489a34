"""The story store: one SQLite file per story, written incrementally, read by report and web.

>>> from newsprism.store import save, add, remove, StoryReader     # doctest: +SKIP
>>> save(story, Path("out/story.db"))                                # doctest: +SKIP
>>> add("out/story.db", ["tomorrow/"])                               # doctest: +SKIP
"""

from __future__ import annotations

from newsprism.store.ops import AddResult, add, add_documents, load_docs, load_story, remove, resolve_store, save
from newsprism.store.read import StoryReader, source_class
from newsprism.store.schema import VERSION, StoreError, connect

__all__ = ["AddResult", "StoreError", "StoryReader", "VERSION", "add", "add_documents", "connect", "load_docs",
           "load_story", "remove", "resolve_store", "save", "source_class"]

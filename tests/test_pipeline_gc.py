"""The per-document and cross-document stages keep what was alive on entry out of the
collector's full passes while they run, and hand it back when they end."""

from __future__ import annotations

import gc

from newsprism.model import Document
from newsprism.pipeline import Extractor, read, resolve

TEXTS = [
    "The minister said on Monday that the plant would close. Workers protested outside.",
    "Officials confirmed the plant will close, the minister said. Unions called it a betrayal.",
]


def test_frozen_while_running_then_released(nlp) -> None:  # noqa: ARG001 (loads the pipeline once)
    assert gc.get_freeze_count() == 0
    extractor = Extractor()
    seen: list[int] = []
    docs: list[Document] = []
    for item in extractor.process(list(read([{"id": f"d{i}", "text": t} for i, t in enumerate(TEXTS)]))):
        seen.append(gc.get_freeze_count())
        assert isinstance(item, Document)
        docs.append(item)
    assert len(docs) == 2 and all(n > 0 for n in seen)  # the models were set aside while parsing
    assert gc.get_freeze_count() == 0  # and handed back after
    story = resolve(docs)
    assert gc.get_freeze_count() == 0 and len(story.documents) == 2


def test_inner_use_leaves_the_outer_freeze(nlp) -> None:  # noqa: ARG001
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        extractor = Extractor()
        docs = [d for d in extractor.process(list(read([{"id": "d", "text": TEXTS[0]}]))) if isinstance(d, Document)]
        resolve(docs)
        assert gc.get_freeze_count() > before // 2  # not unfrozen under the caller (some frozen objects were freed)
    finally:
        gc.unfreeze()

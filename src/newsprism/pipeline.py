"""The flow: ingest -> nlp -> extract -> resolve. Each stage records in, records out."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsprism import extract
from newsprism import resolve as _resolve
from newsprism.errors import NewsprismError
from newsprism.extract.base import Parsed
from newsprism.extract.timex.story import date_story
from newsprism.ingest import DEFAULT_MAX_BYTES, RawDoc, from_text, make_raw, read_inputs, skipped
from newsprism.ingest.decode import scrub
from newsprism.ingest.readers import Record
from newsprism.model import Document, DocumentSummary, SkippedInput, Story

Input = str | Path | dict[str, Any]


def _is_text(item: str) -> bool:
    return ("\n" in item or " " in item.strip()) and not Path(item).exists()


def read(
    inputs: Iterable[Input], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDoc | SkippedInput]:
    """Paths, globs, ``-``, raw texts or JSON-like dicts into raw documents."""
    paths: list[str | Path] = []
    n_text = 0
    for item in inputs:
        if isinstance(item, dict):
            n_text += 1
            yield from _from_record(item, f"record-{n_text}")
        elif isinstance(item, str) and _is_text(item):
            n_text += 1
            try:
                yield from_text(item, doc_id=f"text-{n_text}")
            except Exception as exc:  # one bad input costs only itself
                yield skipped(f"text-{n_text}", exc)
        else:
            paths.append(item)
    if paths:
        yield from read_inputs(paths, max_bytes=max_bytes)


def _from_record(item: dict[str, Any], default_id: str) -> Iterator[RawDoc | SkippedInput]:
    from newsprism.ingest.readers import _pick_meta

    doc_id = scrub(str(item.get("id") or default_id))
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        yield SkippedInput(path=doc_id, code="E012", reason="record has no text")
        return
    try:
        yield make_raw(doc_id, Record(text=text, meta=_pick_meta(item), encoding="str"), source_path=None, fmt="record")
    except Exception as exc:
        yield skipped(doc_id, exc)


@contextmanager
def _long_lived() -> Iterator[None]:
    """What is alive on entry (the loaded models, the documents) stays out of the cyclic
    collector's full passes until exit: they would walk it again and again (about 1 s of
    300 reports' analyze). The outermost use does it; inner ones change nothing."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _record(raw: RawDoc) -> Document:
    return Document(id=raw.id, text=raw.text, meta=raw.meta)


class Extractor:
    """The per-document stage with its spaCy pipeline loaded once (one per worker)."""

    def __init__(self, model: str | None = None, only: list[str] | None = None) -> None:
        from newsprism.nlp import load_pipeline

        self.nlp = load_pipeline(model)
        self.only = only
        extract.load_all()

    def process(
        self, raws: Iterable[RawDoc], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Document | SkippedInput]:
        with _long_lived():
            yield from self._process(raws, batch_size, n_process)

    def _process(self, raws: Iterable[RawDoc], batch_size: int, n_process: int) -> Iterator[Document | SkippedInput]:
        from newsprism.nlp.pieces import parse

        pairs = ((raw.clean.text, raw) for raw in raws)
        for doc, raw in parse(self.nlp, pairs, batch_size=batch_size, n_process=n_process):
            record = _record(raw)
            try:
                if isinstance(doc, Exception):
                    raise doc
                extract.run(Parsed(record, doc, raw.clean.offsets), self.only)
            except Exception as exc:  # one bad document never kills the batch
                stage = "parsing" if exc is doc else "extract"
                yield SkippedInput(
                    path=raw.meta.source_path or raw.id,
                    code="E040",
                    reason=NewsprismError("E040", stage=stage, detail=f"{type(exc).__name__}: {exc}"[:500]).message,
                )
                continue
            yield record

    def run(self, raw_records: list[dict[str, Any]]) -> list[Document | SkippedInput]:
        """Rows ``{"id", "text", optional metadata}`` to documents (for batch engines)."""
        raws: list[RawDoc] = []
        out: list[Document | SkippedInput] = []
        for n, row in enumerate(raw_records):
            for item in _from_record(row, f"row-{n}"):
                (raws if isinstance(item, RawDoc) else out).append(item)  # type: ignore[arg-type]
        out.extend(self.process(raws))
        return out


def extract_documents(
    inputs: Iterable[Input],
    *,
    model: str | None = None,
    workers: int = 1,
    batch_size: int = 32,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_read: Callable[[RawDoc | SkippedInput], None] | None = None,
) -> Iterator[Document | SkippedInput]:
    """Stream per-document records (and skipped inputs, in reading order)."""
    extractor = Extractor(model)
    skipped: list[SkippedInput] = []

    def raws() -> Iterator[RawDoc]:
        for item in read(inputs, max_bytes=max_bytes):
            if on_read is not None:
                on_read(item)
            if isinstance(item, SkippedInput):
                skipped.append(item)
            else:
                yield item

    n_process = max(1, min(workers, os.cpu_count() or 1))
    for item in extractor.process(raws(), batch_size=batch_size, n_process=n_process):
        while skipped:
            yield skipped.pop(0)
        yield item
    yield from skipped


def summarize(doc: Document) -> DocumentSummary:
    m = doc.meta
    return DocumentSummary(
        id=doc.id,
        title=m.title,
        outlet=m.outlet,
        published=m.published,
        syndicated_from=m.syndicated_from,
        source_path=m.source_path,
        sentences=len(doc.sentences),
        entities=len(doc.entities),
        attributions=len(doc.attributions),
        timexes=len(doc.timexes),
        claims=len(doc.claims),
    )


def resolve(docs: list[Document], skipped: Iterable[SkippedInput] = ()) -> Story:
    """The cross-document stage over one story's documents (dated jointly first: :func:`date_story`)."""
    with _long_lived():
        date_story(docs)
        story = Story(documents=[summarize(d) for d in docs], skipped=list(skipped))
        story._docs = list(docs)
        _resolve.run(story, story._docs)
    story.documents = [summarize(d) for d in docs]
    return story


def analyze(inputs: Iterable[Input] | Input, **options: Any) -> Story:
    """Analyse a pile of reports (paths, globs, texts or dicts) into a :class:`Story`."""
    if isinstance(inputs, (str, Path, dict)):
        inputs = [inputs]
    docs: list[Document] = []
    skipped: list[SkippedInput] = []
    for item in extract_documents(inputs, **options):
        (skipped if isinstance(item, SkippedInput) else docs).append(item)  # type: ignore[arg-type]
    return resolve(docs, skipped)

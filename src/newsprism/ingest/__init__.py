"""Reading: files, folders, globs and stdin into raw documents, bad inputs reported."""

from __future__ import annotations

import glob
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsprism.errors import InputError, NewsprismError
from newsprism.ingest.clean import CleanText, clean
from newsprism.ingest.decode import scrub
from newsprism.ingest.outlet import infer_outlet, wire_credit
from newsprism.ingest.readers import READERS, Record, iter_jsonl_file
from newsprism.model import Evidence, Meta, SkippedInput, Span

DEFAULT_MAX_BYTES = 20_000_000
MAX_TEXT_CHARS = 1_500_000  # longer texts are refused (E015); a 1 MB one measured ~1 GB peak, ~65 CPU s analyze
STREAMED = {".jsonl", ".ndjson"}  # shards: read line by line, the limit applies per record

__all__ = ["RawDoc", "read_inputs", "from_text", "skipped", "DEFAULT_MAX_BYTES", "CleanText", "clean"]


@dataclass
class RawDoc:
    """A document as read and cleaned, ready for the linguistic layer."""

    id: str
    text: str
    meta: Meta
    clean: CleanText


def _expand(item: str | Path) -> list[tuple[str, Path | None]]:
    """The files one input names: itself, a folder's files (recursive), a glob's matches."""
    s = str(item)
    if s == "-":
        return [("-", None)]
    p = Path(s)
    if p.is_dir():
        return [(str(f), f) for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)]
    if not p.exists() and any(ch in s for ch in "*?["):
        matches = sorted(glob.glob(s, recursive=True))
        return [(m, Path(m)) for m in matches if Path(m).is_file()] if matches else [(s, p)]
    return [(s, p)]


def read_inputs(
    inputs: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDoc | SkippedInput]:
    """Read every input; yield a :class:`RawDoc` per article, :class:`SkippedInput` per failure.

    Whatever one input holds, it costs only itself: every failure, expected or not, is a
    coded skip of that file (or of that record) and the others are read."""
    seen_ids: dict[str, int] = {}
    for item in inputs:
        try:
            files = _expand(item)
        except Exception as exc:  # a name the file system refuses ("a\x00b", a folder it may not list)
            yield skipped(scrub(str(item)), exc)
            continue
        for label, path in files:
            yield from _read_one(scrub(label), path, max_bytes, seen_ids)


def _read_one(
    label: str, path: Path | None, max_bytes: int, seen_ids: dict[str, int]
) -> Iterator[RawDoc | SkippedInput]:
    n_records = 0
    try:
        for suffix, rec in _records(path, max_bytes):
            n_records += 1
            yield _document(rec, label, path, suffix, seen_ids)
        if not n_records:
            raise InputError("E014")
    except Exception as exc:  # one bad input never ends the run
        yield skipped(label, exc)


def _records(path: Path | None, max_bytes: int) -> Iterator[tuple[str, Record]]:
    if path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError("E004", size=f"at least {len(data)}", limit=max_bytes)
        suffix = ".jsonl" if data.lstrip()[:1] in (b"{", b"[") else ".txt"
        yield from ((suffix, rec) for rec in READERS[suffix](data))
        return
    if not path.exists():
        raise InputError("E008")
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError("E009", suffix=suffix or "(none)")
    size = path.stat().st_size
    if size == 0:
        raise InputError("E001")
    if suffix in STREAMED:
        yield from ((suffix, rec) for rec in iter_jsonl_file(path, max_bytes))
        return
    if size > max_bytes:
        raise InputError("E004", size=size, limit=max_bytes)
    yield from ((suffix, rec) for rec in READERS[suffix](path.read_bytes()))


def _document(
    rec: Record, label: str, path: Path | None, suffix: str, seen_ids: dict[str, int]
) -> RawDoc | SkippedInput:
    where = f"{label}:{rec.sub}" if rec.sub else label
    if rec.error is not None:
        return skipped(where, rec.error)
    stem = "stdin" if path is None else scrub(path.stem)
    doc_id = rec.id or (f"{stem}:{rec.sub}" if rec.sub else stem)
    if doc_id in seen_ids:
        seen_ids[doc_id] += 1
        doc_id = f"{doc_id}~{seen_ids[doc_id]}"
    else:
        seen_ids[doc_id] = 1
    try:
        return make_raw(doc_id, rec, source_path=where, fmt=suffix.lstrip("."))
    except Exception as exc:
        return skipped(where, exc)


def skipped(where: str, exc: Exception) -> SkippedInput:
    """A coded skip for any failure: an :class:`InputError` as it is, anything else as E040."""
    if not isinstance(exc, NewsprismError):
        exc = NewsprismError("E040", stage="reading", detail=f"{type(exc).__name__}: {exc}"[:500])
    return SkippedInput(path=where, code=exc.code, reason=scrub(exc.message))


def from_text(text: str, doc_id: str = "text", **meta: str | None) -> RawDoc:
    """A raw document from a string (the Python API's ``analyze(["some text"])``)."""
    rec = Record(text=text, meta={k: v for k, v in meta.items() if v is not None}, encoding="str")
    return make_raw(doc_id, rec, source_path=None, fmt="text")


TITLE_WORDS = 15  # PolNeAR train: every first line of at most 15 words set apart is the article's title (656 of 656)
_WORDS = re.compile(r"\w+")


def title_line(text: str) -> str | None:
    """The headline of a plain text: a first line of at most ``TITLE_WORDS`` words set apart by a
    blank line from more text ("Trump's favorite TV doctor has a basketful of critics."); a lead
    paragraph is longer or runs over several lines. Markdown's "# " is dropped."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip(), maxsplit=2)]
    if len(parts) < 2 or not parts[0] or "\n" in parts[0] or not parts[1]:
        return None
    first = parts[0].lstrip("#").strip()
    n = len(_WORDS.findall(first))
    return first if 0 < n <= TITLE_WORDS else None


def make_raw(doc_id: str, rec: Record, *, source_path: str | None, fmt: str) -> RawDoc:
    """Clean a record into a :class:`RawDoc`; every string made UTF-8-safe (:func:`scrub`)."""
    text = scrub(rec.text)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError("E015", size=len(text), limit=MAX_TEXT_CHARS)
    if not text.strip():
        raise InputError("E012")
    doc_id = scrub(doc_id)
    source_path = scrub(source_path) if source_path is not None else None
    cleaned = clean(text)
    if not cleaned.text.strip():
        raise InputError("E012")
    meta = Meta(
        **{k: v for k, v in rec.meta.items() if v is not None},
        source_path=source_path,
        format=fmt,
        encoding=rec.encoding,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    if not meta.title and fmt in ("txt", "text", "md", "markdown"):
        meta.title = title_line(cleaned.text)
    if meta.outlet:
        meta.outlet_source = "metadata"
    if meta.published:
        meta.published_source = "metadata"
    meta.boilerplate = [Span(doc_id=doc_id, start=b.start, end=b.end, text=b.text) for b in cleaned.boilerplate]
    if cleaned.syndicated_from and cleaned.syndication is not None:
        b = cleaned.syndication
        meta.syndicated_from = cleaned.syndicated_from
        meta.syndicated_evidence = Span(doc_id=doc_id, start=b.start, end=b.end, text=b.text)
    else:
        credit = wire_credit(cleaned)
        if credit is not None:
            meta.syndicated_from = credit.wire
            meta.syndicated_evidence = Span(doc_id=doc_id, start=credit.start, end=credit.end, text=text[credit.start : credit.end])
    if not meta.outlet:
        hints = [urlsplit(meta.url).netloc if meta.url else "", Path(source_path).name if source_path else ""]
        guess = infer_outlet(cleaned, meta.syndicated_from, hints)
        if guess is not None:
            spans = [Span(doc_id=doc_id, start=s, end=e, text=text[s:e]) for s, e in guess.evidence]
            meta.outlet = guess.outlet
            meta.outlet_source = "inferred"
            meta.outlet_evidence = Evidence(
                value=guess.outlet, confidence=guess.confidence, spans=spans, reason=f"self-reference: {guess.reason}"
            )
    return RawDoc(id=doc_id, text=text, meta=meta, clean=cleaned)



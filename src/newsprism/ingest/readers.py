"""One reader per format: bytes in, (text, metadata) records out."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsprism.errors import InputError
from newsprism.ingest.decode import decode

MIN_HTML_WORDS = 8
META_FIELDS = ("title", "outlet", "url", "author", "published")


@dataclass
class Record:
    """A text as read, before cleaning. ``sub`` names a record inside a file (JSONL line)."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    sub: str | None = None
    encoding: str | None = None
    error: InputError | None = None


def _meta_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip() or None


def _pick_meta(raw: dict[str, Any]) -> dict[str, Any]:
    aliases = {"source": "outlet", "publisher": "outlet", "date": "published", "sitename": "outlet"}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        key = aliases.get(str(key).lower(), str(key).lower())
        if key in META_FIELDS and out.get(key) is None:
            out[key] = _meta_value(value)
    return out


def read_text(data: bytes) -> Iterator[Record]:
    """Plain text or Markdown, with optional YAML front matter."""
    text, enc = decode(data)
    meta: dict[str, Any] = {}
    if text.startswith("---"):
        lines = text.split("\n")
        for i in range(1, min(len(lines), 200)):
            if lines[i].rstrip("\r") in ("---", "..."):
                try:
                    loaded = yaml.safe_load("\n".join(lines[1:i]))
                except yaml.YAMLError as exc:
                    raise InputError("E011", fmt="YAML front matter", detail=str(exc).splitlines()[0]) from exc
                if isinstance(loaded, dict):
                    meta = _pick_meta(loaded)
                    text = "\n".join(lines[i + 1 :])
                break
    if not text.strip():
        raise InputError("E012")
    yield Record(text=text, meta=meta, encoding=enc)


def read_html(data: bytes) -> Iterator[Record]:
    """HTML article: main text and metadata by trafilatura."""
    import trafilatura

    html, enc = decode(data)
    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError("E011", fmt="HTML", detail=f"{type(exc).__name__}: {exc}") from exc
    if result is None:
        raise InputError("E005")
    found = result if isinstance(result, dict) else result.as_dict()
    text = found.get("text") or ""
    if len(text.split()) < MIN_HTML_WORDS:  # menus and link lists are not an article
        raise InputError("E005")
    meta = _pick_meta(
        {
            "title": found.get("title"),
            "outlet": found.get("sitename"),
            "url": found.get("url"),
            "author": found.get("author"),
            "published": found.get("date"),
        }
    )
    yield Record(text=text, meta=meta, encoding=enc)


def read_pdf(data: bytes) -> Iterator[Record]:
    """PDF text layer (pypdf)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info: Any = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InputError("E011", fmt="PDF", detail=str(exc)) from exc
    text = "\n\n".join(p.strip("\n") for p in pages if p.strip())
    if not text.strip():
        raise InputError("E006")
    meta = _pick_meta({"title": info.get("/Title"), "author": info.get("/Author")})
    yield Record(text=text, meta=meta, encoding="pdf")


def _json_record(obj: Any, where: str) -> Record:
    if not isinstance(obj, dict):
        raise InputError("E007", fmt="JSON", detail=f"{where}: expected an object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("E007", fmt="JSON", detail=f"{where}: no 'text' field")
    rid = obj.get("id")
    return Record(text=text, meta=_pick_meta(obj), id=str(rid) if rid is not None else None)


def read_jsonl(data: bytes) -> Iterator[Record]:
    """One article per line; a broken line is reported and the rest kept."""
    text, enc = decode(data)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError("E007", fmt="JSON", detail=f"line {exc.lineno}: {exc.msg}") from exc
        for i, obj in enumerate(items, 1):
            yield _safe_json(obj, f"item {i}", str(i), enc)
        return
    lines = text.splitlines()
    if stripped.startswith("{") and len([ln for ln in lines if ln.strip()]) > 1:
        try:  # a single pretty-printed object
            obj = json.loads(stripped)
            yield _safe_json(obj, "object", None, enc)
            return
        except json.JSONDecodeError:
            pass
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(text="", sub=str(n), error=InputError("E007", fmt="JSONL", detail=f"line {n}: {exc.msg}"))
            continue
        yield _safe_json(obj, f"line {n}", str(n), enc)


def iter_jsonl_file(path: Path, max_bytes: int) -> Iterator[Record]:
    """Stream a JSONL file line by line (shards may be far larger than one article).

    The size limit applies to each record, not to the file."""
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                err = InputError("E004", size=len(raw), limit=max_bytes)
                yield Record(text="", sub=str(n), error=err)
                continue
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
                yield Record(text="", sub=str(n), error=InputError("E007", fmt="JSONL", detail=f"line {n}: {detail}"))
                continue
            yield _safe_json(obj, f"line {n}", str(n), "utf-8")


def _safe_json(obj: Any, where: str, sub: str | None, enc: str) -> Record:
    try:
        rec = _json_record(obj, where)
    except InputError as exc:
        return Record(text="", sub=sub, error=exc)
    rec.sub = sub
    rec.encoding = enc
    return rec


READERS = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".pdf": read_pdf,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_jsonl,
}

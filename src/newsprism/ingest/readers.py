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
from newsprism.ingest.decode import decode, scrub

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


MAX_META_CHARS = 4096  # a title, author or URL is far shorter
MAX_FRONT_MATTER = 65_536  # characters of YAML front matter
MAX_YAML_NODES = 10_000  # nodes of front matter once its aliases are expanded
_SCALARS = (str, int, float, bool, dt.date)


def _meta_value(value: Any, key: str = "metadata") -> str | None:
    """One metadata value as a short string: a scalar, or a list of scalars (authors);
    anything else (an object, a nested list, a megabyte title) is refused with E013."""
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
        value = ", ".join(str(_meta_value(v, key) or "") for v in value if v is not None)
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    if not isinstance(value, _SCALARS):
        raise InputError("E013", what=key, detail=f"not a plain value ({type(value).__name__})")
    out = scrub(str(value)).strip()
    if len(out) > MAX_META_CHARS:
        raise InputError("E013", what=key, detail=f"{len(out):,} characters > {MAX_META_CHARS:,}")
    return out or None


def _pick_meta(raw: dict[str, Any]) -> dict[str, Any]:
    aliases = {"source": "outlet", "publisher": "outlet", "date": "published", "sitename": "outlet"}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        key = aliases.get(str(key).lower(), str(key).lower())
        if key in META_FIELDS and out.get(key) is None:
            out[key] = _meta_value(value, key)
    return out


def _front_matter(header: str) -> Any:
    """YAML front matter, refused (E013) when large or when its aliases expand past
    ``MAX_YAML_NODES`` nodes (a few hundred bytes can otherwise expand to gigabytes)."""
    if len(header) > MAX_FRONT_MATTER:
        raise InputError("E013", what="front matter", detail=f"{len(header):,} characters > {MAX_FRONT_MATTER:,}")
    loader = yaml.SafeLoader(header)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_YAML_NODES:
            raise InputError("E013", what="front matter", detail=f"aliases expand to over {MAX_YAML_NODES:,} values")
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise InputError("E011", fmt="YAML front matter", detail=str(exc).splitlines()[0]) from exc
    except RecursionError as exc:
        raise InputError("E013", what="front matter", detail="nested too deeply") from exc
    finally:
        loader.dispose()


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes in ``node`` with every alias expanded (a shared node counted at each use)."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = MAX_YAML_NODES + 1  # a node inside itself expands without end
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size = min(size, MAX_YAML_NODES + 1)
    return size


def read_text(data: bytes) -> Iterator[Record]:
    """Plain text or Markdown, with optional YAML front matter."""
    text, enc = decode(data)
    meta: dict[str, Any] = {}
    if text.startswith("---"):
        lines = text.split("\n")
        for i in range(1, min(len(lines), 200)):
            if lines[i].rstrip("\r") in ("---", "..."):
                loaded = _front_matter("\n".join(lines[1:i]))
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
    return Record(text=text, meta=_pick_meta(obj), id=_meta_value(obj.get("id"), "id"))


def _loads(data: str | bytes, fmt: str, where: str) -> Any:
    """``json.loads``, every failure as E007: syntax, nesting past Python's recursion limit,
    integers too long to convert, bytes that are not UTF-8."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        detail = exc.msg
    except RecursionError:
        detail = "nested too deeply"
    except UnicodeDecodeError:
        detail = "not UTF-8"
    except ValueError as exc:
        detail = str(exc).splitlines()[0]
    raise InputError("E007", fmt=fmt, detail=f"{where}: {detail}")


def read_jsonl(data: bytes) -> Iterator[Record]:
    """One article per line; a broken line is reported and the rest kept."""
    text, enc = decode(data)
    stripped = text.lstrip()
    if stripped.startswith("["):
        items = _loads(stripped, "JSON", "file")
        if not isinstance(items, list):
            raise InputError("E007", fmt="JSON", detail="file: expected a list")
        for i, obj in enumerate(items, 1):
            yield _safe_json(obj, f"item {i}", str(i), enc)
        return
    lines = text.splitlines()
    if stripped.startswith("{") and len([ln for ln in lines if ln.strip()]) > 1:
        try:  # a single pretty-printed object
            obj = _loads(stripped, "JSON", "file")
        except InputError:
            pass
        else:
            yield _safe_json(obj, "object", None, enc)
            return
    for n, line in enumerate(lines, 1):
        if line.strip():
            yield _json_line(line, n, enc)


def _json_line(line: str | bytes, n: int, enc: str) -> Record:
    try:
        obj = _loads(line, "JSONL", f"line {n}")
    except InputError as exc:
        return Record(text="", sub=str(n), error=exc)
    return _safe_json(obj, f"line {n}", str(n), enc)


def iter_jsonl_file(path: Path, max_bytes: int) -> Iterator[Record]:
    """Stream a JSONL file line by line (shards may be far larger than one article).

    The size limit applies to each record, not to the file; a file of blank lines is E001."""
    blank = True
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            blank = False
            if len(raw) > max_bytes:
                err = InputError("E004", size=len(raw), limit=max_bytes)
                yield Record(text="", sub=str(n), error=err)
                continue
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield _json_line(raw, n, "utf-8")
    if blank:
        raise InputError("E001")


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

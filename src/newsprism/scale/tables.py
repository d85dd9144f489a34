"""Rows and Arrow schemas of the batch tables, derived from the data model.

Per-document tables (one part per shard): ``documents``, ``entity_mentions``,
``attributions``, ``timexes``, ``claims``, ``errors``. Story tables (one part per
story bucket): ``stories``, ``story_members``, ``story_entities``, ``story_claims``,
``story_timeline``, ``story_outlets``, ``story_naming``.

Child rows flatten their model: scalar fields are columns, a ``Span`` field ``x``
becomes ``x_start``/``x_end``/``x_text``, lists and nested models are JSON strings.
A field added to the model appears as a column without touching this module.
"""

from __future__ import annotations

import json
import types
import typing
from functools import cache
from typing import Any, Literal, Union

import pyarrow as pa
from pydantic import BaseModel

from newsprism.extract.timex.story import dating_json
from newsprism.model import (
    Attribution,
    Claim,
    ClaimCluster,
    Document,
    Entity,
    Mention,
    NamingChoice,
    OutletProfile,
    Span,
    Story,
    TimeExpression,
    TimelineEvent,
)

DOC_TABLES: dict[str, tuple[str, type[BaseModel]]] = {
    "entity_mentions": ("entities", Mention),
    "attributions": ("attributions", Attribution),
    "timexes": ("timexes", TimeExpression),
    "claims": ("claims", Claim),
}
STORY_TABLES: dict[str, tuple[str, type[BaseModel]]] = {
    "story_entities": ("entities", Entity),
    "story_claims": ("claims", ClaimCluster),
    "story_timeline": ("timeline", TimelineEvent),
    "story_outlets": ("outlets", OutletProfile),
    "story_naming": ("naming", NamingChoice),
}
META_COLUMNS = (
    "title",
    "outlet",
    "outlet_source",
    "url",
    "author",
    "published",
    "published_source",
    "syndicated_from",
    "source_path",
    "format",
    "sha256",
)
COUNTS = ("sentences", "entities", "attributions", "timexes", "claims")

DOCUMENTS = pa.schema(
    [("doc_id", pa.string()), ("shard", pa.string()), ("row", pa.int64())]
    + [(c, pa.string()) for c in META_COLUMNS]
    + [("chars", pa.int64())]
    + [(c, pa.int64()) for c in COUNTS]
    + [("story_keys", pa.list_(pa.string())), ("document", pa.string()), ("dating", pa.string())]
)
ERRORS = pa.schema(
    [
        ("task", pa.string()),
        ("stage", pa.string()),
        ("input", pa.string()),
        ("doc_id", pa.string()),
        ("code", pa.string()),
        ("reason", pa.string()),
    ]
)
STORIES = pa.schema(
    [
        ("story_id", pa.string()),
        ("documents", pa.int64()),
        ("outlets", pa.list_(pa.string())),
        ("first_published", pa.string()),
        ("last_published", pa.string()),
        ("entities", pa.int64()),
        ("claims", pa.int64()),
        ("story", pa.string()),
    ]
)
STORY_MEMBERS = pa.schema(
    [("story_id", pa.string()), ("doc_id", pa.string()), ("shard", pa.string()), ("row", pa.int64())]
)
_SCALARS: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _columns(annotation: Any) -> list[tuple[str, pa.DataType]] | pa.DataType:
    """Arrow type of a field annotation; a Span gives three columns (suffixes)."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _columns(args[0])
        return pa.string()
    if annotation is Span:
        return [("_start", pa.int64()), ("_end", pa.int64()), ("_text", pa.string())]
    if origin is Literal:
        return pa.string()
    return _SCALARS.get(annotation, pa.string())


@cache
def flat_schema(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> pa.Schema:
    """The Arrow schema of ``model`` flattened, after the ``prefix`` string columns."""
    fields = [pa.field(p, pa.string()) for p in prefix if p not in model.model_fields]
    for name, info in model.model_fields.items():
        col = _columns(info.annotation)
        if isinstance(col, list):
            fields.extend(pa.field(name + suffix, typ) for suffix, typ in col)
        else:
            fields.append(pa.field(name, col))
    return pa.schema(fields)


def flat_row(item: BaseModel, schema: pa.Schema, **extra: Any) -> dict[str, Any]:
    """One flattened row of ``item`` for ``schema``."""
    row: dict[str, Any] = dict(extra)
    for name in type(item).model_fields:
        value = getattr(item, name)
        if name + "_start" in schema.names and name not in schema.names:
            row[name + "_start"] = value.start if value is not None else None
            row[name + "_end"] = value.end if value is not None else None
            row[name + "_text"] = value.text if value is not None else None
        elif isinstance(value, (BaseModel, list, dict)):
            row[name] = json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)
        else:
            row[name] = value
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def document_row(doc: Document, shard: str, row: int, keys: list[str]) -> dict[str, Any]:
    meta = doc.meta
    out: dict[str, Any] = {"doc_id": doc.id, "shard": shard, "row": row}
    out.update({c: getattr(meta, c) for c in META_COLUMNS})
    out["chars"] = len(doc.text)
    out.update({c: len(getattr(doc, c)) for c in COUNTS})
    out["story_keys"] = keys
    out["document"] = doc.model_dump_json()
    out["dating"] = dating_json(doc)  # what the story's joint dating needs, kept out of the model
    return out


def document_tables(docs: list[Document], shard: str, keys: list[list[str]]) -> dict[str, pa.Table]:
    """The per-document tables of one shard."""
    tables = {
        "documents": pa.Table.from_pylist(
            [document_row(d, shard, i, k) for i, (d, k) in enumerate(zip(docs, keys, strict=True))], schema=DOCUMENTS
        )
    }
    for table, (attr, model) in DOC_TABLES.items():
        schema = flat_schema(model, ("doc_id",))
        rows = [flat_row(item, schema, doc_id=d.id) for d in docs for item in getattr(d, attr)]
        tables[table] = pa.Table.from_pylist(rows, schema=schema)
    return tables


def story_tables(stories: list[tuple[str, Story, list[Document]]]) -> dict[str, pa.Table]:
    """The story tables of one bucket: ``(story_id, story, docs)`` triples."""
    rows = []
    for sid, story, docs in stories:
        dates = sorted(d.meta.published for d in docs if d.meta.published)
        rows.append(
            {
                "story_id": sid,
                "documents": len(docs),
                "outlets": sorted({d.meta.outlet for d in docs if d.meta.outlet}),
                "first_published": dates[0] if dates else None,
                "last_published": dates[-1] if dates else None,
                "entities": len(story.entities),
                "claims": len(story.claims),
                "story": story.model_dump_json(),
            }
        )
    tables = {"stories": pa.Table.from_pylist(rows, schema=STORIES)}
    for table, (attr, model) in STORY_TABLES.items():
        schema = flat_schema(model, ("story_id",))
        items = [flat_row(item, schema, story_id=sid) for sid, story, _ in stories for item in getattr(story, attr)]
        tables[table] = pa.Table.from_pylist(items, schema=schema)
    return tables


def error_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=ERRORS)

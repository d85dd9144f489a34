"""Nominal references to named people within one document ("the Russian leader",
"the president-elect", "the spokesman"), linked to the named mention they stand for.

Runs after the ``time`` extractor so that an article date inferred from the text is
used. Precision first: a nominal is added only when it resolves to a person who is also
named in the same document, either through the dated role table of
``data/entity_variants.json`` (who was "the president-elect" on the article's date) or,
for a bare title ("the spokesman"), through the nearest preceding name that carried that
title ("Kremlin spokesman Dmitry Peskov").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsprism.extract.base import Parsed
from newsprism.language.names import person_tokens, tables, title_before
from newsprism.model import Mention
from newsprism.registry import extractors

TITLES = ("spokesman", "spokeswoman", "spokesperson", "president-elect", "envoy", "ambassador", "prime minister",
          "foreign minister", "chancellor")


@lru_cache(maxsize=1)
def roles() -> dict[str, list[Any]]:
    """Role phrase -> [[from, to, person], ...] with aliases followed."""
    raw: dict[str, Any] = tables()["roles"]
    out = {}
    for key, value in raw.items():
        if key.startswith("_"):
            continue
        while isinstance(value, str):
            value = raw[value]
        out[key] = value
    return out


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    phrases = sorted(set(roles()) | set(TITLES), key=len, reverse=True)
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"\b[Tt]he\s+(?:{alt})\b(?!-)", re.IGNORECASE)


def _padded(date: str) -> str:
    return date + ("-07-01" if len(date) == 4 else "-15" if len(date) == 7 else "")


def holder(role: str, published: str | None) -> str | None:
    """Who held ``role`` on the publication date, from the curated table."""
    periods = roles().get(role)
    if not periods or not published:
        return None
    day = _padded(published[:10])
    for start, end, person in periods:
        if start <= day and (end is None or day < end):
            return str(person)
    return None


@extractors.register("nominals", order=25)  # after "time" (20), which infers a missing article date
def nominals(parsed: Parsed) -> None:
    record = parsed.record
    text = parsed.text
    people = [m for m in record.entities if m.kind == "name" and m.label == "PERSON"]
    if not people:
        return
    added: list[Mention] = []
    for hit in pattern().finditer(text):
        phrase = re.sub(r"\s+", " ", hit.group().lower())[4:]
        after = text[hit.end() : hit.end() + 40]
        if re.match(r"\s*(?:[A-Z][\w.'’-]*\s*){1,3}", after) and _followed_by_name(parsed, hit.end()):
            continue  # a title before a name ("the Kremlin spokesman Dmitry Peskov"), not a reference
        span = parsed.span(hit.start(), hit.end())
        target = _resolve(phrase, record.meta.published, people, span.start, record.text)
        if target is None:
            continue
        added.append(Mention(
            id=f"{record.id}#n{len(added)}", doc_id=record.id, start=span.start, end=span.end, text=span.text,
            label="PERSON", sentence=parsed.sentence_of(hit.start()), kind="nominal", antecedent=target.id,
        ))
    record.entities = sorted(record.entities + added, key=lambda m: (m.start, m.end))


def _followed_by_name(parsed: Parsed, clean_end: int) -> bool:
    for ent in parsed.doc.ents:
        if ent.label_ == "PERSON" and 0 <= ent.start_char - clean_end <= 2:
            return True
    return False


def _resolve(phrase: str, published: str | None, people: list[Mention], start: int, text: str) -> Mention | None:
    name = holder(phrase, published)
    if name is not None:
        surname = person_tokens(name)[-1]
        named = [m for m in people if person_tokens(m.text)[-1:] == [surname]]
        before = [m for m in named if m.start < start]
        return before[-1] if before else named[0] if named else None
    if phrase not in TITLES:
        return None
    word = phrase.split()[-1]
    titled = []
    for m in people:
        found = title_before(text[max(0, m.start - 120) : m.start]) if m.start < start else None
        if found is not None and word in found[1].lower().split():
            titled.append(m)
    return titled[-1] if titled else None

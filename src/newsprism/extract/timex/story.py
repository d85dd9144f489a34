"""Date a pile's reports jointly, then normalise their time expressions again.

Runs between the per-document extraction and the cross-document stage (the pipeline's
:func:`newsprism.pipeline.resolve`, hence ``analyze``, the store's ``add`` and the batch
story stage). Only documents whose date was inferred are re-dated, never a date from
the metadata. An event dated in one report ("on Sept. 26") and named by its weekday
in another ("Monday's debate") pins the second report's week, when the two sentences
tell of the same event and the weekday agrees; a report so dated lends its own weekdays
to the others, until nothing changes. A report still without a day or week is then tied
through the events themselves (the noun a weekday dates, :mod:`newsprism.extract.timex.ties`). A report whose date changed has its time
expressions normalised again against the new date (with the tenses recorded at
extraction: no second parse).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from newsprism.extract.base import Parsed
from newsprism.extract.timex import extract_timexes
from newsprism.extract.timex.docdate import (
    Dated,
    Estimate,
    Event,
    Evidence,
    Mention,
    apply,
    content_words,
    estimate,
    events_of,
)
from newsprism.extract.timex.eventkey import Key
from newsprism.extract.timex.ties import tied_estimate
from newsprism.ingest.offsets import OffsetMap
from newsprism.language.calendar import granularity, parse_date
from newsprism.model import Document

ROUNDS = 4  # passes of pinning: a report pinned in one lends its weekdays to the next


def date_story(docs: list[Document]) -> list[str]:
    """Date the inferred documents of ``docs`` against each other; the ids whose date changed."""
    todo = [d for d in docs if d._dating is not None and d.meta.published_source in ("inferred", None)]
    if not todo:
        return []
    years = _pile_years(docs)
    base: list[Event] = []
    for d in docs:
        if d._dating is None and _day_of(d) is not None:
            base.extend(_timex_events(d))  # a day from the metadata, or one a stored report was given
    for d in todo:
        base.extend(events_of(d._dating, d.id, years))
    before = {d.id: (d.meta.published, d.meta.published_granularity) for d in todo}
    found: dict[str, Estimate | None] = {}
    pool = list(base)
    for _ in range(ROUNDS):
        found = {d.id: estimate(d._dating, pool, d.id) for d in todo}
        derived = [e for d in todo for e in _weekday_events(d, found[d.id])]
        if [e.day for e in derived] == [e.day for e in pool[len(base) :]]:
            break
        pool = base + derived
    keyed = [e for d in docs if d._dating is not None for e in events_of(d._dating, d.id, years, keyed=True)]
    changed = []
    for d in todo:
        est = found[d.id]
        if est is None or est.granularity not in ("day", "week"):
            est = tied_estimate(d._dating, keyed, d.id) or est
        apply(d, d._dating.offsets, est)
        if (d.meta.published, d.meta.published_granularity) != before[d.id]:
            changed.append(d.id)
            renormalize(d, est.anchor if est else None)
    return changed


def _day_of(doc: Document) -> date | None:
    p = doc.meta.published
    return parse_date(p[:10]) if p and granularity(p[:10]) == "day" else None


def _pile_years(docs: list[Document]) -> list[int]:
    """Years a year-less date of the pile may fall in: those of its day-dated reports, else the year
    (and the one before) of the election most of its inferred reports name."""
    known = {d.year for d in (_day_of(doc) for doc in docs) if d is not None}
    if known:
        return sorted(known)
    votes = Counter(doc._dating.election for doc in docs if doc._dating is not None and doc._dating.election)
    if not votes:
        return []
    year, n = votes.most_common(1)[0]
    return [year - 1, year] if 2 * n >= len(docs) else []


def _timex_events(doc: Document) -> list[Event]:
    out = []
    for t in doc.timexes:
        day = t.resolved or t.value
        if t.type == "DATE" and len(day) == 10 and granularity(day) == "day" and t.sentence < len(doc.sentences):
            d = parse_date(day)
            if d is not None:
                out.append(Event(d, content_words(doc.sentences[t.sentence].text), doc.id, t.anchor != "none"))
    return out


def _weekday_events(doc: Document, est: Estimate | None) -> list[Event]:
    """The days a report pinned to a day names by their weekday."""
    ev: Evidence = doc._dating
    if est is None or est.granularity != "day":
        return []
    day = est.anchor
    out = []
    for m in ev.mentions:
        if m.tense == "past":
            d = day - timedelta(days=(day.isoweekday() - m.weekday) % 7)
        else:
            d = day + timedelta(days=(m.weekday - day.isoweekday()) % 7)
        out.append(Event(d, m.words, doc.id, derived=True))
    return out


def renormalize(doc: Document, dct: date | None) -> None:
    """Normalise ``doc``'s time expressions again against ``dct`` (its new inferred date); claims
    keep pointing at the expression on the same span."""
    ev: Evidence = doc._dating
    parsed = Parsed(doc, None, ev.offsets)  # type: ignore[arg-type]  # no parse: the recorded tenses stand in
    old = {t.id: t for t in doc.timexes}
    doc.timexes = extract_timexes(parsed, dct, ev, election_year=ev.election, skip=frozenset(ev.not_times))
    by_span = {(t.span.start, t.span.end): t for t in doc.timexes}
    for c in doc.claims:
        prev = old.get(c.time_id or "")
        if prev is not None:
            new = by_span.get((prev.span.start, prev.span.end))
            c.time_id, c.time = (new.id, new.resolved or new.value) if new else (None, None)


def dating_json(doc: Document) -> str | None:
    """The document's dating evidence as JSON (for stages that carry documents as JSON: the batch
    engine), or None when its date was not inferred."""
    ev: Evidence | None = doc._dating
    if ev is None:
        return None
    data = asdict(ev)
    data["tenses"] = [[k, v] for k, v in ev.tenses.items()]
    return json.dumps(data, default=_plain)


def restore_dating(doc: Document, text: str | None) -> None:
    """Give ``doc`` back the dating evidence :func:`dating_json` wrote (nothing when ``text`` is None)."""
    if not text:
        return
    data: dict[str, Any] = json.loads(text)
    day = date.fromisoformat

    def span(pair: list[int]) -> tuple[int, int]:
        return pair[0], pair[1]

    doc._dating = Evidence(
        low=day(data["low"]),
        high=day(data["high"]),
        spans=[span(x) for x in data["spans"]],
        mentions=[Mention(**(m | {"words": frozenset(m["words"]), "key": _key(m["key"])})) for m in data["mentions"]],
        dated=[Dated(**(d | {"words": frozenset(d["words"]), "key": _key(d["key"])})) for d in data["dated"]],
        stamps=[(day(d), span(x)) for d, x in data["stamps"]],
        election=data["election"],
        year=data["year"],
        month_hint=(day(data["month_hint"][0]), span(data["month_hint"][1])) if data["month_hint"] else None,
        post_election=day(data["post_election"]) if data["post_election"] else None,
        text=data["text"],
        offsets=OffsetMap(**data["offsets"]) if data["offsets"] else None,
        tenses={k: v for k, v in data["tenses"]},
        not_times=data.get("not_times", []),
    )


def _key(data: dict[str, Any] | None) -> Key | None:
    if data is None:
        return None
    return Key(data["head"], frozenset(data["names"]), frozenset(data["kinds"]), data["side"])


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    raise TypeError(type(value).__name__)

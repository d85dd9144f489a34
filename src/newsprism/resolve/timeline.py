"""The story's timeline: dated events from every report, merged across outlets.

An event is an attribution, a claim, or failing those a sentence with a verb, that
carries a time expression resolved to the calendar (day, week, month, quarter or
year). Events from different documents merge when they fall on the same date and
say the same thing (shared content words or shared names); each keeps its sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsprism.language.calendar import granularity, parse_date
from newsprism.model import Document, Span, Story, TimeExpression, TimelineEvent, make_span
from newsprism.registry import resolvers

GRAIN_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
STOP = {
    "the", "and", "that", "with", "for", "from", "this", "was", "were", "has", "have", "had", "his", "her", "their",
    "its", "which", "who", "said", "says", "would", "will", "could", "been", "after", "before", "into", "about",
    "over", "than", "also", "they", "them", "there", "when", "what", "while", "during", "on", "in", "of", "to",
    "between", "both", "two", "days", "day", "week", "month", "year", "last", "next", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
MAX_TEXT = 240


@dataclass
class Candidate:
    date: str
    grain: str
    text: str
    doc: Document
    span: Span
    kind: str
    timex_id: str
    words: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def _calendar_value(t: TimeExpression) -> str | None:
    value = t.resolved or t.value
    if t.type not in ("DATE", "TIME", "DURATION") or not value[:1].isdigit():
        return None
    value = value[:10] if "T" in value else value
    return value if granularity(value) else None


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if w.lower() not in STOP}


def _names(text: str) -> set[str]:
    return {w for w in WORD.findall(text) if w[:1].isupper() and w.lower() not in STOP}


def candidates(doc: Document) -> list[Candidate]:
    """Dated events of one document: attributions and claims first, then sentences."""
    dated: dict[int, list[TimeExpression]] = {}
    for t in doc.timexes:
        if _calendar_value(t):
            dated.setdefault(t.sentence, []).append(t)
    out: list[Candidate] = []
    used: set[tuple[int, str]] = set()

    def add(sentence: int, span: Span, kind: str, text: str, near: int) -> None:
        for t in sorted(dated.get(sentence, []), key=lambda t: abs(t.span.start - near)):
            value = _calendar_value(t)
            if value is None or (sentence, value) in used:
                continue
            used.add((sentence, value))
            flat = " ".join(text.split())
            clipped = flat if len(flat) <= MAX_TEXT else flat[: MAX_TEXT - 1].rstrip() + "…"
            out.append(
                Candidate(
                    value, granularity(value) or "day", clipped, doc, span, kind, t.id, _words(text), _names(text)
                )
            )
            return

    for a in doc.attributions:
        if a.sentence in dated:
            near = (a.cue or a.content or a.source or doc.timexes[0].span).start
            sent = doc.sentences[a.sentence] if a.sentence < len(doc.sentences) else None
            if sent is not None:
                add(a.sentence, make_span(doc.id, doc.text, sent.start, sent.end), "attribution", sent.text, near)
    for c in doc.claims:
        if c.sentence in dated:
            add(c.sentence, c.span, "claim", c.text, c.span.start)
    for sent in doc.sentences:
        if sent.index in dated and not any(k[0] == sent.index for k in used):
            if len(sent.text.split()) >= 5:
                add(sent.index, make_span(doc.id, doc.text, sent.start, sent.end), "sentence", sent.text, sent.start)
    return out


def _same_event(a: Candidate, b: Candidate) -> bool:
    if a.date != b.date or a.doc.id == b.doc.id:
        return False
    shared = len(a.words & b.words)
    jacc = shared / max(1, len(a.words | b.words))
    return jacc >= 0.2 or (shared >= 3 and len(a.names & b.names) >= 2)


def build(docs: list[Document]) -> list[TimelineEvent]:
    """Events of all documents, merged when the same event is on the same date, in date order."""
    groups: list[list[Candidate]] = []
    for doc in docs:
        for cand in candidates(doc):
            for g in groups:
                if any(_same_event(cand, other) for other in g) and all(o.doc.id != doc.id for o in g):
                    g.append(cand)
                    break
            else:
                groups.append([cand])

    def key(g: list[Candidate]) -> tuple[str, int, int]:
        d = parse_date(g[0].date)
        return (d.isoformat() if d else g[0].date, GRAIN_RANK.get(g[0].grain, 9), -len(g))

    events: list[TimelineEvent] = []
    for n, g in enumerate(sorted(groups, key=key)):
        outlets = sorted({c.doc.meta.outlet or c.doc.id for c in g})
        events.append(
            TimelineEvent(
                id=f"ev{n}",
                date=g[0].date,
                granularity=g[0].grain,
                text=g[0].text,
                sources=[c.span for c in g],
                outlets=outlets,
                kind=g[0].kind,
                timex_ids=[c.timex_id for c in g],
                inferred_dates=any(c.doc.meta.published_source == "inferred" for c in g),
            )
        )
    return events


@resolvers.register("timeline", order=30)
def timeline(story: Story, docs: list[Document]) -> None:
    story.timeline = build(docs)

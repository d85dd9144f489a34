"""The story's timeline: dated events from every report, merged across outlets.

An event is an attribution, a claim, or failing those a sentence with a verb, that
carries a time expression resolved to the calendar (day, week, month, quarter or
year). Events from different documents merge when they fall on the same date and
say the same thing (shared content words, or for day-dated events a shared participant
and shared content words); each keeps its sources.

The story's window is the period the pile is about: the documents' own dates and the
dense cluster of event dates around their median (Hampel's rule: within three scaled
median absolute deviations, at least a week either side); none when no document is dated.
An event whose dates fall wholly outside it is *background*: recalled context, not the story.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from newsprism.language.calendar import GRAINS, granularity, interval, parse_date
from newsprism.model import Document, Sentence, Span, Story, StoryWindow, TimeExpression, TimelineEvent, make_span
from newsprism.registry import resolvers

GRAIN_RANK = {g: n for n, g in enumerate(GRAINS)}
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
POSSESSIVE = re.compile(r"['’]s$")
SPREAD = 3 * 1.4826  # Hampel's outlier rule: 3 median absolute deviations, scaled to a standard deviation
MIN_HALF_DAYS = 7  # the dense cluster reaches at least a week either side of its median


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
    words = {POSSESSIVE.sub("", w.lower()) for w in WORD.findall(text)}
    return {w for w in words if w not in STOP}


def _names(text: str) -> set[str]:
    return {POSSESSIVE.sub("", w) for w in WORD.findall(text) if w[:1].isupper() and w.lower() not in STOP}


def _participants(doc: Document) -> Callable[[int, str], set[str]]:
    """Who takes part in a sentence (its number, its text): the resolved entities named in it
    (their names when unresolved); the document's names indexed by sentence once."""
    if not doc.entities:
        return lambda _sentence, text: _names(text)
    named: dict[int, set[str]] = defaultdict(set)
    for m in doc.entities:
        if m.kind == "name":
            named[m.sentence].add(m.entity_id or m.text.lower())
    return lambda sentence, _text: set(named.get(sentence, ()))


def candidates(doc: Document) -> list[Candidate]:
    """Dated events of one document: attributions and claims first, then sentences."""
    dated: dict[int, list[TimeExpression]] = {}
    in_sentence: dict[int, list[TimeExpression]] = defaultdict(list)  # every time expression, by sentence
    undated: set[str] = set()  # ids of expressions with no calendar value ("Saturday" in an undated report)
    for t in doc.timexes:
        in_sentence[t.sentence].append(t)
        if _calendar_value(t):
            dated.setdefault(t.sentence, []).append(t)
        else:
            undated.add(t.id)
    out: list[Candidate] = []
    used: set[tuple[int, str]] = set()
    used_sentences: set[int] = set()  # the sentences of ``used``
    participants = _participants(doc)

    def add(sentence: int, span: Span, kind: str, text: str, near: int, prefer: str | None = None) -> None:
        # the claim's own time first (the expression nearest its predicate), then by distance
        for t in sorted(dated.get(sentence, []), key=lambda t: (t.id != prefer, abs(t.span.start - near))):
            value = _calendar_value(t)
            if value is None or (sentence, value) in used:
                continue
            used.add((sentence, value))
            used_sentences.add(sentence)
            flat = " ".join(text.split())
            clipped = flat if len(flat) <= MAX_TEXT else flat[: MAX_TEXT - 1].rstrip() + "…"
            words = _words(text) - {w.lower() for w in _names(text)}
            out.append(
                Candidate(
                    value, granularity(value) or "day", clipped, doc, span, kind, t.id, words,
                    participants(sentence, text),
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
        if c.time_id in undated:  # "his remarks on Saturday" in a report dated by week only: not another day
            used_sentences.add(c.sentence)
        elif c.sentence in dated:
            add(c.sentence, c.span, "claim", c.text, c.span.start, c.time_id)
    for sent in doc.sentences:
        if sent.index in dated and sent.index not in used_sentences and len(sent.text.split()) >= 5 \
                and len(_undated_words(sent, in_sentence[sent.index])) >= MIN_UNDATED_WORDS:
            add(sent.index, make_span(doc.id, doc.text, sent.start, sent.end), "sentence", sent.text, sent.start)
    return out


MIN_UNDATED_WORDS = 3  # a line that is all date ("Correction: October 2, 2016, Sunday") tells no event


def _undated_words(sent: Sentence, timexes: list[TimeExpression]) -> list[str]:
    """The words of a sentence outside its time expressions (``timexes``: the sentence's own)."""
    text = sent.text
    for t in sorted((t for t in timexes if sent.start <= t.span.start and t.span.end <= sent.end),
                    key=lambda t: -t.span.start):
        text = text[: t.span.start - sent.start] + " " + text[t.span.end - sent.start :]
    return WORD.findall(text)


def similarity(a: Candidate, b: Candidate) -> float:
    """How surely two candidates are one event: 0 when they are not (other date, same document)."""
    if a.date != b.date or a.doc.id == b.doc.id:
        return 0.0
    shared = len(a.words & b.words)
    jacc = shared / max(1, len(a.words | b.words))
    people = len(a.names & b.names)
    same = jacc >= 0.2 or (shared >= 3 and people >= 2) or (a.grain == "day" and shared >= 2 and people >= 1)
    return jacc + 0.1 * people if same else 0.0


def build(docs: list[Document]) -> list[TimelineEvent]:
    """Events of all documents, merged when the same event is on the same date, in date order."""
    groups: list[list[Candidate]] = []
    on_date: dict[str, list[list[Candidate]]] = defaultdict(list)  # a group's members share its first one's date
    for doc in docs:
        for cand in candidates(doc):  # only a group of the same date can score above 0
            open_groups = [g for g in on_date[cand.date] if all(o.doc.id != doc.id for o in g)]
            best = max(open_groups, key=lambda g: max(similarity(cand, o) for o in g), default=None)
            if best is not None and max(similarity(cand, o) for o in best) > 0:
                best.append(cand)
            else:
                groups.append([cand])
                on_date[cand.date].append(groups[-1])

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


def _finest(grains: list[str]) -> str:
    return min(grains, key=lambda g: GRAIN_RANK.get(g, 9), default="day")


def story_window(docs: list[Document], events: list[TimelineEvent]) -> StoryWindow | None:
    """The period the pile is about: its document dates plus the dense cluster of event dates. None
    when no report is dated: the only events then on the calendar are those written with their year,
    in news mostly recalled history ("the Granma landed on Dec. 2, 1956"), no guide to the story's
    own period."""
    if not any(interval(d.meta.published) for d in docs):
        return None
    points: list[int] = []  # day- and week-dated events, once per source
    grains: list[str] = []
    for e in events:
        span = interval(e.date)
        if span is not None and e.granularity in ("day", "week"):
            points += [span[0].toordinal()] * max(1, len(e.sources))
            grains.append(e.granularity)
    doc_spans = [s for d in docs if (s := interval(d.meta.published))]
    doc_days = [a.toordinal() for a, b in doc_spans if a == b]
    grains += [granularity(d.meta.published or "") or "year" for d in docs if interval(d.meta.published)]
    ends: list[int] = [x.toordinal() for s in doc_spans for x in s]
    if points:
        center = statistics.median(points + doc_days)
        mad = statistics.median(abs(p - center) for p in points + doc_days)
        half = max(SPREAD * mad, MIN_HALF_DAYS)
        ends += [p for p in points if abs(p - center) <= half]
    if not ends:
        return None
    first, last = date.fromordinal(min(ends)), date.fromordinal(max(ends))
    return StoryWindow(start=first.isoformat(), end=last.isoformat(), granularity=_finest(grains))


def mark_background(events: list[TimelineEvent], window: StoryWindow | None) -> None:
    """Flag the events whose dates fall wholly outside ``window``."""
    if window is None:
        return
    start, end = date.fromisoformat(window.start), date.fromisoformat(window.end)
    for e in events:
        span = interval(e.date)
        e.background = span is not None and (span[1] < start or span[0] > end)


@resolvers.register("timeline", order=30)
def timeline(story: Story, docs: list[Document]) -> None:
    story.timeline = build(docs)
    story.timeline_window = story_window(docs, story.timeline)
    mark_background(story.timeline, story.timeline_window)

"""Who said what: attributions with source, cue, content, kind, speaker, channel and chains.

A logistic-regression cue classifier (trained by ``train/attributions.py`` on PolNeAR,
shipped in ``newsprism/data/attributions``) picks the tokens that head a cue; rules
on the dependency parse take the source, cue and content spans (``rules.py``); learned
boundary models then move the cue span's start and end (``boundary.py``; not in the "fast"
mode, ``NEWSPRISM_ATTRIBUTIONS=fast``); the opt-in ``tagger`` mode re-draws contents and sources
with a contextual span tagger over MiniLM states (``tagger.py``); ``enrich.py`` adds kind, source type, channel,
hedges and polarity; speakers are resolved across the document ("she added" -> the last
named speaker).
"""

from __future__ import annotations

from collections import defaultdict
from operator import attrgetter
from typing import TYPE_CHECKING

from newsprism.extract.attribution import enrich
from newsprism.extract.attribution.learned import Found, default_model
from newsprism.extract.base import Parsed
from newsprism.model import Attribution, ChainLink, Span
from newsprism.registry import extractors

if TYPE_CHECKING:
    from spacy.tokens import Token

_INDEX = attrgetter("i")
CONT_CUES = {"add", "continue", "go", "note", "say", "explain", "write", "tell", "stress", "conclude"}


def _span(parsed: Parsed, toks: list[Token]) -> Span | None:
    if not toks:
        return None
    first, last = min(toks, key=_INDEX), max(toks, key=_INDEX)  # tokens never overlap: order by index
    return parsed.span(first.idx, last.idx + len(last))


def _parts(parsed: Parsed, toks: list[Token]) -> list[Span]:
    out: list[Span] = []
    run: list[Token] = []
    for t in sorted(toks, key=lambda t: t.i):
        if run and t.i != run[-1].i + 1:
            out.append(_span(parsed, run))  # type: ignore[arg-type]
            run = []
        run.append(t)
    if run:
        out.append(_span(parsed, run))  # type: ignore[arg-type]
    return out


class _Speakers:
    """Named speakers and persons seen so far, to resolve "she", "the diplomat", "Filippenko"."""

    def __init__(self) -> None:
        self.named: list[tuple[str, Span | None, str]] = []  # (full name, span, NP text)
        self.by_last: dict[str, list[int]] = defaultdict(list)  # last word -> its names' places in ``named``

    def add(self, name: str, span: Span | None, np_text: str) -> None:
        if name.split():
            self.by_last[name.split()[-1]].append(len(self.named))
        self.named.append((name, span, np_text))

    def fuller(self, name: str) -> tuple[str, Span | None] | None:
        """An earlier, longer name this one shortens ("Filippenko" -> "Alexandra Filippenko")."""
        words = name.split()
        for full, span, _np in (self.named[k] for k in reversed(self.by_last.get(words[-1], []) if words else [])):
            if len(full.split()) > len(words) and full.split()[-len(words) :] == words:
                return full, span
        return None

    def resolve(self, root: Token, src_text: str) -> tuple[str, Span | None] | None:
        low = root.lower_
        if low in ("who", "that") and root.head.dep_ == "relcl":
            ante = root.head.head
            if ante.ent_type_ == "PERSON":
                start = ante.i
                while start > 0 and ante.doc[start - 1].ent_iob_ == "I":
                    start -= 1
                name = " ".join(ante.doc[start : ante.i + 1].text.split())
                return self.fuller(name) or (name, None)
            return None
        if low in ("he", "she", "him", "her"):
            return (self.named[-1][0], self.named[-1][1]) if self.named else None
        if root.pos_ == "PROPN":
            for name, span, _np in self.named:
                if root.text in name.split() and name != root.text:
                    return name, span
            return None
        if root.pos_ == "NOUN" and any(c.lower_ == "the" for c in root.children):
            for name, span, np_text in reversed(self.named):
                if root.lemma_.lower() in np_text.lower():
                    return name, span
        return None


def _antecedent(root: Token) -> list[Token]:
    """The phrase a relative-pronoun source stands for: "people who discussed it" -> "people",
    "the Russian diplomat, who also expects" -> "the Russian diplomat"; empty if ``root`` is no such
    pronoun."""
    if root.lower_ not in ("who", "that", "which") or root.head.dep_ != "relcl":
        return []
    clause = root.head
    toks = [t for t in clause.head.subtree if t.i < clause.left_edge.i]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    return toks


def _person_name(toks: list[Token]) -> Token | None:
    for t in toks:
        if t.ent_type_ == "PERSON" and t.ent_iob_ == "B":
            return t
    return None


def _name_span(tok: Token) -> tuple[int, int]:
    doc = tok.doc
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[tok.i].idx, doc[end - 1].idx + len(doc[end - 1])


def build(parsed: Parsed, found: list[Found]) -> list[Attribution]:
    """Attributions of one document from the classifier's finds, in text order."""
    record = parsed.record
    speakers = _Speakers()
    out: list[Attribution] = []
    prev: Attribution | None = None
    for n, f in enumerate(sorted(found, key=lambda f: f.head.i)):
        content = _span(parsed, f.content)
        source = _span(parsed, f.source)
        cue = _span(parsed, f.cue)
        root = enrich.source_root(f.source)
        stype = enrich.source_type(f.source, root)
        att = Attribution(
            id=f"{record.id}:a{n}",
            doc_id=record.id,
            sentence=parsed.sentence_of(f.head.idx),
            source=source,
            cue=cue,
            content=content,
            content_parts=_parts(parsed, f.content) if f.content else [],
            kind=enrich.kind_of(f.head, content.text if content else ""),  # type: ignore[arg-type]
            source_type=stype,  # type: ignore[arg-type]
            confidence=round(f.prob, 3),
        )
        if stype.startswith("anonymous") and source is not None:
            att.source_descriptor = source.text
        name_tok = _person_name(f.source)
        if name_tok is not None:
            a, b = _name_span(name_tok)
            att.speaker_span = parsed.span(a, b)
            att.speaker = " ".join(att.speaker_span.text.split())
            fuller = speakers.fuller(att.speaker)
            if fuller is not None:
                att.speaker, att.speaker_span = fuller
            speakers.add(att.speaker, att.speaker_span, source.text if source else att.speaker)
        elif root is not None and (ante := _antecedent(root)) and root.head.head.ent_type_ != "PERSON":
            att.speaker_span = _span(parsed, ante)  # "who" is who the clause hangs on: not a person's name
            att.speaker = " ".join(att.speaker_span.text.split()) if att.speaker_span else None
            att.source_type = enrich.source_type(ante)  # type: ignore[assignment]
            if att.source_type.startswith("anonymous"):
                att.source_descriptor = att.speaker
        elif root is not None:
            hit = speakers.resolve(root, source.text if source else "")
            if hit is not None:
                att.speaker, att.speaker_span = hit
                if stype == "unknown" or root.pos_ == "PRON" or root.pos_ == "PROPN":
                    att.source_type = "named_person"
            elif source is not None:
                att.speaker = source.text
        ch = enrich.channel_of(f.head)
        if ch is not None:
            toks = list(ch.subtree)
            att.channel_span = _span(parsed, toks)
            att.channel = " ".join(att.channel_span.text.split()) if att.channel_span else None
        elif (
            prev is not None
            and prev.channel
            and att.speaker
            and att.speaker == prev.speaker
            and f.head.lemma_.lower() in CONT_CUES
            and att.sentence - prev.sentence <= 4
        ):
            att.channel, att.channel_span = prev.channel, prev.channel_span
        lemma = f.head.lemma_.lower()
        if lemma in enrich.NEGATORS or any(c.dep_ == "neg" for c in f.head.children):
            att.polarity = "negative"
        att.hedging = sorted(
            {t.lower_ for t in f.cue if t.lemma_.lower() in enrich.HEDGES}
            | {c.lower_ for c in f.head.children if c.dep_ == "advmod" and c.lemma_.lower() in enrich.HEDGES}
        )
        out.append(att)
        prev = att
    _link_chains(out)
    return out


def _inside(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and b.start <= a.start and a.end <= b.end


def _link_chains(atts: list[Attribution]) -> None:
    """ "X reported that ..., according to Y" / "citing Y": keep Y as an upstream link of X."""
    for inner in atts:
        if inner.kind != "according_to" and not (inner.cue and inner.cue.text.lower().startswith("cit")):
            continue
        for outer in atts:
            if outer is inner or outer.sentence != inner.sentence or outer.kind == "according_to":
                continue
            if _inside(inner.cue, outer.content) or (
                inner.content is not None and outer.content is not None and _inside(outer.cue, inner.content)
            ):
                outer.chain.append(
                    ChainLink(
                        source=inner.source.text if inner.source else "unknown",
                        source_type=inner.source_type,
                        span=inner.source,
                        cue=inner.cue.text if inner.cue else None,
                    )
                )


@extractors.register("attributions", order=30)
def extract_attributions(parsed: Parsed) -> None:
    """Fill ``parsed.record.attributions``."""
    parsed.record.attributions = build(parsed, default_model().find(parsed.doc))

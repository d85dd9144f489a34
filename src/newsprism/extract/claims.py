"""Claim units: what each document asserts, and what it reports others asserting.

A claim is either the content of an attribution ("Russia's government denied that this
call ... took place": content, source, negative polarity) or one of the outlet's own
declarative sentences (events, figures, decisions). Attributions come from the attribution
extractor when it ran; otherwise a small dependency-parse fallback finds reporting verbs
with a clausal complement and "according to" phrases, so claims never depend on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import takewhile
from typing import TYPE_CHECKING

from newsprism.extract.base import Parsed
from newsprism.extract.timex.anchor import choose
from newsprism.language.sources import ANON_HEADS, MEDIA_WORDS, source_label, source_type  # noqa: F401
from newsprism.model import Attribution, Claim, Span, TimeExpression
from newsprism.registry import extractors

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# reporting verbs whose clausal complement is a claim backed by the verb's subject
REPORT_CUES = frozenset(
    "say tell report claim deny announce confirm add note write state assert insist argue "
    "reject dismiss warn acknowledge stress explain allege maintain contend suggest believe "
    "reveal disclose admit indicate testify declare emphasize emphasise reiterate predict "
    "dispute refute rebut question doubt contradict".split()
)
DENY_CUES = frozenset("deny reject dismiss refute rebut contradict".split())
DISPUTE_CUES = frozenset("dispute question doubt".split())
HEDGE_WORDS = (
    "reportedly", "allegedly", "purportedly", "apparently", "seemingly", "supposedly",
    "possibly", "likely", "unconfirmed", "rumoured", "rumored",
)
HEDGE_PHRASES = (
    "was claimed to", "were claimed to", "is claimed to", "is expected to", "are expected to",
    "was expected to", "is said to", "are said to", "was said to", "is believed to",
    "are believed to", "was reported to", "is reported to", "is thought to", "appears to",
    "seems to", "is likely to", "are likely to",
)
MODALS = {
    "may": "possible", "might": "possible", "could": "possible", "can": "possible",
    "would": "conditional", "should": "obligation", "must": "obligation", "will": "future",
    "shall": "future",
}
PRONOUNS = frozenset("he she they i we it".split())


@dataclass
class Found:
    """One attribution found by the fallback (spaCy spans of the cleaned text)."""

    sentence: SpacySpan
    content: SpacySpan
    source: SpacySpan | None
    cue: Token | None
    upstream: list[tuple[str, str]] = field(default_factory=list)


def _subtree_span(tok: Token) -> SpacySpan:
    sub = list(tok.subtree)
    return tok.doc[sub[0].i : sub[-1].i + 1]


def _trim(span: SpacySpan) -> SpacySpan:
    """Drop leading/trailing punctuation, quotes and conjunctions."""
    s, e = span.start, span.end
    while s < e and (span.doc[s].is_punct or span.doc[s].is_quote or span.doc[s].lower_ in {"that", "and", "but"}):
        s += 1
    while e > s and (span.doc[e - 1].is_punct or span.doc[e - 1].is_quote):
        e -= 1
    return span.doc[s:e] if e > s else span


def _upstreams(tok: Token, sent: SpacySpan) -> list[tuple[str, str]]:
    """'according to X' / 'citing X' under ``tok``: upstream sources (label, text)."""
    ups: list[tuple[str, str]] = []
    for t in tok.subtree:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            objs = [c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                np_ = _np(objs[0])
                ups.append((source_label(np_.text), np_.text))
        elif t.lower_ == "citing":
            objs = [c for c in t.children if c.dep_ in ("dobj", "pobj")]
            if objs:
                np_ = _np(objs[0])
                ups.append((source_label(np_.text), np_.text))
    return ups


def _np(tok: Token) -> SpacySpan:
    """The noun phrase of ``tok`` cut before a relative clause's end (whole subtree)."""
    return _trim(_subtree_span(tok))


def _find(sent: SpacySpan) -> list[Found]:
    """Fallback attribution finder: reporting verb + clausal complement, or 'according to'."""
    out: list[Found] = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in REPORT_CUES:
            continue
        if tok.dep_ == "relcl":
            continue
        comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.i != tok.i]
        if not comps:
            # "..., X said." with the quote as the root's parataxis / the cue as a clause root
            if tok.dep_ in ("parataxis",) and tok.head.sent == sent:
                comps = [tok.head]
            else:
                continue
        kids = list(tok.children)
        if any(c.dep_ == "nsubjpass" for c in kids) and not any(c.dep_ == "agent" for c in kids):
            continue  # "Trump was claimed to urge ...": a hedge on the outlet's own assertion
        subj = _subject(tok)
        content = _trim(_subtree_span(comps[0]))
        if comps[0].i > tok.i or tok.dep_ == "parataxis":
            pass
        # content must not contain the cue itself
        if content.start <= tok.i < content.end:
            content = _trim(sent.doc[max(content.start, tok.i + 1) : content.end])
        if len(content) < 3:
            continue
        src = _np(subj) if subj is not None else None
        out.append(Found(sent, content, src, tok, _upstreams(tok, sent)))
    if not out:
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                objs = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
                if not objs:
                    continue
                phrase = _subtree_span(tok)
                src = _np(objs[0])
                if phrase.start - sent.start > sent.end - phrase.end:
                    content = _trim(sent.doc[sent.start : phrase.start])
                else:
                    content = _trim(sent.doc[phrase.end : sent.end])
                if len(content) >= 3:
                    out.append(Found(sent, content, src, tok))
                break
    return out


def _subject(tok: Token) -> Token | None:
    """The subject of a cue, inherited from a coordinated or governing verb when it has none."""
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if tok.dep_ in ("ROOT",) or tok.head is tok:
            return None
        tok = tok.head
    return None


def relative_reporters(sent: SpacySpan) -> dict[int, tuple[str, str]]:
    """'this call, which the Washington Post initially reported': head token -> (label, source)."""
    found: dict[int, tuple[str, str]] = {}
    for tok in sent:
        if tok.dep_ == "relcl" and tok.lemma_.lower() in REPORT_CUES:
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                np_ = _np(subj[0])
                found[tok.head.i] = (source_label(np_.text), np_.text)
    return found


def hedges(text: str) -> list[str]:
    low = " " + " ".join(text.lower().replace("’", "'").split()) + " "
    out = [w for w in HEDGE_WORDS if f" {w} " in low or f" {w}," in low]
    out += [p for p in HEDGE_PHRASES if f" {p} " in low]
    return out


def _main_verb(span: SpacySpan) -> Token:
    root = span.root
    if root.pos_ not in ("VERB", "AUX"):
        for t in span:
            if t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp", "relcl", "advcl", "conj"):
                return t
    return root


def _short(span: SpacySpan, limit: int = 12) -> str:
    toks = [t.text for t in span][:limit]
    return " ".join(toks) + (" …" if len(span) > limit else "")


_ASKING = frozenset("what who whom whose which why how when where".split())


def _proposition(span: SpacySpan | None, lemma: str) -> bool:
    """Whether a denied or disputed content states something that can be true or false: a clause
    ("denied that the call took place"), or a noun with a that-clause ("disputed the claim that ...").
    A plain noun phrase is a thing refused, not a statement denied ("rejected a request to unseal
    the file", "questioned Cruz's eligibility"), and a question word after "question" asks ("questioned
    what kind of person gets up at 3 a.m."); "questioned whether" doubts."""
    if span is None or not len(span):
        return False
    root = span.root
    if root.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        # the noun's that-clause, wherever the parser hung it: under the noun, or beside it in
        # the span ("denied claims by the government that it had agreed ...": the clause hung on
        # the cue verb)
        return any(c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                   for c in span if c.head == root or not (span.start <= c.head.i < span.end))
    first = next((t for t in span if not t.is_punct), span[0])
    return not (lemma in DISPUTE_CUES and first.lower_ in _ASKING)


def spo(span: SpacySpan) -> tuple[str | None, str | None, str | None, bool, str | None]:
    """Subject, predicate, object, negated and modality of the clause of ``span``."""
    verb = _main_verb(span)
    kids = list(verb.children)
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    obj = next((c for c in kids if c.dep_ in ("dobj", "attr", "oprd", "acomp")), None)
    pred = verb.lemma_
    xcomp = next((c for c in kids if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if xcomp is not None:
        pred = f"{verb.lemma_} {xcomp.lemma_}"
        x_obj = next((c for c in xcomp.children if c.dep_ in ("dobj", "attr")), None)
        obj = x_obj or obj
    if obj is None:
        prep = next((c for c in kids if c.dep_ == "prep"), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if prep is not None and pobj is not None:
            pred = f"{pred} {prep.lower_}"
            obj = pobj
    negated = any(c.dep_ == "neg" for c in kids)
    modal = next((MODALS[c.lower_] for c in kids if c.dep_ == "aux" and c.lower_ in MODALS), None)
    return (
        _short(_subtree_span(subj)) if subj is not None else None,
        ("not " if negated else "") + pred,
        _short(_subtree_span(obj)) if obj is not None else None,
        negated,
        modal,
    )


MIN_CONTENT = 2
PERSONAL = frozenset("he she they him her them".split())


SUBORDINATE = {"when", "whenever", "where", "wherever", "why", "how", "whether", "if"}


def is_fragment(span: SpacySpan, named_before: bool = False) -> bool:
    """Not a claim to rank: no verb, too few content words, a clause that only sets the time,
    place or condition of another or asks ("when he ran in 2008", "whether the video should be
    released"), a question, or a bare pronoun subject with no name before it to resolve to
    ("This is really spectacular", "that he was in a bind").

    ``named_before``: a name precedes the span in its sentence or the two before, so a
    personal pronoun ("he has not detailed how") can be resolved.
    """
    content = [t for t in span if (t.is_alpha or t.like_num) and not t.is_stop
               and t.pos_ not in ("PRON", "DET", "PART", "INTJ")]
    if len(content) < MIN_CONTENT or not any(t.pos_ in ("VERB", "AUX") for t in span):
        return True
    verb = _main_verb(span)
    first = next((t for t in span if not (t.is_punct or t.is_quote or t.is_space)), None)
    if first is not None and first.lower_ in SUBORDINATE and first.head.i == verb.i:
        return True  # "when he ran for the White House", "whether the video should be released"
    doc = span.doc
    if span[-1].text == "?" or (span.end < len(doc) and doc[span.end].text == "?"):
        return True  # a question ("So why didn't Donald Trump pay his?") asserts nothing
    if verb.lemma_ == "do" and verb.pos_ == "VERB" and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd", "acomp") for c in verb.children):
        return True  # an elliptical "as he did with Romney in 2012": what was done is elsewhere
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ != "PRON" or len(list(subj.subtree)) > 1:
        return False
    resolvable = subj.lower_ in PERSONAL and named_before
    return not resolvable and len(content) < MIN_CONTENT + 2


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def clauses(span: SpacySpan) -> list[SpacySpan]:
    """The independent clauses of a sentence, each a claim of its own: coordinated clauses and
    adverbial clauses with their own subject ("Trump pledged to end the war, though he has
    not detailed how")."""
    heads = [span.root]
    for t in span:
        if t.i != span.root.i and t.dep_ in ("conj", "advcl") and t.pos_ in ("VERB", "AUX") and _has_subject(t):
            heads.append(t)
    if len(heads) == 1:
        return [span]
    out = []
    for h in heads:
        inner = {x.i for o in heads if o.i != h.i and o.i in {y.i for y in h.subtree} for x in o.subtree}
        own = sorted(x.i for x in h.subtree if x.i not in inner and span.start <= x.i < span.end)
        runs: list[list[int]] = []
        for i in own:
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        run = max(runs, key=len)
        lo, hi = run[0], run[-1] + 1
        while lo < hi and (span.doc[lo].dep_ in ("cc", "mark") or span.doc[lo].is_punct
                           or (span.doc[lo].dep_ == "advmod" and lo + 1 < hi and span.doc[lo + 1].dep_ == "mark")):
            lo += 1
        if hi > lo:
            out.append(_trim(span.doc[lo:hi]))
    return sorted(out, key=lambda x: x.start)


def is_assertion(sent: SpacySpan) -> bool:
    """A declarative sentence with a finite verb, or a headline built on a participle or
    infinitive ("Charger arrested on suspicion of DUI", "DeGeneres to host Oscars");
    not a question or a verbless heading."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < 4 or sent.text.rstrip().endswith("?"):
        return False
    finite = any(t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBP", "VBZ", "MD") for t in sent)
    headline = any(t.pos_ == "VERB" and t.tag_ in ("VBN", "VB", "VBG") and (t.dep_ == "ROOT" or t.head.dep_ == "ROOT")
                   for t in sent)
    return finite or headline


@dataclass
class _BySentence:
    """The record's attributions, time expressions and first named mention per sentence, indexed
    once per document: a scan of the record per sentence grows with the square of a long text."""

    attributions: dict[int, list[Attribution]] = field(default_factory=dict)
    timexes: dict[int, list[TimeExpression]] = field(default_factory=dict)
    first_name: dict[int, int] = field(default_factory=dict)  # original start of the sentence's first name


def _by_sentence(parsed: Parsed) -> _BySentence:
    found = parsed.memo.get("claims.by_sentence")
    if isinstance(found, _BySentence):
        return found
    rec, out = parsed.record, _BySentence()
    for a in rec.attributions:
        if a.content is not None:
            out.attributions.setdefault(a.sentence, []).append(a)
    for t in rec.timexes:
        out.timexes.setdefault(t.sentence, []).append(t)
    for m in rec.entities:
        if m.kind == "name":
            out.first_name[m.sentence] = min(m.start, out.first_name.get(m.sentence, m.start))
    parsed.memo["claims.by_sentence"] = out
    return out


def _outlet_attr(parsed: Parsed, sent_idx: int) -> list[Attribution]:
    return _by_sentence(parsed).attributions.get(sent_idx, [])


def _clean_range(parsed: Parsed, span: Span) -> tuple[int, int] | None:
    """Clean-text char range of the tokens inside an original-text span."""
    lo, hi = parsed.tokens_in(span)
    if hi <= lo:
        return None
    last = parsed.doc[hi - 1]
    return parsed.doc[lo].idx, last.idx + len(last)


def select(cands: list[tuple[Claim, Span | None]]) -> list[Claim]:
    """Drop frames (a content holding another report with its cue) and overlapping duplicates."""

    def inside(x: Span, y: Span) -> bool:
        return y.start <= x.start and x.end <= y.end

    keep: list[tuple[Claim, Span | None]] = []
    for c, cue in cands:
        frame = any(
            d is not c and inside(d.span, c.span) and (d.span.end - d.span.start) < (c.span.end - c.span.start)
            and dc is not None and inside(dc, c.span)
            for d, dc in cands
        )
        if frame:
            continue
        dup = False
        for k, _ in keep:
            ov = min(k.span.end, c.span.end) - max(k.span.start, c.span.start)
            if ov > 0.5 * min(k.span.end - k.span.start, c.span.end - c.span.start):
                dup = True
                if c.upstream and not k.upstream:
                    k.upstream = c.upstream
                break
        if not dup:
            keep.append((c, cue))
    return [c for c, _ in keep]


def _frames(a: Attribution, b: Attribution) -> bool:
    """``a``'s content holds all of attribution ``b`` (so ``a`` is only the frame around it)."""
    if b is a or b.cue is None or b.content is None or a.content is None or len(b.content.text.split()) < 3:
        return False
    inside = a.content.start <= b.content.start and b.content.end <= a.content.end
    return inside and a.content.start <= b.cue.start < a.content.end


def _cue_lemma(parsed: Parsed, a: Attribution) -> str:
    """The lemma of an attribution's cue verb ("has repeatedly promised" -> "promise")."""
    if a.cue is None:
        return ""
    rng = _clean_range(parsed, a.cue)
    sp = parsed.doc.char_span(*rng, alignment_mode="expand") if rng else None
    if sp is None or not len(sp):
        return a.cue.text.lower().split()[-1] if a.cue.text.split() else ""
    verbs = [t for t in sp if t.pos_ == "VERB"] or [sp.root]
    return verbs[-1].lemma_.lower()


def _fragment_at(parsed: Parsed, span: Span) -> bool:
    rng = _clean_range(parsed, span)
    sp = parsed.doc.char_span(*rng, alignment_mode="expand") if rng else None
    return sp is None or not len(sp) or is_fragment(sp, _named_before(parsed, sp))


def _split(parsed: Parsed, c: Claim) -> list[Claim]:
    """An attributed content of several independent clauses: one claim per clause."""
    rng = _clean_range(parsed, c.span)
    sp = parsed.doc.char_span(*rng, alignment_mode="expand") if rng else None
    parts = clauses(sp) if sp is not None and len(sp) else []
    if len(parts) < 2:
        return [c]
    out = []
    for part in parts:
        if is_fragment(part, _named_before(parsed, part)):
            continue
        subj, pred, obj, negated, modal = spo(part)
        span = parsed.tok_span(part)
        out.append(c.model_copy(update={
            "span": span, "text": span.text, "subject": subj, "predicate": pred, "object": obj, "modality": modal,
            "polarity": "negative" if c.denial != negated else "positive", "upstream": list(c.upstream)}))
    return out or [c]


def _named_before(parsed: Parsed, span: SpacySpan) -> bool:
    """A named mention in the span's sentence (before it) or the two sentences before."""
    at = parsed.tok_span(span[:1]).start
    idx = parsed.sentence_of(span.start_char)
    first = _by_sentence(parsed).first_name
    return any(first.get(i, at) < at for i in range(idx - 2, idx + 1))


def _from_attribution(parsed: Parsed, a: Attribution, n: int, sent_idx: int, lemma: str) -> Claim | None:
    assert a.content is not None
    rng = _clean_range(parsed, a.content)
    ups = [f"{source_label(link.source)}" for link in a.chain]
    sp = parsed.doc.char_span(*rng, alignment_mode="expand") if rng else None
    subj = pred = obj = modal = None
    negated = False
    if sp is not None and len(sp):
        subj, pred, obj, negated, modal = spo(sp)
    stated = _proposition(sp, lemma)
    deny = (a.polarity == "negative" or lemma in DENY_CUES) and stated
    source = a.speaker or (a.source.text if a.source else None)
    return Claim(
        id=f"{parsed.record.id}:c{n}", doc_id=parsed.record.id, sentence=sent_idx, span=a.content,
        text=a.content.text, kind="attributed", attribution_id=a.id, subject=subj, predicate=pred, object=obj,
        polarity="negative" if deny != negated else "positive", modality=modal,
        hedging=sorted(set(a.hedging) | set(hedges(parsed.record.sentences[sent_idx].text if parsed.record.sentences else a.content.text))),
        source=source, source_type=_stype(a.source_type, source), source_span=a.speaker_span or a.source,
        cue=a.cue.text if a.cue else None,
        denial=deny, disputed=lemma in DISPUTE_CUES and stated, upstream=ups,
    )


def _stype(declared: str, source: str | None) -> str:
    if source and source_type(source) == "media":
        return "media"
    if declared.startswith("anonymous"):
        return "anonymous"
    return source_type(source) if source else "unknown"


_CUT_END = re.compile(r"(?:[\s,;:\u2014\u2013\u2015-]+|(?<=[\s,;])(?:and|but|or|nor)\b)+$", re.I)
_CUT_START = re.compile(r"^[\u2019']s\s+")


def tidy(span: Span) -> Span:
    """A claim's span without what a clause boundary leaves at its edges: a trailing "and" /
    "but" / comma / dash ("Security has become a central focus, but"), whitespace, and the
    "'s" of a "That's" whose "That" fell outside ("'s why Trump is on his way")."""
    text = span.text
    end = _CUT_END.search(text)
    cut = end.start() if end else len(text)
    lead = _CUT_START.match(text)
    start = lead.end() if lead and lead.end() < cut else 0
    if cut <= start or (start == 0 and cut == len(text)):
        return span
    return Span(doc_id=span.doc_id, start=span.start + start, end=span.start + cut, text=text[start:cut])


def _time(parsed: Parsed, claim: Claim, times: list[TimeExpression]) -> tuple[str | None, str | None]:
    """The value and id of the time expression of the sentence nearest the claim's predicate."""
    if not times:
        return None, None
    lo, hi = parsed.tokens_in(claim.span)
    event = (claim.span.start, claim.span.end)
    if lo < hi:
        root = parsed.tok_span(parsed.doc[lo:hi].root)  # the predicate, in the record's offsets
        event = (root.start, root.end)
    k = choose(event, [(t.span.start, t.span.end) for t in times])
    t = times[k or 0]
    return t.resolved or t.value, t.id


def _since(claims: list[Claim], sentence: int) -> Iterator[Claim]:
    """The claims from sentence ``sentence`` on, latest first (``claims`` are in sentence order)."""
    return takewhile(lambda p: p.sentence >= sentence, reversed(claims))


@extractors.register("claims", order=40)
def extract_claims(parsed: Parsed) -> None:
    """Fill ``record.claims`` (attributed contents and the outlet's own assertions)."""
    rec = parsed.record
    claims: list[Claim] = []
    have_attr = bool(rec.attributions)
    for sent in parsed.doc.sents:
        if not sent.text.strip():
            continue
        idx = parsed.sentence_of(sent.start_char)
        times = _by_sentence(parsed).timexes.get(idx, [])
        relrep = relative_reporters(sent)
        made: list[Claim] = []
        cands: list[tuple[Claim, Span | None]] = []
        reported = False  # a report whose content is a fragment: the sentence is not the outlet's assertion
        if have_attr:
            for a in _outlet_attr(parsed, idx):
                lemma = _cue_lemma(parsed, a)
                if a.kind != "according_to" and lemma not in REPORT_CUES:
                    continue  # "pledged to end the war": an event the outlet asserts, not a report
                if a.cue and a.cue.text.lower().split()[0] in ("was", "were", "is", "are", "been"):
                    continue  # "Trump was claimed to ...": a hedge, not a source
                c = _from_attribution(parsed, a, 0, idx, lemma)
                reported = True
                if c is not None and not _fragment_at(parsed, c.span):
                    cands.append((c, a.cue))
        for f in _find(sent):  # the parse fallback fills what the attribution stage left out
            reported = True
            if not is_fragment(f.content, _named_before(parsed, f.content)):
                cands.append((_from_found(parsed, f, 0, idx), parsed.tok_span(f.cue) if f.cue is not None else None))
        made = [part for c in select(cands) for part in _split(parsed, c)]
        for c in made:
            for head, (label, _src) in relrep.items():
                hs = parsed.tok_span(parsed.doc[head])
                if c.span.start <= hs.start < c.span.end and label not in c.upstream:
                    c.upstream.append(label)
        if not made and not reported and is_assertion(sent):
            for span in clauses(_trim(sent)):
                if is_fragment(span, _named_before(parsed, span)):
                    continue
                subj, pred, obj, negated, modal = spo(span)
                made.append(Claim(
                    id=f"{rec.id}:c{len(claims)}", doc_id=rec.id, sentence=idx, span=parsed.tok_span(span),
                    text=parsed.tok_span(span).text, kind="assertion", subject=subj, predicate=pred, object=obj,
                    polarity="negative" if negated else "positive", modality=modal, hedging=hedges(sent.text),
                    source=rec.meta.outlet, source_type="outlet",
                    upstream=[label for label, _ in relrep.values()] + [lab for lab, _ in _upstreams(sent.root, sent)],
                ))
        for c in made:
            c.time, c.time_id = _time(parsed, c, times)
            if c.kind == "attributed" and c.source and c.source.lower() in PRONOUNS:
                prev = next((p for p in _since(claims, c.sentence - 2) if p.kind == "attributed" and p.source
                             and p.source.lower() not in PRONOUNS and p.source_type == "named"), None)
                if prev is not None:
                    c.source = prev.source
        claims.extend(made)
    for n, c in enumerate(claims):
        c.id = f"{rec.id}:c{n}"
        c.span = tidy(c.span)
        c.text = c.span.text
    rec.claims = claims


def _from_found(parsed: Parsed, f: Found, n: int, idx: int) -> Claim:
    span = parsed.tok_span(f.content)
    subj, pred, obj, negated, modal = spo(f.content)
    lemma = f.cue.lemma_.lower() if f.cue is not None else "according"
    stated = _proposition(f.content, lemma)
    deny = lemma in DENY_CUES and stated
    src_text = " ".join(f.source.text.split()) if f.source is not None else None
    return Claim(
        id=f"{parsed.record.id}:c{n}", doc_id=parsed.record.id, sentence=idx, span=span, text=span.text,
        kind="attributed", subject=subj, predicate=pred, object=obj,
        polarity="negative" if deny != negated else "positive", modality=modal, hedging=hedges(f.sentence.text),
        source=src_text, source_type=source_type(src_text) if src_text else "unknown",
        source_span=parsed.tok_span(f.source) if f.source is not None else None,
        cue=f.cue.text if f.cue is not None else "according to", denial=deny,
        disputed=lemma in DISPUTE_CUES and stated, upstream=[label for label, _ in f.upstream],
    )

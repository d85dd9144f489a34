"""The event a time expression dates, as a key two reports can share.

"Monday's debate", "the Sept. 26 debate" and "the debate on Monday" all date the noun
the expression hangs on in the parse ("debate"). The key is that noun's lemma, its own
modifiers ("congressional primary") and the names around it (its phrase's entities and
its verb's subject). A verb ("said on Tuesday") makes no key: the same verb of the same
person is told of many days (on PolNeAR train such ties were wrong four times in five).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# words that put the dated event after ("ahead of Tuesday's primary") or before ("since Monday's
# debate") what the sentence tells, whatever its verb's tense
AHEAD = {"before", "ahead", "until", "till", "prior", "pending", "await", "preview"}
BEHIND = {"after", "since", "following", "aftermath", "wake"}
# the parse relations through which a time expression dates the word above it
UP = {"poss", "compound", "nmod", "amod", "npadvmod", "nummod", "appos", "obl", "tmod", "advmod"}
NAMES = {"PERSON", "ORG", "GPE", "NORP", "EVENT", "FAC", "LOC", "LAW", "WORK_OF_ART"}


@dataclass(frozen=True)
class Key:
    """The dated noun's lemma, its modifiers, the names around it, and which side of the sentence's
    situation a preposition puts it on ("future": ahead of it, "past": behind it, None: untold)."""

    head: str
    names: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    side: str | None = None


def event_key(doc: Doc | None, start: int, end: int) -> Key | None:
    """The key of the event the time expression at clean-text ``[start, end)`` dates, if the parse says."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    inside = range(span.start, span.end)
    head = _dated(span.root, inside)
    if head is None or head.pos_ != "NOUN":
        return None
    kinds = frozenset(c.lemma_.lower() for c in head.children
                      if c.dep_ in ("amod", "compound") and not c.ent_type_ and c.i not in inside)  # fmt: skip
    return Key(head.lemma_.lower(), _names(doc, head, inside), kinds, _side(span.root, head))


def _dated(tok: Token, inside: range) -> Token | None:
    """The word the time expression rooted at ``tok`` hangs on: through a preposition, a possessive
    or a modifier."""
    cur = tok
    for _ in range(4):
        up = cur.head
        if up.i == cur.i:
            return None
        if up.i in inside or cur.dep_ in ("appos", "conj"):
            cur = up
            continue
        if up.pos_ == "ADP":
            return up.head if up.head.i != up.i else None
        if cur.dep_ in UP:
            return up
        cur = up
    return None


def _names(doc: Doc, head: Token, inside: range) -> frozenset[str]:
    """Names in the noun's phrase and its verb's subject, the time expression left out."""
    verb = head.head.head if head.head.pos_ == "ADP" else head.head
    toks = {t.i for t in head.subtree}
    toks |= {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    out = set()
    for i in toks:  # the entities starting in the phrase (not a scan of the whole document's)
        if doc[i].ent_iob_ == "B" and doc[i].ent_type_ in NAMES and i not in inside:
            end = i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            out.add(_name(doc[i:end].text, doc[i].ent_type_))
    return frozenset(out)


def _name(text: str, label: str) -> str:
    """A name as reports write it variously: a person by the surname, else the words lowercased."""
    words = text.replace("’s", "").replace("'s", "").split()
    if label == "PERSON" and words:
        return words[-1].lower()
    return " ".join(w.lower() for w in words if w.lower() != "the")


def _side(tok: Token, head: Token) -> str | None:
    """Whether a preposition above the expression puts its event ahead of the sentence's situation
    or behind it ("before Monday's caucus": ahead)."""
    cur, above = tok, -1  # steps above the dated noun: its preposition, and "ahead" of "ahead of"
    while cur.head.i != cur.i and above < 2:
        cur = cur.head
        above += cur.i == head.i or above >= 0
        lemma = cur.lemma_.lower()
        if lemma in AHEAD:
            return "future"
        if lemma in BEHIND:
            return "past"
        if above >= 0 and cur.pos_ in ("VERB", "AUX"):
            break  # a clause's verb: what lies above it is another situation
    return None


def same_key(mention: Key | None, dated: Key | None) -> bool:
    """Whether a weekday's key and a dated day's are of one event: the same noun, none of the weekday's
    modifiers missing from the day's, and a shared name (a noun without names, "Monday's debate",
    is any debate: the pile decides)."""
    if mention is None or dated is None or mention.head != dated.head or not mention.kinds <= dated.kinds:
        return False
    return bool(mention.names & dated.names) or not mention.names

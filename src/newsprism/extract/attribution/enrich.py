"""What a journalist asks of an attribution: kind, source type, speaker, channel, hedges, polarity."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

SPEECH = {
    "say",
    "tell",
    "add",
    "write",
    "state",
    "ask",
    "note",
    "explain",
    "announce",
    "claim",
    "insist",
    "argue",
    "tweet",
    "post",
    "declare",
    "answer",
    "reply",
    "respond",
    "continue",
    "comment",
    "warn",
    "suggest",
    "acknowledge",
    "admit",
    "assert",
    "confirm",
    "deny",
    "report",
    "recall",
    "remark",
    "contend",
    "maintain",
    "predict",
    "promise",
    "repeat",
    "stress",
    "emphasize",
    "concede",
    "told",
    "testify",
    "urge",
    "call",
    "describe",
    "allege",
    "inform",
    "joke",
    "quip",
    "observe",
    "mention",
}
DOC_NOUNS = {
    "report",
    "study",
    "book",
    "poll",
    "survey",
    "statement",
    "document",
    "memo",
    "letter",
    "analysis",
    "data",
    "article",
    "paper",
    "filing",
    "complaint",
    "lawsuit",
    "ruling",
    "record",
    "records",
    "email",
    "emails",
    "release",
    "transcript",
    "video",
    "ad",
    "advertisement",
    "post",
    "tweet",
    "editorial",
    "research",
    "estimate",
    "estimates",
    "figures",
    "numbers",
    "investigation",
    "review",
    "audit",
    "order",
}
INSTITUTIONS = {
    "government",
    "ministry",
    "administration",
    "office",
    "department",
    "agency",
    "committee",
    "campaign",
    "party",
    "embassy",
    "army",
    "military",
    "police",
    "court",
    "parliament",
    "council",
    "cabinet",
    "team",
}
NEGATORS = {"deny", "reject", "dispute", "refute", "dismiss", "rebut", "contest", "disavow", "contradict"}
HEDGES = {
    "reportedly",
    "allegedly",
    "apparently",
    "purportedly",
    "supposedly",
    "seemingly",
    "may",
    "might",
    "could",
    "likely",
    "possibly",
    "perhaps",
    "claim",
    "believe",
    "suggest",
    "rumor",
    "rumour",
}
CHANNEL_NOUNS = {
    "interview",
    "statement",
    "post",
    "tweet",
    "video",
    "letter",
    "email",
    "conference",
    "briefing",
    "appearance",
    "speech",
    "op-ed",
    "article",
    "show",
    "program",
    "programme",
    "broadcast",
    "podcast",
    "address",
    "message",
    "thread",
    "column",
    "blog",
    "call",
    "release",
    "remarks",
    "session",
    "meeting",
    "hearing",
    "debate",
    "rally",
    "radio",
    "television",
    "tv",
    "channel",
    "newspaper",
    "magazine",
}
PLATFORMS = {"x", "twitter", "telegram", "facebook", "instagram", "youtube", "tiktok", "vkontakte", "truth"}
PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "them", "it"}
QUOTES = "\"“”‘’'«»"


def kind_of(head: Token, content_text: str) -> str:
    lemma = head.lemma_.lower()
    if lemma == "accord":
        return "according_to"
    stripped = content_text.strip().strip(",.;:!?—– ")
    n_q = sum(content_text.count(q) for q in '"“”«»')
    if (
        n_q
        and stripped[:1] in QUOTES
        and stripped[-1:] in QUOTES
        and n_q <= 2
        or (n_q and stripped[:1] in QUOTES and _quoted_share(content_text) > 0.8)
    ):
        return "direct"
    if n_q >= 2:
        return "mixed"
    if lemma in SPEECH or head.pos_ == "PUNCT":
        return "indirect"
    return "non_speech"


def _quoted_share(text: str) -> float:
    inside = 0
    on = False
    for ch in text:
        if ch in '"“”«»':
            on = ch != "”" and ch != "»" and (not on or ch not in '"')
            continue
        inside += on
    return inside / max(1, len(text))


def source_root(toks: list[Token]) -> Token | None:
    if not toks:
        return None
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


def source_type(toks: list[Token], root: Token | None = None) -> str:
    """The kind of source; ``root``: ``source_root(toks)`` if already at hand."""
    root = source_root(toks) if root is None else root
    if root is None:
        return "unknown"
    if root.lower_ in PRONOUNS:
        return "unknown"
    ents = {t.ent_type_ for t in toks if t.ent_type_}
    if root.ent_type_ == "PERSON" or (root.pos_ == "PROPN" and not root.ent_type_ and root.lower_ not in PLATFORMS):
        return "named_person"
    if root.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"):
        return "named_organization" if root.ent_type_ != "WORK_OF_ART" else "document"
    if root.lemma_.lower() in DOC_NOUNS:
        return "document"
    if root.lemma_.lower() in INSTITUTIONS and ents & {"ORG", "GPE", "NORP"}:
        return "named_organization"  # "Russia's government", "the government and the Foreign Ministry"
    if "PERSON" in ents and any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children):
        return "named_person"
    if root.pos_ in ("NOUN", "NUM", "ADJ") or root.lower_ in ("some", "others", "many", "several", "one"):
        has_det = any(c.dep_ in ("det", "nummod", "amod", "compound", "poss", "quantmod") for c in root.children)
        if (
            root.tag_ in ("NNS", "NNPS")
            or root.lower_ in ("people", "others", "some", "many", "several")
            or any(c.dep_ == "nummod" for c in root.children)
        ):
            return "anonymous_group"
        if has_det or root.tag_ == "NN":
            return "anonymous_individual"
    return "unknown"


def channel_of(head: Token) -> Token | None:
    """The stated channel or recipient: "told X", "wrote on X", "in an interview with X"."""
    lemma = head.lemma_.lower()
    for c in head.children:
        if (
            lemma in ("tell", "inform", "brief", "write")
            and c.dep_ in ("dobj", "dative")
            and (c.ent_type_ in ("ORG", "WORK_OF_ART") or c.pos_ == "PROPN" or c.lemma_ in ("reporter", "journalist"))
        ):
            return c
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "to", "during", "via", "through", "at"):
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                if (
                    g.lemma_.lower() in CHANNEL_NOUNS
                    or g.lower_ in PLATFORMS
                    or (g.ent_type_ == "ORG" and c.lower_ in ("on", "to", "via"))
                ):
                    return g
    return None

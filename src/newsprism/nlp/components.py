"""spaCy components newsprism adds: paragraph sentence starts, entity fix-ups."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

_PLATFORMS = {"X", "Telegram", "Facebook", "Twitter", "Instagram", "YouTube", "TikTok", "VKontakte", "Truth Social"}
_PLATFORM_CUES = {"on", "via", "platform", "posted", "wrote"}


@Language.component("newsprism_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A paragraph break ("\\n\\n" in the cleaned text) always starts a sentence."""
    for i, tok in enumerate(doc[:-1]):
        if "\n\n" in tok.text_with_ws and tok.is_space:
            doc[i + 1].is_sent_start = True
        elif tok.whitespace_ == "" and tok.is_space and "\n\n" in tok.text:
            doc[i + 1].is_sent_start = True
    return doc


@Language.component("newsprism_ruler_scope")
def ruler_scope(doc: Doc) -> Doc:
    """A gazetteer name inside a longer name is left to the statistical tagger, which sees the
    whole: "Democratic" in "the Democratic National Committee", "American" in "African-American"
    or "Latin American". Runs between the entity ruler and the tagger; headlines in title case,
    where every word is capitalised, keep the gazetteer's names."""
    inner = [e for e in doc.ents if _inside_longer_name(doc, e)]
    if inner:
        doc.set_ents([], missing=inner, default="unmodified")
    return doc


def _capital_word(tok: Token) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and tok.pos_ in ("PROPN", "ADJ", "NOUN")


def _inside_longer_name(doc: Doc, ent: Span) -> bool:
    sent = ent.sent
    if _title_case(sent):
        return False
    after = doc[ent.end] if ent.end < sent.end else None
    before = doc[ent.start - 1] if ent.start > sent.start else None
    if after is not None and after.text in ("-", "‑") and ent.end + 1 < sent.end and not after.whitespace_:
        return doc[ent.end + 1].text[:1].isupper()  # "African-American", "Russian-Ukrainian"
    if before is not None and before.text in ("-", "‑") and not before.whitespace_ and ent.start - 2 >= sent.start:
        return doc[ent.start - 2].text[:1].isupper()
    return (after is not None and _capital_word(after)) or (before is not None and _capital_word(before)
                                                             and before.i != sent.start)


@Language.component("newsprism_entity_fixes")
def entity_fixes(doc: Doc) -> Doc:
    """Fix what the small models get wrong on news, by rule not by instance.

    - initials before a person ("JD Vance", "J.D. Vance") join the PERSON;
    - a platform name after "on"/"via" ("wrote on X") is an ORG, not a PERSON;
    - trailing punctuation or possessive inside an entity is trimmed.
    """
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            nxt is not None
            and nxt.label_ == "PERSON"
            and ent.end == nxt.start
            and len(ent) == 1
            and _looks_like_initials(ent.text)
        ):
            out.append(Span(doc, ent.start, nxt.end, label="PERSON"))
            i += 2
            continue
        if ent.text.rstrip(".") in _PLATFORMS and ent.start > 0 and doc[ent.start - 1].lower_ in _PLATFORM_CUES:
            end = ent.end - 1 if len(ent) > 1 and ent[-1].text == "." else ent.end
            out.append(Span(doc, ent.start, end, label="ORG"))
            i += 1
            continue
        out.append(_trim(doc, ent))
        i += 1
    out = _headline_names(doc, _initials_before_surname(doc, out))
    doc.ents = filter_spans([_person_by_evidence(doc, e, out) for e in out if len(e)])
    return doc


_ROLE_NOUNS = {
    "analyst", "expert", "professor", "lecturer", "researcher", "fellow", "spokesman", "spokeswoman",
    "spokesperson", "official", "diplomat", "journalist", "minister", "president", "director", "ceo",
    "chairman", "envoy", "adviser", "advisor", "senator", "ambassador", "head", "leader", "founder",
    "economist", "scientist", "commentator", "correspondent", "editor", "author", "politician",
}


def _initials_before_surname(doc: Doc, ents: list[Span]) -> list[Span]:
    """'(vice president-elect JD) Vance': the initials are not a place; the surname is a person."""
    taken = {t.i for e in ents for t in e}
    out = []
    for ent in ents:
        if ent.label_ in ("GPE", "ORG", "NORP") and len(ent) == 1 and _looks_like_initials(ent.text):
            j = ent.end
            while j < len(doc) and doc[j].is_punct and doc[j].text in ")]’'\"":
                j += 1
            if j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and j not in taken:
                out.append(Span(doc, j, j + 1, label="PERSON"))
                continue
        out.append(ent)
    return sorted(out, key=lambda e: e.start)


def _person_by_evidence(doc: Doc, ent: Span, ents: list[Span]) -> Span:
    """An ORG that is a person by the document's own evidence becomes a PERSON:
    the same name is a PERSON elsewhere in the document ("Trump", "Dmitriev"), or an
    appositive names a person's role ("Nikola Mikovic, a ... policy analyst")."""
    if ent.label_ != "ORG" or not ent.text[:1].isupper():
        return ent
    persons = {e.text for e in ents if e.label_ == "PERSON"}
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    if ent.text in persons or (len(ent) == 1 and ent.text in surnames):
        return Span(doc, ent.start, ent.end, label="PERSON")
    if 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" for t in ent):
        for child in ent.root.children:
            if child.dep_ == "appos" and child.lemma_.lower() in _ROLE_NOUNS:
                return Span(doc, ent.start, ent.end, label="PERSON")
    return ent


def _title_case(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 2 and all(t.text[0].isupper() for t in words)


def _headline_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """In a title-case line ("Singer Jane Doe Checks Into Rehab") every word is capitalised, so
    the tagger takes verbs and nouns for names. Such a name keeps its longest start (else end)
    made of words the body writes inside names; with none, it ends before a word that is a verb the
    body uses ("Lindsay Lohan Checks" when the body says "checked"), else it goes when the body
    writes one of its words in lower case (a common word), and stays otherwise."""
    sents = list(doc.sents)
    titles = {s.start: _title_case(s) for s in sents}
    body = [s for s in sents if not titles[s.start]]
    if not body or len(body) == len(titles):
        return ents
    in_names = {t.lower_ for e in ents if not titles[e.sent.start] for t in e}
    lower = {t.text for s in body for t in s if t.text.islower()}
    verbs = {t.lemma_.lower() for s in body for t in s if t.pos_ in {"VERB", "AUX"} and t.text.islower()}
    out = []
    for e in ents:
        if len(e) < 2 or not titles[e.sent.start] or all(t.lower_ in in_names for t in e):
            out.append(e)
            continue
        head = next((k for k, t in enumerate(e) if t.lower_ not in in_names), len(e))
        tail = next((k for k, t in enumerate(reversed(e)) if t.lower_ not in in_names), len(e))
        verb = next((k for k, t in enumerate(e) if k and _verb_form(t.lower_, verbs)), 0)
        if any(t.lower_ in lower for t in e[:verb]):
            verb = 0  # "Worker Hurts ...": the words before the verb are common words too
        if head:
            out.append(Span(doc, e.start, e.start + head, label=e.label_))
        elif verb:  # "Lindsay Lohan Checks": the body writes "checked"
            out.append(Span(doc, e.start, e.start + verb, label=e.label_))
        elif tail:
            out.append(Span(doc, e.end - tail, e.end, label=e.label_))
        elif not any(t.lower_ in lower for t in e):
            out.append(e)
    return out


def _verb_form(word: str, lemmas: set[str]) -> bool:
    """A title-case word that is a verb the body uses: its lemma, or its third person ("checks")."""
    return word in lemmas or (word.endswith("s") and (word[:-1] in lemmas or word.endswith("es") and word[:-2] in lemmas))


def _looks_like_initials(text: str) -> bool:
    letters = text.replace(".", "")
    return 1 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()


_NOT_NAME = {"VERB", "AUX", "ADV", "ADP", "PRON", "SCONJ", "CCONJ", "PART"}


def _trim(doc: Doc, ent: Span) -> Span:
    start, end = ent.start, ent.end
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        if doc[end - 1].text in (".",) and end - 1 > start and len(doc[end - 2].text) <= 3:
            break  # keep "Co." / "U.S." style abbreviation dots that spaCy split off
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    # a verb before a name is not part of it ("Hammering Hillary Clinton")
    while end - start > 1 and (doc[start].pos_ in _NOT_NAME or doc[start].tag_.startswith("VB")):
        start += 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_)

"""One identity per real entity across the pile: the mentions are grouped by
``newsprism.resolve.coref`` and each group becomes an Entity record here.

Mentions are grouped by blocking keys built from their normalised names (surname,
full name, acronym, curated variant table), never by comparing all pairs, so the cost
grows with the number of mentions. People: a full name founds an identity; a bare
surname joins the full name it follows in its document, else the pile's most frequent
bearer of that surname, so two Bidens stay apart. Nominals with an antecedent (the
``nominals`` extractor, appositions) join it; pronouns and common nouns without one (the
``references`` extractor; gold mentions in benchmarks) are linked inside their document to
the nearest mention they fit (gender, number, person or thing; an indefinite or possessed
noun brings in someone new), and across documents by head word, within one predicted topic
(``build`` sets ``Item.topic`` by ``doc_topics`` on TF-IDF for piles of up to ``TOPICS_MAX_DOCS``
reports: quadratic in the reports, so a larger pile is one story). Metonyms (Kremlin, Moscow, Washington) stay
their own entities and record what they are ``used_for``.

A group with no name becomes an entity with ``named=False`` only when it recurs across
reports (``_unnamed_participant``); its name is its commonest noun phrase. Aliases are the
names only: never a pronoun, a common noun or a bare title.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from dataclasses import replace

from newsprism.language.names import (  # noqa: F401  (_person_tokens, clean: re-exported for the benches)
    _STOP,
    ROLE_WORDS,
    _person_tokens,
    _roles_set,
    abstract_noun,
    clean,
    noun_class,
    person_tokens,
    role_only,
    tables,
    title_before,
)
from newsprism.model import Alias, Document, Entity, Evidence, Mention, Span, Story, make_span
from newsprism.registry import resolvers
from newsprism.resolve import coref
from newsprism.resolve.coref import (  # noqa: F401  (re-exported: the benches and tests use them from here)
    _INTRODUCES,
    _WS,
    PERSONISH,
    VALUES,
    Item,
    acronym,
    cluster,
    doc_topics,
    full_name_surnames,
    name_heads,
    name_key,
    norp_key,
)

UNKNOWN = "unknown"


# ----- building Entity records -----

_ROLE_AFTER = re.compile(r"^,\s+((?:a|an|the|who is|who was)\s[^,.;:\"“”()]{3,120}?)(?=[,.;:]|\s+(?:said|says|told|tells)\b)")


def _roles(doc: Document, m: Mention) -> list[Evidence]:
    out = []
    lo = max(0, m.start - 150)
    line_start = max(lo - 2, doc.text.rfind("\n\n", lo, m.start), doc.text.rfind(". ", lo, m.start)) + 2
    before = doc.text[max(line_start, m.start - 120) : m.start]
    found = title_before(before)
    if found is not None:
        s = m.start - len(before) + found[0]
        span = make_span(doc.id, doc.text, s, s + len(found[1]))
        out.append(Evidence(value=_WS.sub(" ", span.text).strip(), spans=[span], confidence=0.8,
                            reason="title before the name"))
    after = doc.text[m.end : m.end + 200]
    if after.startswith("’s") or after.startswith("'s"):
        return out
    hit = _ROLE_AFTER.search(after.replace("\n", " "))
    if hit:
        span = make_span(doc.id, doc.text, m.end + hit.start(1), m.end + hit.end(1))
        out.append(Evidence(value=_WS.sub(" ", span.text).strip(), spans=[span], confidence=0.7,
                            reason="apposition after the name"))
    return out


def _fold_roles(roles: list[Evidence]) -> list[Evidence]:
    """A bare title ("President") folds into a fuller one ("Russian President"), spans kept."""
    out: list[Evidence] = []
    for ev in sorted(roles, key=lambda r: -len(r.value)):
        fuller = next((o for o in out if o.value.lower().endswith(" " + ev.value.lower())), None)
        if fuller is None:
            out.append(ev)
        else:
            fuller.spans.extend(ev.spans)
    order = {id(r): n for n, r in enumerate(roles)}
    return sorted(out, key=lambda r: order[id(r)])


def _is_name(m: Mention) -> bool:
    """A named mention that is a name, not a bare title ("Director", "Vice President")."""
    role = role_only(m.text) if m.label in PERSONISH | {"ORG"} else None
    return m.kind == "name" and not (role and (m.label in PERSONISH or role in ROLE_WORDS))


_ARTICLES = {"the", "a", "an"}


def _canonical(mentions: list[tuple[Document, Mention]], label: str) -> str:
    names = [clean(m.text) for _, m in mentions if _is_name(m)] or [clean(m.text) for _, m in mentions
                                                                     if m.kind == "name"]
    if not names:  # an unnamed participant: its most frequent noun phrase, definite first ("the gunman")
        nouns = [clean(m.text) for _, m in mentions if m.kind == "nominal"] or [clean(m.text) for _, m in mentions]
        best = max(Counter(n.lower() for n in nouns).items(), key=lambda kv: (kv[1], kv[0].startswith("the ")))[0]
        surface = Counter(n for n in nouns if n.lower() == best).most_common(1)[0][0]  # as written: "Christmas"
        return surface[:1].lower() + surface[1:] if surface.split()[0].lower() in _ARTICLES else surface
    if label == "PERSON":
        toks = Counter(" ".join(person_tokens(n)) for n in names)
        best = max(toks.items(), key=lambda kv: (len(kv[0].split()) >= 2, kv[1], len(kv[0])))[0]
        forms = [n for n in names if " ".join(person_tokens(n)) == best]
        surface = Counter(forms).most_common(1)[0][0]
        words = surface.split()
        return " ".join(words[len(words) - len(best.split()) :])
    variants: dict[str, str] = tables()["names"]
    keyed = Counter(variants.get(n.lower(), variants.get(n.lower().removeprefix("the "), n)) for n in names)
    return max(keyed.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def _label(mentions: list[tuple[Document, Mention]]) -> str:
    labels = Counter(m.label for _, m in mentions if m.kind == "name") or Counter(m.label for _, m in mentions)
    return labels.most_common(1)[0][0]


def _aliases(mentions: list[tuple[Document, Mention]]) -> list[Alias]:
    by_doc: dict[str, Counter[str]] = defaultdict(Counter)  # counted first, each Alias made once
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, m in mentions:
        form = clean(m.text) or m.text
        by_doc[form][doc.id] += 1
        by_outlet[form][doc.meta.outlet or UNKNOWN] += 1
    table = [Alias(text=form, count=sum(docs.values()), by_doc=dict(docs), by_outlet=dict(by_outlet[form]))
             for form, docs in by_doc.items()]
    return sorted(table, key=lambda a: (-a.count, a.text))


def _head(m: Mention) -> str:
    """The word a nominal or pronoun is matched by: its last word (the whole phrase, spacing
    aside, for a date or an amount: "20 - 13" is "20-13")."""
    low = clean(m.text).lower()
    if m.label in VALUES:
        kept = " ".join(w for w in low.split() if w not in {"on", "in", "at", "the", "this", "last", "next", "early",
                                                             "late", "earlier", "later", "a", "an"}) or low
        return re.sub(r"\s*([-–:/,.])\s*", r"\1", kept)
    words = low.split()
    return words[-1] if words else low


_LEAD_WORD = re.compile(r"[^\s]+")
_LEAD_STOP = _STOP - {"former"} | {"he", "she", "it", "they", "we", "i", "you", "him", "them", "us", "says", "say"}
_PUNCT_END = ",.;:!?\"“”()[]"
_APPOS_BEFORE = re.compile(r"(?:^|[^,]\s)((?:the|The)\s[^,.;:\"“”()]{2,80}?),\s$")
_CUT = {"of", "for", "in", "at", "on", "with", "from", "to", "who", "whose", "which", "that", "and"}


def _lead(text: str, start: int) -> str | None:
    """The words written right before a name that say who the person is ("Republican presidential
    nominee", "President", "Kremlin spokesman"): up to five words, back to a punctuation mark, a
    function word or a possessive; the word next to the name is lower-case or a title."""
    seg = text[max(0, start - 80) : start]
    if not seg.endswith((" ", "\u00a0")) or "\n" in seg[-2:]:
        return None
    words = list(_LEAD_WORD.finditer(seg))
    kept: list[str] = []
    for w in reversed(words):
        t = w.group()
        low = t.lower().rstrip(".")
        if t[-1] in _PUNCT_END and not (t.endswith(".") and low in _roles_set()) or low in _LEAD_STOP \
                or t.endswith(("'s", "’s", "'", "’")) or len(kept) >= 5:
            break
        if not kept and not (t[:1].islower() and noun_class(low) == "PERSON" or low in _roles_set()):
            return None  # the word next to the name says who the person is: a title or a person noun
        kept.append(t)
        if "\n" in seg[w.start() - 1 : w.start()]:
            break
    return " ".join(reversed(kept)) or None


def _cut(phrase: str) -> str:
    """A descriptive phrase up to its first preposition or clause word ("the mayor of Oakland": "the mayor")."""
    words = phrase.split()
    k = next((k for k, w in enumerate(words) if k and w.lower() in _CUT), len(words))
    return " ".join(words[:k])


def role_phrases(doc: Document, m: Mention) -> tuple[str, ...]:
    """What the report writes beside a person's name about who they are: the words right before it
    ("Republican presidential nominee Donald Trump"), an apposition after it ("Bill de Blasio, the
    mayor,") or before it ("the presumptive nominee, Donald Trump"). Title words inside the name
    ("President Obama") the clusterer reads from the name itself."""
    out: list[str] = []
    lead = _lead(doc.text, m.start)
    if lead:
        out.append(lead)
    after = doc.text[m.end : m.end + 200]
    if not after.startswith(("’s", "'s")):
        hit = _ROLE_AFTER.search(after.replace("\n", " "))
        if hit:
            out.append(_cut(hit.group(1).removeprefix("who is ").removeprefix("who was ")))
    hit = _APPOS_BEFORE.search(doc.text[max(0, m.start - 100) : m.start])
    if hit and not doc.text[: m.start - len(hit.group(0)) + hit.start(1)].rstrip().endswith(","):
        out.append(_cut(hit.group(1)))  # not the second of "Trump, the nominee, Clinton"
    return tuple(_WS.sub(" ", p).strip() for p in out if p.strip())


def items_of(docs: list[Document]) -> tuple[list[Item], list[tuple[Document, Mention]]]:
    """Clusterer items for every mention of every document, with their records."""
    items: list[Item] = []
    refs: list[tuple[Document, Mention]] = []
    for rank, doc in enumerate(docs):
        for m in doc.entities:
            head = "" if m.kind == "name" else _head(m)
            items.append(Item(id=m.id, doc=doc.id, text=head if m.kind == "nominal" else m.text, label=m.label,
                              kind=m.kind, start=m.start, end=m.end, head=head, antecedent=m.antecedent, doc_rank=rank,
                              introduces=m.kind == "nominal" and _INTRODUCES.search(m.text) is not None,
                              phrase=clean(m.text) if m.kind == "nominal" else "",
                              roles=role_phrases(doc, m) if coref.ROLE_EVIDENCE and m.kind == "name"
                              and m.label in PERSONISH else ()))  # read only with role evidence on
            refs.append((doc, m))
    return items, refs


def common_noun_names(items: list[Item]) -> list[int]:
    """One-word names that the pile writes more often as a common noun: "Voters", "Campaign",
    "Women" of a headline or a sentence start, against the pile's "voters", "campaign",
    "women". They are that noun, not an entity with a name (a surname of someone the pile
    names in full stays a name: "Price" after "Tom Price")."""
    nouns = Counter(it.head for it in items if it.kind == "nominal" and it.head)
    surnames = full_name_surnames(items)
    names: dict[str, list[int]] = defaultdict(list)
    for n, it in enumerate(items):
        words = clean(it.text).lower().split()
        if it.kind == "name" and it.label not in VALUES and len(words) == 1 and words[0] not in surnames:
            names[words[0]].append(n)
    return [n for w, ns in names.items() if nouns[w] > len(ns) for n in ns]


def headline_phrases(items: list[Item], docs: list[Document]) -> list[int]:
    """Names of two or more words inside a report's title whose last word the pile uses as a
    common noun ("Shooting Spree", "Super PACs Target Latino Voters"): a headline capitalises
    every word, so the tagger's name there is as likely a noun phrase."""
    ends = {d.id: d.text.find(d.meta.title) + len(d.meta.title) for d in docs if d.meta.title and d.meta.title in d.text}
    nouns = {it.head for it in items if it.kind == "nominal" and it.head}
    out = []
    for n, it in enumerate(items):
        words = clean(it.text).lower().split()
        if it.kind == "name" and len(words) >= 2 and it.start < ends.get(it.doc, -1) and words[-1] in nouns:
            out.append(n)
    return out


def build(docs: list[Document]) -> list[Entity]:
    """Cluster every mention of the pile into entities and set ``Mention.entity_id``."""
    items, refs = items_of(docs)
    if coref.TOPICS and 2 < len(docs) <= coref.TOPICS_MAX_DOCS:
        topic = doc_topics({d.id: d.text for d in docs}, threshold=coref.TOPICS_CUT, features=coref.TOPICS)
        items = [replace(it, topic=topic[it.doc]) for it in items]
    for n in common_noun_names(items) + headline_phrases(items, docs):
        refs[n][1].kind = "nominal"
        word = clean(items[n].text).lower().split()[-1]
        items[n] = replace(items[n], kind="nominal", text=word, head=word)
    groups = cluster(items)
    groups.sort(key=lambda g: (-len({items[i].doc for i in g}), -len(g), min(g)))
    entities: list[Entity] = []
    order = {d.id: (d.meta.published or "9999", rank) for rank, d in enumerate(docs)}
    for n, group in enumerate(groups, 1):
        ment = [refs[i] for i in sorted(group, key=lambda i: (items[i].doc_rank, items[i].start))]
        named = any(_is_name(m) for _, m in ment)
        if not named and not _unnamed_participant(ment):
            continue
        eid = f"E{n}"
        label = _label(ment)
        roles: dict[str, Evidence] = {}
        for doc, m in ment:
            m.entity_id = eid
            if label == "PERSON" and m.kind == "name":
                for ev in _roles(doc, m):
                    key = ev.value.lower()
                    if key in roles:
                        roles[key].spans.extend(ev.spans)
                    else:
                        roles[key] = ev
        spans = [Span(doc_id=doc.id, start=m.start, end=m.end, text=m.text) for doc, m in ment]
        first = min(spans, key=lambda s: (order[s.doc_id], s.start))
        entities.append(Entity(
            id=eid, name=_canonical(ment, label), label=label, mentions=spans, named=named,
            aliases=_aliases([(d, m) for d, m in ment if (_is_name(m) if named else m.kind == "nominal")]),
            roles=_fold_roles(list(roles.values())), first=first, documents=len({d.id for d, _ in ment}),
        ))
    _link_metonyms(entities)
    return entities


MIN_UNNAMED_MENTIONS = 2


def _unnamed_participant(ment: list[tuple[Document, Mention]]) -> bool:
    """A group with no name is an identity when common nouns or dates (not only pronouns)
    refer to it at least ``MIN_UNNAMED_MENTIONS`` times in two or more reports ("the gunman",
    "Thursday"): something the reports share, not a noun met in passing. A thing that is
    neither person, group, place nor time must be concrete: "the car", not "relations"."""
    nouns = [m for _, m in ment if m.kind == "nominal"]
    if not nouns or len(ment) < MIN_UNNAMED_MENTIONS or len({d.id for d, _ in ment}) < 2:
        return False
    return any(m.label != "OTHER" for m in nouns) or not abstract_noun(_head(nouns[0]))


def _link_metonyms(entities: list[Entity]) -> None:
    """Kremlin, Moscow, Washington: say what they stand for; never merge them."""
    metonyms: dict[str, list[str]] = tables()["metonyms"]
    by_name = {e.name.lower(): e for e in entities}
    for e in entities:
        hit = metonyms.get(e.name.lower())
        if hit is None or e.label not in {"GPE", "ORG", "FAC", "LOC"}:
            continue
        what, country = hit
        target = by_name.get(country.lower())
        e.used_for = [what] + ([target.id] if target is not None and target is not e else [])


@resolvers.register("entities", order=10)
def resolve_entities(story: Story, docs: list[Document]) -> None:
    """Fill ``story.entities`` and set ``entity_id`` on every document's mentions."""
    enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: the collector's full scans would make it superlinear
    try:
        story.entities = build(docs)
    finally:
        if enabled:
            gc.enable()

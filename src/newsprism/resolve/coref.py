"""Grouping the pile's mentions into identities: blocking keys for names (surname, full name,
acronym, curated variants), people, pronoun and common-noun chains inside a report, short forms,
common nouns across reports by head word within a predicted topic (``doc_topics``).
``newsprism.resolve.entities`` turns the groups into Entity records.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from newsprism.language.names import (
    COLLECTIVE,
    FEMALE_NOUNS,
    MALE_NOUNS,
    _roles_set,
    _tokens,
    clean,
    gazetteer,
    person_tokens,
    role_only,
    tables,
)
from newsprism.resolve.nicknames import same_given_name

VALUES = {"DATE", "QUANTITY"}  # dates and amounts: matched by the whole phrase, never an antecedent
PERSONISH = {"PERSON"}
WEAK = {"FAC", "PRODUCT", "WORK_OF_ART", "ORG", "LAW"}  # labels the small models put on people by mistake
PLACEISH = {"GPE", "NORP", "LOC"}  # put on a bare surname by mistake less often: only when no known place
PRONOUNS = {
    "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them",
    "their", "theirs", "themselves", "we", "us", "our", "ours", "i", "me", "my", "you", "your", "who", "whom",
    "whose", "which", "that", "this", "these", "those",
}
_WS = re.compile(r"\s+")
_INTRODUCES = re.compile(r"^(?:a|an|another|his|her|their|its|my|our|your)\s|\w\s?['’]s?\s+\S", re.IGNORECASE)
_DOTTED = re.compile(r"(?:[a-z]\.){2,}")
_CORP = re.compile(r",?\s+(?:corp\.?|corporation|inc\.?|ltd\.?|llc|plc|co\.)$")


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The canonical key of a non-person name: variant table, else lower-cased clean form."""
    low = clean(text).lower().replace("’", "'")
    names: dict[str, str] = tables()["names"]
    if low in names:
        return names[low].lower()
    if _DOTTED.fullmatch(low):  # "F.B.I." is "FBI"
        low = low.replace(".", "")
        return names.get(low, low).lower()
    if low.startswith("the ") and low[4:] in names:
        return names[low[4:]].lower()
    low = _CORP.sub("", low)
    return low[4:] if low.startswith("the ") else low


def norp_key(text: str) -> str:
    """A group's key: plural and adjective forms are one ("Democrats", "Democratic", "Democrat")."""
    key = name_key(text)
    if key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key[:-2] if key.endswith("atic") else key


def acronym(text: str) -> str | None:
    """Initials of a multi-word name ("Office of the Director of National Intelligence" -> "odni")."""
    words = [w for w in clean(text).split() if w[:1].isupper() and w.lower() not in {"the"}]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else None


@dataclass
class Item:
    """A mention as the clusterer sees it."""

    id: str
    doc: str
    text: str
    label: str
    kind: str = "name"
    start: int = 0
    end: int = 0  # 0: unknown (only ``start`` is compared)
    head: str = ""  # head lemma, for nominals and pronouns
    antecedent: str | None = None  # mention id in the same document this one refers to
    introduces: bool = False  # an indefinite or possessed nominal ("a maid", "her rep"): someone new
    doc_rank: int = 0  # order of the document in the pile
    topic: str = ""  # predicted topic of the document (``doc_topics``); "" = the pile is one story
    phrase: str = ""  # a nominal's whole noun phrase ("the Republican nominee"); "" = ``text``
    roles: tuple[str, ...] = ()  # a person name's role phrases read beside it ("Republican presidential nominee")


@dataclass
class _UF:
    parent: list[int] = field(default_factory=list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _first_compatible(a: str, b: str) -> bool:
    if a == b or same_given_name(a, b):
        return True
    sa, sb = a.rstrip("."), b.rstrip(".")
    return (len(sa) == 1 and sb.startswith(sa)) or (len(sb) == 1 and sa.startswith(sb))


def _same_given(key: str, toks: list[str]) -> bool:
    """Given (and middle) names of one person: "james b." ~ "james" and "arcade joseph" ~ "joseph",
    but "george h.w." !~ "george w."."""
    given, *middle = key.split()
    if _first_compatible((middle or [given])[-1], toks[-2]):
        return True  # the name before the surname agrees ("Arcade Joseph Comeaux" ~ "Joseph Comeaux")
    other = toks[1:-1]
    return _first_compatible(given, toks[0]) and (not middle or not other or _first_compatible(middle[0], other[0]))


def _people(items: list[Item], idx: list[int], uf: _UF, extra: dict[str, list[int]]) -> None:
    """Cluster person names: blocks by surname; bare surnames attach to the full name
    they follow in their document, else to the pile's most frequent bearer; a bare given
    name ("Lindsay") joins the full name of the pile that starts with it, the one that holds
    most of such mentions when there are several ("Elian Gonzalez" 33 times, "Elian American",
    a misread "grant Elian American citizenship", once)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        toks = person_tokens(items[i].text)
        if toks:
            blocks[toks[-1]].append(i)
    for key, more in extra.items():
        blocks[key] += more
    for name, into in _spelling_variants(items, blocks).items():
        blocks[into] += blocks.pop(name)
    given: dict[str, set[int]] = defaultdict(set)
    orphans: dict[str, list[int]] = {}
    for surname, members in blocks.items():
        full: dict[str, list[int]] = {}  # given and middle names -> items
        bare: list[int] = []
        for i in members:
            toks = person_tokens(items[i].text)
            if len(toks) >= 2:  # keyed by the given name: a middle name or initial does not matter
                key = next((k for k in full if _same_given(k, toks)), " ".join(toks[:-1]))
                full.setdefault(key, []).append(i)
                if len(toks[0].rstrip(".")) > 1:
                    given[toks[0]].add(i)
            else:
                bare.append(i)
        for group in full.values():
            for i in group[1:]:
                uf.union(group[0], i)
        if not full:
            for i in bare[1:]:
                uf.union(bare[0], i)
            if bare:
                orphans[surname] = bare
            continue
        top = max(full.values(), key=len)
        by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for group in full.values():
            for i in group:
                by_doc[items[i].doc].append((items[i].start, group[0]))
        for i in bare:
            cands = sorted(by_doc.get(items[i].doc, []))
            before = [g for s, g in cands if s <= items[i].start]
            target = before[-1] if before else cands[0][1] if cands else top[0]
            uf.union(target, i)
    for name, bare in orphans.items():
        bearers = Counter(uf.find(i) for i in given.get(name, ()))
        if bearers:  # the one bearer, or the one that holds most of the given name's full-name mentions
            (bearer, count), *_ = bearers.most_common(1)
            if 2 * count > sum(bearers.values()):
                uf.union(bearer, bare[0])


MIN_VARIANT = 5  # letters in the longer of two surnames one edit apart ("Rait" / "Raite")


def one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one letter added, dropped or changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])


def _spelling_variants(items: list[Item], blocks: dict[str, list[int]]) -> dict[str, str]:
    """Surnames spelt two ways in the pile ("Duncan Rait" / "Duncan Raite", "Zelensky" / "Zelenskiy"):
    one edit apart, and both written in a full name with the same given name. Each maps to the
    spelling most often written."""
    given: dict[str, list[list[str]]] = defaultdict(list)
    for surname, members in blocks.items():
        for i in members:
            toks = person_tokens(items[i].text)
            if len(toks) >= 2 and toks[-1] == surname:
                given[surname].append(toks)
    near: dict[str, set[str]] = defaultdict(set)  # the word with one letter dropped -> surnames
    for surname in given:
        for k in range(len(surname)):
            near[surname[:k] + surname[k + 1 :]].add(surname)
        near[surname].add(surname)
    uf = _UF(list(range(len(given))))
    names = sorted(given)
    at = {n: k for k, n in enumerate(names)}
    for close in near.values():
        for a in close:
            for b in close:
                if a < b and max(len(a), len(b)) >= MIN_VARIANT and one_edit(a, b) and any(
                    _same_given(" ".join(x[:-1]), y) for x in given[a] for y in given[b]
                ):
                    uf.union(at[a], at[b])
    out: dict[str, str] = {}
    sets: dict[int, list[str]] = defaultdict(list)
    for n in names:
        sets[uf.find(at[n])].append(n)
    for group in sets.values():
        top = max(group, key=lambda n: (len(blocks[n]), n))
        out.update({n: top for n in group if n != top})
    return out


def _tails(items: list[Item], blocks: dict[str, list[int]], uf: _UF) -> None:
    """A one-word organisation name or common noun joins the longer name ending in it
    in its own document ("Chargers" -> "San Diego Chargers"; "the House" of one report
    is not the White House of another, nor of its own: a seat of power's last word alone names
    another body). A common noun that other reports use too ("the
    country", "the week") stays the pile's: one report's "Nassau County" does not take
    every "country" of the pile with it."""
    fixed = _seats_of_power()
    docs_of: dict[str, set[str]] = defaultdict(set)
    for members in blocks.values():
        for i in members:
            if items[i].kind != "name":
                docs_of[items[i].head].add(items[i].doc)
    for members in blocks.values():
        in_doc: dict[str, int] = {}
        for i in members:
            if len(clean(items[i].text).split()) >= 2 and items[i].kind == "name" \
                    and name_key(items[i].text) not in fixed:
                in_doc.setdefault(items[i].doc, i)
        for i in members:
            if len(clean(items[i].text).split()) == 1 and items[i].doc in in_doc \
                    and (items[i].kind == "name" or len(docs_of[items[i].head]) == 1):
                uf.union(in_doc[items[i].doc], i)


_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_PLURAL = {"they", "them", "their", "theirs", "themselves"}
_THING = {"it", "its", "itself"}
_RELATIVE = {"who", "whom", "whose", "which", "that"}
_PLACE = {"where", "there", "here"}
_PLACE_WORDS = {"mt": "mountain", "mount": "mountain", "st": "street", "ave": "avenue", "rd": "road",
                "blvd": "boulevard", "lake": "lake", "river": "river", "ft": "fort"}
LOCAL_REACH = 2000
NOMINAL_LINKS = True
NOMINAL_REACH = 100  # a common noun joins a person name only close behind it (same sentence)


def _word(it: Item) -> str:
    return (it.head or clean(it.text)).lower()


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Given name -> "f" / "m" (``data/first_names.json``)."""
    raw = json.loads(resources.files("newsprism").joinpath("data/first_names.json").read_text("utf-8"))
    return {**{n: "m" for n in raw["male"]}, **{n: "f" for n in raw["female"]}}


def _gender(it: Item, by_surname: dict[str, str] | None = None) -> str | None:
    w = _word(it)
    if it.kind == "pronoun":
        return "f" if w in _FEMALE else "m" if w in _MALE else None
    if it.kind == "name":
        toks = person_tokens(it.text)
        if len(toks) >= 2 and toks[0] in first_names():
            return first_names()[toks[0]]
        return (by_surname or {}).get(toks[-1]) if toks else None
    return "f" if w in FEMALE_NOUNS else "m" if w in MALE_NOUNS else None


_IRREGULAR_PLURALS = {"men", "women", "people", "children", "police", "feet", "teeth", "mice", "geese", "oxen",
                      "brethren", "folk", "folks"}


def _plural(it: Item) -> bool:
    w = _word(it)
    return it.kind == "nominal" and (w.endswith("s") and not w.endswith("ss") or w in _IRREGULAR_PLURALS) \
        or w in _PLURAL


def _fits(pro: Item, cand: Item, by_surname: dict[str, str]) -> bool:
    """Can ``cand`` be what pronoun ``pro`` refers to (type, gender, number)?"""
    w = _word(pro)
    if cand.kind == "pronoun":
        return False
    if pro.kind == "nominal" and pro.label not in PERSONISH:
        # "the mountain" -> "Mt Cook", "the park" -> "Aoraki Mount Cook National Park"
        if cand.kind != "name" or cand.label in PERSONISH or cand.label in VALUES or pro.label in VALUES:
            return False
        return w in {_PLACE_WORDS.get(t, t) for t in clean(cand.text).lower().replace(".", "").split()}
    if pro.kind == "nominal":
        if pro.label not in PERSONISH or _plural(pro) or w in COLLECTIVE or cand.kind != "name" or cand.label not in PERSONISH:
            return False
        g, h = _gender(pro), _gender(cand, by_surname)
        return g is None or h is None or g == h
    if w in _MALE or w in _FEMALE:
        if cand.label not in PERSONISH or _plural(cand) or _word(cand) in COLLECTIVE:
            return False
        g = _gender(cand, by_surname)
        return g is None or g == _gender(pro)
    if w in _PLURAL:
        return _plural(cand) or cand.label in {"ORG", "NORP"} or _word(cand) in COLLECTIVE
    if w in _THING:
        return cand.label not in PERSONISH and cand.label not in VALUES or _word(cand) in COLLECTIVE
    if w in _PLACE:
        return cand.label in {"GPE", "LOC", "FAC"}
    if w in _RELATIVE:
        return cand.label not in VALUES
    return False


_COURTESY = {"mr", "mrs", "ms", "dr", "the", "a", "an", "former", "late"}


def _person_keys(items: list[Item]) -> list[str | None]:
    """Each person name's person: "given surname" for a full name; a bare surname is the one full name
    of the pile with that surname, else the full name it follows in its document, else unknown."""
    keys: list[str | None] = [None] * len(items)
    fulls: dict[str, set[str]] = defaultdict(set)
    for n, it in enumerate(items):
        if it.kind == "name" and it.label in PERSONISH:
            toks = person_tokens(it.text)
            if len(toks) >= 2:
                keys[n] = f"{toks[0]} {toks[-1]}"
                fulls[toks[-1]].add(keys[n])  # type: ignore[arg-type]
    last: dict[tuple[str, str], str] = {}  # (document, surname) -> the full name met last
    for n in sorted(range(len(items)), key=lambda n: (items[n].doc, items[n].start)):
        it = items[n]
        if it.kind != "name" or it.label not in PERSONISH:
            continue
        toks = person_tokens(it.text)
        if len(toks) >= 2:
            last[it.doc, toks[-1]] = keys[n]  # type: ignore[assignment]
        elif toks:
            known = fulls.get(toks[0], set())
            keys[n] = next(iter(known)) if len(known) == 1 else last.get((it.doc, toks[0]))
    return keys


@dataclass(frozen=True)
class _Evidence:
    """One role phrase written beside a person's name, as the agreement test reads it."""

    words: frozenset[str]  # lower-cased words
    head: str  # its last word ("nominee")
    proper: frozenset[str]  # capitalised modifiers, keyed as groups ("republican")
    when: frozenset[str]  # time words ("former", "next")


_WHEN = {"former", "ex", "late", "next", "future", "incoming", "outgoing"}


def _phrase_words(phrase: str) -> list[str]:
    return [w.strip("\"“”'’,").removesuffix("’s").removesuffix("'s") for w in phrase.split()] if phrase else []


_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "pres": "president",
                  "sec": "secretary", "prof": "professor", "amb": "ambassador", "atty": "attorney", "supt": "superintendent",
                  "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "capt": "captain", "cmdr": "commander"}


def _evidence(phrase: str) -> _Evidence:
    words = [w for w in _phrase_words(phrase) if w]
    low = [_ABBREVIATIONS.get(w.lower().rstrip("."), w.lower().rstrip(".")) for w in words]
    proper = {norp_key(w) for w, lw in zip(words, low, strict=True)
              if w[:1].isupper() and lw not in _roles_set() and lw not in {"the", "a", "an"}}
    when = {w for w in low if w in _WHEN} | {"former" for w in low if w.startswith("ex-")}
    return _Evidence(frozenset(low), low[-1] if low else "", frozenset(proper), frozenset(when))


def _role_evidence(items: list[Item], keys: list[str | None]) -> dict[str, list[_Evidence]]:
    """Person -> the role phrases the pile writes beside their name; a bare surname's only when the
    pile names one person with that surname ("President Obama" is not Michelle Obama's)."""
    fulls: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        if key:
            fulls[key.split()[-1]].add(key)
    out: dict[str, list[_Evidence]] = defaultdict(list)
    for n, it in enumerate(items):
        key = keys[n]
        if key is None:
            continue
        toks = person_tokens(it.text)
        if len(toks) < 2 and len(fulls.get(toks[0] if toks else "", ())) != 1:
            continue
        words = clean(it.text).split()
        inside = [" ".join(words[: len(words) - len(toks)])] if toks and len(words) > len(toks) else []
        out[key] += [_evidence(p) for p in (*inside, *it.roles)]  # "President Barack Obama" as one name
    return out


def _titles_of(evidence: dict[str, list[_Evidence]]) -> dict[str, set[str]]:
    """Person -> the title and role words written beside their name in the pile."""
    roles = _roles_set()
    return {k: {w for e in evs for w in e.words if w in roles or w == e.head} - _COURTESY
            for k, evs in evidence.items()}


def _surname_titles(items: list[Item]) -> dict[str, set[str]]:
    """Surname -> the title words written inside its names ("President Barack Obama"): the rule
    without role evidence (``ROLE_EVIDENCE`` off)."""
    out: dict[str, set[str]] = defaultdict(set)
    roles = _roles_set()
    for it in items:
        if it.kind == "name" and it.label in PERSONISH:
            toks = _tokens(it.text)
            name = person_tokens(it.text)
            if name and len(toks) > len(name):
                out[name[-1]] |= {t.rstrip(".") for t in toks[: len(toks) - len(name)] if t in roles}
    return {k: v - _COURTESY for k, v in out.items()}


def _other_role(nominal: Item, cand: Item, titles: dict[str, set[str]], key: str | None,
                heads: frozenset[str] | set[str] = frozenset()) -> bool:
    """A role noun ("the Surgeon General") is not a name that carries another title ("President Obama")."""
    if nominal.kind != "nominal" or cand.kind != "name" or key is None:
        return False
    w = _word(nominal)
    known = titles.get(key, set())
    return bool(known) and (w in _roles_set() or w in heads) and w not in known


def _definite_role(it: Item, heads: set[str]) -> bool:
    """A definite singular person noun whose head is an office or a role the pile writes before names."""
    words = _phrase_words(it.phrase or it.text)
    return it.kind == "nominal" and it.label in PERSONISH and not it.introduces and not _plural(it) \
        and bool(words) and words[0].lower() == "the" and (_word(it) in _roles_set() or _word(it) in heads)


def _agrees(noun: Item, ev: _Evidence, discriminating: set[str]) -> bool:
    """The noun's head is in the phrase, and its modifiers agree: time words alike, capitalised
    modifiers shared where both have some ("Republican" is not "Democratic"), and a modifier that
    sets some phrase of the pile apart with this head ("presumptive") found in it."""
    h = _word(noun)
    if h not in ev.words:
        return False
    mine = _evidence(noun.phrase or noun.text)
    if mine.when != ev.when:
        return False
    if mine.proper and ev.proper and not mine.proper & ev.proper:
        return False
    mods = mine.words - {"the", h} - mine.when
    return all(m in ev.words for m in mods & discriminating)


class _Roles:
    """The pile's role evidence, and the person a definite role noun stands for."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.on = ROLE_EVIDENCE
        if not self.on:  # as before: title words inside a name, keyed by surname; no role evidence
            self.keys: list[str | None] = [_surname(it) or None if it.kind == "name" and it.label in PERSONISH else None
                                           for it in items]
            self.evidence: dict[str, list[_Evidence]] = {}
            self.titles = _surname_titles(items)
            self.heads: set[str] = set()
        else:
            self.keys = _person_keys(items)
            self.evidence = _role_evidence(items, self.keys)
            self.titles = _titles_of(self.evidence)
            self.heads = {e.head for evs in self.evidence.values() for e in evs} - _COURTESY
        self.near: dict[str, set[str]] = defaultdict(set)  # word -> the words beside it in some phrase
        for evs in self.evidence.values():
            for e in evs:
                for w in e.words:
                    self.near[w] |= e.words
        self.groups = {norp_key(it.text) for it in items if it.kind == "name" and it.label == "NORP"}

    def conflicts(self, noun: Item, key: str) -> bool:
        """The noun names a group ("Republican") and the pile writes another beside the person's name."""
        mine = _evidence(noun.phrase or noun.text).proper & self.groups
        theirs = {w for e in self.evidence.get(key, ()) for w in e.proper} & self.groups
        return bool(mine and theirs and not mine & theirs)

    def agrees(self, noun: Item, key: str | None) -> bool:
        h = _word(noun)
        if key is None or self.conflicts(noun, key):
            return False  # "the Republican candidate" is no one the pile calls a Democrat
        return any(_agrees(noun, e, self.near[h] - {h}) for e in self.evidence.get(key, ()))

    def apposed(self, members: list[int], k: int, by_surname: dict[str, str]) -> int | None:
        """A person name set right after a singular person noun ("the party's 2012 nominee, Mitt Romney")."""
        items = self.items
        it = items[members[k]]
        if not it.end or it.label not in PERSONISH or _plural(it):
            return None
        after = next((j for j in range(k + 1, len(members)) if items[members[j]].start >= it.end), None)
        if after is None:  # past the words inside the noun phrase ("Republican")
            return None
        nxt = items[members[after]]
        if nxt.kind == "name" and nxt.label in PERSONISH and nxt.start - it.end <= 3 and _fits(it, nxt, by_surname):
            return members[after]
        return None

    def target(self, members: list[int], k: int, by_surname: dict[str, str]) -> int | None:
        """The name item a definite role noun (``members[k]``) joins: the nearest preceding person of
        its report with evidence of that role, else none. (Also tried, tune pile: the one person of its
        report, or of the pile, with that evidence when none precedes it; not kept.)"""
        items = self.items
        it = items[members[k]]
        for j in range(k - 1, -1, -1):
            cand = items[members[j]]
            if it.start - cand.start > ROLE_REACH:
                break
            if cand.kind == "name" and cand.start < it.start and self.agrees(it, self.keys[members[j]]) \
                    and _fits(it, cand, by_surname):
                return members[j]
        return None


# Role evidence (issue 14): opt-in. On the tune pile it cuts wrong role links 18 -> 5 and ECB+ train
# CoNLL goes 68.13 -> 68.41, but ECB+ dev CoNLL measured 65.66, under tests/test_story_gate.py's 65.7
# floor (bench/results/entities.md). NEWSPRISM_ROLE_EVIDENCE=1 turns it on.
ROLE_EVIDENCE = os.environ.get("NEWSPRISM_ROLE_EVIDENCE", "") not in ("", "0")
ROLE_REACH = LOCAL_REACH * 2  # how far back a role noun looks for a person with evidence in its report
GENDER_REACH = 60  # characters from a name to the pronoun that tells its gender ("Ann Lee said she")


def _pronoun_genders(items: list[Item], by_doc: dict[str, list[int]]) -> dict[str, str]:
    """Surname -> gender from the pile's own text, where no given name tells: the first mention
    after a person name, when it is a gendered pronoun close behind it, is a vote."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for members in by_doc.values():
        order = sorted(members, key=lambda n: items[n].start)
        for a, b in zip(order, order[1:], strict=False):
            name, pro = items[a], items[b]
            if name.kind == "name" and name.label in PERSONISH and pro.kind == "pronoun" \
                    and pro.start - name.start <= GENDER_REACH + len(name.text):
                g = _gender(pro)
                toks = person_tokens(name.text)
                if g and toks:
                    votes[toks[-1]][g] += 1
    return {k: c.most_common(1)[0][0] for k, c in votes.items()
            if len(c) == 1 or c.most_common(2)[1][1] * 3 <= sum(c.values())}  # a clear majority


def _local(items: list[Item], uf: _UF, alone: set[int] | None = None, roles: _Roles | None = None) -> set[int]:
    """Within each document, a pronoun with no antecedent joins the nearest preceding
    mention it fits (gender, number, person or thing); returns the linked items. A definite role
    noun joins the person its evidence names (``_Roles``); one with a time word that names nobody
    ("the next president") goes into ``alone``: no head word joins it to anyone across reports."""
    alone = set() if alone is None else alone
    by_doc: dict[str, list[int]] = defaultdict(list)
    genders: dict[str, set[str]] = defaultdict(set)  # surname -> genders of its full names in the pile
    for n, it in enumerate(items):
        by_doc[it.doc].append(n)
        if it.kind == "name" and it.label in PERSONISH:
            toks = person_tokens(it.text)
            g = first_names().get(toks[0]) if len(toks) >= 2 else None
            if g:
                genders[toks[-1]].add(g)
    by_surname = {k: next(iter(v)) for k, v in genders.items() if len(v) == 1}
    for surname, told in _pronoun_genders(items, by_doc).items():
        by_surname.setdefault(surname, told)
    roles = _Roles(items) if roles is None else roles
    titles, keys = roles.titles, roles.keys
    linked: set[int] = set()
    for members in by_doc.values():
        if all(items[n].kind == "name" for n in members):
            continue
        members.sort(key=lambda n: items[n].start)
        nested = _nested(items, members)
        for k, n in enumerate(members):
            it = items[n]
            if it.antecedent is not None or it.kind == "name":
                continue
            if it.kind == "nominal" and roles.on and (beside := roles.apposed(members, k, by_surname)) is not None:
                uf.union(beside, n)
                linked.add(n)
                continue
            if it.kind == "nominal" and (not NOMINAL_LINKS or it.introduces):
                continue  # "a maid", "her rep": someone beside the person named before, not that person
            if it.kind == "nominal" and roles.on and _definite_role(it, roles.heads):
                target = roles.target(members, k, by_surname)
                if target is not None:
                    uf.union(target, n)
                    linked.add(n)
                    continue
                if _evidence(it.phrase or it.text).when:
                    alone.add(n)  # "the next president": nobody the pile says it is, kept out of head-word joins
                continue  # a role noun with no evidence stays unlinked (measured against the nearest person)
            for j in range(k - 1, -1, -1):
                cand = items[members[j]]
                if it.start - cand.start > (LOCAL_REACH if it.kind == "pronoun" else NOMINAL_REACH):
                    break
                if cand.start >= it.start and it.kind == "nominal":
                    continue  # inside the noun phrase itself: "Reid's rep" is not Reid
                if _word(it) in _RELATIVE and members[j] in nested:
                    continue  # "a Nixon administration official who": the official, not Nixon
                if _fits(it, cand, by_surname) and not _other_role(it, cand, titles, keys[members[j]], roles.heads):
                    uf.union(members[j], n)
                    linked.add(n)
                    break
        linked |= _nameless_chains(items, members, uf, by_surname, titles, keys)
    return linked


TOPICS = "tfidf"  # "": the pile is one story; else doc_topics features ("tfidf", "emb", "both")
TOPICS_CUT = 0.93
TOPICS_MAX_DOCS = 300


def _nested(items: list[Item], members: list[int]) -> set[int]:
    """Mentions inside a longer mention of their document (``members`` sorted by start)."""
    out: set[int] = set()
    reach = -1
    for n in members:
        it = items[n]
        if it.end and it.end <= reach:
            out.add(n)
        reach = max(reach, it.end)
    return out


# which kinds a nameless chain may hold: pronouns alone ("she" with no fitting name within LOCAL_REACH);
# with common nouns too: +0.4 ECB+ train entity CoNLL, but the claim-pair model then loses 0.002 F1 on
# ECB+ dev, below tests/test_story_gate.py's floor
CHAIN_KINDS = {"pronoun"}


def _surname(it: Item) -> str:
    toks = person_tokens(it.text)
    return toks[-1] if toks else ""


def _nameless_chains(items: list[Item], members: list[int], uf: _UF, by_surname: dict[str, str],
                     titles: dict[str, set[str]], keys: list[str | None]) -> set[int]:
    """A chain of one document with no name in it, of the kinds ``CHAIN_KINDS`` allows ("she" with
    no fitting name within reach; "the actress ... her" when common nouns are allowed), joins the person name of its document that fits every one of its
    members, when the names that fit before its first mention (else those after it: "The actress ...
    Tara Reid") are one person's; with two people who fit, it stays apart."""
    chains: dict[int, list[int]] = defaultdict(list)
    for n in members:
        chains[uf.find(n)].append(n)
    names = [n for n in members if items[n].kind == "name" and items[n].label in PERSONISH]
    out: set[int] = set()
    for chain in chains.values():
        its = [items[n] for n in chain]
        if any(it.kind == "name" or it.antecedent is not None for it in its) or not {it.kind for it in its} <= CHAIN_KINDS:
            continue
        person = [it for it in its if (it.kind == "pronoun" and (_word(it) in _MALE or _word(it) in _FEMALE))
                  or (it.kind == "nominal" and it.label in PERSONISH and not it.introduces)]
        if not person or any(it.kind == "nominal" and it.introduces for it in its):
            continue
        first = its[0].start
        before = [n for n in names if items[n].start < first][::-1]
        after = [n for n in names if items[n].start > first]
        fit = [c for c in before + after
               if all(_fits(it, items[c], by_surname) and not _other_role(it, items[c], titles, keys[c]) for it in person)]
        if any(items[c].start < first for c in fit):  # names after it count only when none before fits
            fit = [c for c in fit if items[c].start < first]
        if fit and len({_surname(items[c]) for c in fit}) == 1:
            uf.union(fit[0], chain[0])
            out.update(chain)
    return out


_PREPOSITIONS = {"of", "for", "in", "on", "at", "to", "from", "with"}


def name_heads(words: list[str]) -> set[str]:
    """The words a common noun can name a place or organisation by: its head, the last word before
    a preposition ("the Institute for School Reform" is an institute, not a reform; "Mt Cook" a
    mountain) or else its last word, and a place word anywhere in it ("Lake Taupo": the lake)."""
    cut = next((k for k, w in enumerate(words) if k and w in _PREPOSITIONS), len(words))
    return ({_PLACE_WORDS.get(words[cut - 1], words[cut - 1])} if words else set()) \
        | {_PLACE_WORDS[w] for w in words if w in _PLACE_WORDS}


def _nominal_heads(items: list[Item], local: set[int], loose: list[int], uf: _UF, roles: _Roles | None = None) -> None:
    """A common noun with no antecedent in its document ("the host") joins the named
    entity that other documents call by that noun, when one entity clearly dominates."""
    named: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    places: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for n in local:
        if items[n].kind == "nominal" and items[n].head:
            named[items[n].head, items[n].topic][uf.find(n)] += 1
    seats = _seats_of_power()  # "the house" is no short form of the White House
    for n, it in enumerate(items):  # "the mountain" of one report, "Mt Cook" of another
        if it.kind == "name" and it.label in HEAD_LABELS \
                and name_key(it.text) not in seats:
            for w in name_heads(clean(it.text).lower().replace(".", "").split()):
                if (w, it.topic) not in named or not named[w, it.topic]:
                    places[w, it.topic][uf.find(n)] += 1
    in_docs: dict[int, set[str]] = defaultdict(set)
    with_name: set[int] = set()  # groups holding a name
    for k, it in enumerate(items):
        in_docs[uf.find(k)].add(it.doc)
        if it.kind == "name":
            with_name.add(uf.find(k))

    def docs_of(root: int) -> int:
        return len(in_docs[uf.find(root)])

    people: dict[int, set[str]] = defaultdict(set)  # group -> the people named in it
    for k, key in enumerate(roles.keys if roles is not None and roles.on else ()):  # only role evidence reads it
        if key is not None:
            people[uf.find(k)].add(key)
    done: set[tuple[str, str]] = set()
    for n in loose:
        if items[n].introduces:
            continue  # "a day", "her immigration history": something new, not the Labor Day or a book
        head = (items[n].head, items[n].topic)
        if head in done or head not in named and (items[n].label in PERSONISH or head not in places):
            continue
        done.add(head)
        ranked = (named[head] if head in named else places[head]).most_common(2)
        if head not in named and 2 * docs_of(ranked[0][0]) < docs_of(n):
            continue  # one report's "Nassau County" is not every "country" of a pile of 28 reports
        if uf.find(n) in with_name and uf.find(n) != uf.find(ranked[0][0]):
            continue  # the noun's group already has a name: "the committee" of the RNC is not the DNC
        if roles is not None and roles.on and any(roles.conflicts(items[n], key) for key in people.get(uf.find(ranked[0][0]), ())):
            continue  # "the Republican candidate" of one report is not the Democrat other reports call so
        if len(ranked) == 1 or ranked[0][1] >= DOMINANT * ranked[1][1]:
            joined = in_docs[uf.find(ranked[0][0])] | in_docs[uf.find(n)]
            uf.union(ranked[0][0], n)
            in_docs[uf.find(n)] = joined
            with_name.add(uf.find(n))


DOMINANT = 2.0
HEAD_LABELS = {"GPE", "LOC", "FAC", "ORG"}  # "the mountain" is Mt Cook; "the day" is no Labor Day


def _capitalised(text: str) -> bool:
    """Two or more words, each capitalised (after a determiner): written as a name."""
    words = [w for w in clean(text).split() if w.lower() not in ("the", "a", "an")]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _written_as_name(it: Item) -> bool:
    """The noun's head word is capitalised inside the phrase: a name the tagger left out."""
    words = it.text.split()
    return any(w[:1].isupper() and w.lower().strip(".,'’s") == it.head for w in words[1:]) \
        or len(words) == 1 and words[0][:1].isupper()


QUALIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
              "lower", "greater", "northeast", "northwest", "southeast", "southwest", "new", "old", "inner", "outer"}


@lru_cache(maxsize=1)
def _seats_of_power() -> frozenset[str]:
    """Keys of the metonym table's names ("white house", "kremlin"): fixed names, not a head word
    with a modifier, so their last word alone ("House") is another body."""
    return frozenset(name_key(k) for k in tables()["metonyms"])


def _short_names(items: list[Item], others: dict[str, list[int]], uf: _UF) -> None:
    """A one-word place or organisation name ("Aden", "Chargers") joins the one longer name
    of the pile whose head it is ("Gulf of Aden", "San Diego Chargers"), unless that name is a
    seat of power of the metonym table ("the White House": "the House" is another body)."""
    longer: dict[str, set[str]] = defaultdict(set)
    fixed = _seats_of_power()
    for key, members in others.items():
        if not key.startswith("name|") or items[members[0]].kind != "name":
            continue
        words = key[5:].split()
        if len(words) >= 2 and key[5:] not in fixed:  # "House" is not short for the White House
            heads = {words[-1]} | ({words[words.index("of") - 1]} if "of" in words[1:] else set())
            for h in heads:
                longer[h].add(key)
    for key, members in others.items():
        words = key[5:].split()
        if key.startswith("name|") and len(words) == 1 and len(longer.get(words[0], ())) == 1 \
                and items[members[0]].kind == "name":
            (target,) = longer[words[0]]
            if target[5:].split()[0] not in QUALIFIERS:  # "Eastern Europe" is a part of Europe, not Europe
                uf.union(others[target][0], members[0])


def doc_topics(texts: dict[str, str], threshold: float = 0.7, linkage: str = "average",
               features: str = "both") -> dict[str, str]:
    """Group documents into topics (one event each) by their text: sentence vectors
    (``newsprism.resolve.embed``) beside TF-IDF over the pile, average-link clustering
    with a cosine-distance cut. Quadratic in the number of documents: meant for a pile
    or one block of a corpus."""
    ids = list(texts)
    if len(ids) < 2:
        return {d: "t0" for d in ids}
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsprism.resolve.embed import vectors

    docs = [texts[d] for d in ids]
    parts = []
    if features in {"emb", "both"}:
        parts.append(vectors(docs))
    if features in {"tfidf", "both"}:
        t = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(docs).toarray()
        parts.append(t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-9))
    x = np.hstack(parts)
    if not np.any(x):
        return {d: "t0" for d in ids}
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage=linkage,
                                     distance_threshold=threshold).fit_predict(x + 1e-9)
    return {d: f"t{lab}" for d, lab in zip(ids, labels, strict=True)}


def full_name_surnames(items: list[Item]) -> set[str]:
    """Surnames of the people the items name in full ("lohan" for "Lindsay Lohan")."""
    return {t[-1] for it in items if it.kind == "name" and it.label in PERSONISH
            for t in [person_tokens(it.text)] if len(t) >= 2}


def _one_word(it: Item) -> str | None:
    """The word of a one-word name (not a date or an amount), as written; else None."""
    words = clean(it.text).split()
    return words[0] if it.kind == "name" and len(words) == 1 and it.label not in VALUES else None


def _word_labels(items: list[Item], written: Callable[[str], bool] = lambda w: True) -> dict[str, Counter[str]]:
    """Per lower-cased one-word name written as ``written`` allows, the labels the tagger gave it."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        if (w := _one_word(it)) is not None and written(w):
            votes[w.lower()][it.label] += 1
    return votes


def _majority_labels(items: list[Item]) -> list[Item]:
    """A one-word name the tagger calls a person only now and then ("Colts": 4 PERSON, 13 ORG)
    takes the pile's majority label, unless it is the surname of a person named in full."""
    family = full_name_surnames(items)
    votes = _word_labels(items)
    relabel = {w: c.most_common(1)[0][0] for w, c in votes.items()
               if w not in family and 0 < c["PERSON"] < c.most_common(1)[0][1] and c.most_common(1)[0][0] != "PERSON"}
    if not relabel:
        return items
    out = []
    for it in items:
        w = _one_word(it)
        new = relabel.get(w.lower()) if w is not None and it.label in PERSONISH else None
        out.append(replace(it, label=new) if new else it)
    return out


def _capitals_labels(items: list[Item]) -> list[Item]:
    """A one-word name written in capitals ("MIAMI" in a dateline, tagged an organisation: the small
    models read labels off letter case) takes the label the pile most gives the word written
    otherwise ("Miami", a place); an acronym the pile never writes otherwise keeps its own."""
    votes = _word_labels(items, lambda w: not w.isupper())
    out = []
    for it in items:
        w = _one_word(it)
        if w is not None and len(w) > 1 and w.isupper() and (usual := votes.get(w.lower())):
            it = replace(it, label=usual.most_common(1)[0][0])
        out.append(it)
    return out


def _name_prefixes(items: list[Item]) -> list[Item]:
    """A person name that the pile writes more often as the start of a longer place or
    organisation name ("Betty Ford" / "the Betty Ford Center", "Morningside" / "Morningside
    Recovery") takes that name's label: it is the place, and no pronoun's antecedent."""
    longer: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        words = clean(it.text).lower().split()
        if it.kind == "name" and it.label not in PERSONISH and it.label not in VALUES:
            start = 1 if words[:1] == ["the"] else 0
            for k in range(start + 1, len(words)):
                longer[" ".join(words[start:k])][it.label] += 1
    people = Counter(clean(it.text).lower() for it in items if it.kind == "name" and it.label in PERSONISH)
    relabel = {w: longer[w].most_common(1)[0][0] for w, c in people.items() if sum(longer.get(w, {}).values()) >= c}
    if not relabel:
        return items
    return [replace(it, label=relabel[w]) if it.kind == "name" and it.label in PERSONISH
            and (w := clean(it.text).lower()) in relabel else it for it in items]


@lru_cache(maxsize=1)
def _gazetteer_names() -> frozenset[str]:
    return frozenset(name for names in gazetteer().values() for name in names)


def cluster(items: list[Item]) -> list[list[int]]:
    """Group mentions into entities; returns lists of indices into ``items``."""
    items = [replace(it, kind="nominal", head=role_only(it.text) or it.head)
             if it.kind == "name" and it.label in PERSONISH | {"ORG"} and role_only(it.text) else it for it in items]
    items = _majority_labels(_capitals_labels(items))
    items = _name_prefixes(items)
    uf = _UF(list(range(len(items))))
    by_id = {it.id: n for n, it in enumerate(items)}
    persons = [n for n, it in enumerate(items) if it.kind == "name" and it.label in PERSONISH]
    surnames = {person_tokens(items[n].text)[-1] for n in persons if person_tokens(items[n].text)}
    surnames |= {t[0] for t in (person_tokens(items[n].text) for n in persons) if len(t) >= 2}
    fulls = {" ".join(person_tokens(items[n].text)) for n in persons}
    family = full_name_surnames(items)
    places = _gazetteer_names()
    extra: dict[str, list[int]] = defaultdict(list)  # mislabelled people ("Rubio" as FAC)
    others: dict[str, list[int]] = defaultdict(list)
    tails: dict[str, list[int]] = defaultdict(list)
    longs: dict[str, set[str]] = defaultdict(set)  # acronym -> the long names it could stand for
    long_first: dict[str, int] = {}
    shorts: dict[str, list[int]] = defaultdict(list)  # "ODNI" -> its mentions
    loose: list[int] = []  # common nouns with no antecedent (gold mentions in benchmarks)
    alone: set[int] = set()
    roles = _Roles(items)
    local = _local(items, uf, alone, roles)
    for n, it in enumerate(items):
        if it.kind == "name" and it.label in PERSONISH or n in local:
            continue
        if it.kind != "name":
            if it.antecedent is not None and it.antecedent in by_id:
                uf.union(by_id[it.antecedent], n)
            elif it.head in surnames and it.kind == "nominal" and _written_as_name(it):
                extra[it.head].append(n)  # a name the tagger missed ("Driver"), not the noun ("the history")
            elif it.head and it.kind != "pronoun" and n not in alone:
                loose.append(n)
            continue
        toks = person_tokens(it.text)
        # a person mislabelled ("Rubio" as FAC), not an organisation ("State Department": no Mr Department)
        if it.label in WEAK and toks and toks[-1] not in COLLECTIVE and (" ".join(toks) in fulls or (len(toks) == 1 and toks[0] in surnames)
                                                                         or len(toks) >= 3 and " ".join(toks[-2:]) in fulls) \
                or it.label in PLACEISH and len(toks) == 1 and toks[0] in family and clean(it.text) not in places:
            # "Lohan" as a GPE, in a pile that names Lindsay Lohan: no place the gazetteer knows
            extra[toks[-1]].append(n)
            continue
        group = "NORP" if it.label == "NORP" else "name"
        others[f"NORP|{norp_key(it.text)}" if group == "NORP" else f"name|{name_key(it.text)}" + (f"|{it.topic}" if it.label == "DATE" and it.topic else "")].append(n)
        if it.label == "ORG" and toks:
            tails[toks[-1]].append(n)
        if it.label != "NORP":
            acr = acronym(it.text)
            short = clean(it.text)
            short = short.replace(".", "") if _DOTTED.fullmatch(short.lower()) else short
            if acr and len(acr) >= 2:
                longs[acr].add(name_key(it.text))
                long_first.setdefault(acr, n)
            elif short.isupper() and 2 <= len(short) <= 6 and short.isalpha():
                shorts[short.lower()].append(n)
    names = set(others)
    for n in loose:
        key = f"name|{items[n].head}"
        if _capitalised(items[n].text):
            key = f"name|{name_key(items[n].text)}"  # a name the tagger took for a noun ("White House Doctor")
        elif (key in names or f"{key}|{items[n].topic}" in names):
            key = f"noun|{items[n].head}"  # "our house", "the house" are not the House
        others[key if key in others or not items[n].topic else f"{key}|{items[n].topic}"].append(n)
        tails[items[n].head].append(n)
    for acr, members in shorts.items():
        if len(longs.get(acr, ())) == 1:  # one long name with these initials: the acronym is it
            others[f"acr|{acr}"] += [long_first[acr], *members]
    _people(items, persons, uf, extra)
    _tails(items, tails, uf)
    for members in others.values():
        for i in members[1:]:
            uf.union(members[0], i)
    _short_names(items, others, uf)
    _nominal_heads(items, local, loose, uf, roles)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(items)):
        groups[uf.find(n)].append(n)
    return list(groups.values())

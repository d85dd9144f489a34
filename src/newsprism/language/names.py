"""Name knowledge that both stages use: the variant and title tables, person-name tokens,
the title words that precede a name.

``extract`` (nominals) and ``resolve`` (identities, naming) import from here; it imports
neither of them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_POSS = re.compile(r"(?:['’]s|['’])$")
_WS = re.compile(r"\s+")
_WRAP = re.compile(r"(\w)-\s*\n\s*(\w)")


@lru_cache(maxsize=1)
def tables() -> dict[str, Any]:
    raw = resources.files("newsprism").joinpath("data/entity_variants.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[str]]:
    """The curated gazetteer shipped with the package: label -> names (countries, capitals, bodies)."""
    raw = json.loads(resources.files("newsprism").joinpath("data/gazetteer.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """The surface form without line wraps, doubled spaces or a possessive ending."""
    text = _WRAP.sub(r"\1\2", text)
    text = _WS.sub(" ", text).strip().strip(",;:\"“”'()")
    return _POSS.sub("", text).strip()


def _tokens(text: str) -> list[str]:
    variants: dict[str, str] = tables()["tokens"]
    return [variants.get(t, t) for t in clean(text).lower().replace("’", "'").split() if any(c.isalnum() for c in t)]


def person_tokens(text: str) -> list[str]:
    """Name tokens with leading titles and determiners dropped ("President Vladimir Putin")."""
    return list(_person_tokens(text))


@lru_cache(maxsize=1 << 16)
def _person_tokens(text: str) -> tuple[str, ...]:
    toks = _tokens(text)
    titles = set(tables()["titles"])
    while len(toks) > 1 and toks[0] in titles:
        toks = toks[1:]
    end = len(toks)
    while end > 1 and toks[end - 1] in _roles_set():
        end -= 1
    if end < len(toks) and (len(toks) - end >= 2 or toks[end - 1] not in _roles_set() and toks[-1] in JOBS):
        toks = toks[:end]  # a role after the name ("Sanjay Gupta Surgeon General")
    return tuple([t for t in toks if t not in {"jr", "jr.", "sr", "sr."}] or toks)


@lru_cache(maxsize=1 << 16)
def role_only(text: str) -> str | None:
    """The last word of a 'name' made only of titles and roles ("Surgeon General", "Oscar Host"), else None."""
    toks = [t.rstrip(".") for t in _tokens(text)]
    roles = _roles_set() | {"oscar", "oscars", "head", "assistant", "new", "the"}
    if toks and all(t in roles or t + "." in roles for t in toks) and toks[-1] not in {"the", "new"}:
        return toks[-1]
    return None


JOBS = {
    "host", "coach", "surgeon", "star", "emcee", "actor", "actress", "officer", "captain", "manager", "deputy",
    "agent", "singer", "rapper", "comedian", "player", "quarterback", "receiver", "tackle", "climber", "driver",
    "doctor", "physician", "anchor", "correspondent", "reporter", "spokesman", "spokeswoman", "spokesperson",
}


@lru_cache(maxsize=1)
def _roles_set() -> frozenset[str]:
    return frozenset(tables()["titles"]) | frozenset(ROLE_WORDS) | frozenset(JOBS)


ROLE_WORDS = {
    "president", "president-elect", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "envoy",
    "ambassador", "leader", "chancellor", "adviser", "advisor", "director", "chief", "senator", "governor",
    "commander", "head", "professor", "journalist", "analyst", "ceo", "expert", "lecturer", "researcher",
    "correspondent", "editor", "founder", "chairman", "chairwoman", "speaker", "mayor", "general",
}
_STOP = {
    "while", "than", "that", "and", "but", "when", "as", "if", "after", "before", "since", "the", "a", "an", "in",
    "on", "at", "for", "with", "by", "from", "to", "meanwhile", "however", "or", "said", "says", "told", "tells",
    "according", "of", "his", "her", "their", "its", "is", "was", "were", "are", "be", "been", "has", "had", "have",
    "who", "which", "between", "also", "then", "not", "called", "named", "met", "both", "former",
}


def title_before(before: str) -> tuple[int, str] | None:
    """The run of title words right before a name ("Kremlin spokesman", "National Security Adviser")."""
    words = list(re.finditer(r"\S+", before))
    if not words or not before[words[-1].end():].isspace() and before[words[-1].end():] != "":
        return None
    if words[-1].group().lower().strip(",") not in ROLE_WORDS or words[-1].group().endswith(","):
        return None
    lower_role = words[-1].group()[0].islower()
    keep = len(words) - 1
    lowers = 0
    for k in range(len(words) - 2, max(-1, len(words) - 7), -1):
        w = words[k].group()
        if w[-1] in ",.;:!?\"“”()" or w.lower() in _STOP:
            break
        if w[0].islower():
            if not lower_role or lowers >= 2:
                break
            lowers += 1
        keep = k
    return words[keep].start(), before[words[keep].start() : words[-1].end()]


# ----- common nouns that refer to participants (shared by the ``references`` extractor and resolve) -----

FEMALE_NOUNS = frozenset({
    "woman", "women", "actress", "mother", "sister", "daughter", "wife", "girl", "grandmother", "aunt", "niece",
    "girlfriend", "queen", "lady", "mum", "mom", "widow", "bride", "heiress", "hostess", "waitress", "maid",
})
MALE_NOUNS = frozenset({
    "man", "men", "actor", "father", "brother", "son", "husband", "boy", "grandfather", "uncle", "nephew",
    "boyfriend", "king", "gentleman", "dad", "widower", "groom", "gunman",
})
COLLECTIVE = frozenset({
    "police", "administration", "team", "family", "jury", "company", "management", "navy", "government", "staff",
    "crew", "club", "army", "military", "public", "media", "party", "group", "gang", "board", "committee", "firm",
    "council", "court", "agency", "department", "office", "force", "forces", "academy", "band", "couple", "audience",
    "organizers", "people", "everyone", "community", "union", "league", "network", "panel", "authorities",
})
PERSON_NOUNS = frozenset({
    "person", "people", "child", "children", "kid", "baby", "teen", "teenager", "youth", "adult", "student",
    "victim", "suspect", "gunman", "attacker", "killer", "robber", "thief", "burglar", "shooter", "bomber",
    "witness", "official", "officer", "cop", "detective", "investigator", "prosecutor", "judge", "lawyer",
    "attorney", "defendant", "sheriff", "trooper", "soldier", "guard", "driver", "pilot", "passenger",
    "resident", "neighbor", "neighbour", "friend", "parent", "relative", "spouse", "partner", "fan", "star",
    "celebrity", "player", "athlete", "boxer", "fighter", "champion", "challenger", "opponent", "rival",
    "winner", "loser", "coach", "owner", "worker", "employee", "staffer", "boss", "executive", "manager",
    "source", "representative", "rep", "spokesman", "spokeswoman", "spokesperson", "member", "leader",
    "candidate", "nominee", "voter", "lawmaker", "legislator", "politician", "activist", "protester",
    "demonstrator", "patient", "doctor", "nurse", "surgeon", "paramedic", "firefighter", "rescuer",
    "hostage", "prisoner", "inmate", "convict", "fugitive", "hacker", "pirate", "terrorist", "militant",
    "rebel", "director", "producer", "writer", "author", "singer", "musician", "artist", "model", "host",
    "reporter", "journalist", "editor", "scientist", "researcher", "expert", "analyst", "customer", "client",
    "user", "buyer", "seller", "dealer", "investor", "founder", "chairman", "president", "minister", "governor",
    "mayor", "senator", "ambassador", "diplomat", "envoy", "agent", "chief", "captain", "commander", "general",
    "pitcher", "quarterback", "receiver", "rookie", "veteran", "teammate", "colleague", "mourner", "crowd",
    "authorities", "fireman", "policeman", "policewoman", "businessman", "businesswoman", "chef", "teacher",
    "priest", "pastor", "bishop", "pope", "citizen", "immigrant", "refugee", "tourist", "visitor", "guest",
})
TIME_NOUNS = frozenset({
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute", "minutes",
    "morning", "afternoon", "evening", "night", "weekend", "season", "time", "decade", "century", "moment",
    "period", "date", "quarter", "half",
})
PLACE_NOUNS = frozenset({
    "city", "town", "village", "country", "nation", "state", "region", "area", "neighborhood", "neighbourhood",
    "street", "road", "home", "house", "building", "scene", "site", "prison", "jail", "hospital", "school",
    "store", "shop", "bank", "hotel", "restaurant", "church", "facility", "center", "centre", "clinic", "island",
    "coast", "sea", "border", "capital", "airport", "station", "stadium", "field", "park", "mountain", "lake",
    "river", "district", "province", "county", "room", "apartment", "office", "plant", "factory", "camp",
})


_ABSTRACT = re.compile(r"(?:tion|sion|ment|ness|ity|ship|ance|ence|ism|ure|acy|ing)s?$")


def abstract_noun(word: str) -> bool:
    """A noun whose ending makes it an idea or an act ("relations", "agreement"), not a participant."""
    return _ABSTRACT.search(word.lower()) is not None


def noun_class(word: str) -> str:
    """The entity label a common noun's head suggests: PERSON, ORG (collectives), LOC, DATE, else OTHER."""
    w = word.lower()
    if w in COLLECTIVE and w not in {"people", "authorities"}:
        return "ORG"
    if w in PERSON_NOUNS or w in FEMALE_NOUNS or w in MALE_NOUNS or w in JOBS or w in ROLE_WORDS:
        return "PERSON"
    if w.endswith("s") and (w[:-1] in PERSON_NOUNS or w[:-1] in JOBS or w[:-1] in ROLE_WORDS):
        return "PERSON"
    if w.endswith(("ist", "ists", "ian", "ians")) and len(w) > 6:
        return "PERSON"
    if w in TIME_NOUNS:
        return "DATE"
    if w in PLACE_NOUNS or w.endswith("s") and w[:-1] in PLACE_NOUNS:
        return "LOC"
    return "OTHER"

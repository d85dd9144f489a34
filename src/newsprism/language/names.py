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


@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """The surface form without line wraps, doubled spaces or a possessive ending."""
    text = _WRAP.sub(r"\1\2", text)
    text = _WS.sub(" ", text).strip().strip(",;:\"“”'()")
    return _POSS.sub("", text).strip()


def _tokens(text: str) -> list[str]:
    variants: dict[str, str] = tables()["tokens"]
    return [variants.get(t, t) for t in clean(text).lower().replace("’", "'").split()]


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

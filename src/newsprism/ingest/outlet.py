"""Outlet inference from the text's own self-references, with evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

_WORD = r"[A-Z][\w&'-]*(?:\.[A-Z][\w&'-]*)*"
_NAME = rf"(?:[Tt]he )?{_WORD}(?: (?:of |and |& )?{_WORD}){{0,4}}"
_OUTLET_WORDS = (
    "Times|Post|News|World|Journal|Guardian|Telegraph|Herald|Tribune|Gazette|Daily|Agency|Radio|TV|"
    "Television|Press|Review|Observer|Independent|Economist|Monitor|Insider|Wire|Report|Reporter|"
    "Chronicle|Standard|Mirror|Express|Mail|Sun|Star|Bulletin|Magazine|Media|Network|Channel|Today|"
    "Online|Digest|Dispatch|Courier|Examiner|Inquirer|Record|Register|Voice|Pravda|Izvestia|Kommersant|"
    "Vedomosti|Meduza|Novaya Gazeta|Interfax|Reuters|Bloomberg|Politico|Axios|Atlantic"
)
_OUTLET_SHAPE = re.compile(
    rf"(?:\b(?:{_OUTLET_WORDS})$|^[A-Z][a-z]*(?:{_OUTLET_WORDS})$|^[A-Z]{{2,6}}(?:\s+[A-Z][a-z]+)?$)"
)
# (pattern, weight): the name group is <o>
_CUES: list[tuple[re.Pattern[str], float, str]] = [
    (re.compile(rf"\b(?P<o>{_NAME})\s+(?:takes|took)\s+a\s+look\b"), 0.7, "takes a look"),
    (re.compile(rf"\btells\s+(?P<o>{_NAME})"), 0.6, "tells"),
    (re.compile(rf"\btold\s+(?P<o>{_NAME})"), 0.5, "told"),
    (re.compile(rf"\b(?:in\s+an\s+interview|speaking)\s+(?:with|to)\s+(?P<o>{_NAME})"), 0.5, "interview with"),
    (re.compile(rf"\b(?:contacted|reached)\s+by\s+(?P<o>{_NAME})"), 0.5, "contacted by"),
    (re.compile(rf"\b(?P<o>{_NAME})\s+(?:has|have)\s+(?:learned|seen|obtained|reviewed|confirmed)\b"), 0.6, "has learned"),
    (re.compile(rf"\b(?P<o>{_NAME})\s+(?:previously|earlier|first)\s+reported\b"), 0.6, "previously reported"),
    (re.compile(rf"\bin\s+conversations?\s+with\s+(?P<o>{_NAME})"), 0.5, "in conversation with"),
]
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s)$")


@dataclass
class OutletGuess:
    outlet: str
    confidence: float
    evidence: list[tuple[int, int]]  # clean-text offsets
    reason: str


def _canonical(name: str) -> str:
    name = _TRAILING_POSSESSIVE.sub("", name.strip().rstrip(".,;:"))
    name = re.sub(r"\s+", " ", name)
    if name.startswith("the "):
        name = "The " + name[4:]
    return name


def _key(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower())


def candidates(text: str) -> dict[str, OutletGuess]:
    """All outlet-shaped self-references in ``text``, keyed by normalised name."""
    found: dict[str, list[tuple[float, tuple[int, int], str, str]]] = defaultdict(list)
    for pattern, weight, why in _CUES:
        for m in pattern.finditer(text):
            raw = m.group("o")
            name = _canonical(raw)
            # trim trailing words until the name has an outlet's shape
            words = name.split()
            while words and not _OUTLET_SHAPE.search(" ".join(words)):
                words.pop()
            if not words or (len(words) == 1 and words[0] in ("The",)):
                continue
            name = " ".join(words)
            start = m.start("o")
            found[_key(name)].append((weight, (start, start + len(" ".join(raw.split()[: len(words)]))), name, why))
    out: dict[str, OutletGuess] = {}
    for key, hits in found.items():
        miss = 1.0
        for w, *_ in hits:
            miss *= 1.0 - w
        names = [h[2] for h in hits]
        display = max(set(names), key=lambda n: (names.count(n), n.startswith("The")))
        reasons = sorted({h[3] for h in hits})
        out[key] = OutletGuess(display, round(1.0 - miss, 3), [h[1] for h in hits], ", ".join(reasons))
    return out


def infer_outlet(text: str, syndicated_from: str | None = None) -> OutletGuess | None:
    """The outlet that published ``text``, or None without enough evidence.

    References to the syndication origin ("told VPost" in a story first published
    by VPost) are evidence for the origin, not for the republishing outlet.
    """
    cands = candidates(text)
    if syndicated_from:
        cands.pop(_key(syndicated_from), None)
    if not cands:
        return None
    best = max(cands.values(), key=lambda g: (g.confidence, len(g.evidence)))
    return best if best.confidence >= 0.5 else None

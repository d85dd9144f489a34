"""The outlet that published a text, and the wire it copies, from the text's own evidence.

Precision first. An outlet is named only on *self-reference*: a source speaking to it
("..., she told TRT World"), a byline or sign-off ("By Jane Roe, Example News"), the
outlet's own boilerplate (copyright, newsletter, "contributed to this report"), an
own-credit dateline ("LONDON (Example News) -"). Naming an outlet as a third party is
*citation* ("X reported", "according to X", "X's Jake Tapper", "appeared on X", "a X
poll"), and an outlet cited anywhere in a text is not taken for its reporter, whatever
else the text says. When two outlets have comparable self-reference evidence, or the
evidence is thin, nothing is named.

Wire credits ("WASHINGTON (AP) -", "(Reuters) -", "The Associated Press contributed to
this report") mark a wire copy: the wire is its syndication origin, never its outlet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newsprism.ingest.clean import CleanText

_WORD = r"[A-Z][\w&'’-]*(?:\.[A-Z][\w&'’-]*)*"  # no sentence end inside a name: "Gazette. Engineers"
_NAME = rf"(?:[Tt]he )?{_WORD}(?: (?:of |and |& )?{_WORD}){{0,4}}"
_OUTLET_WORDS = {
    w.lower()
    for w in (
        "Times|Post|News|World|Journal|Journalism|Guardian|Telegraph|Herald|Tribune|Gazette|Daily|Agency|Radio|"
        "TV|Television|Press|Review|Observer|Independent|Economist|Monitor|Insider|Wire|Report|Reporter|"
        "Chronicle|Standard|Mirror|Express|Mail|Sun|Star|Bulletin|Magazine|Media|Network|Channel|Today|"
        "Online|Digest|Dispatch|Courier|Examiner|Inquirer|Record|Register|Voice|Pravda|Izvestia|Kommersant|"
        "Vedomosti|Meduza|Gazeta|Interfax|Reuters|Bloomberg|Politico|Axios|Atlantic"
    ).split("|")
}
_CAMEL = re.compile(r"^[A-Z][a-z]+([A-Z][a-z]+)$")  # HuffPost, VPost
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")  # CNN, AP, POLITICO
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Wire agencies: a credit of one of these marks a copy (syndication), not the outlet.
WIRES = {
    "ap": "Associated Press", "associated press": "Associated Press", "afp": "AFP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "reuters": "Reuters", "upi": "UPI",
    "united press international": "UPI", "bloomberg": "Bloomberg", "xinhua": "Xinhua", "tass": "TASS",
    "dpa": "dpa", "anadolu agency": "Anadolu Agency", "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo",
    "pti": "PTI", "interfax": "Interfax", "the canadian press": "The Canadian Press", "pa": "PA",
}

_PAST_TO = r"(?:told|telling|said\s+to|spoke\s+to|speaking\s+(?:to|with)|talking\s+(?:to|with)|talked\s+(?:to|with))"
_STATEMENT = r"(?:a|an)\s+(?:\w+\s+)?(?:statement|e-?mail|interview|conversation|phone\s+call|text(?:\s+message)?|message|letter)"
_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "told X on Sunday", "told X in an interview that aired": an interview at a stated time is an event reported
_WHEN = re.compile(
    rf"\s*,?\s*(?:(?:on|last|this|earlier\s+this)\s+{_DAY}|{_DAY}|(?:in|last|this\s+past)\s+(?:{_MONTH}|\d{{4}}|week|month|year)"
    rf"|then\b|(?:in\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:interview|appearance|segment|video|broadcast)\s+(?:that\s+)?"
    rf"(?:aired|taped|broadcast|posted|published|released|conducted)|(?:\w+\s+){{1,2}}ago\b|(?:last|earlier\s+this)\s+(?:week|month|year))"
)
_ASKING = r"(?:\w+\s+)?(?:requests?|inquir(?:y|ies)|questions?|calls?|e-?mails?|messages?)\b"
_REQUEST = _ASKING + r"\s+(?:for|seeking)\s+comment"
_DATABLE = {"told", "tells", "interview with"}
# self-reference: (pattern, cue); the name group is <o>
_SELF: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_PAST_TO}\s+(?P<o>{_NAME})"), "told"),
    (re.compile(rf"\b(?:tells|says\s+to|speaks\s+(?:to|with))\s+(?P<o>{_NAME})"), "tells"),
    (re.compile(rf"\bin\s+{_STATEMENT}\s+(?:with|to)\s+(?P<o>{_NAME})"), "interview with"),
    (re.compile(rf"\bexclusive(?:ly)?\s+(?:interview\s+)?(?:with|to)\s+(?P<o>{_NAME})"), "exclusive"),
    (re.compile(rf"\b(?:contacted|reached|interviewed|approached|questioned)\s+by\s+(?P<o>{_NAME})"), "contacted by"),
    (re.compile(rf"\b(?P<o>{_NAME})\s+(?:takes|took)\s+a\s+look\b"), "takes a look"),
    (re.compile(rf"\b(?P<o>{_NAME})\s+(?:has|have)\s+learned\b"), "has learned"),
    (re.compile(rf"\b(?P<o>{_NAME})\s+(?:previously|earlier)\s+reported\b"), "previously reported"),
    (re.compile(rf"\b(?P<o>{_NAME})(?:'s|’s)\s+{_REQUEST}"), "request for comment"),
    (re.compile(rf"\b(?:requests?|inquir(?:y|ies)|questions?)\s+from\s+(?P<o>{_NAME})"), "request for comment"),
    (re.compile(rf"\b(?:declined|refused)\s+to\s+comment\s+to\s+(?P<o>{_NAME})"), "request for comment"),
    (re.compile(rf"\b(?:not|n[’']t|never|declined\s+to|failed\s+to)\s+(?:immediately\s+)?(?:respond|reply)\s+to\s+(?P<o>{_NAME})"),
     "request for comment"),
    (re.compile(rf"\bin\s+conversations?\s+with\s+(?P<o>{_NAME})"), "in conversation with"),
]
# how much each cue says; a byline, sign-off or boilerplate line says the most
WEIGHTS = {
    "told": 0.25, "interview with": 0.25, "in conversation with": 0.25, "tells": 0.6, "exclusive": 0.7,
    "contacted by": 0.4, "takes a look": 0.7, "has learned": 0.6, "previously reported": 0.5,
    "request for comment": 0.8, "byline": 0.9, "sign-off": 0.9, "copyright": 0.9, "newsletter": 0.9,
    "contributed": 0.9, "dateline": 0.9,
}
_CITE_VERB = (
    r"(?:has\s+|had\s+|have\s+)?(?:first\s+|also\s+|initially\s+|originally\s+|recently\s+|just\s+)?"
    r"(?:reported|reports|wrote|writes|revealed|reveals|published|noted|notes|said|says|found|finds|"
    r"obtained|broke|cited|quoted|described|called|editorialized|asked|projected|estimated|released|aired|"
    r"broadcast|interviewed|headlined|declared|added|explained|claimed|posted|tweeted|ran|reviewed|analyzed)\b"
)
_CITE_NOUN = (
    r"(?:poll(?:ing|s)?|survey|report(?:s|ing|er|ers)?|article|story|stories|analysis|investigation|editorial|"
    r"op-?ed|column(?:ist)?|host|anchor|correspondent|interview|piece|headline|town\s+hall|debate|broadcast|"
    r"program|show|segment|documentary|writer|editor|contributor|commentator|panel|moderator|podcast|video|"
    r"footage|affiliate|exit\s+poll|fact[- ]check(?:er)?|tally|count|projection|estimate|review|feature|"
    r"journalist|personality|pundit|presenter|producer|network|/)"
)
# citation: the name group is <o>
_CITE: list[re.Pattern[str]] = [
    re.compile(rf"\b(?i:according\s+to\s+(?:a\s+|an\s+|the\s+)?(?:new\s+|recent\s+|separate\s+)?)(?P<o>{_NAME})"),
    re.compile(rf"(?<!\bwith )(?<!\bto )(?<!\btold )(?<!\bby )\b(?P<o>{_NAME})\s+{_CITE_VERB}"),  # not "spoke with X said"
    re.compile(rf"\b(?:reported|published|revealed|obtained|released|conducted|cited|quoted|aired|broadcast|"
               rf"broken|first\s+reported|commissioned|sponsored|hosted|moderated)\s+(?:by|in|on)\s+(?P<o>{_NAME})"),
    re.compile(rf"\b(?i:on|in|via|per|h/t:?|appeared\s+on|wrote\s+for|writing\s+for|writes\s+for)\s+(?P<o>{_NAME})"),
    re.compile(rf"\b(?P<o>{_NAME})(?:-|\s+)(?:[A-Z][\w.]*\s+)?{_CITE_NOUN}"),
    re.compile(rf"\b(?P<o>{_NAME})(?:'s|’s)\s+(?!{_ASKING})"),
]
# lines of the outlet's own (byline, sign-off, boilerplate): the name group is <o>
_OWN_LINE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}(?:\s+and\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}})?"
                rf"\s*(?:,|\||—|–|-|\bof\b|\bfor\b)\s*(?P<o>{_NAME})\s*$"), "byline"),
    (re.compile(rf"^[—–-]\s*(?P<o>{_NAME})\s+(?:staff|reporters?|writers?|correspondents?)\b", re.IGNORECASE), "sign-off"),
    (re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*)?(?P<o>{_NAME})"), "copyright"),
    (re.compile(rf"\b(?:sign\s+up\s+for|subscribe\s+to|get)\s+(?P<o>{_NAME})(?:'s|’s)?\s+(?:\w+\s+)?(?:newsletter|app|alerts|briefing)",
                re.IGNORECASE), "newsletter"),
    (re.compile(rf"(?:(?P<o>{_NAME})\s+(?:staff|reporters?|writers?)|[A-Z]\w+\s+of\s+(?P<o2>{_NAME}))\s+contributed\s+(?:to\s+this\s+report|reporting)"),
     "contributed"),
]
# wire credits: the wire group is <w>
_WIRE_NAMES = "|".join(sorted((re.escape(k) for k in WIRES), key=len, reverse=True))
_DATELINE = re.compile(r"^[^\n()]{0,60}\((?P<w>[A-Z][\w .&-]{1,30})\)\s*[—–-]{1,2}", re.MULTILINE)
_WIRE_CREDIT: list[re.Pattern[str]] = [
    re.compile(rf"(?:^|\n|\bof\s+)(?:The\s+)?(?P<w>{_WIRE_NAMES})\s+(?:staff\s+|writers?\s+[^\n]{{0,80}}?)?contributed\s+(?:to\s+this\s+report|reporting)",
               re.IGNORECASE),
    re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*)?(?:The\s+)?(?P<w>{_WIRE_NAMES})\b", re.IGNORECASE),
]
# the Reuters sign-off: "(Reporting by A; Editing by B)"
_REUTERS_SIGNOFF = re.compile(r"\(Reporting\s+by\s+[^()\n]{2,200};\s*(?:[^()\n;]{2,120};\s*)*Editing\s+by\s+[^()\n]{2,80}\)")


@dataclass
class OutletGuess:
    outlet: str
    confidence: float
    evidence: list[tuple[int, int]]  # offsets in the text as read
    reason: str


@dataclass
class WireCredit:
    wire: str
    start: int
    end: int


Mapper = Callable[[int, int], tuple[int, int]]


def _shifted(mapper: Mapper, off: int) -> Mapper:
    return lambda s, e: mapper(off + s, off + e)


def _segments(cleaned: CleanText) -> list[tuple[str, Mapper, bool]]:
    """(text, map to original offsets, is a line of boilerplate) to scan."""
    segs: list[tuple[str, Mapper, bool]] = [(cleaned.text, cleaned.offsets.span, False)]
    for b in cleaned.boilerplate:
        segs.append((b.text, _shifted(lambda s, e: (s, e), b.start), True))
    return segs


def _key(name: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", name.lower()))


def _trim(raw: str) -> tuple[str | None, bool]:
    """The outlet-shaped head of a captured name, and whether it is the outlet of a person or show.

    "CNN's Jake Tapper" and "Chris Wallace of Fox News" give ("CNN", True) and ("Fox News", True);
    "USA TODAY. The" gives ("USA TODAY", False).
    """
    words = raw.split()
    owner = False
    for i, w in enumerate(words):  # a name ends at a possessive or a clause mark
        if _POSSESSIVE.search(w) and not w.endswith(".'"):
            words, owner = words[: i + 1], i + 1 < len(words) or w.endswith(("'s", "’s"))
            words[-1] = _POSSESSIVE.sub("", words[-1])
            break
        if w.endswith((",", ";", ":")) or (w.endswith(".") and "." not in w[:-1]):
            words = words[: i + 1]
            words[-1] = w.rstrip(".,;:")
            break
    if "of" in words:  # "Chris Wallace of Fox News": the outlet of a person
        i = words.index("of")
        if not _shaped(words[:i]):
            words, owner = words[i + 1 :], True
    while words and not _shaped(words):
        words.pop()
    if not words or words in (["The"], ["the"]):
        return None, owner
    return " ".join(words), owner


def _shaped(words: list[str]) -> bool:
    if not words:
        return False
    last = words[-1]
    if last.lower() in _OUTLET_WORDS:
        return last[0].isupper()
    camel = _CAMEL.match(last)
    if camel and camel.group(1).lower() in _OUTLET_WORDS:
        return True
    return len(words) == 1 and bool(_ACRONYM.match(last))


def _display(name: str) -> str:
    return "The " + name[4:] if name.startswith("the ") else name


def _short_of(short: str, full: str) -> bool:
    """"the times" names "the new york times" (same last words, fewer of them)."""
    s, f = short.split(), full.split()
    return len(s) < len(f) and f[-len(s) :] == s


Hit = tuple[float, tuple[int, int], str, str]  # weight, span in the text as read, name as written, cue


def references(cleaned: CleanText) -> tuple[dict[str, list[Hit]], set[str]]:
    """Self-references per outlet key, and the keys of every outlet named as a third party."""
    found: dict[str, list[Hit]] = defaultdict(list)
    third: set[str] = set()

    def add(m: re.Match[str], group: str, why: str, text: str, mapper: Mapper) -> None:
        name, owner = _trim(m.group(group))
        if not name:
            return
        start = m.start(group) + m.group(group).find(name)
        # the outlet of a host or show, a dated interview (an event reported), "the Post" (not how
        # a masthead names itself): third parties
        if owner and why != "request for comment" or why in _DATABLE and _WHEN.match(text, start + len(name)) or name.startswith("the "):
            third.add(_key(name))
            return
        span = mapper(start, start + len(name))
        if all(h[1] != span for h in found[_key(name)]):
            found[_key(name)].append((WEIGHTS[why], span, _display(name), why))

    for text, mapper, boiler in _segments(cleaned):
        for pattern in _CITE:
            for m in pattern.finditer(text):
                name, _owner = _trim(m.group("o"))
                if name:
                    third.add(_key(name))
        for m in _DATELINE.finditer(text):  # "LONDON (Example News) -": an own credit unless a wire's
            if _key(m.group("w")) not in WIRES:
                add(m, "w", "dateline", text, mapper)
        for pattern, why in _SELF:
            for m in pattern.finditer(text):
                add(m, "o", why, text, mapper)
        lines = [(0, text)] if boiler else [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
        for off, line in lines:
            if len(line) > 200:
                continue
            for pattern, why in _OWN_LINE:
                for m in pattern.finditer(line):
                    group = "o" if m.groupdict().get("o") else "o2"
                    add(m, group, why, line, _shifted(mapper, off))
    return found, third


def _full_names(text: str) -> dict[str, str]:
    """Every outlet-shaped name in ``text`` by key, as first written."""
    out: dict[str, str] = {}
    for m in re.finditer(_NAME, text):
        name, _owner = _trim(m.group(0))
        if name:
            out.setdefault(_key(name), _display(name))
    return out


def infer_outlet(cleaned: CleanText, syndicated_from: str | None = None, hints: Iterable[str] = ()) -> OutletGuess | None:
    """The outlet that published the text, or None without clear self-reference.

    References to the syndication origin ("told VPost" in a story first published by
    VPost) are evidence for the origin, not for the republishing outlet. ``hints`` (a
    URL, a file name) add weak support to an outlet the text already points at.
    """
    refs, third = references(cleaned)
    drop = set(WIRES) | ({_key(syndicated_from)} if syndicated_from else set())
    names = _full_names(cleaned.text)
    for key in list(refs):  # a short form ("the Times") is the one full name it shortens
        fulls = [k for k in names if _short_of(key, k)]
        if len(fulls) == 1:
            refs[fulls[0]].extend(refs.pop(key))
        elif fulls:
            refs.pop(key)  # "the Times" in a text naming two Times: which one?
    squashed_hints = [re.sub(r"[^a-z0-9]", "", h.lower()) for h in hints]
    results = []
    for key, hits in refs.items():
        if key in drop or any(c == key or _short_of(c, key) or _short_of(key, c) for c in third):
            continue
        miss = 1.0
        for w, *_ in hits:
            miss *= 1.0 - w
        why = sorted({h[3] for h in hits})
        squashed = re.sub(r"[^a-z0-9]", "", key)
        if squashed and any(squashed in h for h in squashed_hints):
            miss *= 0.6
            why.append("name in url or file name")
        written = [h[2] for h in hits if _key(h[2]) == key]  # else only short forms: the full name as the text has it
        display = max(set(written), key=lambda n: (written.count(n), n.startswith("The"))) if written else names[key]
        results.append(OutletGuess(display, round(1.0 - miss, 3), [h[1] for h in hits], ", ".join(why)))
    if not results:
        return None
    results.sort(key=lambda g: -g.confidence)
    best = results[0]
    if best.confidence < 0.5:
        return None
    if len(results) > 1 and results[1].confidence > best.confidence * 0.5:
        return None  # two outlets with comparable self-reference: undecided
    return best


def wire_credit(cleaned: CleanText) -> WireCredit | None:
    """The wire agency a text credits (dateline, contribution, copyright), if any."""
    for text, mapper, _b in _segments(cleaned):
        for m in _DATELINE.finditer(text):
            wire = WIRES.get(_key(m.group("w")))
            if wire:
                s, e = mapper(m.start("w") - 1, m.end())
                return WireCredit(wire, s, e)
        for pattern in _WIRE_CREDIT:
            for m in pattern.finditer(text):
                wire = WIRES.get(_key(m.group("w")))
                if wire:
                    start = m.start("w")
                    s, e = mapper(start - (4 if text[max(0, start - 4) : start].lower() == "the " else 0), m.end())
                    return WireCredit(wire, s, e)
        m2 = _REUTERS_SIGNOFF.search(text)
        if m2:
            s, e = mapper(m2.start(), m2.end())
            return WireCredit("Reuters", s, e)
    return None

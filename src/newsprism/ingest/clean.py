"""Cleaning for analysis that keeps provenance exact.

PDF-extracted reports come with hard line breaks mid-sentence, stray leading
spaces and boilerplate lines ("Related article: ...", "This article was first
published by X."). :func:`clean` unwraps lines, joins hyphenated breaks,
normalises white space and drops boilerplate, building an :class:`OffsetMap`
back to the text as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsprism.ingest.offsets import OffsetMap

_BOILERPLATE = re.compile(
    r"""^(?:
        related\ (?:article|articles|story|stories|coverage|reading|content|links?)\b
      | (?:read|see)\ (?:more|also|next)\b | also\ read\b | more\ on\ this\b | most\ read\b
      | (?:this|the)\ (?:article|story|piece|report|interview)\ (?:was|is|has\ been)\ (?:first\ |originally\ )?
          (?:published|posted|appeared|republished)\b
      | (?:first|originally)\ (?:published|appeared)\ (?:by|in|on|at)\b
      | republished\ (?:from|with)\b
      | (?:photo|photos|photograph|image|picture|video|illustration|graphic)s?(?:\ credit)?\s*(?::|by\b|courtesy\b)
      | (?:photo|image)\ credit\b
      | (?:sign\ up|subscribe|get\ (?:our|the)\ newsletter|click\ here|follow\ us|share\ this|download\ (?:our|the)\ app
          |support\ (?:our|independent)\ journalism|advertisement\s*$|copyright\b|©)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_TAIL = re.compile(r"(?:getty images|/ ?reuters|ap photo|shutterstock|/ ?afp)\s*\W?\s*$", re.IGNORECASE)
_SYNDICATION = re.compile(
    r"(?:first|originally)\s+(?:published|posted|appeared)\s+(?:by|in|on|at)\s+(?:the\s+)?"
    r"(?P<src>[A-Z0-9][\w&'’.-]*(?:\s+[A-Z0-9][\w&'’.-]*){0,5})"
    r"|republished\s+(?:from|with\s+permission\s+(?:from|of))\s+(?:the\s+)?"
    r"(?P<src2>[A-Z0-9][\w&'’.-]*(?:\s+[A-Z0-9][\w&'’.-]*){0,5})"
)
_INLINE_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+|[\u00ad\u200b\u200c\u200d\u2060\ufeff]+")
# Characters the parser misreads, as the characters they stand for (one for one): the
# horizontal bar some outlets use as a dash ("a year ― and that included") is tagged
# a noun or verb by spaCy's English pipelines; the em dash is punctuation.
_STANDS_FOR = {"\u2015": "\u2014"}
# what a line's text is copied around: inline whitespace other than a lone space (which stays inside
# its verbatim run), invisible characters, and the characters in ``_STANDS_FOR``
_PIECES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
                     r"|[\u00ad\u200b\u200c\u200d\u2060\ufeff]+|[" + "".join(_STANDS_FOR) + "]")
_TERMINAL = tuple(".!?:;\"”’'»)]")
_BULLET = re.compile(r"^(?:[-*•–—]\s|\d{1,2}[.)]\s|#{1,6}\s)")
_KEEP_HYPHEN_HEADS = {
    "pro", "anti", "non", "self", "well", "state", "long", "short", "ex", "co", "post", "pre", "semi",
    "multi", "so", "half", "full", "high", "low", "cross", "all", "mid", "far", "near", "vice", "war",
    "one", "two", "three", "four", "five", "first", "second", "third", "much", "hard", "open", "top",
}
_KEEP_HYPHEN_TAILS = {
    "linked", "based", "run", "owned", "backed", "led", "term", "year", "old", "style", "like", "scale",
    "level", "time", "wing", "called", "elect", "party", "minded", "made", "known", "day", "month",
    "week", "hour", "related", "free", "born", "up", "in", "out", "off", "over", "long",
}


@dataclass
class Boilerplate:
    start: int
    end: int
    text: str


@dataclass
class CleanText:
    """Analysis text, its map back to the original, and what was left out."""

    text: str
    offsets: OffsetMap
    boilerplate: list[Boilerplate] = field(default_factory=list)
    syndicated_from: str | None = None
    syndication: Boilerplate | None = None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the line break."""
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in "\u200b\ufeff\u00ad"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "\u200b\ufeff\u00ad"):
        e -= 1
    return s, e


def _is_boilerplate(line: str) -> bool:
    if len(line) > 300:
        return False
    return bool(_BOILERPLATE.match(line)) or (len(line) < 160 and bool(_CREDIT_TAIL.search(line)))


def _nonblank(text: str, kept: dict[int, int]) -> list[tuple[int, int] | None]:
    """Every line again, the ``kept`` ones as content and the others as breaks."""
    out: list[tuple[int, int] | None] = []
    for s, e in _lines(text):
        s, e = _strip(text, s, e)
        out.append((s, e) if kept.get(s) == e and s < e else None)
    return out


def _keep_hyphen(left_word: str, right_word: str) -> bool:
    if not right_word[:1].islower() or not left_word[-1:].isalpha():
        return True
    if not left_word.islower():
        return True
    return left_word.lower() in _KEEP_HYPHEN_HEADS or right_word.lower() in _KEEP_HYPHEN_TAILS


def clean(text: str) -> CleanText:
    """Unwrap, normalise and drop boilerplate, keeping an exact offset map."""
    lines: list[tuple[int, int] | None] = []  # (start, end) stripped, or None for a break
    boiler: list[Boilerplate] = []
    has_blank = False
    seen_content = False
    for s, e in _lines(text):
        s, e = _strip(text, s, e)
        if s == e:
            if seen_content:
                has_blank = True
            lines.append(None)
            continue
        if _is_boilerplate(text[s:e]):
            boiler.append(Boilerplate(s, e, text[s:e]))
            lines.append(None)
            continue
        seen_content = True
        lines.append((s, e))
    if not seen_content and boiler:  # all of it looks like boilerplate ("Video: ..."): it is the article
        kept = {b.start: b.end for b in boiler}
        lines = _nonblank(text, kept)
        boiler = []

    paragraphs: list[list[tuple[int, int]]] = []
    prev: tuple[int, int] | None = None
    for line in lines:
        if line is None:
            prev = None
            continue
        if prev is None or not _continues(text, prev, line, has_blank):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
        prev = line

    out: list[str] = []
    omap = OffsetMap()
    last_end = 0
    for p_index, para in enumerate(paragraphs):
        if p_index:
            out.append("\n\n")
            omap.add(last_end, 2, verbatim=False, orig_len=para[0][0] - last_end)
        for l_index, (s, e) in enumerate(para):
            if l_index:
                ps, pe = para[l_index - 1]
                joined_hyphen = text[pe - 1] == "-" and pe - 2 >= ps and text[pe - 2].isalpha() and text[s].isalpha()
                if joined_hyphen:
                    left = re.search(r"[\w]+$", text[ps : pe - 1])
                    right = re.match(r"[\w]+", text[s:e])
                    lw = left.group(0) if left else ""
                    rw = right.group(0) if right else ""
                    if not _keep_hyphen(lw, rw):
                        # drop the hyphen: remove the last character emitted
                        out[-1] = out[-1][:-1]
                        _drop_last_char(omap)
                else:
                    out.append(" ")
                    omap.add(pe, 1, verbatim=False, orig_len=s - pe)
            _emit_line(text, s, e, out, omap)
        last_end = para[-1][1]
    clean_text = "".join(out)
    result = CleanText(clean_text, omap, boiler)
    for b in boiler:
        m = _SYNDICATION.search(b.text)
        if m:
            src = (m.group("src") or m.group("src2") or "").rstrip(".’'")
            result.syndicated_from = src
            result.syndication = b
    return result


def _continues(text: str, prev: tuple[int, int], cur: tuple[int, int], has_blank: bool) -> bool:
    """Does line ``cur`` continue the paragraph of line ``prev``?"""
    line = text[cur[0] : cur[1]]
    if _BULLET.match(line):
        return False
    prev_line = text[prev[0] : prev[1]]
    if text[cur[0]].islower() or (prev_line.endswith("-") and prev_line[-2:-1].isalpha()):
        return True
    if has_blank:
        return True
    return not prev_line.endswith(_TERMINAL) and len(prev_line) >= 40


def _emit_line(text: str, s: int, e: int, out: list[str], omap: OffsetMap) -> None:
    pos = s
    for m in _PIECES.finditer(text, s, e):
        if m.start() > pos:
            out.append(text[pos : m.start()])
            omap.add(pos, m.start() - pos)
        if m.group(0) in _STANDS_FOR:
            out.append(_STANDS_FOR[m.group(0)])
            omap.add(m.start(), 1, verbatim=False)
        elif not m.group(0).strip("\u00ad\u200b\u200c\u200d\u2060\ufeff"):
            pass  # invisible characters: dropped
        else:
            out.append(" ")
            omap.add(m.start(), 1, verbatim=False, orig_len=m.end() - m.start())
        pos = m.end()
    if e > pos:
        out.append(text[pos:e])
        omap.add(pos, e - pos)


def _drop_last_char(omap: OffsetMap) -> None:
    omap.lengths[-1] -= 1
    omap.orig_lens[-1] -= 1
    omap.size -= 1
    if omap.lengths[-1] == 0:
        for lst in (omap.clean_starts, omap.orig_starts, omap.lengths, omap.verbatim, omap.orig_lens):
            lst.pop()

"""Learned span boundaries: move the rules' start and end of a cue or content span.

The span rules (``rules.py``) find the right words for most attributions but miss PolNeAR's
exact boundaries often ('to' / 'for' before the content, ', adding ...' after a quotation).
For each boundary of a rule span, the candidates are the word tokens (no punctuation or
white space, which the scorer trims anyway) within a few tokens of the rule's boundary, in
the same paragraph; a logistic regression trained on PolNeAR train (``train/attributions.py``)
scores each candidate as "the gold boundary", and the best one is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WINDOW = {"cue": 3, "content": 12}  # how far (in tokens) a boundary may move from the rule's


def _word(t: Token) -> bool:
    return not (t.is_punct or t.is_space)


def _desc(t: Token | None) -> str:
    """A token as a feature value: punctuation and function words as text, others as tag."""
    if t is None:
        return "<none>"
    if t.is_space:
        return "<par>" if "\n" in t.text else "<sp>"
    if t.is_punct or t.is_stop or t.pos_ in ("ADP", "SCONJ", "CCONJ", "PART"):
        return t.lower_
    return t.tag_


def snap(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """[a, b] narrowed to its first and last word tokens (the scorer trims punctuation anyway)."""
    while a < b and not _word(doc[a]):
        a += 1
    while b > a and not _word(doc[b]):
        b -= 1
    return a, b


def candidates(doc: Doc, role: str, side: str, a: int, b: int) -> list[int]:
    """Token indices a span [a, b] (token indices, inclusive) may start (side "s") or end ("e") at."""
    w = WINDOW[role]
    rule = a if side == "s" else b
    out = []
    for step in (-1, 1):
        k = rule + step
        while 0 <= k < len(doc) and abs(k - rule) <= w and "\n\n" not in doc[k].text:
            if _word(doc[k]) and (a <= k if side == "e" else k <= b):
                out.append(k)
            k += step
    return sorted([rule, *out])


def feats(doc: Doc, role: str, side: str, k: int, a: int, b: int, head: Token, taken: set[int]) -> dict[str, str]:
    """Features of token ``k`` as the start (side "s") or end ("e") of a role span [a, b]."""
    n = len(doc)
    rule = a if side == "s" else b
    step = 1 if side == "e" else -1  # outwards from the span
    out1 = doc[k + step] if 0 <= k + step < n else None
    out2 = doc[k + 2 * step] if 0 <= k + 2 * step < n else None
    in1 = doc[k - step] if 0 <= k - step < n else None
    d = k - rule
    lo, hi = min(k, rule), max(k, rule)
    between = doc[lo + 1 : hi + 1] if k > rule else doc[lo:hi]
    nxt = k + step
    while 0 <= nxt < n and not _word(doc[nxt]):
        nxt += step
    word = doc[nxt] if 0 <= nxt < n else None
    new_sent = any(t.is_sent_start for t in doc[min(k, nxt) + 1 : max(k, nxt) + 1]) if word is not None else True
    tok = doc[k]
    top = tok  # the largest constituent that starts (ends) at k
    while top.head.i != top.i and (top.head.right_edge.i if side == "e" else top.head.left_edge.i) == k:
        top = top.head
    f = {
        "d": str(max(-6, min(6, d))) + ("+" if abs(d) > 6 else ""),
        "o1": _desc(out1),
        "o2": _desc(out2),
        "o12": f"{_desc(out1)}|{_desc(out2)}",
        "i1": _desc(in1),
        "tok": _desc(tok),
        "dep": tok.dep_,
        "wdep": f"{word.pos_}|{word.dep_}" if word is not None else "<none>",
        "wlem": word.lemma_.lower() if word is not None and word.pos_ in ("VERB", "ADP", "SCONJ") else "-",
        "sent": str(new_sent),
        "side": "cue_after" if head.i > k else "cue_before",
        "taken": str(word is not None and word.i in taken),
        "cross_taken": str(any(t.i in taken for t in between)),
        "cross_sent": str(min(2, sum(bool(t.is_sent_start) for t in between))),
        "cross_punct": "".join(sorted({t.text for t in between if t.is_punct}))[:6],
        "edge": str(tok.right_edge.i == k if side == "e" else tok.left_edge.i == k),
        "hkid": str(tok.head.i == head.i),
        "top": f"{top.dep_}|{top.head.i == head.i}|{top.i == head.i}",
        "in_q": str(any(t.text in ('"', "“", "”", "''", "``") for t in doc[min(k, head.i) : max(k, head.i)])),
    }
    f["top_o1"] = f"{f['top']}|{f['o1']}"
    f["d_o1"] = f"{f['d']}|{f['o1']}"
    f["d_sent"] = f"{f['d']}|{f['sent']}"
    f["d_i1"] = f"{f['d']}|{f['i1']}"
    f["lem_d"] = f"{head.lemma_.lower()}|{f['d']}" if role == "cue" else f"{f['side']}|{f['d']}"
    return {f"{role}{side}:{key}": v for key, v in f.items()}


def taken_by_others(role: str, cue: list[Token], source: list[Token], content: list[Token]) -> set[int]:
    """Token indices of the attribution's other roles (a boundary feature; never moved into ``role``)."""
    return {t.i for t in (cue + source if role == "content" else source + content)}


def rows(
    doc: Doc, role: str, side: str, toks: list[Token], head: Token, taken: set[int]
) -> tuple[int, list[int], list[dict[str, str]]]:
    """The rule's boundary (snapped to a word), the candidates and their feature rows."""
    a, b = snap(doc, min(t.i for t in toks), max(t.i for t in toks))
    cands = candidates(doc, role, side, a, b)
    return (a if side == "s" else b), cands, [feats(doc, role, side, k, a, b, head, taken) for k in cands]


def reshape(doc: Doc, toks: list[Token], start: int, end: int, taken: set[int]) -> list[Token]:
    """``toks`` cut to [start, end], or grown to it with the tokens no other role holds."""
    a, b = min(t.i for t in toks), max(t.i for t in toks)
    keep = [t for t in toks if start <= t.i <= end]
    extra = [doc[i] for i in (*range(start, a), *range(b + 1, end + 1)) if i not in taken]
    return sorted(keep + extra, key=lambda t: t.i)

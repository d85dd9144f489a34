"""Learned span boundaries: move the rules' start and end of a cue span.

The span rules (``rules.py``) find the right words for most cues but often miss PolNeAR's exact
extent ('told reporters', 'went on to say', 'said in a statement'). For each end of a rule span,
the candidates are the word tokens (no punctuation or white space, which the scorer trims
anyway) within a few tokens of the rule's, in the same paragraph; a logistic regression
trained on PolNeAR train (``train/attributions.py``) scores each candidate as "the gold
boundary", and the best one is kept. (The same models for content spans, with a window of 12
tokens, gained 0.006 exact F1 on dev's tune half and lost 0.013 on its test half: not shipped.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WINDOW = {"cue": 3}  # per role: how far (in tokens) a boundary may move from the rule's


QUOTES = ('"', "“", "”", "''", "``")


class Tokens:
    """One document's tokens as the boundary features read them: flags and running counts from
    spaCy's arrays, and each token's description and tree links computed once, when first asked."""

    def __init__(self, doc: Doc) -> None:
        import numpy as np
        from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START

        self.doc = doc
        self.n = len(doc)
        arr = doc.to_array([IS_PUNCT, IS_SPACE, SENT_START, ORTH]).reshape(self.n, 4)
        self.punct: list[bool] = (arr[:, 0] != 0).tolist()
        self.word: list[bool] = ((arr[:, 0] == 0) & (arr[:, 1] == 0)).tolist()
        sent = arr[:, 2].astype(np.int64) == 1
        if self.n:
            sent[0] = True
        quote = np.isin(arr[:, 3], np.array([doc.vocab.strings.add(x) for x in QUOTES], dtype=arr.dtype))
        self.sent: list[bool] = sent.tolist()
        self.sent_cum: list[int] = np.concatenate([[0], np.cumsum(sent)]).tolist()
        self.quote_cum: list[int] = np.concatenate([[0], np.cumsum(quote)]).tolist()
        self._info: dict[int, tuple[str, str, str, str, str, int, int, int]] = {}

    def info(self, i: int) -> tuple[str, str, str, str, str, int, int, int]:
        """(description, dep, POS, lower-cased lemma, text, head, left edge, right edge) of token i."""
        got = self._info.get(i)
        if got is None:
            t = self.doc[i]
            got = (_desc(t), t.dep_, t.pos_, t.lemma_.lower(), t.text, t.head.i, t.left_edge.i, t.right_edge.i)
            self._info[i] = got
        return got

    def desc(self, i: int) -> str:
        return self.info(i)[0] if 0 <= i < self.n else "<none>"


def _desc(t: Token) -> str:
    """A token as a feature value: punctuation and function words as text, others as tag."""
    if t.is_space:
        return "<par>" if "\n" in t.text else "<sp>"
    if t.is_punct or t.is_stop or t.pos_ in ("ADP", "SCONJ", "CCONJ", "PART"):
        return t.lower_
    return t.tag_


def snap(tt: Tokens, a: int, b: int) -> tuple[int, int]:
    """[a, b] narrowed to its first and last word tokens (the scorer trims punctuation anyway)."""
    while a < b and not tt.word[a]:
        a += 1
    while b > a and not tt.word[b]:
        b -= 1
    return a, b


def candidates(tt: Tokens, role: str, side: str, a: int, b: int) -> list[int]:
    """Token indices a span [a, b] (token indices, inclusive) may start (side "s") or end ("e") at."""
    w = WINDOW[role]
    rule = a if side == "s" else b
    out = []
    for step in (-1, 1):
        k = rule + step
        while 0 <= k < tt.n and abs(k - rule) <= w and (tt.word[k] or "\n\n" not in tt.info(k)[4]):
            if tt.word[k] and (a <= k if side == "e" else k <= b):
                out.append(k)
            k += step
    return sorted([rule, *out])


def feats(tt: Tokens, role: str, side: str, k: int, a: int, b: int, head: Token, taken: set[int]) -> list[str]:
    """Features of token ``k`` as the start (side "s") or end ("e") of a role span [a, b]: the names
    of binary features, "KEY=VALUE" (``DictVectorizer``'s names for string values)."""
    n = tt.n
    rule = a if side == "s" else b
    step = 1 if side == "e" else -1  # outwards from the span
    d = k - rule
    lo, hi = (rule + 1, k + 1) if k > rule else (k, rule)  # the tokens between, as a range
    nxt = k + step
    while 0 <= nxt < n and not tt.word[nxt]:
        nxt += step
    has_word = 0 <= nxt < n
    new_sent = tt.sent_cum[max(k, nxt) + 1] > tt.sent_cum[min(k, nxt) + 1] if has_word else True
    desc, dep, _pos, _lemma, _text, khead, left, right = tt.info(k)
    top, top_head = k, khead  # the largest constituent that starts (ends) at k
    while top_head != top and tt.info(top_head)[7 if side == "e" else 6] == k:
        top, top_head = top_head, tt.info(top_head)[5]
    wdep, wpos, wlemma = tt.info(nxt)[1:4] if has_word else ("", "", "")
    o1, o2 = tt.desc(k + step), tt.desc(k + 2 * step)
    f = {
        "d": str(max(-6, min(6, d))) + ("+" if abs(d) > 6 else ""),
        "o1": o1,
        "o2": o2,
        "o12": f"{o1}|{o2}",
        "i1": tt.desc(k - step),
        "tok": desc,
        "dep": dep,
        "wdep": f"{wpos}|{wdep}" if has_word else "<none>",
        "wlem": wlemma if has_word and wpos in ("VERB", "ADP", "SCONJ") else "-",
        "sent": str(new_sent),
        "side": "cue_after" if head.i > k else "cue_before",
        "taken": str(has_word and nxt in taken),
        "cross_taken": str(any(i in taken for i in range(lo, hi))),
        "cross_sent": str(min(2, tt.sent_cum[hi] - tt.sent_cum[lo])),
        "cross_punct": "".join(sorted({tt.info(i)[4] for i in range(lo, hi) if tt.punct[i]}))[:6],
        "edge": str(right == k if side == "e" else left == k),
        "hkid": str(khead == head.i),
        "top": f"{tt.info(top)[1]}|{top_head == head.i}|{top == head.i}",
        "in_q": str(tt.quote_cum[max(k, head.i)] > tt.quote_cum[min(k, head.i)]),
    }
    f["top_o1"] = f"{f['top']}|{f['o1']}"
    f["d_o1"] = f"{f['d']}|{f['o1']}"
    f["d_sent"] = f"{f['d']}|{f['sent']}"
    f["d_i1"] = f"{f['d']}|{f['i1']}"
    f["lem_d"] = f"{head.lemma_.lower()}|{f['d']}" if role == "cue" else f"{f['side']}|{f['d']}"
    return [f"{role}{side}:{key}={v}" for key, v in f.items()]


def taken_by_others(role: str, cue: list[Token], source: list[Token], content: list[Token]) -> set[int]:
    """Token indices of the attribution's other roles (a boundary feature; never moved into ``role``)."""
    return {t.i for t in (cue + source if role == "content" else source + content)}


def rows(
    tt: Tokens, role: str, side: str, toks: list[Token], head: Token, taken: set[int]
) -> tuple[int, list[int], list[list[str]]]:
    """The rule's boundary (snapped to a word), the candidates and their feature rows."""
    a, b = snap(tt, min(t.i for t in toks), max(t.i for t in toks))
    cands = candidates(tt, role, side, a, b)
    return (a if side == "s" else b), cands, [feats(tt, role, side, k, a, b, head, taken) for k in cands]


def reshape(doc: Doc, toks: list[Token], start: int, end: int, taken: set[int]) -> list[Token]:
    """``toks`` cut to [start, end], or grown to it with the tokens no other role holds."""
    a, b = min(t.i for t in toks), max(t.i for t in toks)
    keep = [t for t in toks if start <= t.i <= end]
    extra = [doc[i] for i in (*range(start, a), *range(b + 1, end + 1)) if i not in taken]
    return sorted(keep + extra, key=lambda t: t.i)

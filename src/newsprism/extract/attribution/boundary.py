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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from newsprism.extract.attribution import rules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WINDOW = {"cue": 3}  # per role: how far (in tokens) a boundary may move from the rule's


QUOTES = ('"', "“", "”", "''", "``")
FUNCTION_POS = ("ADP", "SCONJ", "CCONJ", "PART")


class Tokens:
    """One document's tokens as the boundary features read them, as plain per-token lists built
    with numpy from ``rules.TokenTable``'s arrays (no spaCy ``Token`` per token): flags, running
    counts, each token's description and strings and head; subtree edges when first asked."""

    def __init__(self, doc: Doc, tab: rules.TokenTable | None = None) -> None:
        import numpy as np
        from spacy.attrs import IS_PUNCT, IS_SPACE, IS_STOP, SENT_START

        tab = rules.TokenTable(doc) if tab is None else tab
        self.doc = doc
        n = self.n = len(doc)
        arr = doc.to_array([IS_PUNCT, IS_SPACE, SENT_START, IS_STOP]).reshape(n, 4)
        punct, space = arr[:, 0] != 0, arr[:, 1] != 0
        self.punct: list[bool] = punct.tolist()
        self.word: list[bool] = (~punct & ~space).tolist()
        sent = arr[:, 2].astype(np.int64) == 1
        if n:
            sent[0] = True
        strs, sid = tab.strs, tab.sid
        table = np.array(strs, dtype=object)

        def flag(test: Callable[[str], bool], attr: str) -> Any:  # per distinct value, then per token
            ids = np.unique(sid[attr])
            out = np.zeros(len(strs), dtype=bool)
            out[ids] = [test(strs[k]) for k in ids.tolist()]
            return out[sid[attr]]

        quote = flag(QUOTES.__contains__, "text")
        self.sent_cum: list[int] = np.concatenate([[0], np.cumsum(sent)]).tolist()
        self.quote_cum: list[int] = np.concatenate([[0], np.cumsum(quote)]).tolist()
        # description per token: white space as <par>/<sp>, punctuation and function words as text, others as tag
        func = flag(FUNCTION_POS.__contains__, "pos") | punct | (arr[:, 3] != 0)
        par = flag(lambda x: "\n" in x, "text")
        desc = np.where(func, table[sid["lower"]], table[sid["tag"]])
        self.descs: list[str] = np.where(space, np.where(par, "<par>", "<sp>"), desc).tolist()
        self.dep, self.pos, self.lemma, self.text = tab.dep, tab.pos, tab.lemma, tab.text
        self.head: list[int] = tab.head
        self._edges: dict[int, tuple[int, int]] = {}

    def desc(self, i: int) -> str:
        return self.descs[i] if 0 <= i < self.n else "<none>"

    def edge(self, side: str, i: int) -> int:
        """Token i's ``left_edge`` (side "s") or ``right_edge`` (side "e") index, as spaCy has it
        (which, in a few non-projective trees, is not the subtree's last token), read once."""
        got = self._edges.get(i)
        if got is None:
            t = self.doc[i]
            got = self._edges[i] = (t.left_edge.i, t.right_edge.i)
        return got[side == "e"]


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
        while 0 <= k < tt.n and abs(k - rule) <= w and (tt.word[k] or "\n\n" not in tt.text[k]):
            if tt.word[k] and (a <= k if side == "e" else k <= b):
                out.append(k)
            k += step
    return sorted([rule, *out])


def feats(tt: Tokens, role: str, side: str, k: int, a: int, b: int, head: int, taken: set[int]) -> dict[str, str]:
    """Features of token ``k`` as the start (side "s") or end ("e") of a role span [a, b] whose cue
    head is token ``head``: key -> string value (``names`` gives the binary features' names)."""
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
    top, top_head = k, tt.head[k]  # the largest constituent that starts (ends) at k
    while top_head != top and tt.edge(side, top_head) == k:
        top, top_head = top_head, tt.head[top_head]
    wpos = tt.pos[nxt] if has_word else ""
    o1, o2, i1 = tt.desc(k + step), tt.desc(k + 2 * step), tt.desc(k - step)
    ds = str(max(-6, min(6, d))) + ("+" if abs(d) > 6 else "")
    sent = str(new_sent)
    top_f = f"{tt.dep[top]}|{top_head == head}|{top == head}"
    where = "cue_after" if head > k else "cue_before"
    return {
        "d": ds,
        "o1": o1,
        "o2": o2,
        "o12": f"{o1}|{o2}",
        "i1": i1,
        "tok": tt.descs[k],
        "dep": tt.dep[k],
        "wdep": f"{wpos}|{tt.dep[nxt]}" if has_word else "<none>",
        "wlem": tt.lemma[nxt] if has_word and wpos in ("VERB", "ADP", "SCONJ") else "-",
        "sent": sent,
        "side": where,
        "taken": str(has_word and nxt in taken),
        "cross_taken": str(any(i in taken for i in range(lo, hi))),
        "cross_sent": str(min(2, tt.sent_cum[hi] - tt.sent_cum[lo])),
        "cross_punct": "".join(sorted({tt.text[i] for i in range(lo, hi) if tt.punct[i]}))[:6],
        "edge": str(tt.edge(side, k) == k),
        "hkid": str(tt.head[k] == head),
        "top": top_f,
        "in_q": str(tt.quote_cum[max(k, head)] > tt.quote_cum[min(k, head)]),
        "top_o1": f"{top_f}|{o1}",
        "d_o1": f"{ds}|{o1}",
        "d_sent": f"{ds}|{sent}",
        "d_i1": f"{ds}|{i1}",
        "lem_d": f"{tt.lemma[head]}|{ds}" if role == "cue" else f"{where}|{ds}",
    }


def names(role: str, side: str, f: dict[str, str]) -> list[str]:
    """The binary features' names of ``feats``' row, "ROLESIDE:KEY=VALUE" (``DictVectorizer``'s)."""
    return [f"{role}{side}:{key}={v}" for key, v in f.items()]


def taken_by_others(role: str, cue: list[Token], source: list[Token], content: list[Token]) -> set[int]:
    """Token indices of the attribution's other roles (a boundary feature; never moved into ``role``)."""
    return {t.i for t in (cue + source if role == "content" else source + content)}


def rows(
    tt: Tokens, role: str, side: str, toks: list[Token], head: Token, taken: set[int]
) -> tuple[int, list[int], list[dict[str, str]]]:
    """The rule's boundary (snapped to a word), the candidates and their ``feats`` rows."""
    a, b = snap(tt, min(t.i for t in toks), max(t.i for t in toks))
    cands = candidates(tt, role, side, a, b)
    return (a if side == "s" else b), cands, [feats(tt, role, side, k, a, b, head.i, taken) for k in cands]


def reshape(doc: Doc, toks: list[Token], start: int, end: int, taken: set[int]) -> list[Token]:
    """``toks`` cut to [start, end], or grown to it with the tokens no other role holds."""
    a, b = min(t.i for t in toks), max(t.i for t in toks)
    keep = [t for t in toks if start <= t.i <= end]
    extra = [doc[i] for i in (*range(start, a), *range(b + 1, end + 1)) if i not in taken]
    return sorted(keep + extra, key=lambda t: t.i)

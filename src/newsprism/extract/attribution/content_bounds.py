"""Learned content boundaries: move the start and end of the rules' content span.

The content rules (``rules.py``) take a clause from the parse; PolNeAR's annotators often draw
the content a little wider or narrower ('noted that X' without "that", 'told the Journal that X'
with the addressee, a trailing ', which ...' kept or left out). As for the cue (``boundary.py``),
the candidates for each end are the word tokens within ``boundary.WINDOW`` tokens of the rule's (not
crossing a paragraph break nor entering the source or cue), and a logistic regression per end,
trained on PolNeAR train (``train/attributions.py``), picks one. Besides ``boundary.feats``
(the tokens around the candidate, the constituent starting or ending there), each candidate is
described by the stretch it would cut from the rule's span or add to it: how long, its top
dependency and where that attaches (cue head, rest of the content, elsewhere), its first word,
the separator just outside the candidate, and whether it holds a verb, a sentence break,
quotation marks or the other roles' tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsprism.extract.attribution import boundary, rules

if TYPE_CHECKING:
    from spacy.tokens import Token

OPEN_WORDS = ("ADP", "SCONJ", "CCONJ", "VERB", "PRON", "DET")


def _bucket(n: int) -> str:
    return str(n if n < 4 else (4 if n < 7 else (7 if n < 11 else 11)))


def stretch(tt: boundary.Tokens, side: str, k: int, a: int, b: int, head: int, taken: set[int]) -> dict[str, str]:
    """Features of the stretch between the rule's boundary and candidate ``k`` (see the module
    docstring); every row has the same keys in the same order."""
    rule = a if side == "s" else b
    if k == rule:
        kind, lo, hi = "rule", k, k - 1
    elif (side == "e") == (k < rule):
        kind = "cut"
        lo, hi = (k + 1, rule) if side == "e" else (rule, k - 1)
    else:
        kind = "ext"
        lo, hi = (rule + 1, k) if side == "e" else (k, rule - 1)
    seg = [i for i in range(lo, hi + 1) if tt.word[i]]
    nb = _bucket(len(seg))
    rdep = rpos = nroots = first = firstlem = "-"
    verb = tk = False
    if seg:
        first_i = seg[0] if side == "e" else seg[-1]
        roots = [i for i in seg if not lo <= tt.head[i] <= hi or tt.head[i] == i] or [first_i]
        r0 = roots[0] if side == "e" else roots[-1]
        h = tt.head[r0]
        hrel = "cue" if h == head else ("self" if h == r0 else ("in" if a <= h <= b else "out"))
        rdep, rpos, nroots = f"{tt.dep[r0]}|{hrel}", f"{tt.pos[r0]}|{tt.dep[r0]}", str(min(len(roots), 3))
        first = tt.descs[first_i]
        firstlem = tt.lemma[first_i] if tt.pos[first_i] in OPEN_WORDS else "-"
        verb = any(tt.pos[i] in ("VERB", "AUX") for i in seg)
        tk = any(i in taken for i in seg)
    step = 1 if side == "e" else -1
    j = k + step
    while 0 <= j < tt.n and tt.text[j].isspace() and "\n" not in tt.text[j]:
        j += step
    sep = tt.desc(j)
    dep_only = rdep.split("|")[0]
    return {
        "kind": kind,
        "nb": f"{kind}|{nb}",
        "rdep": f"{kind}|{rdep}",
        "rpos": f"{kind}|{rpos}",
        "nroots": f"{kind}|{nroots}",
        "first": f"{kind}|{first}",
        "firstlem": f"{kind}|{firstlem}",
        "hasverb": f"{kind}|{verb}",
        "hastaken": f"{kind}|{tk}",
        "sents": f"{kind}|{min(2, tt.sent_cum[hi + 1] - tt.sent_cum[lo]) if seg else 0}",
        "quotes": f"{kind}|{min(2, tt.quote_cum[hi + 1] - tt.quote_cum[lo]) if seg else 0}",
        "cue_rdep": f"{kind}|{tt.lemma[head]}|{dep_only}",
        "rdep_nb": f"{kind}|{dep_only}|{nb}",
        "sep": f"{kind}|{sep}",
        "sep2": f"{kind}|{sep}|{dep_only}",
        "where": f"{kind}|{'after' if a > head else 'before'}|{side}",
        "isq": f"{kind}|{tt.text[a] in rules.OPEN_Q}",
    }


def rows(
    tt: boundary.Tokens, side: str, content: list[Token], head: int, taken: set[int]
) -> tuple[list[int], list[dict[str, str]]]:
    """The candidate tokens for one end of ``content`` and their feature rows."""
    a, b = boundary.snap(tt, min(t.i for t in content), max(t.i for t in content))
    rule = a if side == "s" else b
    cands = [k for k in boundary.candidates(tt, "content", side, a, b) if k not in taken]
    if rule not in cands:
        cands.append(rule)
    out = []
    for k in cands:
        f = boundary.feats(tt, "content", side, k, a, b, head, taken)
        f.update(stretch(tt, side, k, a, b, head, taken))
        out.append(f)
    return cands, out



def ends(tt: boundary.Tokens, content: list[Token], start: int, end: int, taken: set[int]) -> tuple[int, int]:
    """The token range to reshape ``content`` to for the picked word tokens ``start`` and ``end``: an
    end the model left where the rule had it keeps the rule's edge (quotation marks and all); a moved
    end takes the quotation mark right beside it (so that a quotation stays "direct")."""
    a, b = min(t.i for t in content), max(t.i for t in content)
    sa, sb = boundary.snap(tt, a, b)
    if start != sa:
        a = start
        while a - 1 >= 0 and a - 1 not in taken and tt.text[a - 1] in rules.OPEN_Q:
            a -= 1
    if end != sb:
        b = end
        while b + 1 < tt.n and b + 1 not in taken and tt.text[b + 1] in rules.CLOSE_Q:
            b += 1
    return a, b

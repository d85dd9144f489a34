"""Dependency-parse rules: cue candidates, and each cue's cue/source/content tokens.

A learned classifier (``learned.py``) decides which candidate tokens head a cue; the
span rules here follow PolNeAR's conventions: the source is the full noun phrase, the
cue keeps its auxiliaries, negation and particles, the content keeps "that" and the
quote marks, and a quote is taken whole even when the parse splits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJ = ("nsubj", "nsubjpass", "csubj")
COMPS = ("ccomp", "xcomp")
OPEN_Q = {"“", '"', "``", "''", "‘", "'"}
CLOSE_Q = {"”", '"', "''", "’", "'"}
ALWAYS_IN_CUE = ("aux", "auxpass", "neg", "prt")


def feats(tok: Token, prior: dict[str, float]) -> dict[str, float | str]:
    """Features of a cue-head candidate (one dict per token for a DictVectorizer)."""
    lemma = tok.lemma_.lower()
    kids = [c.dep_ for c in tok.children]
    f: dict[str, float | str] = {
        "lemma": lemma,
        "pos": tok.pos_,
        "tag": tok.tag_,
        "dep": tok.dep_,
        "head_pos": tok.head.pos_,
        "lemma_dep": f"{lemma}|{tok.dep_}",
        "prior": prior.get(lemma, 0.0),
        "unseen": float(lemma not in prior),
        "quote_near": float(any(t.text in OPEN_Q or t.text in CLOSE_Q for t in tok.sent)),
    }
    for d in set(kids):
        f[f"kid={d}"] = 1.0
        f[f"lk={lemma}|{d}"] = 1.0
    if tok.i > 0:
        f["prev"] = tok.nbor(-1).lower_
    if tok.i + 1 < len(tok.doc):
        f["next"] = tok.nbor(1).lower_
        f["lemma_next"] = f"{lemma}|{tok.nbor(1).lower_}"
    return f


def cue_tokens(head: Token, incl: dict[str, float]) -> list[Token]:
    """The cue: its head with the auxiliaries, negation and learned modifiers PolNeAR keeps."""
    out = [head]
    lemma = head.lemma_.lower()
    for c in head.children:
        key1 = f"{lemma}|{c.dep_}|{c.lower_}"
        key2 = f"{c.dep_}|{c.lower_}"
        rate = incl.get(key1, incl.get(key2, incl.get(c.dep_, 0.0)))
        if c.dep_ in ALWAYS_IN_CUE or rate > 0.5:
            if c.dep_ in ("prep", "npadvmod", "dobj", "advmod") and abs(c.i - head.i) > 3:
                continue
            out.append(c)
            if c.dep_ == "prep" and lemma == "accord":
                out.extend(c.children)
    if head.dep_ == "aux" or head.dep_ == "auxpass":
        pass
    return sorted(set(out), key=lambda t: t.i)


def _subtree(tok: Token) -> list[Token]:
    return list(tok.subtree)


def source_tokens(head: Token) -> list[Token]:
    """The source: the subject's full noun phrase (or the agent, or "according to X")."""
    kids = list(head.children)
    for c in kids:
        if c.dep_ == "agent":
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            if pobj:
                return _subtree(pobj[0])
    if head.lemma_.lower() == "accord":
        for c in kids:
            if c.dep_ == "prep":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                if pobj:
                    return _subtree(pobj[0])
    for c in kids:
        if c.dep_ in SUBJ:
            return _subtree(c)
    for c in kids:
        if c.dep_ == "poss":
            return _subtree(c)
    tok = head
    for _ in range(3):  # shared subject: "... and said", "declined to say"
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head is not tok:
            tok = tok.head
            for c in tok.children:
                if c.dep_ in SUBJ:
                    return _subtree(c)
        elif tok.dep_ == "relcl":
            ante = tok.head
            return [t for t in ante.subtree if t.i < tok.left_edge.i and not (t.is_punct and t.i == tok.left_edge.i - 1)]
        else:
            break
    return []


def _quote_extent(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen token range [start, end) to the quote marks that open/close it, if any."""
    if start < end and doc[start].text in OPEN_Q and not _has_close(doc, start + 1, end):
        j = end
        limit = min(len(doc), end + 200)
        while j < limit and doc[j].text not in CLOSE_Q:
            j += 1
        if j < limit:
            end = j + 1
    elif end > start and end < len(doc) and doc[end].text in CLOSE_Q and _has_open(doc, start, end):
        end += 1
    return start, end


def _has_close(doc: Doc, a: int, b: int) -> bool:
    return any(doc[k].text in ("”", "’’") or (doc[k].text in CLOSE_Q and doc[k].text not in ("“",)) for k in range(a, b))


def _has_open(doc: Doc, a: int, b: int) -> bool:
    return any(doc[k].text in OPEN_Q for k in range(a, b))


def content_tokens(head: Token, cue: list[Token], source: list[Token]) -> list[Token]:
    """The content: complement clause, quote, object, or the clause an "according to" qualifies."""
    kids = list(head.children)
    taken = {t.i for t in cue} | {t.i for t in source}
    pick = None
    for deps in (("ccomp",), ("xcomp",), ("dobj",), ("oprd", "attr")):
        for c in kids:
            if c.dep_ in deps and c.i not in taken:
                pick = c
                break
        if pick is not None:
            break
    if pick is None:
        for c in cue:
            if c.dep_ == "prep" and c is not head:
                pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp") and g.i not in taken]
                if pobj:
                    pick = pobj[0]
                    break
    if pick is None and head.dep_ in ("parataxis", "ccomp", "advcl", "prep", "conj") and head.head is not head:
        # "'...,' he said" / "..., according to X": the content is the governing clause
        gov = head.head
        drop = {t.i for t in head.subtree}
        toks = [t for t in gov.subtree if t.i not in drop and t.i not in taken]
        return _trim(toks)
    if pick is None:
        for c in kids:
            if c.dep_ in ("prep",) and c.i > head.i and c.i not in taken:
                pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if pobj:
                    pick = pobj[0]
                    break
    if pick is None:
        return []
    toks = [t for t in pick.subtree if t.i not in taken]
    return _trim(toks)


def _trim(toks: list[Token]) -> list[Token]:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and toks[0].is_punct and toks[0].text not in OPEN_Q:
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in CLOSE_Q:
        toks = toks[:-1]
    return toks


def runs(toks: list[Token]) -> list[tuple[int, int]]:
    """Contiguous token runs [start, end) of a token list (gaps of punctuation bridged)."""
    out: list[tuple[int, int]] = []
    for t in sorted(toks, key=lambda t: t.i):
        if out and t.i <= out[-1][1] + 1 and (t.i == out[-1][1] or t.doc[out[-1][1]].is_punct):
            out[-1] = (out[-1][0], t.i + 1)
        elif out and t.i < out[-1][1]:
            continue
        else:
            out.append((t.i, t.i + 1))
    return out


def widen_quote(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return _quote_extent(doc, start, end)

"""Dependency-parse rules: cue candidates, and each cue's cue/source/content tokens.

A learned classifier (``learned.py``) decides which candidate tokens head a cue; the
span rules here follow PolNeAR's conventions: the source is the full noun phrase, the
cue keeps its auxiliaries, negation and particles, the content keeps "that" and the
quote marks, and a quote is taken whole even when the parse splits it.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from spacy.tokens import Doc, Token

SUBJ = ("nsubj", "nsubjpass", "csubj")
COMPS = ("ccomp", "xcomp")
OPEN_Q = {"“", '"', "``", "''", "‘", "'"}
CLOSE_Q = {"”", '"', "''", "’", "'"}
NEVER_IN_CUE = ("nsubj", "nsubjpass", "csubj", "expl", "ccomp", "advcl", "conj", "punct", "relcl", "parataxis")
ALWAYS_IN_CUE = ("aux", "auxpass", "neg", "prt")


class TokenTable:
    """One document's per-token strings, tree links and quote flags, read from spaCy once.

    spaCy builds a new ``Token`` object for every ``doc[i]``, ``.head`` and ``.children``; the
    cue classifier looks at about a third of all tokens and at their neighbours, so it reads
    arrays instead: ``sid[attr]`` holds each token's string as an index into ``strs`` (one entry
    per distinct string; lemmas lower-cased). The per-token string lists (``text``, ``lemma``,
    ...) and ``kids`` are built on first use (``feats`` reads them; ``cue_matrix`` does not).
    """

    def __init__(self, doc: Doc) -> None:
        import numpy as np
        from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, TAG

        n = len(doc)
        self.n = n
        raw = doc.to_array([ORTH, LOWER, TAG, POS, DEP, LEMMA, ENT_TYPE]).reshape(n, 7)
        uniq, inv = np.unique(raw, return_inverse=True)
        inv = inv.reshape(n, 7)
        strings = doc.vocab.strings
        self.strs: list[str] = [strings[h] for h in uniq.tolist()]
        index = {x: k for k, x in enumerate(self.strs)}
        lem_map = np.arange(len(self.strs))
        for k in np.unique(inv[:, 5]).tolist():
            lem_map[k] = self._intern(self.strs[k].lower(), index)
        for x in ("", "<s>", "ROOT", "PRON", *(f"{a}{b}{c}" for a in "01" for b in "01" for c in "01")):
            self._intern(x, index)
        self.index = index
        self.sid = {
            "text": inv[:, 0],
            "lower": inv[:, 1],
            "tag": inv[:, 2],
            "pos": inv[:, 3],
            "dep": inv[:, 4],
            "lemma": lem_map[inv[:, 5]],
            "ent": inv[:, 6],
        }
        self.head_arr = np.arange(n) + doc.to_array(HEAD).astype(np.int64).reshape(n)
        text = self.sid["text"]
        strs = self.strs
        # per distinct token text: a quotation mark or paragraph break (_is_mark), ends in a dash, a quote mark
        flags = np.zeros((3, len(strs)), dtype=bool)
        quotes = OPEN_Q | CLOSE_Q
        for k in np.unique(text).tolist():
            x = strs[k]
            if x[-1:] in DASHES or x in quotes or "\n\n" in x:  # rare: most texts skip the rest
                flags[:, k] = (_is_mark(x), x[-1:] in DASHES and x != "", x in quotes)
        mark = np.nonzero(flags[0][text])[0].tolist()
        self.regions = _regions((i, strs[text[i]]) for i in mark)  # as quote_regions(doc)
        self.dashes: list[int] = np.nonzero(flags[1][text])[0].tolist()  # tokens ending in a dash
        # whether the token's sentence holds a quote mark
        quote = np.zeros(n + 1, dtype=np.int64)
        quote[1:] = np.cumsum(flags[2][text])
        bounds = np.array([sent.start for sent in doc.sents] + [n], dtype=np.int64)
        self.qnear = np.repeat(quote[bounds[1:]] > quote[bounds[:-1]], np.diff(bounds))
        # inside a quotation, within 4 tokens after one closes, within 4 tokens before one opens
        marks = np.zeros((3, n + 1), dtype=np.int64)
        for a, b in self.regions:
            marks[0, a + 1] += 1
            marks[0, b] -= 1
            marks[1, min(b + 1, n)] += 1
            marks[1, min(b + 5, n)] -= 1
            marks[2, max(a - 4, 0)] += 1
            marks[2, a] -= 1
        self.inside, self.before, self.after = np.cumsum(marks, axis=1)[:, :n] > 0

    def _intern(self, x: str, index: dict[str, int]) -> int:
        k = index.get(x)
        if k is None:
            k = index[x] = len(self.strs)
            self.strs.append(x)
        return k

    def _strings(self, attr: str) -> list[str]:
        import numpy as np

        return np.array(self.strs, dtype=object)[self.sid[attr]].tolist()  # type: ignore[no-any-return]

    @cached_property
    def text(self) -> list[str]:
        return self._strings("text")

    @cached_property
    def lower(self) -> list[str]:
        return self._strings("lower")

    @cached_property
    def tag(self) -> list[str]:
        return self._strings("tag")

    @cached_property
    def pos(self) -> list[str]:
        return self._strings("pos")

    @cached_property
    def dep(self) -> list[str]:
        return self._strings("dep")

    @cached_property
    def lemma(self) -> list[str]:
        return self._strings("lemma")

    @cached_property
    def ent(self) -> list[str]:
        return self._strings("ent")

    @cached_property
    def head(self) -> list[int]:
        return self.head_arr.tolist()  # type: ignore[no-any-return]

    @cached_property
    def kids(self) -> list[list[int]]:
        """Each token's children in text order (as ``Token.children``)."""
        out: list[list[int]] = [[] for _ in range(self.n)]
        for j, h in enumerate(self.head):
            if h != j:
                out[h].append(j)
        return out


def feats(tab: TokenTable, i: int, prior: dict[str, float]) -> dict[str, float | str]:
    """Features of the cue-head candidate at token ``i`` (one dict per token for a DictVectorizer)."""
    lemma = tab.lemma[i]
    dep = tab.dep[i]
    tag = tab.tag[i]
    h = tab.head[i]
    kids = tab.kids[i]
    inside, before, after = tab.inside[i], tab.before[i], tab.after[i]
    f: dict[str, float | str] = {
        "lemma": lemma,
        "pos": tab.pos[i],
        "tag": tag,
        "dep": dep,
        "head_pos": tab.pos[h],
        "lemma_dep": f"{lemma}|{dep}",
        "prior": prior.get(lemma, 0.0),
        "unseen": float(lemma not in prior),
        "quote_near": float(tab.qnear[i]),
        "in_quote": float(inside),
        "quote_before": float(before),
        "quote_after": float(after),
        "lemma_q": f"{lemma}|{int(inside)}{int(before)}{int(after)}",
    }
    for d in {tab.dep[c] for c in kids}:
        f[f"kid={d}"] = 1.0
        f[f"lk={lemma}|{d}"] = 1.0
    for c in kids:
        cdep = tab.dep[c]
        if cdep in SUBJ or cdep == "agent":
            who = c if cdep != "agent" else next((g for g in tab.kids[c] if tab.dep[g] == "pobj"), c)
            kind = tab.ent[who] or (tab.lower[who] if tab.pos[who] == "PRON" else tab.pos[who])
            f["subj"] = kind
            f["lemma_subj"] = f"{lemma}|{kind}"
            f["subj_lemma"] = tab.lemma[who]
        elif cdep in ("dobj", "xcomp", "prep", "attr", "acomp"):
            f[f"{cdep}_low"] = tab.lower[c]
            f[f"l_{cdep}_low"] = f"{lemma}|{tab.lower[c]}"
    n = tab.n
    for k in (-3, -2, -1, 1, 2):
        j = i + k
        f[f"w{k}"] = tab.lower[j] if 0 <= j < n else "<s>"
        f[f"p{k}"] = tab.tag[j] if 0 <= j < n else "<s>"
    f["head_lemma"] = tab.lemma[h] if h != i else "ROOT"
    f["lemma_tag"] = f"{lemma}|{tag}"
    if i > 0:
        f["prev"] = tab.lower[i - 1]
    if i + 1 < n:
        f["next"] = tab.lower[i + 1]
        f["lemma_next"] = f"{lemma}|{tab.lower[i + 1]}"
    return f


LOW_DEPS = ("dobj", "xcomp", "prep", "attr", "acomp")
WINDOW = (-3, -2, -1, 1, 2)
# the string-valued features of ``feats`` as DictVectorizer names them ("key=value")
ONE = (
    "lemma",
    "pos",
    "tag",
    "dep",
    "head_pos",
    "kid",
    "subj",
    "subj_lemma",
    *(f"{d}_low" for d in LOW_DEPS),
    *(f"w{k}" for k in WINDOW),
    *(f"p{k}" for k in WINDOW),
    "head_lemma",
    "prev",
    "next",
)
TWO = ("lemma_dep", "lemma_q", "lk", "lemma_subj", *(f"l_{d}_low" for d in LOW_DEPS), "lemma_tag", "lemma_next")
NUMBERS = ("prior", "unseen", "quote_near", "in_quote", "quote_before", "quote_after")


class FeatureIndex:
    """A fitted DictVectorizer's vocabulary (separator "=") arranged for ``cue_matrix``: every string
    that is a feature value gets an id; ``one[id, t]`` is the column of feature ``ONE[t]`` with that
    value (-1: none); ``two[t]`` holds the sorted value-pair keys of feature ``TWO[t]`` and their columns."""

    def __init__(self, vocab: dict[str, int]) -> None:
        import numpy as np

        self.width = len(vocab)
        self.ids: dict[str, int] = {}
        one_t = {k: t for t, k in enumerate(ONE)}
        two_t = {k: t for t, k in enumerate(TWO)}
        rows: list[list[int]] = []
        pairs: list[tuple[list[int], list[int]]] = [([], []) for _ in TWO]
        self.numbers = {k: vocab.get(k, -1) for k in NUMBERS}
        for name, col in vocab.items():
            cut = name.find("=")
            if cut < 0:
                continue
            key, value = name[:cut], name[cut + 1 :]
            t = one_t.get(key)
            if t is not None:
                g = self._id(value)
                while len(rows) <= g:
                    rows.append([-1] * len(ONE))
                rows[g][t] = col
                continue
            t = two_t.get(key)
            if t is None:
                continue
            bar = value.find("|")
            while bar >= 0:  # "a|b|c" may be ("a", "b|c") or ("a|b", "c")
                pairs[t][0].append(self._id(value[:bar]) * self.SHIFT + self._id(value[bar + 1 :]))
                pairs[t][1].append(col)
                bar = value.find("|", bar + 1)
        rows.extend([-1] * len(ONE) for _ in range(len(self.ids) + 1 - len(rows)))  # last row: id -1
        self.one = np.array(rows, dtype=np.int64).reshape(-1, len(ONE))
        self.two = []
        for keys, cols in pairs:
            k = np.array(keys, dtype=np.int64)
            order = np.argsort(k, kind="stable")
            self.two.append((k[order], np.array(cols, dtype=np.int64)[order]))

    SHIFT = 1 << 31

    def arrays(self) -> dict[str, Any]:
        """The index as arrays (``from_arrays`` reads them back with the value strings, ``ids``)."""
        import numpy as np

        out: dict[str, Any] = {
            "width": np.array([self.width], dtype=np.int64),
            "numbers": np.array([self.numbers[k] for k in NUMBERS], dtype=np.int64),
            "one": self.one.astype(np.int32),
        }
        for t, (keys, cols) in enumerate(self.two):
            out[f"two{t}_keys"] = keys
            out[f"two{t}_cols"] = cols.astype(np.int32)
        return out

    @classmethod
    def from_arrays(cls, values: list[str], arrays: dict[str, Any]) -> FeatureIndex:
        import numpy as np

        index = cls.__new__(cls)
        index.ids = {x: g for g, x in enumerate(values)}
        index.width = int(arrays["width"][0])
        index.numbers = dict(zip(NUMBERS, arrays["numbers"].tolist(), strict=True))
        index.one = arrays["one"].astype(np.int64)
        index.two = [
            (arrays[f"two{t}_keys"].astype(np.int64), arrays[f"two{t}_cols"].astype(np.int64)) for t in range(len(TWO))
        ]
        return index

    def _id(self, value: str) -> int:
        g = self.ids.get(value)
        if g is None:
            g = self.ids[value] = len(self.ids)
        return g


def cue_matrix(tab: TokenTable, ids: list[int], prior: dict[str, float], index: FeatureIndex) -> Any:
    """``DictVectorizer.transform([feats(tab, i, prior) for i in ids])`` for the vectorizer ``index``
    was built from: the same sparse matrix (entries, order, values), computed one feature at a time
    over all candidates of the document instead of per token and feature. ``feats`` stays the
    definition (training uses it); a test checks that the two agree."""
    import numpy as np
    import scipy.sparse as sp

    sid, n = tab.sid, tab.n
    known = index.ids.get
    g = np.array([known(x, -1) for x in tab.strs], dtype=np.int64)  # tab's string id -> index's id
    c = np.asarray(ids, dtype=np.int64)
    m = len(c)
    every = np.arange(m)
    one_t = {k: t for t, k in enumerate(ONE)}
    two_t = {k: t for t, k in enumerate(TWO)}
    rows: list[Any] = []
    cols: list[Any] = []
    vals: list[Any] = []

    def one(key: str, a: Any, r: Any = every) -> None:  # feature key=strs[a] for rows r
        rows.append(r)
        cols.append(index.one[g[a], one_t[key]])

    def two(key: str, a: Any, b: Any, r: Any = every) -> None:  # feature key=strs[a]|strs[b]
        keys, kcols = index.two[two_t[key]]
        rows.append(r)
        if not len(keys):
            cols.append(np.full(len(r), -1, dtype=np.int64))
            return
        ga, gb = g[a], g[b]
        want = ga * FeatureIndex.SHIFT + gb
        at = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
        cols.append(np.where((ga >= 0) & (gb >= 0) & (keys[at] == want), kcols[at], -1))

    lemma, dep, tag, pos, lower = sid["lemma"][c], sid["dep"][c], sid["tag"][c], sid["pos"], sid["lower"]
    head = tab.head_arr[c]
    one("lemma", lemma)
    one("pos", pos[c])
    one("tag", tag)
    one("dep", dep)
    one("head_pos", pos[head])
    two("lemma_dep", lemma, dep)
    numbers: list[tuple[str, Any]] = []
    u, back = np.unique(lemma, return_inverse=True)
    strs = tab.strs
    pri = np.array([prior.get(strs[k], 0.0) for k in u.tolist()] + [0.0], dtype=np.float64)
    unseen = np.array([float(strs[k] not in prior) for k in u.tolist()] + [0.0], dtype=np.float64)
    numbers.append(("prior", pri[back.reshape(-1)]))
    numbers.append(("unseen", unseen[back.reshape(-1)]))
    inside, before, after = tab.inside[c], tab.before[c], tab.after[c]
    numbers.append(("quote_near", tab.qnear[c].astype(np.float64)))
    numbers.append(("in_quote", inside.astype(np.float64)))
    numbers.append(("quote_before", before.astype(np.float64)))
    numbers.append(("quote_after", after.astype(np.float64)))
    flags = np.array([tab.index[f"{a}{b}{x}"] for a in "01" for b in "01" for x in "01"], dtype=np.int64)
    two("lemma_q", lemma, flags[inside * 4 + before * 2 + after * 1])
    # the candidates' children, in text order: (row, child token)
    rowof = np.full(n, -1, dtype=np.int64)
    rowof[c] = every
    tok = np.arange(n)
    par = rowof[tab.head_arr]
    keep = (tab.head_arr != tok) & (par >= 0)
    kr, kj = par[keep], tok[keep]
    kdep = sid["dep"][kj]
    width = len(strs)
    u = np.unique(kr * width + kdep)  # each row's distinct child relations
    one("kid", u % width, u // width)
    two("lk", lemma[u // width], u % width, u // width)

    def last(mask: Any) -> tuple[Any, Any]:  # per row, the last child the mask selects
        r, j = kr[mask][::-1], kj[mask][::-1]
        ur, first = np.unique(r, return_index=True)
        return ur, j[first]

    dep_id = tab.index.get
    r, who = last(np.isin(kdep, [dep_id(d, -1) for d in (*SUBJ, "agent")]))
    if len(r):
        pobj = np.full(n, n, dtype=np.int64)  # each token's first pobj child
        is_pobj = (sid["dep"] == dep_id("pobj", -1)) & (tab.head_arr != tok)
        np.minimum.at(pobj, tab.head_arr[is_pobj], tok[is_pobj])
        agent = (sid["dep"][who] == dep_id("agent", -1)) & (pobj[who] < n)
        who = np.where(agent, np.minimum(pobj[who], n - 1), who)
        ent, wpos = sid["ent"][who], pos[who]
        kind = np.where(ent != tab.index[""], ent, np.where(wpos == tab.index["PRON"], lower[who], wpos))
        one("subj", kind, r)
        two("lemma_subj", lemma[r], kind, r)
        one("subj_lemma", sid["lemma"][who], r)
    for d in LOW_DEPS:
        r, j = last(kdep == dep_id(d, -1))
        if len(r):
            one(f"{d}_low", lower[j], r)
            two(f"l_{d}_low", lemma[r], lower[j], r)
    bos = tab.index["<s>"]
    for k in WINDOW:
        j = c + k
        ok = (j >= 0) & (j < n)
        jj = np.clip(j, 0, max(n - 1, 0))
        one(f"w{k}", np.where(ok, lower[jj], bos))
        one(f"p{k}", np.where(ok, sid["tag"][jj], bos))
    one("head_lemma", np.where(head != c, sid["lemma"][head], tab.index["ROOT"]))
    two("lemma_tag", lemma, tag)
    r = every[c > 0]
    one("prev", lower[c[r] - 1], r)
    r = every[c + 1 < n]
    one("next", lower[c[r] + 1], r)
    two("lemma_next", lemma[r], lower[c[r] + 1], r)

    vals = [np.ones(len(x)) for x in cols]
    for name, v in numbers:
        if index.numbers[name] >= 0:
            rows.append(every)
            cols.append(np.full(m, index.numbers[name], dtype=np.int64))
            vals.append(v)
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    val = np.concatenate(vals)
    keep = col >= 0
    x = sp.csr_matrix((val[keep], (row[keep], col[keep])), shape=(m, index.width))  # no (row, col) twice
    x.sort_indices()
    return x


FRAME_VERBS = {
    "say",
    "tell",
    "report",
    "write",
    "claim",
    "announce",
    "state",
    "add",
    "deny",
    "insist",
    "argue",
    "warn",
    "confirm",
    "explain",
    "note",
    "reveal",
    "acknowledge",
    "admit",
    "allege",
    "assert",
    "declare",
}


def is_speech_frame(tok: Token) -> bool:
    """'X reported that ..., according to Y': the outer link of a chain is a cue even when the
    classifier (trained on PolNeAR, which marks only the inner link there) doubts it."""
    if tok.lemma_.lower() not in FRAME_VERBS or tok.pos_ != "VERB":
        return False
    deps = {c.dep_ for c in tok.children}
    chained = any(c.lemma_.lower() in ("accord", "cite") for c in tok.children)
    return chained and "ccomp" in deps and bool(deps & {"nsubj", "nsubjpass"})


def cue_tokens(head: Token, incl: dict[str, float]) -> list[Token]:
    """The cue: its head with the auxiliaries, negation and learned modifiers PolNeAR keeps."""
    out = [head]
    lemma = head.lemma_.lower()
    for c in head.children:
        key1 = f"{lemma}|{c.dep_}|{c.lower_}"
        key2 = f"{c.dep_}|{c.lower_}"
        rate = incl.get(key1, incl.get(key2, incl.get(c.dep_, 0.0)))
        if c.dep_ in ALWAYS_IN_CUE or rate > 0.5:
            if c.dep_ in NEVER_IN_CUE or abs(c.i - head.i) > 3:
                continue
            out.append(c)
    return sorted(set(out), key=lambda t: t.i)


def _subtree(tok: Token) -> list[Token]:
    return list(tok.subtree)


def _in_quote(i: int, regions: list[tuple[int, int]]) -> bool:
    """Inside one of ``regions`` (in order, disjoint): the last one opening before ``i``."""
    k = bisect_left(regions, (i,)) - 1
    return k >= 0 and i < regions[k][1]


def _from(regions: list[tuple[int, int]], end: int) -> Iterator[tuple[int, int]]:
    """The regions (in order, disjoint) from the first that closes at or after token ``end``:
    a long document's scans start there, not at its first quotation."""
    for k in range(bisect_left(regions, end, key=lambda r: r[1]), len(regions)):
        yield regions[k]


def _clean_np(toks: list[Token]) -> list[Token]:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    return toks


RAISING = {"seem", "appear"}


def content_subject(head: Token) -> Token | None:
    """The subject that belongs to the content, not the source: 'the plan is expected to pass',
    'Melania seems to have vanished' (PolNeAR, train: 350 of 410 agentless passives, 155 of 188
    seem/appear subjects)."""
    kids = list(head.children)
    if any(c.dep_ == "agent" for c in kids):
        return None
    for c in kids:
        if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and head.lemma_.lower() in RAISING and c.i < head.i):
            return c
    return None


def source_tokens(head: Token, regions: list[tuple[int, int]] | None = None) -> list[Token]:
    """The source: the subject's full noun phrase (or the agent, or "according to X")."""
    if content_subject(head) is not None:
        return []
    return _clean_np(_source(head, regions or []))


def with_subject(head: Token, content: list[Token], cue: list[Token]) -> list[Token]:
    """Prepend the content subject (see ``content_subject``) to the content."""
    subj = content_subject(head)
    if subj is None:
        return content
    cue_ids = {t.i for t in cue}
    have = {t.i for t in content}
    toks = [t for t in subj.subtree if t.i not in cue_ids]
    if any(t.i in have for t in toks):
        return content
    return sorted(toks + content, key=lambda t: t.i)


def with_object(head: Token, content: list[Token]) -> list[Token]:
    """'told his advisers to figure out', 'called on police to release': PolNeAR keeps the object
    before an infinitive complement in the content (train: 133 of 185)."""
    if not content:
        return content
    for x in head.children:
        if x.dep_ != "xcomp" or x.left_edge.i != content[0].i:
            continue
        for c in head.children:
            if head.i < c.i < x.i:
                if c.dep_ == "dobj":
                    return sorted(list(c.subtree) + content, key=lambda t: t.i)
                if c.dep_ in ("prt", "prep") and c.lower_ == "on" and head.lemma_.lower() == "call":
                    pobj = [g for g in c.children if g.dep_ == "pobj"]
                    if pobj:
                        return sorted(list(pobj[0].subtree) + content, key=lambda t: t.i)
    return content


LEFT_SUBJ = ("compound", "nummod", "dep")


def _source(head: Token, regions: list[tuple[int, int]]) -> list[Token]:
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
        if c.dep_ in SUBJ and not _in_quote(c.i, regions) and c.lower_ not in ("who", "that", "which"):
            return _subtree(c)
    doc = head.doc
    # inverted: '"...," notes Lieven' / 'said Filippenko'
    nxt = head.i + 1
    if nxt < len(doc) and doc[nxt].head is head and doc[nxt].pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM"):
        if doc[nxt].dep_ in ("nsubj", "advmod", "npadvmod", "dobj", "attr", "appos", "dep", "nmod", "compound"):
            return _subtree(doc[nxt])
    # 'Moscow is ..., Anatol Lieven, a fellow at X, tells TRT World': the speaker hangs off the clause
    prev = head.i - 1
    while prev >= 0 and doc[prev].is_punct:
        prev -= 1
    if prev >= 0 and prev < head.i - 1:
        tok = doc[prev]
        while tok.head is not tok and tok.head.i < head.i and tok.dep_ in ("pobj", "prep", "appos", "compound"):
            if tok.dep_ == "appos" and (tok.head.dep_ == "pobj" or tok.head.pos_ != "PROPN"):
                return _subtree(tok)
            tok = tok.head
    for c in kids:
        if c.dep_ in SUBJ:
            return _subtree(c)
    for c in kids:
        if c.dep_ == "poss":
            return _subtree(c)
    # a subject the parser hung off the cue as a modifier: 'Trump predicts' (compound), 'About 4 in 10 say'
    left = [c for c in kids if c.i == head.i - 1 and c.dep_ in LEFT_SUBJ and c.pos_ in ("NOUN", "PROPN", "NUM", "PRON")]
    if left and left[0].ent_type_ not in ("DATE", "TIME"):
        return _subtree(left[0])
    tok = head
    for _ in range(3):  # shared subject: "... and said", "declined to say"
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":  # 'charged him after determining that'
            tok = tok.head
        if tok.dep_ in ("conj", "xcomp", "advcl", "prep") and tok.head is not tok:
            tok = tok.head
            for c in tok.children:
                if c.dep_ in SUBJ:
                    return _subtree(c)
        elif tok.dep_ == "relcl":
            ante = tok.head
            return [t for t in ante.subtree if t.i < tok.left_edge.i]
        else:
            break
    return []


def content_candidates(head: Token, cue: list[Token], source: list[Token]) -> list[Token]:
    """Children of the cue head that may carry the content (a classifier picks among them)."""
    taken = {t.i for t in cue} | {t.i for t in source}
    return [c for c in head.children if c.i not in taken and not c.is_punct and c.dep_ not in ("aux", "auxpass", "neg")]


def child_feats(head: Token, child: Token, cands: list[Token]) -> dict[str, float | str]:
    """Features of one candidate child for the content-inclusion classifier."""
    lemma = head.lemma_.lower()
    right = [c for c in cands if c.i > head.i]
    sub = list(child.subtree)
    f: dict[str, float | str] = {
        "dep": child.dep_,
        "hdep": f"{lemma}|{child.dep_}",
        "side": "R" if child.i > head.i else "L",
        "dep_side": f"{child.dep_}|{'R' if child.i > head.i else 'L'}",
        "clow": child.lower_,
        "dep_low": f"{child.dep_}|{child.lower_}",
        "cpos": child.pos_,
        "ent": child.ent_type_ or "-",
        "first_right": float(bool(right) and child.i == right[0].i),
        "rank": float(min(right.index(child), 4)) if child in right else -1.0,
        "quote": float(any(t.text in OPEN_Q or t.text in CLOSE_Q for t in sub)),
        "len": float(min(len(sub), 30)) / 30,
        "has_ccomp": float(any(c.dep_ == "ccomp" for c in cands)),
        "has_dobj": float(any(c.dep_ == "dobj" for c in cands)),
        "hdep_hasccomp": f"{child.dep_}|{any(c.dep_ == 'ccomp' for c in cands)}",
    }
    if child.dep_ == "prep":
        pobj = [g for g in child.children if g.dep_ == "pobj"]
        if pobj:
            f["pobj"] = f"{child.lower_}|{pobj[0].lemma_.lower()}"
            f["pobj_ent"] = pobj[0].ent_type_ or "-"
    return f


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [open, close] of quotations; unbalanced marks never raise (a lone mark is ignored)."""
    return _regions((t.i, t.text) for t in doc if _is_mark(t.text))


def _is_mark(x: str) -> bool:
    """Tokens that open, close or end (a paragraph break) a quotation; ``_regions`` reads only these."""
    return x in ("“", "``", '"', "''", "”") or (x.isspace() and "\n\n" in x)


def _regions(marks: Iterable[tuple[int, str]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, x in marks:
        if x in ("“", "``") or (x in ('"', "''") and start is None):
            start = i
        elif x in ("”", "''", '"'):
            if start is not None:
                out.append((start, i))
                start = None
        elif start is not None and i - start > 0 and x.isspace() and "\n\n" in x:
            start = None  # a paragraph ends an unclosed quote (a space token's own text holds the break)
    return out


def extend_quotes(
    doc: Doc, toks: list[Token], head: Token, regions: list[tuple[int, int]], last: int | None = None
) -> list[Token]:
    """Take a quotation whole when the content holds part of it, and one that continues it."""
    if not toks:
        return toks
    a, b = toks[0].i, toks[-1].i
    ids = {t.i for t in toks}
    grew = False
    for qa, qb in _from(regions, a):
        if qa > b:
            break
        if qa <= head.i <= qb:
            continue
        if qa < a or qb > b:
            grew = True
            ids.update(range(qa, a))
            ids.update(range(b + 1, qb + 1))
            a, b = min(a, qa), max(b, qb)
    # '"A," he said. "B."': the next sentence opening a quote continues this one
    if b < head.i and doc[b].text in CLOSE_Q:
        sent_end = head.sent.end
        last = head.i if last is None else last
        for qa, qb in _from(regions, last):
            if qa <= last:
                continue
            between = doc[last + 1 : qa]
            same_par = "\n" not in doc[last:qa].text
            split = len(between) <= 2 and all(t.is_punct or t.is_space for t in between)  # '"A," he said, "B"'
            # '"A," Schiff told Capital Download on Wednesday, "B"': the rest of the attribution clause
            clause = {t.i for t in head.subtree}
            split = split or (len(between) <= 12 and doc[qa - 1].text == "," and all(t.i in clause for t in between))
            if same_par and (split or sent_end - 1 <= qa <= sent_end + 1):
                grew = True
                ids.update(range(qa, qb + 1))
            break
    if not grew and all(x.i < y.i for x, y in zip(toks, toks[1:], strict=False)):
        return list(toks)  # already the sorted tokens of ``ids``
    return [doc[i] for i in sorted(ids)]


TRAIL_DEPS = {"appos", "relcl", "acl"}
LEAD_DEPS = {"advmod", "prep", "advcl", "npadvmod", "intj"}
CONNECTIVES = (
    "however",
    "in addition",
    "as it stands",
    "as for",
    "meanwhile",
    "moreover",
    "furthermore",
    "indeed",
    "instead",
    "in fact",
    "of course",
    "for example",
    "for instance",
    "at the same time",
    "still",
    "nonetheless",
    "nevertheless",
)


def drop_leading(content: list[Token], head: Token) -> list[Token]:
    """PolNeAR leaves a leading connective ('However,', 'In addition,', 'As it stands,') out of the
    content when the cue follows the clause (content-bearing adverbials like 'In 2012,' stay)."""
    if len(content) < 4 or content[0].text in OPEN_Q or head.i < content[0].i:
        return content
    first = content[0]
    ids = {t.i for t in content}
    for r in content:
        if r.left_edge.i != first.i or r.dep_ not in LEAD_DEPS or r.head.i not in ids:
            continue
        nxt = r.right_edge.i + 1
        lead = " ".join(t.lower_ for t in r.doc[first.i : nxt])
        if nxt < len(r.doc) and r.doc[nxt].text == "," and nxt in ids and lead.startswith(CONNECTIVES):
            return [t for t in content if t.i > nxt]
    return content


def drop_trailing(content: list[Token]) -> list[Token]:
    """PolNeAR leaves a trailing non-restrictive ", which ..." / ", the alliance that ..." out."""
    if len(content) < 4 or content[-1].text in CLOSE_Q:
        return content
    ids = {t.i for t in content}
    end = content[-1].i
    for t in content:
        if t.dep_ in TRAIL_DEPS and t.left_edge.i > content[0].i and t.right_edge.i >= end - 1:
            before = t.doc[t.left_edge.i - 1]
            if before.text == "," and before.i in ids and not any(q.text in OPEN_Q for q in t.subtree):
                return _trim([x for x in content if x.i < before.i])
    return content


def drop_said_conj(content: list[Token], prior: dict[str, float]) -> list[Token]:
    """'Machado promised to support Clinton and said she would ...': a conjoined verb without its own
    subject that is itself a likely cue (prior > 0.3) starts another attribution; cut before it."""
    if len(content) < 4 or content[-1].text in CLOSE_Q:
        return content
    ids = {t.i for t in content}
    roots: set[int] | None = None  # the content's own roots, found when a conjoined verb asks
    for t in content:
        if t.dep_ != "conj" or t.pos_ != "VERB":
            continue
        if roots is None:
            roots = {x.i for x in content if x.head.i not in ids or x.head.i == x.i}
        if (
            t.head.i in roots
            and t.head.pos_ in ("VERB", "AUX")
            and prior.get(t.lemma_.lower(), 0.0) > 0.3
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
            and not any(q.text in OPEN_Q for q in t.subtree)
        ):
            cut = t.left_edge.i
            while cut - 1 in ids and (t.doc[cut - 1].dep_ == "cc" or t.doc[cut - 1].is_punct):
                cut -= 1
            kept = [x for x in content if x.i < cut]
            return kept if len(kept) >= 2 else content
    return content


def bridge(cue: list[Token], content: list[Token]) -> tuple[list[Token], list[Token]]:
    """PolNeAR keeps the preposition that leads to the content in the cue: 'critical of', 'called for'."""
    if not cue or not content:
        return cue, content
    end = max(t.i for t in cue)
    if content[0].i <= end:
        return cue, content
    cue = list(cue)
    while len(content) > 1 and content[0].pos_ == "ADP" and content[0].dep_ in ("prep", "agent", "dative"):
        cue.append(content[0])
        content = content[1:]
    return sorted(set(cue), key=lambda t: t.i), content


DASHES = ("―", "—", "–")


def _initial(x: str) -> bool:
    return len(x) == 2 and x[0].isupper() and x[1] == "."


def dash_quotes(doc: Doc, dashes: list[int] | None = None) -> list[tuple[Token, list[Token], list[Token]]]:
    """'"...," ― Pamela Padilla': a quotation closed by a dash and the speaker's name on the same
    line. Returns (dash token, name tokens, quotation tokens). ``dashes``: the tokens whose text
    ends in a dash, if known (``TokenTable.dashes``)."""
    out: list[tuple[Token, list[Token], list[Token]]] = []
    n = len(doc)
    if dashes is None:
        dashes = [t.i for t in doc if t.text and t.text[-1] in DASHES]
    for i in dashes:
        if i == 0 or i + 1 >= n:
            continue
        t = doc[i]
        x = t.text
        closed = x[0] in CLOSE_Q or doc[t.i - 1].text in CLOSE_Q
        if not closed or not doc[t.i + 1].text[:1].isupper():
            continue
        name: list[Token] = []
        j = t.i + 1
        while j < n and len(name) < 6 and (doc[j].pos_ == "PROPN" or _initial(doc[j].text)):
            name.append(doc[j])
            j += 1
        end_ok = j >= n or doc[j].is_space or doc[j].text in ("“", '"', "``")
        if j < n and doc[j].text == "." and (j + 1 >= n or doc[j + 1].is_space or doc[j + 1].text in ("“", '"')):
            end_ok = True
        if not name or not end_ok:
            continue
        k = t.i - 1
        while k >= 0 and doc[k].text not in ("“", '"', "``") and "\n" not in doc[k].text:
            k -= 1
        if k < 0 or doc[k].text not in ("“", '"', "``") or t.i - k < 3:
            continue
        out.append((t, name, [doc[m] for m in range(k, t.i) if not doc[m].is_space]))
    return out


def split_quote(
    head: Token, cue: list[Token], source: list[Token], content: list[Token], regions: list[tuple[int, int]]
) -> list[Token]:
    """'"By locking in China," Mr. Obama said, "it now allowed me ..."': a quotation closing just
    before the source and cue joins a content that opens a quotation right after them."""
    if not content:
        return content
    doc = head.doc
    start = content[0].i if content[0].text in OPEN_Q else content[0].i - 1
    last = max(t.i for t in cue + source)
    if start < 0 or doc[start].text not in OPEN_Q or not 0 < start - last <= 2:
        return content
    before = quote_before(head, cue, source, regions)
    if len(before) < 3 or before[-2].text != ",":  # '"A." he said. "B"' stays two quotations
        return content
    return before + content


def quote_after(head: Token, cue: list[Token], source: list[Token], regions: list[tuple[int, int]]) -> list[Token]:
    """'He said: "..."' / 'The governor added:¶It's typical ...': with no content found, the
    quotation or the paragraph right after a colon (or a comma before a quotation) is the content."""
    doc = head.doc
    j = max(t.i for t in cue + source) + 1
    colon = False
    while j < len(doc) and (doc[j].text in (",", ":") or doc[j].is_space):
        colon = colon or doc[j].text == ":"
        j += 1
    if j >= len(doc) or j == max(t.i for t in cue + source) + 1:
        return []
    qa, qb = next(_from(regions, j), (-1, -1))
    if qa == j:
        return [doc[k] for k in range(qa, qb + 1)]
    if not colon:
        return []
    out: list[Token] = []
    while j < len(doc) and "\n\n" not in doc[j].text:
        out.append(doc[j])
        j += 1
    return _trim(out)


def quote_before(head: Token, cue: list[Token], source: list[Token], regions: list[tuple[int, int]]) -> list[Token]:
    """'"...," said X' / '"...," X said': the quotation closing just before the source or cue."""
    first = min([t.i for t in cue] + [t.i for t in source])
    doc = head.doc
    for qa, qb in _from(regions, first - 3):
        if qb >= first:
            break
        if all(doc[k].is_punct for k in range(qb + 1, first)):
            return [doc[k] for k in range(qa, qb + 1)]
    return []


def content_tokens(
    head: Token, cue: list[Token], source: list[Token], chosen: list[Token] | None = None
) -> list[Token]:
    """The content: the chosen children's subtrees, else complement clause, object, or governing clause."""
    kids = list(head.children)
    taken = {t.i for t in cue} | {t.i for t in source}
    if chosen:
        if any(c.i > head.i for c in chosen):  # 'Writing for X, Barabak noted that ...': the clause
            chosen = [  # before the source is not content unless it is a quotation
                c for c in chosen if c.i > head.i or any(t.text in OPEN_Q or t.text in CLOSE_Q for t in c.subtree)
            ]
        return _trim([t for c in chosen for t in c.subtree if t.i not in taken])
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
        cue_ids = {t.i for t in cue}
        while gov.i in cue_ids and gov.head.i != gov.i:
            gov = gov.head
        drop = {t.i for t in head.subtree}
        for t in cue:
            if t is not gov:
                drop.update(x.i for x in t.subtree)
        for c in gov.children:  # leading discourse words: "Yet,", "In addition,", "Yes,"
            if (
                head.i > gov.i  # 'Too often, Mr. Clarke said, the debate ...' keeps "Too often"
                and c.i < gov.i
                and c.dep_ in ("cc", "intj", "advmod", "prep", "npadvmod")
                and c.right_edge.i + 1 < len(c.doc)
            ):
                if c.doc[c.right_edge.i + 1].text == "," and c.left_edge.i == gov.left_edge.i:
                    drop.update(x.i for x in c.subtree)
        toks = [t for t in gov.subtree if t.i not in drop and t.i not in taken]
        toks = _trim(toks)
        while toks and (toks[0].dep_ in ("cc", "intj") or (toks[0].is_punct and toks[0].text not in OPEN_Q)):
            toks = toks[1:]
        return toks
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
    while toks and (toks[0].is_space or (toks[0].is_punct and toks[0].text not in OPEN_Q)):
        toks = toks[1:]
    while toks and (toks[-1].is_space or (toks[-1].is_punct and toks[-1].text not in CLOSE_Q) or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    return toks

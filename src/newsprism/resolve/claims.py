"""The same claim across documents, who backs it independently, and who denies it.

1. Vectors for the claims (all-MiniLM-L6-v2, TF-IDF fallback: ``embed.backend()``).
   Only claims sharing two content words with a claim of another document are embedded
   (identical texts once): the rest cannot match (``needs_vector``).
2. Candidate pairs: all pairs for small piles (blocks of a cosine matrix, so that only
   pairs that can reach the threshold are scored in Python); for large ones
   random-hyperplane LSH over the vectors plus an inverted index of rare content words
   (near-linear).
3. Pairs scoring above a threshold (cosine + word overlap) join, never two claims of one
   document; an anaphoric claim ("this call ... took place") joins its antecedent.
4. Stance per member from the cue (denied, disputed), hedging and the FNC-1 model.
5. Independence: near-copies and syndication (``independence``) and shared upstream
   reports ("The Washington Post reported") collapse into one source each.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from newsprism.model import Claim, ClaimCluster, ClaimMember, Document, Story
from newsprism.registry import resolvers
from newsprism.resolve import embed
from newsprism.resolve.independence import doc_upstream, label

THRESHOLD = 0.62
ANAPHOR_THRESHOLD = 0.2
EXACT_LIMIT = 3000
MIN_SHARED = 2
_WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been by with from as that this it its "
    "his her their he she they we you i has have had will would not no said says also after over "
    "than more most which who what how when there about into up out".split()
)
SYNONYMS = {"conflict": "war", "talk": "call", "conversation": "call", "spoke": "call", "pledged": "promised",
            "vowed": "promised", "pledge": "promise", "vow": "promise", "kiev": "kyiv"}


def content_words(text: str) -> set[str]:
    words = _WORD.findall(text.lower().replace("’", "'"))
    return {SYNONYMS.get(w, w) for w in words if w not in STOP and len(w) > 2}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def candidate_pairs(vecs: np.ndarray, words: list[set[str]], *, exact_limit: int = EXACT_LIMIT,
                    bits: int = 12, tables: int = 8, seed: int = 0) -> set[tuple[int, int]]:
    """Pairs worth scoring: all pairs when few, else LSH buckets and shared rare words."""
    n = len(words)
    if n <= exact_limit:
        return {(i, j) for i in range(n) for j in range(i + 1, n)}
    pairs: set[tuple[int, int]] = set()
    rng = np.random.default_rng(seed)
    cap = 64
    for _ in range(tables):
        planes = rng.standard_normal((vecs.shape[1], bits)).astype(np.float32)
        codes = (vecs @ planes > 0).astype(np.int64) @ (1 << np.arange(bits))
        buckets: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(codes.tolist()):
            buckets[c].append(i)
        for members in buckets.values():
            for k in range(0, len(members), cap):  # cap a crowded bucket's quadratic cost
                chunk = members[k : k + cap]
                pairs.update((a, b) for x, a in enumerate(chunk) for b in chunk[x + 1 :])
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            postings[w].append(i)
    max_df = max(20, int(n**0.5))
    for i, ws in enumerate(words):
        shared: dict[int, int] = defaultdict(int)
        for w in ws:
            post = postings[w]
            if len(post) <= max_df:
                for j in post:
                    if j > i:
                        shared[j] += 1
        pairs.update((i, j) for j, c in shared.items() if c >= 2)
    return pairs


COS_WEIGHT = 0.75


def pair_score(cos: float, jac: float) -> float:
    return COS_WEIGHT * cos + (1 - COS_WEIGHT) * jac


def _doc_codes(claims: list[Claim]) -> np.ndarray:
    """One small integer per document, per claim (for vectorised same-document checks)."""
    codes: dict[str, int] = {}
    return np.asarray([codes.setdefault(c.doc_id, len(codes)) for c in claims], dtype=np.int64)


class _Clusters:
    """Union-find that never puts two claims of one document together (unless forced)."""

    def __init__(self, docs: list[str]) -> None:
        self.parent = list(range(len(docs)))
        self.docs: list[set[str]] = [{d} for d in docs]

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (not force and self.docs[ra] & self.docs[rb]):
            return False
        self.parent[rb] = ra
        self.docs[ra] |= self.docs[rb]
        return True


def needs_vector(claims: list[Claim], words: list[set[str]], *, min_shared: int = MIN_SHARED,
                 exact_limit: int = EXACT_LIMIT) -> list[int]:
    """Claims that could match a claim of another document, or an anaphor and its antecedents.

    Two claims that say the same thing share content words (after the synonym table:
    war/conflict, pledged/vowed): a pair sharing fewer than ``min_shared`` would need a
    cosine of about 0.8 to reach the threshold, which paraphrases with one word in common
    do not reach in practice. Only claims with such a partner in another document are
    embedded: that is the cost of the stage. Above ``exact_limit`` claims only words found
    in at most sqrt(n) claims count (a word in every other claim does not tell two claims
    apart), which keeps the co-occurrence product near-linear.
    """
    from scipy import sparse

    n = len(claims)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, ws in enumerate(words):
        for w in ws:
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    need: set[int] = set()
    if rows:
        x = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, len(vocab)))
        doc = _doc_codes(claims)
        if n > exact_limit:  # a large pile: only words rare enough to block on (as ``candidate_pairs``)
            df = np.asarray((x > 0).sum(axis=0)).ravel()
            x = x[:, np.flatnonzero(df <= max(20, int(n**0.5)))]
        shared = (x @ x.T).tocoo()
        ok = (shared.data >= min_shared) & (doc[shared.row] != doc[shared.col])
        need = set(shared.row[ok].tolist())
    for i, j in _anaphor_candidates(claims, words):
        need.update((i, j))
    return sorted(need)


def _vectors(claims: list[Claim], need: list[int]) -> np.ndarray:
    """Vectors of the ``need`` claims (identical texts embedded once); zero rows elsewhere."""
    texts = sorted({claims[i].text for i in need})
    found = embed.vectors(texts)
    dim = found.shape[1] if len(texts) else 1
    at = {t: k for k, t in enumerate(texts)}
    vecs = np.zeros((len(claims), dim), dtype=np.float32)
    for i in need:
        vecs[i] = found[at[claims[i].text]]
    return vecs


def _scored(claims: list[Claim], vecs: np.ndarray, words: list[set[str]], need: list[int],
            threshold: float) -> list[tuple[float, int, int]]:
    """Cross-document pairs at or above ``threshold``, best first."""
    docs = _doc_codes(claims)
    out: list[tuple[float, int, int]] = []
    if len(need) <= EXACT_LIMIT:  # every pair, as blocks of a cosine matrix
        ix = np.asarray(need, dtype=np.int64)
        sub = vecs[ix]
        cos_floor = (threshold - (1 - COS_WEIGHT)) / COS_WEIGHT  # below it even a full word overlap falls short
        for lo in range(0, len(ix), 512):
            sims = sub[lo : lo + 512] @ sub.T
            rows, cols = np.nonzero(sims >= cos_floor)
            keep = (cols > rows + lo) & (docs[ix[rows + lo]] != docs[ix[cols]])
            for r, c in zip(rows[keep].tolist(), cols[keep].tolist(), strict=True):
                i, j = int(ix[r + lo]), int(ix[c])
                s = pair_score(float(sims[r, c]), jaccard(words[i], words[j]))
                if s >= threshold:
                    out.append((s, i, j))
    else:
        sub_pairs = candidate_pairs(vecs[need], [words[i] for i in need])
        for a, b in sub_pairs:
            i, j = need[a], need[b]
            if docs[i] == docs[j]:
                continue
            s = pair_score(float(vecs[i] @ vecs[j]), jaccard(words[i], words[j]))
            if s >= threshold:
                out.append((s, i, j))
    return sorted(out, reverse=True)


def cluster(claims: list[Claim], threshold: float = THRESHOLD) -> tuple[list[list[int]], np.ndarray]:
    """Indices of claims grouped as the same claim; and their vectors (zero rows for claims
    without a possible partner in another document: see :func:`needs_vector`)."""
    words = [content_words(c.text) for c in claims]
    need = needs_vector(claims, words)
    vecs = _vectors(claims, need)
    uf = _Clusters([c.doc_id for c in claims])
    for _s, i, j in _scored(claims, vecs, words, need, threshold):
        uf.union(i, j)
    _anaphora(claims, vecs, words, uf)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[uf.find(i)].append(i)
    return list(groups.values()), vecs


def _anaphor_candidates(claims: list[Claim], words: list[set[str]]) -> list[tuple[int, int]]:
    """(anaphoric claim, possible antecedent): same document, up to 4 sentences before, naming the noun."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        by_doc[c.doc_id].append(i)
    out: list[tuple[int, int]] = []
    for idx in by_doc.values():
        for pos, i in enumerate(idx):
            c = claims[i]
            noun = _anaphor_noun(c) if c.kind == "attributed" else None
            if noun is None:
                continue
            out += [(i, j) for j in idx[:pos] if 0 < c.sentence - claims[j].sentence <= 4 and noun in words[j]]
    return out


def _anaphora(claims: list[Claim], vecs: np.ndarray, words: list[set[str]], uf: _Clusters) -> None:
    """'Russia denied that this call ... took place': join the claim it refers back to."""
    best: dict[int, tuple[float, int]] = {}
    for i, j in _anaphor_candidates(claims, words):
        s = pair_score(float(vecs[i] @ vecs[j]), jaccard(words[i], words[j]))
        if s > best.get(i, (ANAPHOR_THRESHOLD, -1))[0]:
            best[i] = (s, j)
    for i, (_s, j) in best.items():
        uf.union(j, i, force=True)


def _anaphor_noun(c: Claim) -> str | None:
    """'this call, which ...' -> 'call' (a demonstrative + noun opening the claim)."""
    words = _WORD.findall(c.text.lower())
    if words[:1] == ["that"]:  # a complementizer left on the content ("denied that this call ...")
        words = words[1:]
    if len(words) >= 2 and words[0] in ("this", "these", "those", "such") and words[1] not in STOP:
        return SYNONYMS.get(words[1], words[1])
    return None


def _canon(name: str, known: list[str]) -> str:
    """'the Washington Post' -> 'The Washington Post'; 'the Post' -> a longer known name."""
    n = " ".join(name.split())
    if n.lower().startswith("the "):
        n = "The " + n[4:]
    words = n.lower().split()
    for k in known:
        kw = k.lower().split()
        if len(kw) > len(words) and words and words[-1] == kw[-1] and set(words) <= set(kw):
            return k
    return n


def member_chain(c: Claim, doc: Document, doc_up: list[str]) -> list[str]:
    """Reporter first, then where it got the claim: ["TRT World", "The Washington Post"]."""
    chain = [label(doc), *doc_up]
    if c.kind == "attributed" and c.source and c.source_type in ("media", "named", "anonymous"):
        from newsprism.language.sources import source_label

        chain.append(source_label(c.source))
    chain += c.upstream
    out: list[str] = []
    for x in chain:
        if x.lower() not in {o.lower() for o in out}:
            out.append(x)
    return out


def origin(chain: list[str]) -> str:
    """The independent source: the last link that is not anonymous (they are their reporter's)."""
    named = [x for x in chain if not x.lower().startswith("anonymous")]
    return named[-1] if named else chain[0]


def base_stance(c: Claim) -> str:
    if c.denial:
        return "denies"
    if c.disputed:
        return "disputes"
    if c.hedging or c.kind == "attributed" or c.modality in ("possible", "conditional"):
        return "reports"
    return "supports"


def _model_stances(items: list[tuple[str, str]]) -> list[str] | None:
    from newsprism.resolve import stance

    model = stance.load()
    if model is None or not items:
        return None
    try:
        return model.predict(items)
    except ValueError:  # a model trained with other features than this code computes
        return None


def _context(doc: Document, sentence: int, width: int = 1) -> str:
    sents = doc.sentences
    if not sents:
        return doc.text
    lo, hi = max(0, sentence - width), min(len(sents), sentence + width + 1)
    return " ".join(s.text for s in sents[lo:hi])


def build(docs: list[Document], threshold: float = THRESHOLD) -> list[ClaimCluster]:
    """Claim clusters with members, stance, independence and chains, best corroborated first."""
    claims = [c for d in docs for c in d.claims]
    if not claims:
        return []
    by_id = {d.id: d for d in docs}
    ups = doc_upstream(docs)
    groups, vecs = cluster(claims, threshold)
    media: list[str] = sorted({_canon(u, []) for c in claims for u in c.upstream if not u.lower().startswith("anonymous")}
                              | {_canon(c.source, []) for c in claims if c.source and c.source_type == "media"}, key=len, reverse=True)
    for c in claims:
        c.upstream = [_canon(u, media) for u in c.upstream]
        if c.source and c.source_type == "media":
            c.source = _canon(c.source, media)
    out: list[ClaimCluster] = []
    multi = [g for g in groups if len({claims[i].doc_id for i in g}) > 1]
    model_in: list[tuple[str, str]] = []
    model_at: list[tuple[int, int]] = []
    for gi, g in enumerate(multi):
        rep = _representative(g, claims, vecs)
        for i in g:
            c = claims[i]
            if base_stance(c) in ("supports", "reports") and i != rep:
                model_in.append((claims[rep].text, _context(by_id[c.doc_id], c.sentence)))
                model_at.append((gi, i))
    model_out = _model_stances(model_in) or []
    model_stance = {at: s for at, s in zip(model_at, model_out, strict=False)}
    multi_ids = {id(g): gi for gi, g in enumerate(multi)}
    for g in groups:
        rep = _representative(g, claims, vecs)
        gi = multi_ids.get(id(g), -1)
        members: list[ClaimMember] = []
        doc_media: dict[str, list[str]] = defaultdict(list)
        for i in g:  # upstream named anywhere in a document's members (the relative clause of a denial)
            c = claims[i]
            doc_media[c.doc_id] += [u for u in c.upstream if not u.lower().startswith("anonymous")]
        for i in sorted(g, key=lambda k: (claims[k].doc_id, claims[k].sentence)):
            c = claims[i]
            d = by_id[c.doc_id]
            chain = member_chain(c, d, ups.get(d.id, []))
            if len(chain) == 1 and doc_media[c.doc_id] and not c.denial:
                chain.append(doc_media[c.doc_id][0])
            st = base_stance(c)
            fnc = model_stance.get((gi, i))
            if fnc == "disagree" and st in ("supports", "reports"):
                st = "disputes"
            elif fnc == "agree" and st == "reports" and not c.hedging and c.kind == "assertion":
                st = "supports"
            members.append(ClaimMember(
                claim_id=c.id, doc_id=c.doc_id, outlet=d.meta.outlet, stance=st,  # type: ignore[arg-type]
                span=c.span, source=c.source if c.kind == "attributed" else d.meta.outlet,
                origin=None if st == "denies" else origin(chain), chain=" ← ".join(chain),
                similarity=1.0 if i == rep else round(float(vecs[i] @ vecs[rep]), 3),
            ))
        out.append(_summarize(claims[rep], members))
    out.sort(key=lambda k: (-k.independent_sources, -k.reports, not k.contested, k.id))
    for n, k in enumerate(out):
        k.id = f"claim-{n + 1}"
    return out


def _representative(g: list[int], claims: list[Claim], vecs: np.ndarray) -> int:
    """The member most like the others, preferring the outlet's own unhedged words."""
    if len(g) <= 2:
        return min(g, key=lambda i: (claims[i].denial, claims[i].kind == "attributed", claims[i].sentence))
    sub = vecs[g]
    centr = (sub @ sub.T).mean(axis=1)
    order = sorted(range(len(g)), key=lambda k: (claims[g[k]].denial, -centr[k]))
    return g[order[0]]


def _summarize(rep: Claim, members: list[ClaimMember]) -> ClaimCluster:
    backers = [m for m in members if m.stance in ("supports", "reports")]
    deny = [m for m in members if m.stance == "denies"]
    disp = [m for m in members if m.stance == "disputes"]
    by_path: dict[str, list[str]] = defaultdict(list)
    for m in backers:
        parts = (m.chain or "").split(" ← ")
        path = " ← ".join(parts[1:])
        if parts[0] not in by_path[path]:
            by_path[path].append(parts[0])
    chains = sorted(", ".join(rs) + (f" ← {p}" if p else "") for p, rs in by_path.items())
    sources = sorted({m.origin for m in backers if m.origin})
    return ClaimCluster(
        id=rep.id, text=rep.text, members=members,
        reports=len({m.doc_id for m in backers}), independent_sources=len(sources), sources=sources,
        chains=chains, deniers=sorted({m.source or m.outlet or m.doc_id for m in deny}),
        disputers=sorted({m.source or m.outlet or m.doc_id for m in disp}),
        contested=bool(deny or disp),
    )


@resolvers.register("claims", order=20)
def resolve_claims(story: Story, docs: list[Document]) -> None:
    """Fill ``story.claims``."""
    story.claims = build(docs)

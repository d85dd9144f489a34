"""The same claim across documents, who backs it independently, and who denies it.

1. Pairs of claims from different documents, blocked on shared terms and resolved
   entities, scored by the learned pair model (``claim_pairs``: lexical and sentence
   and vector cosine, shared subject/object entities, predicate meaning, time,
   polarity); only claims with a candidate partner are embedded.
2. Average-link clustering over those probabilities; two claims of one document only when
   their own pair says they restate one claim; an anaphoric claim ("this call ... took
   place") joins its antecedent.
3. Stance per member from the cue (denied, disputed), hedging and the same predicate negated
   ("disputes"); the FNC-1 model only lifts an unhedged assertion to "supports" when it agrees.
4. Independence: near-copies and syndication (``independence``) and shared upstream
   reports ("The Washington Post reported") collapse into one source each.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from newsprism.model import Claim, ClaimCluster, ClaimMember, Document, Story
from newsprism.registry import resolvers
from newsprism.resolve import claim_pairs, embed
from newsprism.resolve.independence import doc_upstream, label, shared_passages

ANAPHOR_THRESHOLD = 0.2
BARE_SUBJECTS = frozenset("he she they it we i you this that these those".split())  # a subject that names no one
COPY_RATIO = 0.9  # word-sequence similarity of two passages that are one text (boilerplate, a pasted paragraph)
COPY_WORDS = 8  # shorter passages can match by chance
_WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been by with from as that this it its "
    "his her their he she they we you i has have had will would not no said says also after over "
    "than more most which who what how when there about into up out".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in STOP and len(w) > 2}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def pair_score(cos: float, jac: float) -> float:
    """Similarity of an anaphoric claim and a possible antecedent in its own document."""
    return 0.75 * cos + 0.25 * jac


class _Clusters:
    """Clusters that never hold two claims of one document (unless forced)."""

    def __init__(self, docs: list[str]) -> None:
        self.parent = list(range(len(docs)))
        self.docs: list[set[str]] = [{d} for d in docs]
        self.members: list[list[int]] = [[i] for i in range(len(docs))]

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
        self.members[ra] += self.members[rb]
        return True


def average_link(n: int, docs: list[str], probs: dict[tuple[int, int], float], threshold: float,
                 link: float, same: float = 1.01) -> _Clusters:
    """Join pairs at or above ``threshold``, best first; two clusters only when their mean pair
    probability (pairs not scored count as 0) reaches ``link``: a chain of near-misses does
    not grow a cluster. Two claims of one document share a cluster only when their own pair
    reaches ``same`` (a restatement: headline, lead, recap), every such pair of the two."""
    uf = _Clusters(docs)
    for (i, j), p in sorted(probs.items(), key=lambda kv: -kv[1]):
        if p < threshold:
            break
        a, b = uf.find(i), uf.find(j)
        if a == b or (same > 1.0 and uf.docs[a] & uf.docs[b]):
            continue
        ma, mb = uf.members[a], uf.members[b]
        total, restated = 0.0, True
        for x in ma:
            for y in mb:
                q = probs.get((x, y) if x < y else (y, x), 0.0)
                total += q
                restated = restated and (docs[x] != docs[y] or q >= same)
        if restated and total >= link * len(ma) * len(mb):
            uf.union(a, b, force=True)
    return uf


def shared_arguments(claims: list[Claim], infos: list[claim_pairs.ClaimInfo], words: list[set[str]],
                     probs: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """The pairs whose claims share what the claim is about, not only its verb: a resolved entity
    and a content word besides the predicates, or two such words. "Trump's comments came" and
    "Graham's comments came" share a verb and a noun, not a claim. ``infos`` and ``words`` are
    the claims' (``claim_pairs.claim_infos``, ``content_words``)."""
    if not probs:
        return {}
    pairs = list(probs)
    ii = np.fromiter((i for i, _j in pairs), dtype=np.int64, count=len(pairs))
    jj = np.fromiter((j for _i, j in pairs), dtype=np.int64, count=len(pairs))
    args = [w - content_words(c.predicate or "") for c, w in zip(claims, words, strict=True)]
    common, _a, _b = claim_pairs.shared_counts(args, ii, jj)
    ents, _a, _b = claim_pairs.shared_counts([x.ents for x in infos], ii, jj)
    keep = (common >= 2) | ((common >= 1) & (ents >= 1))
    return {pairs[k]: probs[pairs[k]] for k in np.flatnonzero(keep).tolist()}


def cluster(claims: list[Claim], docs: list[Document], threshold: float | None = None
            ) -> tuple[list[list[int]], np.ndarray]:
    """Indices of claims grouped as the same claim; and their vectors (zero rows for claims
    without a candidate partner in another document)."""
    infos = claim_pairs.claim_infos(claims, docs)
    probs, vecs, learned = claim_pairs.pair_probs(claims, infos)
    words = [content_words(c.text) for c in claims]
    anaphors = _anaphor_candidates(claims, words)
    missing = sorted({k for pair in anaphors for k in pair if not vecs[k].any()})
    if missing:
        extra = claim_pairs.embed_texts([claims[k].text for k in missing])
        if vecs.shape[1] != extra.shape[1]:  # nothing embedded yet
            vecs = np.zeros((len(claims), extra.shape[1]), dtype=np.float32)
        vecs[missing] = extra
    t, link, same = learned if threshold is None else (threshold, threshold, learned[2])
    probs = shared_arguments(claims, infos, words, probs)
    uf = average_link(len(claims), [c.doc_id for c in claims], probs, t, link, same)
    _anaphora(claims, vecs, words, anaphors, uf)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[uf.find(i)].append(i)
    return list(groups.values()), vecs


def _anaphor_candidates(claims: list[Claim], words: list[set[str]]) -> list[tuple[int, int]]:
    """(anaphoric claim, possible antecedent): same document, up to 4 sentences before."""
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
            out += [(i, j) for j in idx[:pos] if 0 < c.sentence - claims[j].sentence <= 4]
    return out


def _anaphora(claims: list[Claim], vecs: np.ndarray, words: list[set[str]], anaphors: list[tuple[int, int]],
              uf: _Clusters) -> None:
    """'Russia denied that this call ... took place': join the claim it refers back to, the one
    closest to the anaphor's noun ("call" ~ "phone conversation") and to the claim itself."""
    best: dict[int, tuple[float, int]] = {}
    nouns = {i: _anaphor_noun(claims[i]) or "" for i, _j in anaphors}
    vocab = sorted({w for _i, j in anaphors for w in words[j]} | set(nouns.values()))
    wv = dict(zip(vocab, embed.static_vectors(vocab), strict=True)) if vocab else {}
    for i, j in anaphors:
        noun = wv.get(nouns[i])
        near = max((float(noun @ wv[w]) for w in words[j]), default=0.0) if noun is not None else 0.0
        s = 0.5 * near + 0.5 * pair_score(float(vecs[i] @ vecs[j]), jaccard(words[i], words[j]))
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
        return words[1]
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


def copied_passages(g: list[int], claims: list[Claim], docs: dict[str, Document]) -> dict[int, int]:
    """Members whose words repeat another document's member (an editor's note, a pasted
    paragraph, a copied quote), mapped to the first such member (earliest published, else first
    given): one text, one source, however many documents carry it."""
    from difflib import SequenceMatcher

    words = {i: _WORD.findall(claims[i].text.lower()) for i in g}
    order = sorted(g, key=lambda i: (docs[claims[i].doc_id].meta.published or "9999", i))
    out: dict[int, int] = {}
    for k, i in enumerate(order):
        if len(words[i]) < COPY_WORDS:
            continue
        for j in order[:k]:
            if (claims[j].doc_id != claims[i].doc_id and j not in out and len(words[j]) >= COPY_WORDS
                    and SequenceMatcher(None, words[i], words[j], autojunk=False).ratio() >= COPY_RATIO):
                out[i] = j
                break
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


MODEL_DISPUTES = False  # the stance model's "disagree" marks a dispute: off, right 0.29 of the time on new topics


def _model_stances(items: list[tuple[str, str]]) -> list[tuple[str, bool]] | None:
    """The stance model's label of each (claim, context) pair, and whether its P(disagree | related)
    reaches the model's ``dispute_at`` (chosen on held-out FNC-1 topics; the pairs are members of
    one claim cluster, so known to be related)."""
    from newsprism.resolve import stance

    model = stance.load()
    if model is None or not items:
        return None
    try:
        if not MODEL_DISPUTES:
            return [(label, False) for label in model.predict(items)]
        labels, p_disagree = model.judge(items)
    except (ValueError, AttributeError):  # a model trained with other features than this code computes
        return None
    return list(zip(labels, (bool(p >= model.dispute_at) for p in p_disagree), strict=True))


def _context(doc: Document, sentence: int, width: int = 1) -> str:
    sents = doc.sentences
    if not sents:
        return doc.text
    lo, hi = max(0, sentence - width), min(len(sents), sentence + width + 1)
    return " ".join(s.text for s in sents[lo:hi])


def build(docs: list[Document], threshold: float | None = None) -> list[ClaimCluster]:
    """Claim clusters with members, stance, independence and chains, best corroborated first."""
    claims = [c for d in docs for c in d.claims]
    if not claims:
        return []
    by_id = {d.id: d for d in docs}
    ups = doc_upstream(docs)
    one_outlet = shared_passages(docs)  # reports of unknown outlet that share its boilerplate: one source
    groups, vecs = cluster(claims, docs, threshold)
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
    rep_of = {id(g): _representative(g, claims, vecs) for g in groups}  # each group's shown claim, chosen once
    for gi, g in enumerate(multi):
        rep = rep_of[id(g)]
        for i in g:
            c = claims[i]
            wanted = ("supports", "reports") if MODEL_DISPUTES else ("reports",)
            if base_stance(c) in wanted and (MODEL_DISPUTES or not c.hedging and c.kind == "assertion") and i != rep:
                model_in.append((claims[rep].text, _context(by_id[c.doc_id], c.sentence)))
                model_at.append((gi, i))
    model_out = _model_stances(model_in) or []
    model_stance = {at: s for at, s in zip(model_at, model_out, strict=False)}
    multi_ids = {id(g): gi for gi, g in enumerate(multi)}
    for g in groups:
        rep = rep_of[id(g)]
        gi = multi_ids.get(id(g), -1)
        members: list[ClaimMember] = []
        doc_media: dict[str, list[str]] = defaultdict(list)
        for i in g:  # upstream named anywhere in a document's members (the relative clause of a denial)
            c = claims[i]
            doc_media[c.doc_id] += [u for u in c.upstream if not u.lower().startswith("anonymous")]
        chains: dict[int, list[str]] = {}
        for i in g:
            c = claims[i]
            chains[i] = member_chain(c, by_id[c.doc_id], ups.get(c.doc_id, []))
            if len(chains[i]) == 1 and doc_media[c.doc_id] and not c.denial:
                chains[i].append(doc_media[c.doc_id][0])
        copies = copied_passages(g, claims, by_id) if gi >= 0 else {}
        for i, j in copies.items():  # the same words as another report: that report's source, not a new one
            chains[i] = [chains[i][0], *[x for x in chains[j] if x != chains[i][0]]]
        for i in sorted(g, key=lambda k: (claims[k].doc_id, claims[k].sentence)):
            c = claims[i]
            d = by_id[c.doc_id]
            chain = chains[i]
            st = base_stance(c)
            fnc, model_disputes = model_stance.get((gi, i), ("", False))
            if st in ("supports", "reports") and (negates(c, claims[rep]) or MODEL_DISPUTES and model_disputes):
                st = "disputes"
            elif st == "denies" and rejects_opposite(c, claims[rep]):
                st = "reports" if c.kind == "attributed" or c.hedging else "supports"
            # a dispute: the same predicate negated, or (MODEL_DISPUTES) the model's P(disagree |
            # related) at its cut (0.5: on three-sentence contexts of FNC-1's "tune" topics 0.64 of
            # the rows it marks are "disagree"; on held-out "test" topics 0.29, so off by default)
            elif fnc == "agree" and st == "reports" and not c.hedging and c.kind == "assertion":
                st = "supports"
            members.append(ClaimMember(
                claim_id=c.id, doc_id=c.doc_id, outlet=d.meta.outlet, stance=st,  # type: ignore[arg-type]
                span=c.span, source=c.source if c.kind == "attributed" else d.meta.outlet,
                origin=None if st == "denies" else one_outlet.get(src := origin(chain), src),
                chain=" ← ".join(chain),
                similarity=1.0 if i == rep else round(float(vecs[i] @ vecs[rep]), 3),
            ))
        out.append(_summarize(claims[rep], members))
    out.sort(key=lambda k: (-k.independent_sources, -k.reports, not k.contested, k.id))
    for n, k in enumerate(out):
        k.id = f"claim-{n + 1}"
    return out


def negates(c: Claim, rep: Claim) -> bool:
    """'Clinton did not break the law' against 'Clinton broke the law': the same predicate
    with the opposite polarity (a denial cue is a stance of its own)."""
    a, b = (c.predicate or "").removeprefix("not "), (rep.predicate or "").removeprefix("not ")
    return bool(a) and a == b and c.polarity != rep.polarity and not c.denial and not rep.denial


def rejects_opposite(c: Claim, rep: Claim) -> bool:
    """A denial of the shown claim's opposite backs it: "denied that she was captured" beside "she
    was not captured". A denial's polarity is its source's net position (negative for "denied that
    she was captured"), so: the same predicate and the same polarity as the shown claim."""
    a, b = (c.predicate or "").removeprefix("not "), (rep.predicate or "").removeprefix("not ")
    return bool(a) and a == b and c.denial and not rep.denial and c.polarity == rep.polarity


def _representative(g: list[int], claims: list[Claim], vecs: np.ndarray) -> int:
    """The member most like the others, preferring the outlet's own unhedged words and a claim
    that says who ("Lester Holt needs to fact check him" over "They have a big problem")."""
    def bare(i: int) -> bool:
        return (claims[i].subject or "").strip().lower() in BARE_SUBJECTS

    if len(g) <= 2:
        return min(g, key=lambda i: (claims[i].denial, bare(i), claims[i].kind == "attributed", claims[i].sentence))
    sub = vecs[g]
    centr = (sub @ sub.T).mean(axis=1)
    order = sorted(range(len(g)), key=lambda k: (claims[g[k]].denial, bare(g[k]), -centr[k]))
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
    # a report that gives the claim to a source and also states it in its own voice has it from
    # that source: its own words add no second independent source
    quoting = {m.doc_id for m in backers if " ← " in (m.chain or "")}
    sources = sorted({m.origin for m in backers if m.origin and (m.doc_id not in quoting or " ← " in (m.chain or ""))})
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

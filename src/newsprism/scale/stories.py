"""Documents into stories, near-linearly: keys, blocking, union-find.

Each document gets a few *story keys* when it is extracted: pairs of its most frequent
named entities ("e:kremlin|putin") and its claims' subject-predicate-object keys. Two
documents belong to the same story when they share a key within a time window: a
document dated day ``d`` sits in the blocks ``d // W`` and ``d // W + 1``, so documents
up to ``W`` days apart always meet and none more than ``2W - 1`` apart do. Undated
documents form one block of their own.

Cost: a document emits at most ``C(top, 2) + claims`` keys in two blocks; the postings are
sorted once (``O(P log P)``) and each posting list is unioned to its first member. A key
shared by more than ``max_key_docs`` documents in one block is too generic to join a
story (think "u.s.|washington") and is ignored; a union that would make a story larger
than ``max_story`` documents is refused, which bounds the memory of the per-story stage.
Nothing compares documents pairwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from itertools import combinations

import numpy as np

from newsprism.model import Document

KEY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
_THE = re.compile(r"^the\s+")
_POSS = re.compile(r"['\u2019]s$")


def norm(text: str) -> str:
    text = " ".join(text.lower().split())
    return _POSS.sub("", _THE.sub("", text))


def story_keys(doc: Document, top: int = 6) -> list[str]:
    """The blocking keys of one document (sorted, unique)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in doc.entities:
        if m.kind != "name" or m.label not in KEY_LABELS:
            continue
        key = norm(m.text)
        if len(key) < 3:
            continue
        counts[key] += 1
        first.setdefault(key, m.start)
    best = sorted(sorted(counts, key=lambda k: (-counts[k], first[k]))[:top])
    keys = {"e:" + a + "|" + b for a, b in combinations(best, 2) if not _same_name(a, b)}
    for claim in doc.claims:
        if _specific(claim.subject) and claim.predicate and _specific(claim.object):
            keys.add("c:" + "|".join(norm(x or "") for x in (claim.subject, claim.predicate, claim.object)))
    return sorted(keys)


def _same_name(a: str, b: str) -> bool:
    """Two names of one entity ("donald trump" / "trump", "republican" / "republicans"), not a pair."""
    wa, wb = a.split(), b.split()
    return any(x == y or x.startswith(y) or y.startswith(x) for x in wa for y in wb if min(len(x), len(y)) >= 4)


_VAGUE = frozenset(
    "i you he she it we they this that these those there who what which one someone something everyone "
    "everything people me him her us them".split()
)


def _specific(part: str | None) -> bool:
    """A claim key's subject or object that says which story it is ("Putin", not "I" or "it")."""
    if not part:
        return False
    words = [w for w in norm(part).split() if w.isalpha() or w.isalnum()]
    return any(len(w) >= 3 and w not in _VAGUE for w in words)


def day_of(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def cluster(
    days: list[int | None],
    keys: list[list[str]],
    *,
    window_days: int = 3,
    max_key_docs: int = 200,
    max_story: int = 1000,
) -> list[int]:
    """The story of each document, as the smallest document index in its story."""
    n = len(days)
    idx: list[int] = []
    hashes: list[int] = []
    for i, (day, ks) in enumerate(zip(days, keys, strict=True)):
        blocks = ("u",) if day is None else (str(day // window_days), str(day // window_days + 1))
        for block in blocks:
            for k in ks:
                idx.append(i)
                hashes.append(_hash(block + "\x1f" + k))
    parent = np.arange(n)
    size = np.ones(n, dtype=np.int64)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = int(parent[root])
        while parent[x] != root:
            parent[x], x = root, int(parent[x])
        return root

    if idx:
        h = np.asarray(hashes, dtype=np.int64)
        ix = np.asarray(idx, dtype=np.int64)
        order = np.lexsort((ix, h))
        h, ix = h[order], ix[order]
        cuts = np.flatnonzero(np.diff(h)) + 1
        starts = np.concatenate(([0], cuts))
        ends = np.concatenate((cuts, [len(h)]))
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            if e - s < 2 or e - s > max_key_docs:
                continue
            a = find(int(ix[s]))
            for j in ix[s + 1 : e].tolist():
                b = find(j)
                if a == b or size[a] + size[b] > max_story:
                    continue
                if size[a] < size[b]:
                    a, b = b, a
                parent[b] = a
                size[a] += size[b]
    roots = [find(i) for i in range(n)]
    label: dict[int, int] = {}
    for i, r in enumerate(roots):
        label.setdefault(r, i)
    return [label[r] for r in roots]


def story_id(members: list[str]) -> str:
    """A story's id: a digest of its members' ids (stable across runs and engines)."""
    return "s" + hashlib.sha1("\n".join(sorted(members)).encode("utf-8")).hexdigest()[:12]


def buckets(stories: dict[str, list[int]], days: list[int | None], bucket_docs: int) -> list[list[str]]:
    """Stories (id -> member indexes) packed into buckets of about ``bucket_docs`` documents
    (a larger story gets a bucket of its own), in order of each story's first day (``days``:
    each member's day, undated stories last): a new night's articles join or start recent
    stories, so only the last buckets change and a nightly run keeps the others."""
    first = {sid: min([d for i in m if (d := days[i]) is not None], default=None) for sid, m in stories.items()}
    out: list[list[str]] = [[]]
    n = 0
    for sid in sorted(stories, key=lambda k: (first[k] is None, first[k] or 0, k)):
        size = len(stories[sid])
        if out[-1] and n + size > bucket_docs:
            out.append([])
            n = 0
        out[-1].append(sid)
        n += size
    return [b for b in out if b]

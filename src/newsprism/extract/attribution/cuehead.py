"""A contextual cue classifier for the accurate mode (``NEWSPRISM_ATTRIBUTIONS=tagger``).

The shipped cue classifier (``learned.py``) is a logistic regression over the candidate token's
own words and parse. In the accurate mode, a small BiLSTM head reads each paragraph that holds a
candidate, over frozen all-MiniLM-L6-v2 states (``tagger.Encoder``) and cheap features (part of
speech, dependency, the logistic regression's own score, the lemma's cue prior, quotation), and
scores every candidate again; its probability replaces the regression's, with its own threshold
(picked on the tune half of PolNeAR dev). The speech-frame rule ("X reported that ..., according
to Y") still adds cues the scores miss. Trained by ``train/attrib_cuehead.py`` on PolNeAR train
(the regression's scores there are cross-fitted, so that the head learns how far to trust them on
unseen text); shipped as ``data/attributions/cuehead.npz`` (fp16).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsprism.extract.attribution import bilstm

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "attributions" / "cuehead.npz"
N_FLAGS = 10
BATCH = 16  # paragraphs read at once


def features(
    doc: Doc,
    a: int,
    b: int,
    probs: dict[int, float],
    prior: dict[str, float],
    inside: np.ndarray,
    frames: set[int],
) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Per token of [a, b): its (part of speech, dependency) and ``N_FLAGS`` floats: candidate,
    the regression's log-odds / 4 and probability, the lemma's cue prior and whether it has one,
    inside a quotation, a quote mark, white space or punctuation, a sentence start, and a speech
    frame (``frames``: token indices ``rules.is_speech_frame`` takes)."""
    n = b - a
    cats: list[tuple[str, str]] = []
    fl = np.zeros((n, N_FLAGS), dtype=np.float32)
    for k in range(n):
        i = a + k
        t = doc[i]
        cats.append((t.pos_, t.dep_))
        lemma = t.lemma_.lower()
        p = probs.get(i)
        if p is not None:
            q = min(max(p, 1e-4), 1 - 1e-4)
            fl[k, 0] = 1.0
            fl[k, 1] = np.log(q / (1 - q)) / 4.0
            fl[k, 2] = p
        fl[k, 3] = prior.get(lemma, 0.0)
        fl[k, 4] = lemma in prior
        fl[k, 5] = bool(inside[i])
        fl[k, 6] = t.is_quote
        fl[k, 7] = t.is_space or t.is_punct
        fl[k, 8] = bool(t.is_sent_start)
        fl[k, 9] = i in frames
    return cats, fl


def build_head(n_pos: int, n_dep: int, dim: int, hidden: int = 96) -> Any:
    """The head: projected MiniLM states, part-of-speech and dependency embeddings (id 0: unknown)
    and the flags, through a two-layer BiLSTM, to one cue logit per token."""
    from torch import nn

    class CueHead(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Linear(dim, 128)
            self.pos = nn.Embedding(n_pos + 1, 16)
            self.dep = nn.Embedding(n_dep + 1, 16)
            self.lstm = nn.LSTM(128 + 32 + N_FLAGS, hidden, num_layers=2, batch_first=True, bidirectional=True, dropout=0.2)
            self.drop = nn.Dropout(0.2)
            self.out = nn.Linear(2 * hidden, 1)

        def forward(self, x: Any, cats: Any, fl: Any, lengths: Any = None) -> Any:
            return self.out(self.drop(bilstm.read(self, x, cats, fl, lengths)))[..., 0]

    return CueHead()


class CueScorer:
    """The shipped heads (their probabilities averaged), vocabularies and threshold."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        import torch

        z = np.load(path, allow_pickle=False)
        self.pos_ix = {str(x): k + 1 for k, x in enumerate(z["pos"])}
        self.dep_ix = {str(x): k + 1 for k, x in enumerate(z["dep"])}
        self.threshold = float(z["threshold"])
        self.heads = []
        for weights in bilstm.members(z):
            head = build_head(len(self.pos_ix), len(self.dep_ix), int(weights["proj.weight"].shape[1]))
            head.load_state_dict({k: torch.from_numpy(v.astype(np.float32)) for k, v in weights.items()})
            self.heads.append(head.eval())

    def probs(
        self,
        doc: Doc,
        ranges: list[tuple[int, int]],
        states: dict[tuple[int, int], np.ndarray],
        probs: dict[int, float],
        prior: dict[str, float],
        inside: np.ndarray,
        frames: set[int],
    ) -> dict[int, float]:
        """The heads' cue probability for every candidate (the keys of ``probs``, the regression's
        scores) in the paragraphs ``ranges``, given their MiniLM ``states``."""
        import torch

        out: dict[int, float] = {}
        order = sorted(ranges, key=lambda r: r[1] - r[0])
        for s in range(0, len(order), BATCH):
            group = order[s : s + BATCH]
            lens = [b - a for a, b in group]
            n = max(lens)
            dim = states[group[0]].shape[1]
            x = np.zeros((len(group), n, dim), dtype=np.float32)
            c = np.zeros((len(group), n, 2), dtype=np.int64)
            f = np.zeros((len(group), n, N_FLAGS), dtype=np.float32)
            for j, (a, b) in enumerate(group):
                cats, fl = features(doc, a, b, probs, prior, inside, frames)
                x[j, : lens[j]] = states[(a, b)]
                c[j, : lens[j]] = [(self.pos_ix.get(p, 0), self.dep_ix.get(d, 0)) for p, d in cats]
                f[j, : lens[j]] = fl
            tx, tc, tf, tl = torch.from_numpy(x), torch.from_numpy(c), torch.from_numpy(f), torch.tensor(lens)
            with torch.no_grad():
                p = np.mean([torch.sigmoid(h(tx, tc, tf, tl)).numpy() for h in self.heads], axis=0)
            for j, (a, b) in enumerate(group):
                for i in range(a, b):
                    if i in probs:
                        out[i] = float(p[j, i - a])
        return out

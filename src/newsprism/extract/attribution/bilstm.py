"""The reading step the MiniLM heads share (``tagger.py``'s span head, ``cuehead.py``'s cue
scorer): projected MiniLM states, part-of-speech and dependency embeddings and flags, through the
head's BiLSTM."""

from __future__ import annotations

from typing import Any

import numpy as np


def read(head: Any, x: Any, cats: Any, fl: Any, lengths: Any = None) -> Any:
    """The BiLSTM's states per token for a batch; with ``lengths``, each row is read only up to its
    length (as if alone: the padding does not reach the backward direction)."""
    import torch
    from torch import nn

    h = torch.cat([torch.relu(head.proj(head.drop(x))), head.pos(cats[..., 0]), head.dep(cats[..., 1]), fl], -1)
    if lengths is None:
        return head.lstm(h)[0]
    packed = nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
    return nn.utils.rnn.pad_packed_sequence(head.lstm(packed)[0], batch_first=True, total_length=x.shape[1])[0]


def members(z: Any) -> list[dict[str, np.ndarray]]:
    """The weights of each head a shipped ``.npz`` holds: "w0:", "w1:", ... when it says how many
    ``members``; "w:" for a file with one head."""
    prefixes = [f"w{m}:" for m in range(int(z["members"]))] if "members" in z.files else ["w:"]
    return [{k[len(pre) :]: z[k] for k in z.files if k.startswith(pre)} for pre in prefixes]


def quoted(n: int, regions: list[tuple[int, int]]) -> np.ndarray:
    """Per token of a document of ``n`` tokens: inside one of the quotation ``regions`` (first and
    last token, inclusive)."""
    inside = np.zeros(n, dtype=bool)
    for s, e in regions:
        inside[s : e + 1] = True
    return inside

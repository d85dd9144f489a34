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


def test_debunk_scores_a_debunking_text_above_a_plain_report() -> None:
    from newsprism.resolve.stance import Debunk

    debunks = [f"The story about the {w} is a hoax, experts say it is not true." for w in ("shark", "spider", "ghost", "comet")]
    plain = [f"Officials said the {w} was seen near the town on Monday." for w in ("shark", "spider", "ghost", "comet")]
    model = Debunk(c=10.0, max_features=500)
    model.model.set_params(tfidfvectorizer__min_df=1)
    model.fit(debunks + plain, [True] * 4 + [False] * 4)
    new = ["The report about the whale is a hoax, it is not true.", "Officials said the whale was seen near the town."]
    got = model.score(new + new[:1])
    assert got[0] > 0.5 > got[1]
    assert got[2] == got[0]  # a repeated text gets the same score
    assert model.score([]).size == 0


def test_disagree_scale_moves_only_close_calls() -> None:
    from newsprism.resolve.stance import LABELS, TwoStage

    p = np.asarray([[0.30, 0.20, 0.25, 0.25], [0.60, 0.05, 0.20, 0.15]])
    clf = TwoStage(disagree_scale=1.0)
    assert [LABELS[i] for i in clf.decide(p)] == ["agree", "agree"]
    clf.disagree_scale = 2.0
    assert [LABELS[i] for i in clf.decide(p)] == ["disagree", "agree"]


def test_model_rows_append_the_debunking_cue() -> None:
    from newsprism.resolve.stance import Debunk, StanceModel

    feats = _features()
    deb = Debunk(max_features=500)
    deb.model.set_params(tfidfvectorizer__min_df=1)
    deb.fit(BODIES, [True, False, False])
    pairs = [(CLAIMS[0], BODIES[0]), (CLAIMS[1], BODIES[1])]
    x = StanceModel(feats, None, deb).rows(pairs)
    base = feats.rows(pairs)
    assert x.shape == (2, base.shape[1] + 1)
    assert np.array_equal(x[:, :-1], base)
    assert np.allclose(x[:, -1], deb.score(BODIES[:2]))


def test_judge_is_predict_and_disagree_given_related_at_once() -> None:
    from newsprism.resolve import stance

    model = stance.load()
    assert model is not None
    pairs = [(c, b) for c in CLAIMS for b in BODIES]
    labels, p = model.judge(pairs)
    assert labels == model.predict(pairs)
    assert np.array_equal(p, model.disagree_given_related(pairs))
    none, p_none = model.judge([])
    assert none == [] and p_none.size == 0

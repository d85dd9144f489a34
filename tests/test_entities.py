"""Cross-document entities: coreference metrics, the seeds' gold, metonyms, outlets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from coref_metrics import b_cubed, ceaf_e, conll_f1, muc  # noqa: E402

# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions", fig. 1
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_metrics_textbook_example() -> None:
    assert muc(KEY, RESPONSE)[:2] == pytest.approx((0.4, 0.4))
    assert b_cubed(KEY, RESPONSE)[:2] == pytest.approx((35 / 84, 4 / 8))
    assert ceaf_e(KEY, RESPONSE)[:2] == pytest.approx((0.65, 1.3 / 3))


def test_metrics_perfect_and_all_singletons() -> None:
    assert conll_f1(KEY, KEY) == pytest.approx(1.0)
    singletons = [{m} for c in KEY for m in c]
    assert muc(KEY, singletons)[2] == 0.0
    assert b_cubed(KEY, singletons)[1] == pytest.approx(1.0)
    assert b_cubed(KEY, singletons)[0] == pytest.approx((3 * 1 / 3 + 4 * 1 / 4) / 7)

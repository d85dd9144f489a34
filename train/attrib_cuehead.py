"""Train the contextual cue classifier (``extract/attribution/cuehead.py``) on PolNeAR train.

    .venv/bin/python train/attrib_cuehead.py [--data ../shared/data/polnear] [--cache /tmp/np-attr]

Examples: every paragraph of a PolNeAR train article that holds a cue candidate
(``learned.candidates``); the target of each candidate is whether it heads a gold cue. The
shipped logistic regression's score is one of the features; on train it is cross-fitted (four
folds by article, the shipped recipe: ``rules.feats``, C=0.1), so that the head sees it as good as
it is on unseen text. MiniLM states per paragraph are computed once and cached under --cache.
One head per --seeds (their probabilities are averaged) trains with Adam on two threads for
--epochs; the threshold is the one with the best cue-head F1 on the tune half of PolNeAR dev
(gold heads that are not candidates count as misses). Writes
``src/newsprism/data/attributions/cuehead.npz`` (weights in fp16).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import attributions as T  # noqa: E402
from attrib_tagger import states_for  # noqa: E402
from newsprism.extract.attribution import bilstm, brat, cuehead, learned, rules, tagger  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsprism" / "data" / "attributions" / "cuehead.npz"
Split = list[tuple[str, Any, Any, Any]]


def gold_heads(split: Split, golds: dict[str, list[brat.GoldAttribution]]) -> list[set[int]]:
    out = []
    for stem, _text, doc, offsets in split:
        starts, ends = T.token_bounds(doc, offsets)
        hs = (T.gold_heads(doc, T.tokens_in(starts, ends, g.cue)) for g in golds.get(stem, []))
        out.append({h for h in hs if h is not None})
    return out


def crossfit(split: Split, heads: list[set[int]], prior: dict[str, float], folds: int = 4) -> dict[tuple[int, int], float]:
    """The regression's probability for each candidate of ``split``, from a model fitted on the
    other folds' articles."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = []
    for d, ((_s, _t, doc, _o), hs) in enumerate(zip(split, heads, strict=True)):
        tab = rules.TokenTable(doc)
        rows.extend((d, i, rules.feats(tab, i, prior), int(i in hs)) for i in learned.candidates(tab, prior))
    probs: dict[tuple[int, int], float] = {}
    for f in range(folds):
        fit = [r for r in rows if r[0] % folds != f]
        held = [r for r in rows if r[0] % folds == f]
        vec = DictVectorizer()
        clf = LogisticRegression(C=0.1, max_iter=2000).fit(vec.fit_transform([r[2] for r in fit]), [r[3] for r in fit])
        for r, p in zip(held, clf.predict_proba(vec.transform([r[2] for r in held]))[:, 1], strict=True):
            probs[(r[0], r[1])] = float(p)
    return probs


def records(split: Split, heads: list[set[int]], model: learned.CueModel, probs: dict[tuple[int, int], float] | None) -> list[dict[str, Any]]:
    """One record per paragraph with candidates: features, labels (-1: not a candidate) and how
    many gold heads in it are not candidates. ``probs``: the regression's (default: shipped)."""
    out = []
    for d, ((_stem, _text, doc, _off), hs) in enumerate(zip(split, heads, strict=True)):
        tab = rules.TokenTable(doc)
        ids = learned.candidates(tab, model.prior)
        ps = [probs[(d, i)] for i in ids] if probs is not None else model.probs(tab, ids)
        pr = dict(zip(ids, ps, strict=True))
        inside = bilstm.quoted(len(doc), tab.regions)
        frames = {i for i in ids if rules.is_speech_frame(doc[i])}
        pids = tagger.paragraph_ids(doc)
        for a, b in sorted({tagger.paragraph_of(pids, i) for i in ids}):
            cats, fl = cuehead.features(doc, a, b, pr, model.prior, inside, frames)
            y = np.array([int(i in hs) if i in pr else -1 for i in range(a, b)], dtype=np.int64)
            out.append({"doc": d, "a": a, "b": b, "cats": cats, "fl": fl, "y": y,
                        "missed": sum(1 for h in hs if a <= h < b and h not in pr)})  # fmt: skip
    return out


def batch(recs: list[dict[str, Any]], states: dict[tuple[int, int, int], np.ndarray], idx: list[int]) -> tuple[Any, ...]:
    import torch

    lens = [recs[k]["b"] - recs[k]["a"] for k in idx]
    n = max(lens)
    dim = states[next(iter(states))].shape[1]
    x = np.zeros((len(idx), n, dim), np.float32)
    c = np.zeros((len(idx), n, 2), np.int64)
    f = np.zeros((len(idx), n, cuehead.N_FLAGS), np.float32)
    y = np.full((len(idx), n), -1, np.int64)
    for j, k in enumerate(idx):
        r = recs[k]
        x[j, : lens[j]] = states[(r["doc"], r["a"], r["b"])]
        c[j, : lens[j]] = r["ci"]
        f[j, : lens[j]] = r["fl"]
        y[j, : lens[j]] = r["y"]
    return torch.from_numpy(x), torch.from_numpy(c), torch.from_numpy(f), torch.from_numpy(y), torch.tensor(lens)


def predict(head: Any, recs: list[dict[str, Any]], states: dict[tuple[int, int, int], np.ndarray]) -> list[np.ndarray]:
    import torch

    head.eval()
    out: list[Any] = [None] * len(recs)
    order = sorted(range(len(recs)), key=lambda k: recs[k]["b"] - recs[k]["a"])
    with torch.no_grad():
        for s in range(0, len(order), 32):
            idx = order[s : s + 32]
            x, c, f, _y, lens = batch(recs, states, idx)
            p = torch.sigmoid(head(x, c, f, lens)).numpy()
            for j, k in enumerate(idx):
                out[k] = p[j, : lens[j]]
    head.train()
    return out


def prf(recs: list[dict[str, Any]], probs: list[np.ndarray], thr: float) -> tuple[float, float, float]:
    """Cue-head precision, recall and F1 (gold heads that are not candidates are misses)."""
    tp = fp = fn = 0
    for r, p in zip(recs, probs, strict=True):
        cand = r["y"] >= 0
        pred = (p >= thr) & cand
        tp += int((pred & (r["y"] == 1)).sum())
        fp += int((pred & (r["y"] == 0)).sum())
        fn += int((~pred & (r["y"] == 1)).sum()) + r["missed"]
    pr, rc = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return pr, rc, 2 * pr * rc / max(pr + rc, 1e-9)


def train_head(seed: int, epochs: int, tr: list[dict[str, Any]], states: dict[tuple[int, int, int], np.ndarray], n_pos: int, n_dep: int) -> Any:
    import torch

    torch.manual_seed(seed)
    random.seed(seed)
    head = cuehead.build_head(n_pos, n_dep, states[next(iter(states))].shape[1])
    opt = torch.optim.Adam(head.parameters(), lr=1e-3)
    lossf = torch.nn.BCEWithLogitsLoss()
    keep = [k for k, r in enumerate(tr) if (r["y"] >= 0).any()]
    for ep in range(epochs):
        t0 = time.perf_counter()
        random.shuffle(keep)
        total = 0.0
        for s in range(0, len(keep), 1600):  # like lengths together, within chunks
            chunk = sorted(keep[s : s + 1600], key=lambda k: tr[k]["b"] - tr[k]["a"])
            groups = [chunk[i : i + 32] for i in range(0, len(chunk), 32)]
            random.shuffle(groups)
            for idx in groups:
                x, c, f, y, lens = batch(tr, states, idx)
                out = head(x, c, f, lens)
                m = y >= 0
                loss = lossf(out[m], y[m].float())
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += float(loss.detach())
        print(f"  seed {seed} epoch {ep}: loss {total:.1f} ({time.perf_counter() - t0:.0f}s)", flush=True)
    return head.eval()


def main() -> None:
    import torch

    ap = T.polnear_args(__doc__.splitlines()[0], OUT)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seeds", default="0,1")
    args = ap.parse_args()
    torch.set_num_threads(2)

    model = learned.default_model()
    train = T.parse_split(args.data / "train", args.cache)
    tune = T.dev_half(T.parse_split(args.data / "dev", args.cache), "tune")
    htrain = gold_heads(train, brat.read_folder(args.data / "train"))
    htune = gold_heads(tune, brat.read_folder(args.data / "dev"))
    tr = records(train, htrain, model, crossfit(train, htrain, model.prior))
    dv = records(tune, htune, model, None)
    pos = sorted({p for r in tr for p, _d in r["cats"]})
    dep = sorted({d for r in tr for _p, d in r["cats"]})
    pix, dix = {x: k + 1 for k, x in enumerate(pos)}, {x: k + 1 for k, x in enumerate(dep)}
    for r in tr + dv:
        r["ci"] = np.array([[pix.get(p, 0), dix.get(d, 0)] for p, d in r["cats"]], dtype=np.int64).reshape(-1, 2)
    strain = states_for(train, tr, args.cache / "cuehead_train_states.pkl")
    stune = states_for(tune, dv, args.cache / "cuehead_tune_states.pkl")
    lr = [r["fl"][:, 2] for r in dv]
    print("regression on tune: P {:.3f} R {:.3f} F1 {:.3f}".format(*prf(dv, lr, model.threshold)))
    heads = [train_head(int(s), args.epochs, tr, strain, len(pos), len(dep)) for s in args.seeds.split(",")]
    probs = [np.mean(ps, axis=0) for ps in zip(*(predict(h, dv, stune) for h in heads), strict=True)]
    grid = [round(t, 2) for t in np.arange(0.3, 0.71, 0.05)]
    for t in grid:
        print(f"threshold {t:.2f}: " + "P {:.3f} R {:.3f} F1 {:.3f}".format(*prf(dv, probs, t)))
    thr = max(grid, key=lambda t: prf(dv, probs, t)[2])
    arrays: dict[str, Any] = {"pos": np.array(pos), "dep": np.array(dep), "threshold": np.float64(thr), "members": np.int64(len(heads))}
    for m, h in enumerate(heads):
        arrays.update({f"w{m}:{k}": v.detach().numpy().astype(np.float16) for k, v in h.state_dict().items()})
    np.savez_compressed(args.out, **arrays)
    print(f"threshold {thr}; wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

"""Train the attribution span tagger (``extract/attribution/tagger.py``) on PolNeAR train.

    .venv/bin/python train/attrib_tagger.py [--data ../shared/data/polnear] [--cache /tmp/np-attr]

Examples: every cue the shipped rules find in a PolNeAR train article (default mode), paired
with the gold attribution whose cue covers the found cue's head; the target is the gold
content's and source's token envelope inside the cue's paragraph ("no source" where gold has
none). Inputs: frozen all-MiniLM-L6-v2 states per paragraph (computed once and cached under
--cache) and ``tagger.features``. One head per --seeds (shipped: 0 and 1; their scores are
averaged at run time, ``tagger.combine``) trains with Adam on one thread for --epochs; the
per-role decision thresholds are picked on the tune half of PolNeAR dev (content exact and
source exact F1, end to end with ``to_items``/``score``). Writes
``src/newsprism/data/attributions/tagger.npz`` (weights in fp16).
"""

from __future__ import annotations

import pickle
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import attributions as T  # noqa: E402
from newsprism.extract.attribution import bilstm, brat, learned, rules, score, tagger  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsprism" / "data" / "attributions" / "tagger.npz"


def envelope(starts: np.ndarray, ends: np.ndarray, span: score.Span, a: int, b: int) -> tuple[int, int] | None:
    """Token envelope of a trimmed character span, within [a, b) (relative to a); None if outside."""
    if span is None:
        return None
    sel = np.nonzero((starts[a:b] < span[1]) & (ends[a:b] > span[0]))[0]
    return (int(sel[0]), int(sel[-1])) if len(sel) else None


def examples(split: list[tuple[str, Any, Any, Any]], golds: dict[str, list[brat.GoldAttribution]], with_gold: bool,
             threshold: float | None = None) -> list[dict[str, Any]]:
    """One record per found attribution: its paragraph, the rules' spans, the paired gold targets.
    ``threshold``: the cue classifier's (default: the shipped one); a lower one with ``with_gold``
    adds the gold cues the classifier scores under its threshold, with the rules' spans."""
    model = learned.default_model()
    out: list[dict[str, Any]] = []
    for d, (stem, text, doc, offsets) in enumerate(split):
        found = model.find(doc, threshold)
        starts, ends = T.token_bounds(doc, offsets)
        gitems = T.gold_items(text, golds.get(stem, []))
        gcues = [g.cue for g in golds.get(stem, [])]
        pids = tagger.paragraph_ids(doc)
        for f, p in zip(found, T.to_items(found, text, offsets), strict=True):
            a, b = tagger.paragraph_of(pids, f.head.i)
            rec = {"doc": d, "a": a, "b": b, "head": f.head.i, "cue": [t.i for t in f.cue],
                   "content": [t.i for t in f.content], "source": [t.i for t in f.source]}  # fmt: skip
            if with_gold:
                h0, h1 = starts[f.head.i], ends[f.head.i]
                cands = [k for k, rs in enumerate(gcues) if any(x < h1 and y > h0 for x, y in rs)]
                if not cands:
                    continue
                k = next((k for k in cands if score.linked(p, gitems[k])), cands[0])
                g = gitems[k]
                rec["g_content"] = envelope(starts, ends, g.content, a, b)
                rec["g_source"] = envelope(starts, ends, g.source, a, b) if g.source is not None else "none"
            out.append(rec)
    return out


def states_for(split: list[tuple[str, Any, Any, Any]], recs: list[dict[str, Any]], path: Path) -> dict[tuple[int, int, int], np.ndarray]:
    """MiniLM states per (doc, a, b) paragraph, cached as fp16 in ``path``."""
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    enc = tagger.Encoder()
    need: dict[int, set[tuple[int, int]]] = {}
    for r in recs:
        need.setdefault(r["doc"], set()).add((r["a"], r["b"]))
    out = {}
    t0 = time.perf_counter()
    for n, (d, ranges) in enumerate(sorted(need.items())):
        got = enc.states(split[d][2], sorted(ranges))
        for (a, b), v in got.items():
            out[(d, a, b)] = v.astype(np.float16)
        if n % 100 == 0:
            print(f"  encoded {n}/{len(need)} docs, {time.perf_counter() - t0:.0f}s", flush=True)
    with path.open("wb") as fh:
        pickle.dump(out, fh)
    return out


def featurize(split: list[tuple[str, Any, Any, Any]], recs: list[dict[str, Any]], pos_ix: dict[str, int], dep_ix: dict[str, int]) -> None:
    cache: dict[int, Any] = {}
    for r in recs:
        d = r["doc"]
        if d not in cache:
            doc = split[d][2]
            tab = rules.TokenTable(doc)
            inside = bilstm.quoted(len(doc), tab.regions)
            sent_ids = np.zeros(len(doc), dtype=np.int64)
            for k, sent in enumerate(doc.sents):
                sent_ids[sent.start : sent.end] = k
            cache = {d: (doc, inside, sent_ids)}
        doc, inside, sent_ids = cache[d]
        r["cats"], r["fl"] = tagger.features(
            doc, r["a"], r["b"], r["head"], r["cue"], r["content"], r["source"], inside, sent_ids,
            {t.i for t in doc[r["head"]].subtree}, pos_ix, dep_ix,
        )  # fmt: skip
        r["valid"] = np.array([not (t.is_space or t.is_punct) for t in doc[r["a"] : r["b"]]])


def batches(recs: list[dict[str, Any]], states: dict[tuple[int, int, int], np.ndarray], size: int, shuffle: bool) -> Any:
    import torch

    order = list(range(len(recs)))
    if shuffle:
        random.shuffle(order)
    # bucket by length within chunks of 50 batches for speed
    chunks = [order[k : k + size * 50] for k in range(0, len(order), size * 50)]
    for ch in chunks:
        ch.sort(key=lambda k: recs[k]["b"] - recs[k]["a"])
        for s in range(0, len(ch), size):
            idx = ch[s : s + size]
            n = max(recs[k]["b"] - recs[k]["a"] for k in idx)
            dim = next(iter(states.values())).shape[1]
            x = np.zeros((len(idx), n, dim), dtype=np.float32)
            cats = np.zeros((len(idx), n, 2), dtype=np.int64)
            fl = np.zeros((len(idx), n, tagger.N_FLAGS), dtype=np.float32)
            mask = np.zeros((len(idx), n), dtype=bool)
            for j, k in enumerate(idx):
                r = recs[k]
                m = r["b"] - r["a"]
                x[j, :m] = states[(r["doc"], r["a"], r["b"])]
                cats[j, :m] = r["cats"]
                fl[j, :m] = r["fl"]
                mask[j, :m] = r["valid"]
            yield idx, torch.from_numpy(x), torch.from_numpy(cats), torch.from_numpy(fl), torch.from_numpy(mask)


def loss_of(head: Any, y: Any, mask: Any, idx: list[int], recs: list[dict[str, Any]]) -> Any:
    import torch

    neg = torch.finfo(y.dtype).min / 4
    total = y.new_zeros(())
    count = 0
    for n, role in enumerate(tagger.ROLES):
        for side in (0, 1):
            logits = y[:, :, 2 * n + side].masked_fill(~mask, neg)
            if role == "source":
                logits = torch.cat([logits, head.null[side].expand(len(idx), 1)], 1)
            tg, keep = [], []
            for j, k in enumerate(idx):
                g = recs[k][f"g_{role}"]
                if g is None or (g == "none" and role == "content"):
                    tg.append(0)
                    keep.append(False)
                elif g == "none":
                    tg.append(logits.shape[1] - 1)
                    keep.append(True)
                else:
                    tg.append(g[side])
                    keep.append(bool(mask[j, g[side]]))
            kt = torch.tensor(keep)
            if kt.any():
                total = total + torch.nn.functional.cross_entropy(logits[kt], torch.tensor(tg)[kt], reduction="sum")
                count += int(kt.sum())
    return total / max(count, 1)


def raw(head: Any, recs: list[dict[str, Any]], states: dict[tuple[int, int, int], np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The head's (tokens, 4) scores and "no source" scores per record, in the records' order."""
    import torch

    head.eval()
    null = head.null.detach().numpy().copy()
    out: list[Any] = [None] * len(recs)
    with torch.no_grad():
        for idx, x, cats, fl, _mask in batches(recs, states, 64, False):
            y = head(x, cats, fl).numpy()
            for j, k in enumerate(idx):
                out[k] = (y[j, : recs[k]["b"] - recs[k]["a"]].copy(), null)
    head.train()
    return out


def decode(recs: list[dict[str, Any]], outs: list[list[tuple[np.ndarray, np.ndarray]]]) -> None:
    """Each record's content and source span from the heads' scores (``tagger.combine``)."""
    for k, r in enumerate(recs):
        y, null = tagger.combine([o[k] for o in outs], r["valid"])
        for n, role in enumerate(tagger.ROLES):
            r[f"p_{role}"] = tagger.best_span(y[:, 2 * n], y[:, 2 * n + 1], r["valid"], (float(null[0]), float(null[1])) if n else None)


def shipped(head: Any) -> dict[str, np.ndarray]:
    """The head's weights as shipped (fp16)."""
    return {k: v.detach().numpy().astype(np.float16) for k, v in head.state_dict().items()}


def train_member(seed: int, epochs: int, data: dict[str, Any], snap: Path | None) -> list[dict[str, np.ndarray]]:
    """One head trained from ``seed`` (torch and the shuffle seeded here, so a member is the same
    alone or in a sequence): its weights after each epoch; with ``snap``, every epoch's weights
    and tune scores are also kept there."""
    import torch

    torch.manual_seed(seed)
    random.seed(seed)
    tr, st_tr, dv, dv_all, st_dv = (data[k] for k in ("tr", "st_tr", "dv", "dv_all", "st_dv"))
    head = tagger.build_head(data["n_pos"], data["n_dep"], data["dim"])
    opt = torch.optim.Adam(head.parameters(), lr=2e-3)
    t0 = time.perf_counter()
    snaps = []
    for ep in range(epochs):
        tot, nb = 0.0, 0
        for idx, x, cats, fl, mask in batches(tr, st_tr, 32, True):
            loss = loss_of(head, head(x, cats, fl), mask, idx, tr)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), 5.0)
            opt.step()
            tot += float(loss.detach())
            nb += 1
        w = shipped(head)
        snaps.append(w)
        ev = tagger.load_head(w, data["n_pos"], data["n_dep"], data["dim"])  # scored as shipped: fp16 weights
        decode(dv, [raw(ev, dv, st_dv)])
        print(f"seed {seed} epoch {ep + 1}: loss {tot / nb:.3f}; {data['half']} {token_acc(dv)}; {time.perf_counter() - t0:.0f}s", flush=True)
        if snap is not None:
            np.savez(snap / f"seed{seed}_e{ep + 1}.npz", **w)
            with (snap / f"seed{seed}_e{ep + 1}_{data['half']}.pkl").open("wb") as fh:
                pickle.dump(raw(ev, dv_all, st_dv), fh)
    return snaps


def token_acc(recs: list[dict[str, Any]]) -> str:
    """Exact token-envelope agreement with the paired gold, tagger vs rules."""
    out = []
    for role in tagger.ROLES:
        t = rl = n = 0
        for r in recs:
            g = r.get(f"g_{role}")
            if g is None:
                continue
            n += 1
            p = r[f"p_{role}"]
            t += (g == "none" and p is None) or (p is not None and g != "none" and (p[0], p[1]) == tuple(g))
            ids = [i - r["a"] for i in r[role] if r["a"] <= i < r["b"] and r["valid"][i - r["a"]]]
            rp = (min(ids), max(ids)) if ids else None
            rl += (g == "none" and not r[role]) or (rp is not None and g != "none" and rp == tuple(g))
        out.append(f"{role}: tagger {t}/{n} rules {rl}/{n}")
    return "; ".join(out)


def end_to_end(split: list[tuple[str, Any, Any, Any]], golds: dict[str, list[brat.GoldAttribution]], recs: list[dict[str, Any]], thr: dict[str, float]) -> score.Scores:
    """Exact F1 etc. with the tagger's spans where confident (per-role threshold), the rules' elsewhere."""
    model = learned.default_model()
    by_doc: dict[int, list[dict[str, Any]]] = {}
    for r in recs:
        by_doc.setdefault(r["doc"], []).append(r)
    sc = score.Scores()
    for d, (stem, text, doc, offsets) in enumerate(split):
        found = model.find(doc)
        rs = by_doc.get(d, [])
        assert len(rs) == len(found)
        for f, r in zip(found, rs, strict=True):
            for role in tagger.ROLES:
                p = r[f"p_{role}"]
                if p is not None and p[2] >= thr[role]:
                    setattr(f, role, list(doc[r["a"] + p[0] : r["a"] + p[1] + 1]))
        score.score_doc(sc, T.to_items(found, text, offsets), T.gold_items(text, golds.get(stem, [])))
    return sc


def main() -> None:
    ap = T.polnear_args(__doc__.splitlines()[0], OUT)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seeds", default="0,1", help="one head per seed; their scores are averaged (tagger.combine)")
    ap.add_argument("--last", type=int, default=1, help="heads per seed: its weights after each of the last N epochs")
    ap.add_argument("--half", default="tune", help="the dev half the thresholds are picked on")
    ap.add_argument("--members", type=Path, default=None, help="keep each head (and every epoch's tune scores) here, and reuse the heads found")
    ap.add_argument("--train-threshold", type=float, default=None,
                    help="cue threshold for the train examples (lower: also the gold cues scored under the shipped one)")
    args = ap.parse_args()

    import os

    import torch

    os.environ.pop(learned.MODE_ENV, None)  # the examples are the default mode's finds
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    train = T.parse_split(args.data / "train", args.cache)
    dev = T.dev_half(T.parse_split(args.data / "dev", args.cache), args.half)
    gtrain, gdev = brat.read_folder(args.data / "train"), brat.read_folder(args.data / "dev")
    tr = examples(train, gtrain, True, args.train_threshold)
    dv = examples(dev, gdev, True)
    dv_all = examples(dev, gdev, False)
    print(f"{len(tr)} train / {len(dv)} {args.half} examples paired with gold ({len(dv_all)} found), {time.perf_counter() - t0:.0f}s", flush=True)
    name = "tagger_train.pkl" if args.train_threshold is None else f"tagger_train_t{args.train_threshold:g}.pkl"
    st_tr = states_for(train, tr, args.cache / name)
    st_dv = states_for(dev, dv_all, args.cache / f"tagger_{args.half}.pkl")
    print(f"states ready, {time.perf_counter() - t0:.0f}s", flush=True)
    pos = ["<unk>", *sorted({t.pos_ for _s, _x, doc, _o in train for t in doc})]
    dep = ["<unk>", *sorted({t.dep_ for _s, _x, doc, _o in train for t in doc})]
    pos_ix, dep_ix = {x: k for k, x in enumerate(pos)}, {x: k for k, x in enumerate(dep)}
    for split, recs in ((train, tr), (dev, dv), (dev, dv_all)):
        featurize(split, recs, pos_ix, dep_ix)
    dim = next(iter(st_tr.values())).shape[1]
    data = {"tr": tr, "st_tr": st_tr, "dv": dv, "dv_all": dv_all, "st_dv": st_dv, "n_pos": len(pos), "n_dep": len(dep), "dim": dim, "half": args.half}
    if args.members is not None:
        args.members.mkdir(parents=True, exist_ok=True)
    members = []
    epochs = range(args.epochs - args.last + 1, args.epochs + 1)
    for seed in (int(x) for x in args.seeds.split(",")):
        kept = [args.members / f"seed{seed}_e{e}.npz" for e in epochs] if args.members is not None else []
        if kept and all(p.exists() for p in kept):
            for p in kept:
                z = np.load(p)
                members.append({k: z[k] for k in z.files})
            print(f"seed {seed}: heads reused from {args.members}", flush=True)
        else:
            members.extend(train_member(seed, args.epochs, data, args.members)[-args.last :])
    heads = [tagger.load_head(w, len(pos), len(dep), dim) for w in members]
    decode(dv, [raw(h, dv, st_dv) for h in heads])
    print(f"{len(heads)} heads: {args.half} {token_acc(dv)}", flush=True)
    decode(dv_all, [raw(h, dv_all, st_dv) for h in heads])
    grid = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
    thr = {"content": 1.01, "source": 1.01}
    for role in tagger.ROLES:  # content first (source left to the rules), then source
        keys = []
        for t in grid:
            sc = end_to_end(dev, gdev, dv_all, {**thr, role: t})
            f = {k: v.prf()[2] for k, v in sc.roles.items()}
            keys.append(f[f"{role}.exact"] + f["linked"])
            print(f"{role} thr {t:.2f}: " + " ".join(f"{k} {f[k]:.3f}" for k in ("source.exact", "cue.exact", "content.exact", "linked")), flush=True)
        # the lowest threshold within 0.002 of the best sum: differences that small are a tp or two
        thr[role] = next(t for t, k in zip(grid, keys, strict=True) if k >= max(keys) - 0.002)
    print(f"thresholds {thr}", flush=True)
    weights = {f"w{m}:{k}": v for m, w in enumerate(members) for k, v in w.items()}
    np.savez_compressed(
        args.out, pos=np.array(pos), dep=np.array(dep), members=np.int64(len(members)),
        thr_content=np.float32(thr["content"]), thr_source=np.float32(thr["source"]), **weights,
    )  # fmt: skip
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB), {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()

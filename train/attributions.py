"""Train the attribution cue classifier on PolNeAR train, tune on dev, ship it in the package.

    .venv/bin/python train/attributions.py [--data ../shared/data/polnear] [--cache /tmp/np-attr]

Writes src/newsprism/data/attributions/{attributions.npz,tables.json}: a logistic
regression over parse features deciding which tokens head an attribution cue, a second
one deciding which children of a cue carry its content, two boundary models (start and
end of the cue span, ``boundary.py``; trained on the rules' spans for train articles, each
found attribution paired with the gold one it links to), the per-lemma cue
prior, the learned cue-extension table and the decision threshold tuned on the "tune" half
of dev (``bench/attributions.py --half``; best sum of linked and exact source, cue and
content F1, over 0.40-0.70). The cue classifier's C (0.1) was chosen on the whole of dev
before dev was halved (0.1 / 0.3 / 1.0 / 3.0 tried). Parses are cached as spaCy DocBins
under --cache to iterate fast.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.extract.attribution import brat, learned, rules, score

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsprism" / "data" / "attributions"


def parse_split(folder: Path, cache: Path) -> list[tuple[str, Any, Any, Any]]:
    """(stem, text, doc, offsets) per article, parsed with newsprism's pipeline (cached)."""
    from spacy.tokens import DocBin

    from newsprism.ingest import read_inputs
    from newsprism.ingest.clean import clean
    from newsprism.nlp import load_pipeline

    files = sorted((folder / "text").glob("*.txt"))
    nlp = load_pipeline()
    cache.mkdir(parents=True, exist_ok=True)
    bin_path = cache / f"{folder.name}.spacy"
    if bin_path.exists():
        docs = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
    else:
        raws = [r for r in read_inputs(files) if not hasattr(r, "code")]
        db = DocBin()
        docs = []
        for doc in nlp.pipe((r.clean.text for r in raws), batch_size=32):  # type: ignore[union-attr]
            db.add(doc)
            docs.append(doc)
        db.to_disk(bin_path)
    out = []
    for path, doc in zip(files, docs, strict=True):
        text = path.read_text(encoding="utf-8")
        cleaned = clean(text)
        assert cleaned.text == doc.text, path
        out.append((path.stem, text, doc, cleaned.offsets))
    return out


def token_bounds(doc: Any, offsets: Any) -> tuple[np.ndarray, np.ndarray]:
    starts = np.array([offsets.start(t.idx) for t in doc], dtype=np.int64)
    ends = np.array([offsets.end(t.idx + len(t)) for t in doc], dtype=np.int64)
    return starts, ends


def tokens_in(starts: np.ndarray, ends: np.ndarray, ranges: brat.Ranges) -> set[int]:
    sel = np.zeros(len(starts), dtype=bool)
    for a, b in ranges:
        sel |= (starts < b) & (ends > a)
    return set(np.nonzero(sel)[0].tolist())


def gold_heads(doc: Any, ids: set[int]) -> int | None:
    heads = [i for i in sorted(ids) if doc[i].head.i not in ids or doc[i].head.i == i]
    return heads[0] if heads else None


def collect(split: list[tuple[str, Any, Any, Any]], golds: dict[str, list[brat.GoldAttribution]]) -> dict[str, Any]:
    """Gold cue heads per doc, lemma counts, cue-extension counts."""
    heads_by_doc: list[set[int]] = []
    lemma_all: Counter[str] = Counter()
    lemma_head: Counter[str] = Counter()
    incl_n: Counter[str] = Counter()
    incl_in: Counter[str] = Counter()
    for stem, _text, doc, offsets in split:
        starts, ends = token_bounds(doc, offsets)
        heads: set[int] = set()
        for g in golds.get(stem, []):
            ids = tokens_in(starts, ends, g.cue)
            h = gold_heads(doc, ids)
            if h is None:
                continue
            heads.add(h)
            tok = doc[h]
            lemma = tok.lemma_.lower()
            for c in tok.children:
                inside = c.i in ids
                for key in (f"{lemma}|{c.dep_}|{c.lower_}", f"{c.dep_}|{c.lower_}", c.dep_):
                    incl_n[key] += 1
                    incl_in[key] += inside
        heads_by_doc.append(heads)
        for t in doc:
            lemma_all[t.lemma_.lower()] += 1
        for h in heads:
            lemma_head[doc[h].lemma_.lower()] += 1
    return {
        "heads": heads_by_doc,
        "lemma_all": lemma_all,
        "lemma_head": lemma_head,
        "incl_n": incl_n,
        "incl_in": incl_in,
    }


def tables_from(c: dict[str, Any]) -> dict[str, Any]:
    prior = {
        lemma: round((c["lemma_head"][lemma] + 0.0) / (n + 1.0), 4)
        for lemma, n in c["lemma_all"].items()
        if c["lemma_head"][lemma] >= 2
    }
    incl = {k: round(c["incl_in"][k] / n, 3) for k, n in c["incl_n"].items() if n >= 3}
    return {"prior": prior, "incl": incl}


def dataset(
    split: list[tuple[str, Any, Any, Any]], heads: list[set[int]], prior: dict[str, float]
) -> tuple[list[dict[str, Any]], list[int]]:
    xs: list[dict[str, Any]] = []
    ys: list[int] = []
    for (_stem, _text, doc, _off), hs in zip(split, heads, strict=True):
        tab = rules.TokenTable(doc)
        for i in learned.candidates(tab, prior):
            xs.append(rules.feats(tab, i, prior))
            ys.append(int(i in hs))
    return xs, ys


def content_dataset(
    split: list[tuple[str, Any, Any, Any]], golds: dict[str, list[brat.GoldAttribution]], incl: dict[str, float]
) -> tuple[list[dict[str, Any]], list[int]]:
    """Children of gold cue heads, labelled by whether their subtree is mostly gold content."""
    xs: list[dict[str, Any]] = []
    ys: list[int] = []
    for stem, _text, doc, offsets in split:
        starts, ends = token_bounds(doc, offsets)
        for g in golds.get(stem, []):
            h = gold_heads(doc, tokens_in(starts, ends, g.cue))
            if h is None:
                continue
            head = doc[h]
            content = tokens_in(starts, ends, g.content)
            cue = rules.cue_tokens(head, incl)
            source = rules.source_tokens(head)
            kids = rules.content_candidates(head, cue, source)
            for c in kids:
                sub = [t.i for t in c.subtree]
                xs.append(rules.child_feats(head, c, kids))
                ys.append(int(sum(i in content for i in sub) * 2 > len(sub)))
    return xs, ys


def boundary_dataset(
    model: learned.CueModel, split: list[tuple[str, Any, Any, Any]], golds: dict[str, list[brat.GoldAttribution]]
) -> dict[str, tuple[list[dict[str, float]], list[int]]]:
    """Per boundary model: candidate rows, labelled 1 where the candidate token's trimmed start
    (end) is the paired gold span's."""
    from newsprism.extract.attribution import boundary

    data: dict[str, tuple[list[dict[str, float]], list[int]]] = {k: ([], []) for k in learned.BOUNDS}
    for stem, text, doc, offsets in split:
        found = model.find(doc, bounds=False)
        tt = boundary.Tokens(doc)
        gitems = gold_items(text, golds.get(stem, []))
        for f, p in zip(found, to_items(found, text, offsets), strict=True):
            g = next((g for g in gitems if score.linked(p, g)), None)
            for role in ("cue",) if g is not None else ():
                toks, gold = getattr(f, role), getattr(g, role)
                if not toks or gold is None:
                    continue
                taken = boundary.taken_by_others(role, f.cue, f.source, f.content)
                for n, side in enumerate(("s", "e")):
                    _rule, cands, rows = boundary.rows(tt, role, side, toks, f.head, taken)
                    xs, ys = data[f"{role}_{side}"]
                    for k, row in zip(cands, rows, strict=True):
                        t = doc[k]
                        span = score.trim(text, [offsets.span(t.idx, t.idx + len(t))])
                        if span is not None:
                            xs.append(dict.fromkeys(boundary.names(role, side, row), 1.0))
                            ys.append(int(span[n] == gold[n]))
    return data


def dev_half(split: list[tuple[str, Any, Any, Any]], half: str) -> list[tuple[str, Any, Any, Any]]:
    """One half of dev, as ``bench/attributions.py --half`` takes it (sorted stems, alternating)."""
    stems = sorted(s[0] for s in split)
    keep = set(stems[{"tune": 0, "test": 1}[half] :: 2])
    return [s for s in split if s[0] in keep]


def to_items(found: list[learned.Found], text: str, offsets: Any) -> list[score.Item]:
    def rng(toks: list[Any]) -> brat.Ranges:
        if not toks:
            return []
        a, b = min(t.idx for t in toks), max(t.idx + len(t) for t in toks)
        return [offsets.span(a, b)]

    return [
        score.Item(score.trim(text, rng(f.source)), score.trim(text, rng(f.cue)), score.trim(text, rng(f.content)))
        for f in found
    ]


def gold_items(text: str, golds: list[brat.GoldAttribution]) -> list[score.Item]:
    return [score.Item(score.trim(text, g.source), score.trim(text, g.cue), score.trim(text, g.content)) for g in golds]


def evaluate(
    model: learned.CueModel,
    split: list[tuple[str, Any, Any, Any]],
    golds: dict[str, list[brat.GoldAttribution]],
    thr: float,
    bounds: bool = False,
) -> score.Scores:
    sc = score.Scores()
    for stem, text, doc, offsets in split:
        score.score_doc(sc, to_items(model.find(doc, thr, bounds), text, offsets), gold_items(text, golds.get(stem, [])))
    return sc


def polnear_args(description: str, out: Path) -> argparse.ArgumentParser:
    """The options of every PolNeAR training script: the data, the parse cache, what it writes."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/np-attr"))
    ap.add_argument("--out", type=Path, default=out)
    return ap


def main() -> None:
    ap = polnear_args(__doc__.splitlines()[0], OUT)
    ap.add_argument("--C", type=float, default=0.1)
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    t0 = time.perf_counter()
    train = parse_split(args.data / "train", args.cache)
    dev = dev_half(parse_split(args.data / "dev", args.cache), "tune")
    gtrain = brat.read_folder(args.data / "train")
    gdev = brat.read_folder(args.data / "dev")
    print(f"parsed {len(train)} train, {len(dev)} dev (tune half) in {time.perf_counter() - t0:.0f}s")

    c = collect(train, gtrain)
    tables = tables_from(c)
    xs, ys = dataset(train, c["heads"], tables["prior"])
    print(f"{len(xs)} candidates, {sum(ys)} cue heads; gold heads {sum(len(h) for h in c['heads'])}")
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    clf = LogisticRegression(C=args.C, max_iter=2000)
    clf.fit(x, ys)
    cx, cy = content_dataset(train, gtrain, tables["incl"])
    print(f"{len(cx)} content candidates, {sum(cy)} inside content")
    cvec = DictVectorizer()
    cclf = LogisticRegression(C=1.0, max_iter=2000)
    cclf.fit(cvec.fit_transform(cx), cy)
    cue, content = learned.Linear.from_sklearn(vec, clf), learned.Linear.from_sklearn(cvec, cclf)
    model = learned.CueModel(cue, content, tables)

    best = (0.0, 0.5)
    for thr in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        sc = evaluate(model, dev, gdev, thr)
        f = {k: v.prf()[2] for k, v in sc.roles.items()}
        print(f"thr {thr:.2f} " + " ".join(f"{k} {v:.3f}" for k, v in sorted(f.items())))
        key = f["linked"] + f["source.exact"] + f["cue.exact"] + f["content.exact"]
        if key > best[0]:
            best = (key, thr)
    tables["threshold"] = best[1]
    model.threshold = best[1]
    bounds = {}
    for key, (bx, by) in boundary_dataset(model, train, gtrain).items():
        bvec = DictVectorizer()
        bxm = bvec.fit_transform(bx)
        common = np.asarray((bxm != 0).sum(axis=0)).ravel() >= 3  # features seen 3+ times: a smaller file
        bvec.restrict(common)
        bclf = LogisticRegression(C=1.0, max_iter=3000).fit(bxm[:, common], by)
        bounds[key] = learned.Linear.from_sklearn(bvec, bclf)
        print(f"boundary {key}: {len(by)} candidates, {sum(by)} gold, {int(common.sum())} features")
    model.bounds = bounds
    for use in (False, True):
        f = {k: v.prf()[2] for k, v in evaluate(model, dev, gdev, best[1], use).roles.items()}
        print(f"boundary models {use}: " + "  ".join(f"{k} {v:.3f}" for k, v in sorted(f.items())))
    args.out.mkdir(parents=True, exist_ok=True)
    learned.save(args.out, cue, content, bounds)
    (args.out / "tables.json").write_text(json.dumps(tables, sort_keys=True), encoding="utf-8")
    print(f"threshold {best[1]}; wrote {args.out}")


if __name__ == "__main__":
    main()

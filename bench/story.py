"""The product end to end on piles with gold: claims and identities as an editor sees them.

    .venv/bin/python bench/story.py [--split dev|train|both] [--no-peers] [--cache DIR]

Every pile goes through the same code path as ``newsprism analyze`` (per-document
extraction, then the cross-document stage) and is scored on what the story says:

* **ECB+** (one pile per topic, both sub-topics; documents written as plain text, one
  paragraph per sentence). *Claims*: cross-document sentence pairs within a topic; gold
  when the two sentences hold mentions of one gold event chain; predicted when claims
  overlapping the two sentences sit in one claim cluster; pairwise P/R/F1. *Entities*:
  each gold entity mention takes the newsprism mention covering its last token (else it
  stays alone); CoNLL F1 over the gold chains and the share of gold mentions covered.
  *Peers* in the same run: TF-IDF and MiniLM sentence cosine between the two sentences,
  threshold tuned on train.
* **The gold piles of ``shared/gold``** (seeds, two PolNeAR piles): claims found (one
  cluster spans two or more of the claim's files), pair recall (passages of one claim in
  two files, in one cluster), false merges (two gold claims whose passages, in different
  files and carried by different claims, sit in one cluster) and disputes seen (a disputed
  gold claim whose cluster is contested or has a denier), and the precision of the clusters that
  span two or more reports: the editor marked every claim two or more reports share, so such a
  cluster that carries no gold claim in two of its files joins claims the reports do not share.

A newsprism claim *carries* a passage when their character spans overlap by at least half
of the passage or 20 characters.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coref_metrics import conll_f1  # noqa: E402
from story_piles import (  # noqa: E402
    Pile,
    analyze_pile,
    ecb_piles,
    ecb_topic,
    extract_pile,
    gold_piles,
    shared_dir,
    stem_of,
)

Pair = tuple[tuple[str, int], tuple[str, int]]


def prf(pred: set[Any], gold: set[Any]) -> dict[str, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pred": len(pred), "gold": len(gold)}


def _pair(a: tuple[str, int], b: tuple[str, int]) -> Pair:
    return (a, b) if a < b else (b, a)


# ----- ECB+ -----

def ecb_gold_sentence_pairs(split: str) -> tuple[set[Pair], set[tuple[str, int]]]:
    """Cross-document sentence pairs within a topic that share a gold event chain; all sentences."""
    mentions = json.loads((shared_dir() / "data" / "ecbplus" / f"ECB_{split}_Event_gold_mentions.json").read_text())
    by_chain: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for m in mentions:
        by_chain[m["coref_chain"]].add((m["doc_id"], m["sent_id"]))
    pairs: set[Pair] = set()
    for sents in by_chain.values():
        for a, b in combinations(sorted(sents), 2):
            if a[0] != b[0] and ecb_topic(a[0]) == ecb_topic(b[0]):
                pairs.add(_pair(a, b))
    return pairs, {s for v in by_chain.values() for s in v}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def ecb_predicted_pairs(pile: Pile, story: Any) -> set[Pair]:
    """Sentence pairs (across documents) whose overlapping claims share a cluster."""
    by_doc = {d.id: stem_of(d) for d in story.docs}
    pairs: set[Pair] = set()
    for cluster in story.claims:
        sents: set[tuple[str, int]] = set()
        for m in cluster.members:
            ecb = pile.ecb.get(by_doc.get(m.doc_id, ""))
            if ecb is None:
                continue
            for s, span in ecb.sentences.items():
                if _overlaps(span, (m.span.start, m.span.end)):
                    sents.add((ecb.doc_id, s))
        for a, b in combinations(sorted(sents), 2):
            if a[0] != b[0]:
                pairs.add(_pair(a, b))
    return pairs


def ecb_entities(piles: list[Pile], stories: list[Any], split: str) -> dict[str, float]:
    """CoNLL F1 of the gold entity chains against the newsprism mentions covering their last token."""
    mentions = json.loads((shared_dir() / "data" / "ecbplus" / f"ECB_{split}_Entity_gold_mentions.json").read_text())
    key: dict[str, set[str]] = defaultdict(set)
    response: dict[str, set[str]] = defaultdict(set)
    covered = 0
    for pile, story in zip(piles, stories, strict=True):
        by_stem = {stem_of(d): d for d in story.docs}
        for n, m in enumerate(mentions):
            ecb = pile.ecb.get(m["doc_id"])
            if ecb is None:
                continue
            mid = f"{m['doc_id']}/{m['sent_id']}/{m['tokens_number'][0]}-{m['tokens_number'][-1]}/{n}"
            key[m["coref_chain"]].add(mid)
            last = ecb.tokens[(m["sent_id"], m["tokens_number"][-1])]
            doc = by_stem.get(m["doc_id"])
            hit = None
            if doc is not None:
                cands = [x for x in doc.entities if x.start <= last[0] and last[1] <= x.end and x.entity_id]
                if cands:
                    hit = min(cands, key=lambda x: x.end - x.start)
            if hit is not None:
                covered += 1
                response[f"{pile.name}/{hit.entity_id}"].add(mid)
            else:
                response[f"alone/{mid}"].add(mid)
    total = sum(len(v) for v in key.values())
    return {"conll": 100 * conll_f1(list(key.values()), list(response.values())),
            "covered": covered / total if total else 0.0, "mentions": total}


def peer_pairs(piles: list[Pile], method: str) -> dict[Pair, float]:
    """Cosine between every cross-document sentence pair of a topic (TF-IDF fitted per pile, or MiniLM)."""
    import numpy as np

    out: dict[Pair, float] = {}
    for pile in piles:
        keys = [(d.doc_id, s) for d in pile.ecb.values() for s in sorted(d.sentences)]
        texts = [pile.ecb[k[0]].text[slice(*pile.ecb[k[0]].sentences[k[1]])] for k in keys]
        if method == "tfidf":
            from sklearn.feature_extraction.text import TfidfVectorizer

            m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
            sims = (m @ m.T).toarray()
        else:
            from newsprism.resolve import embed

            v = embed.vectors(texts)
            sims = v @ v.T
        for i, j in zip(*np.triu_indices(len(keys), 1), strict=True):
            if keys[i][0] != keys[j][0]:
                out[_pair(keys[i], keys[j])] = float(sims[i, j])
    return out


def best_threshold(scores: dict[Pair, float], gold: set[Pair]) -> float:
    best = (0.0, 0.5)
    for t in [x / 100 for x in range(2, 96, 2)]:
        f = prf({p for p, s in scores.items() if s >= t}, gold)["f1"]
        best = max(best, (f, t))
    return best[1]


# ----- gold piles -----

def _carries(claim: tuple[int, int], passage: tuple[int, int]) -> bool:
    inter = min(claim[1], passage[1]) - max(claim[0], passage[0])
    return inter >= min(20, (passage[1] - passage[0]) / 2) and inter > 0


def _passage_span(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    if at < 0:  # tolerate a different line-wrap or quote style
        import re

        pattern = r"\s+".join(re.escape(w) for w in quote.split())
        m = re.search(pattern, text)
        return (m.start(), m.end()) if m else None
    return at, at + len(quote)


def score_gold(story: Any, gold: dict[str, Any]) -> dict[str, Any]:
    """Claims found, pair recall, false merges and disputes seen for one gold pile."""
    docs = {stem_of(d) + ".txt": d for d in story.docs}
    cluster_of: dict[str, int] = {}
    contested: dict[int, bool] = {}
    for k, c in enumerate(story.claims):
        contested[k] = bool(c.contested or c.deniers or c.disputers)
        for m in c.members:
            cluster_of[m.claim_id] = k
    claim_spans = {c.id: (d.id, c.span.start, c.span.end) for d in story.docs for c in d.claims}

    def carriers(file: str, quote: str) -> set[str]:
        d = docs.get(file)
        span = _passage_span(d.text, quote) if d else None
        if d is None or span is None:
            return set()
        return {cid for cid, (doc, s, e) in claim_spans.items() if doc == d.id and _carries((s, e), span)}

    found = pairs = pairs_hit = 0
    missing_quotes = 0
    # (gold claim, file) -> claim ids carrying it
    carry: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g in gold["claims"]:
        for p in g["passages"]:
            ids = carriers(p["file"], p["quote"])
            missing_quotes += not docs.get(p["file"]) or _passage_span(docs[p["file"]].text, p["quote"]) is None
            carry[(g["id"], p["file"])] |= ids
    for g in gold["claims"]:
        files = sorted({p["file"] for p in g["passages"]})
        clusters_by_file = {f: {cluster_of[i] for i in carry[(g["id"], f)] if i in cluster_of} for f in files}
        spans_two = any(len({f for f in files if k in clusters_by_file[f]}) >= 2
                        for k in set().union(*clusters_by_file.values()))
        found += spans_two
        for a, b in combinations(files, 2):
            pairs += 1
            pairs_hit += bool(clusters_by_file[a] & clusters_by_file[b])
    merges: set[tuple[str, str]] = set()
    gids = [g["id"] for g in gold["claims"]]
    for ga, gb in combinations(gids, 2):
        for (g1, f1), ids1 in carry.items():
            if g1 != ga:
                continue
            for (g2, f2), ids2 in carry.items():
                if g2 != gb or f1 == f2:
                    continue
                only1 = ids1 - ids2
                only2 = ids2 - ids1
                if {cluster_of.get(i) for i in only1} & {cluster_of.get(i) for i in only2} - {None}:
                    merges.add((ga, gb))
    disputed = [g for g in gold["claims"] if g.get("disputed_by")]
    seen = 0
    for g in disputed:
        ks = {cluster_of[i] for (gid, _f), ids in carry.items() if gid == g["id"] for i in ids if i in cluster_of}
        for dis in g["disputed_by"]:
            ks |= {cluster_of[i] for i in carriers(dis["file"], dis["quote"]) if i in cluster_of}
        seen += any(contested[k] and len({m.doc_id for m in story.claims[k].members}) > 1 for k in ks)
    multi = sum(len({m.doc_id for m in c.members}) > 1 for c in story.claims)
    # the editor marked every claim two or more reports share: a cross-report cluster that carries
    # no gold claim in two of its files is a claim the reports do not share (a false cluster)
    true_multi = 0
    for c in story.claims:
        if len({m.doc_id for m in c.members}) < 2:
            continue
        members = {m.claim_id for m in c.members}
        true_multi += any(
            len({f for (gid, f), ids in carry.items() if gid == g["id"] and ids & members}) >= 2 for g in gold["claims"])
    return {"claims": len(gold["claims"]), "found": found, "pairs": pairs, "pair_recall": pairs_hit / pairs if pairs else 0.0,
            "false_merges": len(merges), "disputed": len(disputed), "disputes_seen": seen,
            "clusters": len(story.claims), "multi_report_clusters": multi, "multi_report_true": true_multi, "quotes_not_found": missing_quotes}


# ----- main -----

def run_ecb(split: str, work: Path, cache: Path | None) -> tuple[list[Pile], list[Any]]:
    piles = ecb_piles(split, work)
    stories = []
    for n, pile in enumerate(piles, 1):
        print(f"  {split} pile {n}/{len(piles)} {pile.name}", file=sys.stderr, flush=True)
        stories.append(analyze_pile(pile, cache))
    return piles, stories


def run_mixed(piles: list[Pile], cache: Path | None) -> tuple[Pile, Any]:
    """All topics of a split as ONE pile (a month of news rather than one story): the per-document
    records of the topic piles, resolved together."""
    from newsprism.pipeline import resolve

    docs = [d for pile in piles for d in extract_pile(pile, cache)]
    merged = Pile("mixed", piles[0].folder.parent, {k: v for p in piles for k, v in p.ecb.items()})
    return merged, resolve(docs)


def cross_topic_clusters(story: Any) -> int:
    """Clusters whose members come from two or more ECB+ topics (always wrong)."""
    topic = {d.id: ecb_topic(stem_of(d)) for d in story.docs}
    return sum(len({topic[m.doc_id] for m in c.members}) > 1 for c in story.claims)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "train", "both", "none"], default="dev",
                    help="ECB+ split(s) to run (peers need train for their thresholds)")
    ap.add_argument("--no-peers", action="store_true", help="skip the TF-IDF and MiniLM peers")
    ap.add_argument("--work", type=Path, default=Path("/tmp/newsprism-story"), help="where piles are written")
    ap.add_argument("--cache", default="/tmp/newsprism-story/cache",
                    help="per-document records cached by code digest ('' for none)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--no-mixed", action="store_true", help="skip the split's topics resolved as one pile")
    args = ap.parse_args(argv)
    cache = Path(args.cache) if args.cache else None
    t0 = time.perf_counter()
    rows: list[tuple[str, str, str]] = []
    result: dict[str, Any] = {}
    splits = {"dev": ["Dev"], "train": ["Train"], "both": ["Train", "Dev"], "none": []}[args.split]
    thresholds: dict[str, float] = {}
    for split in (["Train", "Dev"] if not args.no_peers and "Dev" in splits else splits):
        piles, stories = run_ecb(split, args.work, cache)
        gold, _ = ecb_gold_sentence_pairs(split)
        pred: set[Pair] = set()
        for pile, story in zip(piles, stories, strict=True):
            pred |= ecb_predicted_pairs(pile, story)
        c = prf(pred, gold)
        e = ecb_entities(piles, stories, split)
        result[f"ecb_{split.lower()}"] = {"claims": c, "entities": e}
        rows.append((f"ECB+ {split.lower()}", "claim pairs newsprism", f"P {c['p']:.2f} R {c['r']:.2f} F1 {c['f1']:.2f}"))
        rows.append((f"ECB+ {split.lower()}", "entities newsprism",
                     f"CoNLL {e['conll']:.1f}, gold mentions covered {e['covered']:.0%}"))
        if not args.no_mixed and split in splits:
            merged, story = run_mixed(piles, cache)
            mc = prf(ecb_predicted_pairs(merged, story), gold)
            crossed = cross_topic_clusters(story)
            multi = sum(len({m.doc_id for m in cl.members}) > 1 for cl in story.claims)
            result[f"ecb_{split.lower()}"]["mixed"] = {**mc, "cross_topic_clusters": crossed, "multi_report_clusters": multi}
            rows.append((f"ECB+ {split.lower()} as one pile", "claim pairs newsprism",
                         f"P {mc['p']:.2f} R {mc['r']:.2f} F1 {mc['f1']:.2f}"))
            rows.append((f"ECB+ {split.lower()} as one pile", "multi-report clusters spanning two topics",
                         f"{crossed} of {multi}"))
        if not args.no_peers:
            for method in ("tfidf", "minilm"):
                scores = peer_pairs(piles, method)
                if split == "Train":
                    thresholds[method] = best_threshold(scores, gold)
                t = thresholds.get(method, best_threshold(scores, gold))
                pc = prf({p for p, s in scores.items() if s >= t}, gold)
                result[f"ecb_{split.lower()}"][method] = {**pc, "threshold": t}
                rows.append((f"ECB+ {split.lower()}", f"claim pairs peer {method} (t={t:.2f}, train)",
                             f"P {pc['p']:.2f} R {pc['r']:.2f} F1 {pc['f1']:.2f}"))
    for pile, gold in gold_piles(args.work):
        story = analyze_pile(pile, cache)
        s = score_gold(story, gold)
        result[pile.name] = s
        rows.append((pile.name, "claims found", f"{s['found']} of {s['claims']}"))
        rows.append((pile.name, "pair recall", f"{s['pair_recall']:.2f} ({s['pairs']} pairs)"))
        rows.append((pile.name, "false merges", str(s["false_merges"])))
        rows.append((pile.name, "disputes seen", f"{s['disputes_seen']} of {s['disputed']}"))
        rows.append((pile.name, "clusters (multi-report)", f"{s['clusters']} ({s['multi_report_clusters']})"))
        m = s["multi_report_clusters"]
        rows.append((pile.name, "multi-report clusters that are shared gold claims",
                     f"{s['multi_report_true']} of {m} (precision {s['multi_report_true'] / m if m else 0:.2f})"))
    from newsprism.resolve import embed

    width = max(len(r[0]) for r in rows) if rows else 10
    w2 = max(len(r[1]) for r in rows) if rows else 10
    print(f"{'pile':<{width}}  {'measure':<{w2}}  result")
    for a, b, c2 in rows:
        print(f"{a:<{width}}  {b:<{w2}}  {c2}")
    print(f"vectors: {embed.backend()}; {time.perf_counter() - t0:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

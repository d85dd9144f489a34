"""Concrete facts on the five seed reports (the canonical demo input)."""

from __future__ import annotations


def test_five_documents_and_outlets(seed_story, seed_docs):
    assert len(seed_story.docs) == 5
    outlets = {k: d.meta.outlet for k, d in seed_docs.items()}
    assert outlets == {"000": "TRT World", "001": "The Moscow Times", "002": "The Moscow Times", "003": None, "004": None}
    assert seed_docs["002"].meta.syndicated_from == "VPost"
    ev = seed_docs["002"].meta.syndicated_evidence
    assert ev is not None and ev.text == "This article was first published by VPost."
    assert seed_docs["000"].meta.outlet_source == "inferred"
    spans = seed_docs["000"].meta.outlet_evidence.spans
    assert spans and all(s.text == "TRT World" for s in spans)
    assert 0.5 <= seed_docs["000"].meta.outlet_evidence.confidence <= 1


def _persons(doc):
    return {m.text.replace("\n", " ") for m in doc.entities if m.label == "PERSON"}


def test_people_and_places(seed_docs):
    persons = set().union(*(_persons(d) for d in seed_docs.values()))
    for name in ("Putin", "Peskov", "Kuhrt", "Filippenko", "Vladimir Putin", "Natasha Kuhrt", "Alexandra Filippenko"):
        assert name in persons, name
    assert "Vladimir Putin" in _persons(seed_docs["001"])
    labels = {(m.text, m.label) for d in seed_docs.values() for m in d.entities}
    assert ("Kyiv", "GPE") in labels and ("Kiev", "GPE") in labels
    assert not any(label == "PERSON" for text, label in labels if text in ("Kyiv", "Kiev", "X", "X."))
    assert ("JD", "GPE") not in labels


def test_wrapped_name_is_one_person(seed_docs):
    doc = seed_docs["001"]
    wrapped = [m for m in doc.entities if m.text == "Vladimir\nPutin"]
    assert wrapped and wrapped[0].label == "PERSON"


def test_every_span_is_its_slice(seed_story):
    def spans(obj):
        if isinstance(obj, dict):
            if {"doc_id", "start", "end", "text"} <= set(obj):
                yield obj
            for v in obj.values():
                yield from spans(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from spans(v)

    texts = {d.id: d.text for d in seed_story.docs}
    n = 0
    for doc in seed_story.docs:
        data = doc.model_dump()
        for key in ("sentences", "entities"):
            for item in data[key]:
                assert doc.text[item["start"] : item["end"]] == item["text"]
                n += 1
        for s in spans(data):
            assert texts[s["doc_id"]][s["start"] : s["end"]] == s["text"]
            n += 1
    for s in spans(seed_story.model_dump()):
        assert texts[s["doc_id"]][s["start"] : s["end"]] == s["text"]
        n += 1
    assert n > 500


def test_no_sentence_breaks_at_wrapped_line(seed_docs):
    for key in ("001", "002"):
        doc = seed_docs[key]
        for sent in doc.sentences[1:]:
            before = doc.text[: sent.start].rstrip(" ")
            # a sentence may start after a line break only where the previous sentence ended
            prev = before.rstrip()
            assert prev == "" or prev[-1] in ".?!:”\"’'—)" or before.endswith("\n\n"), doc.text[sent.start - 40 : sent.start + 20]

"""Long texts: parsed in pieces, joined into one Doc of the whole text; too long ones refused."""

from __future__ import annotations

import random
import time

import pytest

import newsprism.nlp.pieces as pieces
from newsprism.ingest import MAX_TEXT_CHARS, from_text, read_inputs
from newsprism.model import SkippedInput

from .conftest import EXAMPLES
from .spans import spans

WORDS = "the minister said on Tuesday that talks would resume in Geneva . \" quoted » [ 12 ]".split()


def _text(rng: random.Random, n: int) -> str:
    out = []
    while sum(map(len, out)) < n:
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 400))]
        out.append(" ".join(words) + rng.choice(["\n\n", "\n\n\n", ". ", "\n", "", "  \n\n "]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(12))
def test_cuts_cover_the_text_and_prefer_paragraph_breaks(seed):
    rng = random.Random(seed)
    text = _text(rng, rng.randint(1, 30_000)) + rng.choice(["", "x" * 5000, " " * 3000])
    limit = rng.randint(50, 3000)
    spans = pieces.cuts(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in zip(spans, spans[1:], strict=False))
    for s, e in spans:
        piece = text[s:e]
        assert len(piece.rstrip()) <= limit and len(piece) <= 2 * limit
        if e < len(text) and "\n\n" in text[s + limit // 2 : s + limit]:
            trailing = len(piece) - len(piece.rstrip())  # white space goes with the piece before, up to a limit
            assert "\n\n" in piece[limit // 2 - 1 :] and (not text[e].isspace() or trailing >= limit)


@pytest.fixture
def small_pieces(monkeypatch, nlp):
    """Pieces of a few thousand characters, and a parser that refuses anything longer (E088)."""
    monkeypatch.setattr(pieces, "LONG_CHARS", 3000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 1500)
    monkeypatch.setattr(nlp, "max_length", 4000)


def _story_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))


def test_a_long_text_parses_in_pieces_as_a_whole(nlp):
    text = from_text(_story_text()).clean.text
    whole = nlp(text)
    pieces.LONG_CHARS, pieces.PIECE_CHARS, saved = 3000, 1500, (pieces.LONG_CHARS, pieces.PIECE_CHARS)
    try:
        [(doc, ctx)] = list(pieces.parse(nlp, [(text, "ctx")]))
    finally:
        pieces.LONG_CHARS, pieces.PIECE_CHARS = saved
    assert ctx == "ctx" and doc.text == text and len(pieces.cuts(text, 1500)) > 10
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start_char, e.end_char, e.label_) for e in whole.ents
    ]
    assert [s.start_char for s in doc.sents] == [s.start_char for s in whole.sents]
    assert [(t.tag_, t.dep_, t.head.i) for t in doc] == [(t.tag_, t.dep_, t.head.i) for t in whole]


def test_a_long_document_is_extracted_whole(small_pieces):
    from newsprism.pipeline import Extractor

    ex = Extractor()
    text = _story_text()
    short = from_text("The minister said on Tuesday that talks would resume.", doc_id="short")
    docs = list(ex.process([short, from_text(text, doc_id="long"), short]))
    assert [d.id for d in docs] == ["short", "long", "short"]
    long = docs[1]
    assert len(long.sentences) > 100 and long.attributions and long.timexes and long.claims
    found = spans(long.model_dump())
    assert len(found) > 1000
    for span in found:
        assert long.text[span["start"] : span["end"]] == span["text"]
    # the same record as one parse of the whole text (the cuts lose nothing)
    pieces.LONG_CHARS = len(text) + 1
    ex.nlp.max_length = 1_000_000
    [again] = list(ex.process([from_text(text, doc_id="long")]))
    assert again.model_dump() == long.model_dump()


def test_a_text_too_long_is_refused_quickly_and_the_rest_kept(tmp_path):
    (tmp_path / "huge.txt").write_text(("A line of words. " * 40 + "\n\n") * (MAX_TEXT_CHARS // 600 + 1))
    (tmp_path / "huge.jsonl").write_text('{"text": "' + "word " * (MAX_TEXT_CHARS // 5 + 1) + '"}\n')
    (tmp_path / "good.txt").write_text("The minister said on Tuesday that talks would resume.")
    t = time.monotonic()
    items = list(read_inputs([tmp_path]))
    assert time.monotonic() - t < 20
    assert {i.path.rsplit("/", 1)[-1]: i.code for i in items if isinstance(i, SkippedInput)} == {
        "huge.txt": "E015", "huge.jsonl:1": "E015"
    }
    assert [i.id for i in items if not isinstance(i, SkippedInput)] == ["good"]


@pytest.mark.parametrize("batch_size", [1, 2, 3, 32])
@pytest.mark.parametrize("long", [False, True])
def test_a_text_the_pipeline_fails_on_costs_only_itself(monkeypatch, batch_size, long):
    import spacy
    from spacy.language import Language

    @Language.component("fails_on_boom")
    def fails_on_boom(doc):
        if "BOOM" in doc.text:
            raise ValueError("boom")
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("fails_on_boom")
    monkeypatch.setattr(pieces, "LONG_CHARS", 50 if long else 10_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 30)
    texts = ["one fine text " * 5, "a BOOM text " * 5, "two fine texts " * 5, "BOOM", "three fine texts " * 5]
    out = list(pieces.parse(nlp, [(t, i) for i, t in enumerate(texts)], batch_size=batch_size))
    assert [ctx for _doc, ctx in out] == [0, 1, 2, 3, 4]
    assert [isinstance(doc, Exception) for doc, _ctx in out] == [False, True, False, True, False]
    assert [doc.text for doc, _ in out if not isinstance(doc, Exception)] == [texts[0], texts[2], texts[4]]


@pytest.mark.parametrize("seed", range(6))
def test_quotation_lookups_by_bisection_agree_with_a_scan(seed):
    """A long document's quotations are looked up by bisection, not scanned for each cue."""
    from newsprism.extract.attribution.rules import _from, _in_quote

    rng = random.Random(seed)
    bounds = sorted(rng.sample(range(500), 2 * rng.randint(0, 40)))
    regions = list(zip(bounds[::2], bounds[1::2], strict=True))  # in order, disjoint
    for i in range(-1, 502):
        assert _in_quote(i, regions) == any(a < i < b for a, b in regions)
        assert list(_from(regions, i)) == [r for r in regions if r[1] >= i]

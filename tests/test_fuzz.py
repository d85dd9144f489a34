"""Property-based fuzzing of the readers and the cleaner (Hypothesis, a bounded, reproducible budget).

Random bytes, encodings, front matter, JSON shapes, line breaks and Unicode categories go in;
what comes out is a record whose every span equals its slice, or a coded skip, and nothing else
is lost: one result at least per file, one per non-blank JSONL line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.errors import MESSAGES
from newsprism.ingest import RawDoc, clean, read_inputs
from newsprism.ingest.readers import READERS
from newsprism.model import Document, SkippedInput

from .spans import spans

# derandomized and database-less: CI runs the same examples every time, in a few seconds each
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

BREAKS = ["\n", "\r\n", "\r", "\n\n", "\u2028", "\x85", "\x0b", "\x0c", "\u2029"]
any_char = st.characters(codec=None, exclude_categories=()) | st.characters(categories=["Cs"])  # lone surrogates too
words = st.text(st.sampled_from("abcXYZ 019.,;:'\"“”-—―\u00ad\u200b\ufeff\u00a0\t"), min_size=0, max_size=40)
lines = st.lists(st.one_of(words, st.text(any_char, max_size=20), st.sampled_from(BREAKS)), max_size=30).map("".join)
yaml_ish = st.text(st.sampled_from("&*[]{}:,-!|>#'\" \nabc12"), max_size=120)


def _aliases(levels: int, width: int, key: str) -> str:
    """Anchors that each repeat the one before ``width`` times: ``width ** levels`` values expanded."""
    rows = ["a0: &a0 [" + ",".join(["x"] * width) + "]"]
    rows += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join([*rows, f"{key}: *a{levels - 1}"])


alias_yaml = st.builds(_aliases, st.integers(1, 6), st.integers(1, 10), st.sampled_from(["title", "author", "tags", "x"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(any_char, max_size=30))
json_values = st.recursive(scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=5), kids, max_size=4),
                           max_leaves=12)
deep_json = st.builds(lambda n, o, v: ("[" if o else '{"text": ') * n + v + ("]" if o else "}") * n,
                      st.integers(1, 5_000), st.booleans(), st.sampled_from(['"x y"', "1", "[]", "{}"]))
records = st.fixed_dictionaries(
    {"text": st.one_of(lines, json_values)},
    optional={k: json_values for k in ("id", "title", "author", "outlet", "url", "published", "date")},
)


def _read(name: str, data: bytes) -> list[RawDoc | SkippedInput]:
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / name).write_bytes(data)
        return list(read_inputs([d], max_bytes=200_000))


def _check(items: list[RawDoc | SkippedInput]) -> None:
    assert items, "a file gave neither a record nor a skip"
    for item in items:
        if isinstance(item, SkippedInput):
            assert item.code in MESSAGES and "\n" not in item.code
            item.model_dump_json().encode("utf-8")
            continue
        meta = (item.meta.title, item.meta.author, item.meta.outlet, item.meta.url, item.meta.published, item.id)
        assert all(len(v or "") <= 10_000 for v in meta), "metadata must stay short"
        record = Document(id=item.id, text=item.text, meta=item.meta)
        record.model_dump_json().encode("utf-8")  # no lone surrogate anywhere
        for span in spans(record.model_dump()):
            assert item.text[span["start"] : span["end"]] == span["text"]
        _check_clean(item.text, item.clean)


def _check_clean(text: str, cleaned) -> None:
    m = cleaned.offsets
    for c, o, n, verbatim in zip(m.clean_starts, m.orig_starts, m.lengths, m.verbatim, strict=True):
        if verbatim:
            assert cleaned.text[c : c + n] == text[o : o + n]
    for i in range(0, len(cleaned.text) + 1, max(1, len(cleaned.text) // 7)):
        s, e = m.span(max(0, i - 3), i)
        assert 0 <= s <= e <= len(text)


@FUZZ
@given(st.sampled_from(sorted(READERS)), st.binary(max_size=600))
def test_random_bytes(suffix, data):
    _check(_read("f" + suffix, data))


@FUZZ
@given(st.sampled_from([".txt", ".md", ".json", ".jsonl"]), lines,
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-32"]))
def test_encoded_text(suffix, text, encoding):
    _check(_read("f" + suffix, text.encode(encoding, "replace") if encoding[:5] != "utf-8" else
                 text.encode(encoding, "surrogatepass")))


@FUZZ
@given(yaml_ish | alias_yaml, lines, st.sampled_from(["---", "..."]), st.sampled_from(BREAKS[:3]))
def test_front_matter(header, body, closing, br):
    text = br.join(["---", header, closing, body])
    _check(_read("f.md", text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(st.lists(st.one_of(records.map(json.dumps), json_values.map(json.dumps), deep_json, lines), max_size=6),
       st.sampled_from(["\n", "\r\n"]))
def test_jsonl_lines(rows, br):
    rows = [r.replace("\n", " ").replace("\r", " ") for r in rows]
    data = br.join(rows).encode("utf-8", "surrogatepass")
    items = _read("f.jsonl", data)
    _check(items)
    n_lines = sum(1 for line in data.split(b"\n") if line.strip())
    assert len(items) == max(1, n_lines)  # one result per line: nothing is lost


@FUZZ
@given(st.one_of(st.lists(records, max_size=4).map(json.dumps), records.map(json.dumps), json_values.map(json.dumps),
                 deep_json, st.sampled_from(["[]", " ", "{}", "[ ]\n"])))
def test_json_shapes(value):
    _check(_read("f.json", value.encode()))


@FUZZ
@given(lines)
def test_cleaner(text):
    _check_clean(text, clean(text))


@settings(FUZZ, max_examples=25)
@given(st.lists(st.one_of(lines, st.sampled_from(['"We will not back down," the minister said on Tuesday.',
                                                  "Reuters reported last week that talks resumed in Geneva."])),
                min_size=1, max_size=6).map(" ".join))
def test_extracted_spans_equal_their_slices(nlp, text):
    from newsprism.pipeline import Extractor, read

    items = list(read([{"id": "fuzz", "text": text}]))
    raws = [i for i in items if not isinstance(i, SkippedInput)]
    assert len(items) == 1 and all(i.code in MESSAGES for i in items if isinstance(i, SkippedInput))
    for doc in Extractor().process(raws):
        assert not isinstance(doc, SkippedInput), doc.reason
        doc.model_dump_json().encode("utf-8")
        for span in spans(doc.model_dump()):
            assert doc.text[span["start"] : span["end"]] == span["text"]

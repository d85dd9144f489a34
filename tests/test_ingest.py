"""Reading and cleaning: formats, encodings, unwrapping with exact provenance."""

from __future__ import annotations

import json

import pytest

from newsprism.errors import InputError
from newsprism.ingest import from_text, read_inputs
from newsprism.ingest.clean import clean
from newsprism.ingest.decode import decode
from newsprism.ingest.offsets import OffsetMap
from newsprism.model import SkippedInput

from .pdfs import pdf_with_text


def _docs(paths):
    items = list(read_inputs(paths))
    return [i for i in items if not isinstance(i, SkippedInput)], [i for i in items if isinstance(i, SkippedInput)]


def test_unwrap_keeps_exact_offsets():
    text = " The Kremlin said on\nWednesday that Vladimir\nPutin would not  call.\n\nNew para-\ngraph here, a pro-\nRussian view.\n"
    c = clean(text)
    assert c.text == "The Kremlin said on Wednesday that Vladimir Putin would not call.\n\nNew paragraph here, a pro-Russian view."
    i = c.text.index("Vladimir Putin")
    s, e = c.offsets.span(i, i + len("Vladimir Putin"))
    assert text[s:e] == "Vladimir\nPutin"
    j = c.text.index("paragraph")
    s, e = c.offsets.span(j, j + len("paragraph"))
    assert text[s:e] == "para-\ngraph"
    for k, ch in enumerate(c.text):
        if ch not in " \n":
            assert text[c.offsets.start(k)] == ch


def test_horizontal_bar_is_read_as_a_dash_with_exact_offsets():
    text = "They earned $35,000 a year \u2015 and that included  managers. \u201cNo,\u201d \u2015 Carla Sanchez"
    c = clean(text)
    assert "\u2015" not in c.text and c.text.count("\u2014") == 2
    assert c.text.startswith("They earned $35,000 a year \u2014 and that included managers.")
    for k, ch in enumerate(c.text):
        orig = text[c.offsets.start(k)]
        assert orig == ch or (ch == "\u2014" and orig == "\u2015") or ch == " "
    i = c.text.index("Carla Sanchez")
    s, e = c.offsets.span(i - 2, i + 13)
    assert text[s:e] == "\u2015 Carla Sanchez"


def test_single_newline_paragraphs_are_kept_apart():
    text = "Ukraine 'negotiations'\nDespite this official neutrality, state media leaned in favour of Trump.\nShort line."
    c = clean(text)
    assert c.text.split("\n\n") == [
        "Ukraine 'negotiations'",
        "Despite this official neutrality, state media leaned in favour of Trump.",
        "Short line.",
    ]


def test_boilerplate_and_syndication():
    text = "Body sentence one.\n\nRelated article: Something Else\n\nPhoto: AP\n\nMore body.\n\nThis article was first published by VPost.\n"
    c = clean(text)
    assert "Related" not in c.text and "VPost" not in c.text and "Photo" not in c.text
    assert c.syndicated_from == "VPost"
    assert [b.text for b in c.boilerplate][0] == "Related article: Something Else"
    b = c.syndication
    assert b is not None and text[b.start : b.end] == "This article was first published by VPost."


def test_an_article_that_is_all_caption_like_is_kept():
    text = "Video: Putin says Russia is ready to talk to Trump, the Kremlin said.\n\nPhoto: the talks in Riyadh."
    c = clean(text)
    assert c.boilerplate == []
    assert "Putin says Russia" in c.text and "Riyadh" in c.text
    assert "\n\n" in c.text  # still two paragraphs
    start = c.text.index("Riyadh")
    assert text[c.offsets.start(start) : c.offsets.start(start) + 6] == "Riyadh"


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        ("Kyiv’s view".encode(), "Kyiv’s view", "utf-8"),
        ("Kyiv’s view".encode("utf-8-sig"), "Kyiv’s view", "utf-8-sig"),
        ("Kyiv’s view".encode("utf-16"), "Kyiv’s view", "utf-16"),
        ("The café owner said “yes” to Zelenskyy’s plan.".encode("cp1252"), "The café owner said “yes” to Zelenskyy’s plan.", "cp1252"),
    ],
)
def test_decode_encodings(data, expected, encoding):
    assert decode(data) == (expected, encoding)


def test_mixed_invalid_utf8_is_refused_not_mangled():
    with pytest.raises(InputError) as err:
        decode("Zelenskyy’s plan ".encode() + b"\xff\xfe broken")
    assert err.value.code == "E003"


def test_front_matter_and_formats(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\noutlet: Example News\ntitle: A title\npublished: 2024-11-07\n---\nThe body says Putin spoke.\n"
    )
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "x1", "text": "First text.", "outlet": "Wire"}) + "\n{broken\n"
        + json.dumps({"text": "Third text."}) + "\n"
    )
    (tmp_path / "c.html").write_text(
        "<html><head><title>Kremlin reacts</title><meta property='og:site_name' content='Daily Example'></head>"
        "<body><nav>Home | World</nav><article><h1>Kremlin reacts</h1><p>"
        + "The Kremlin said on Wednesday that relations with Washington remain difficult. " * 5
        + "</p><p>" + "Officials in Moscow expressed cautious hope for better ties with the new team. " * 5
        + "</p></article><footer>Sign up for our newsletter</footer></body></html>"
    )
    (tmp_path / "d.pdf").write_bytes(pdf_with_text(["Peskov told reporters the call", "never took place."]))
    docs, skipped = _docs([tmp_path])
    by_id = {d.id: d for d in docs}
    assert by_id["a"].text == "The body says Putin spoke.\n"
    assert by_id["a"].meta.outlet == "Example News" and by_id["a"].meta.published == "2024-11-07"
    assert by_id["a"].meta.outlet_source == "metadata"
    assert by_id["x1"].meta.outlet == "Wire" and "b:3" in by_id
    assert [s.path for s in skipped] == [str(tmp_path / "b.jsonl") + ":2"]
    assert "cautious hope" in by_id["c"].text and "newsletter" not in by_id["c"].text
    assert by_id["c"].meta.title == "Kremlin reacts"
    assert "never took place" in by_id["d"].clean.text and "call never" in by_id["d"].clean.text


def test_glob_and_missing(tmp_path):
    (tmp_path / "one.txt").write_text("Some text here.")
    (tmp_path / "two.txt").write_text("More text here.")
    docs, skipped = _docs([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt")])
    assert sorted(d.id for d in docs) == ["one", "two"]
    assert skipped[0].code == "E008"


def test_jsonl_streams_with_limit_per_record(tmp_path):
    big = "word " * 3000
    lines = [json.dumps({"id": f"r{i}", "text": f"Article {i} text."}) for i in range(50)]
    lines.insert(10, json.dumps({"id": "big", "text": big}))
    (tmp_path / "shard.jsonl").write_text("\n".join(lines) + "\n")
    items = list(read_inputs([tmp_path / "shard.jsonl"], max_bytes=5000))
    docs = [i for i in items if not isinstance(i, SkippedInput)]
    skipped = [i for i in items if isinstance(i, SkippedInput)]
    assert len(docs) == 50 and [s.code for s in skipped] == ["E004"]
    assert skipped[0].path.endswith("shard.jsonl:11")


def test_a_plain_texts_headline_becomes_its_title(tmp_path) -> None:  # noqa: ANN001
    from pathlib import Path

    (tmp_path / "a.txt").write_text("Keep the Returns, Trump; Just Give Us a Few Figures.\n\nMr. Trump, I have a deal "
                                    "for you. Release ten numbers.\n", encoding="utf-8")
    lead = ("Two days after this month's presidential election, the president-elect reportedly held a phone "
            "conversation with the Russian president, a newspaper reported.")
    (tmp_path / "b.txt").write_text(lead + "\n\nThe Kremlin denied it.\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("# Bridge Closed\n\nThe council closed the bridge.\n", encoding="utf-8")
    titles = {Path(d.meta.source_path or "").name: d.meta.title for d in read_inputs([tmp_path])}
    assert titles == {"a.txt": "Keep the Returns, Trump; Just Give Us a Few Figures.", "b.txt": None,
                      "c.md": "Bridge Closed"}  # a lead paragraph is no title


def test_offset_starts_in_bulk_match_one_at_a_time() -> None:
    raw = from_text("Title line\n\nA wrapped\nline -- with  spaces,\r\nsoft-\nhyphen and “quotes”.\n\n\nEnd.", doc_id="d")
    offsets = raw.clean.offsets
    every = list(range(-1, offsets.size + 3))  # before, inside, at and past the end
    assert offsets.starts(every) == [offsets.start(i) for i in every]
    assert any(not v for v in offsets.verbatim)  # the text has synthetic pieces, not only copies
    assert OffsetMap().starts([0, 5]) == [0, 5] and offsets.starts([]) == []


def test_a_plain_line_is_one_verbatim_piece() -> None:
    text = "The plant closed on Monday, officials said."
    offsets = from_text(text, doc_id="d").clean.offsets
    assert offsets.verbatim == [True] and offsets.lengths == [len(text)]  # single spaces do not split it
    assert [offsets.start(i) for i in range(len(text))] == list(range(len(text)))

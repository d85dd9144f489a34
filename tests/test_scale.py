"""Batch engine: tables, errors, stories, resumability, local vs Ray.

The corpus is built here: ~300 short documents. Story A is made of runs of the seeds'
sentences (examples/, Moscow and the 2024 US election), dated November 2024; story B is
synthetic (a carmaker's plant in Germany), dated March 2023.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pds
import pyarrow.parquet as pq
import pytest

from newsprism.scale import batch as batch_mod
from newsprism.scale import plan_shards, run_batch
from newsprism.scale.engines import crashed, run_local
from newsprism.scale.stories import buckets, cluster

# the claims resolver embeds every claim (a minute per call on a loaded 2-core machine);
# the story stage is the same code with any set of resolvers
RESOLVERS = ["entities", "timeline", "outlets"]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TABLES = (
    "documents",
    "entity_mentions",
    "attributions",
    "timexes",
    "claims",
    "errors",
    "stories",
    "story_members",
    "story_entities",
    "story_claims",
    "story_timeline",
    "story_outlets",
)
B_SENTENCES = [
    "Tesla said on Monday that its factory near Berlin would double output, Elon Musk told reporters.",
    "German officials in Brandenburg welcomed the plan, Economy Minister Robert Habeck said.",
    "Environmental groups in Germany warned that the Tesla plant near Berlin uses too much water.",
    "Elon Musk said Tesla would hire 3,000 more workers in Brandenburg by next year.",
    "Robert Habeck told Der Spiegel that Germany needs the Tesla investment.",
]


def _seed_sentences() -> list[str]:
    out = []
    for f in sorted(EXAMPLES.glob("*.txt")):
        text = " ".join(f.read_text(encoding="utf-8").split())
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text) if 40 < len(s) < 300]
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("corpus")
    rnd = random.Random(6)
    seeds = _seed_sentences()
    lines = []
    for i in range(220):
        k = rnd.randint(2, 4)
        s = rnd.randrange(len(seeds) - k)
        row = {"id": f"a{i:03d}", "text": " ".join(seeds[s : s + k]), "outlet": f"outlet{i % 5}"}
        row["published"] = f"2024-11-{6 + i % 3:02d}"
        lines.append(json.dumps(row))
    lines.insert(50, "{not json")
    lines.insert(90, json.dumps({"id": "empty", "text": "   ", "outlet": "outlet1"}))
    (root / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = []
    for i in range(60):
        text = " ".join(rnd.sample(B_SENTENCES, 3))
        rows.append({"id": f"b{i:03d}", "text": text, "source": "wire", "date": f"2023-03-0{1 + i % 3}"})
    pq.write_table(pa.Table.from_pylist(rows), root / "b.parquet", row_group_size=25)
    folder = root / "folder"
    folder.mkdir()
    for f in sorted(EXAMPLES.glob("*.txt"))[:2]:
        shutil.copy(f, folder / f.name)
    (folder / "notes.xyz").write_text("not an article", encoding="utf-8")
    return [str(root / "a.jsonl"), str(root / "b.parquet"), str(folder)]


@pytest.fixture(scope="module")
def local_out(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    result = run_batch(corpus, out, engine="local", workers=2, shard_size=40, resolvers=RESOLVERS)
    assert result.shards_reused == 0 and result.documents == 282
    return out


def rows(out: Path, table: str) -> list[dict]:
    items = pds.dataset(out / table, format="parquet").to_table().to_pylist()
    return sorted(items, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def test_run_records_each_task_and_its_totals(local_out: Path) -> None:
    marks = [json.loads(p.read_text(encoding="utf-8")) for p in (local_out / "_done").glob("*.json")]
    shards = [m for m in marks if not m["task"].startswith("b")]
    assert len(shards) == 9 and sum(m["docs"] for m in shards) == 282
    assert all(m["cpu_seconds"] > 0 and m["rss_mb"] > 100 for m in marks)
    done = json.loads((local_out / "_SUCCESS").read_text(encoding="utf-8"))
    assert done["documents"] == 282 and done["cpu_seconds_stories"] > 0
    assert done["cpu_seconds_extract"] == pytest.approx(sum(m["cpu_seconds"] for m in shards))


def test_plan_covers_every_record_once(corpus: list[str]) -> None:
    shards = plan_shards(corpus, shard_size=40)
    kinds = [s.kind for s in shards]
    assert kinds.count("jsonl") == 6  # 222 lines in runs of 40
    pq_rows = sorted((s.groups, s.start, s.end) for s in shards if s.kind == "parquet")
    assert sum(n for _, _, n in pq_rows) == 60 and all(n <= 40 for _, _, n in pq_rows)
    assert len({s.id for s in shards}) == len(shards)
    assert [s.id for s in plan_shards(corpus, shard_size=40)] == [s.id for s in shards]  # stable


def test_documents_and_child_tables(local_out: Path) -> None:
    docs = rows(local_out, "documents")
    assert len({d["doc_id"] for d in docs}) == len(docs) == 282
    b = [d for d in docs if d["doc_id"].startswith("b")]
    assert {d["outlet"] for d in b} == {"wire"} and b[0]["published"].startswith("2023-03-0")
    by_id = {d["doc_id"]: json.loads(d["document"]) for d in docs}
    mentions = rows(local_out, "entity_mentions")
    assert len(mentions) == sum(d["entities"] for d in docs) > 280
    for m in mentions[::25]:
        assert by_id[m["doc_id"]]["text"][m["start"] : m["end"]] == m["text"]
    # the story stage dates undated reports jointly: their dating evidence travels with them
    undated = [d for d in docs if d["published_source"] != "metadata"]
    assert undated and all(json.loads(d["dating"])["text"] for d in undated)
    assert all(d["dating"] is None for d in docs if d["published_source"] == "metadata")


def test_errors_table_keeps_bad_records(local_out: Path) -> None:
    errors = {(e["code"], e["input"].rsplit("/", 1)[-1]): e for e in rows(local_out, "errors")}
    assert ("E007", "a.jsonl:51") in errors  # the broken line, with its line number
    assert ("E012", "a.jsonl:91") in errors  # the record without text
    assert ("E009", "notes.xyz") in errors
    assert all(e["reason"] and e["stage"] == "read" for e in errors.values())
    assert len(errors) == 3


def test_stories_keep_the_two_stories_apart(local_out: Path) -> None:
    members = rows(local_out, "story_members")
    assert len(members) == 282 and len({(m["shard"], m["row"]) for m in members}) == 282
    by_story: dict[str, list[str]] = {}
    for m in members:  # a, b, or 0 (the folder's seeds: story A, dated when their date is inferred)
        by_story.setdefault(m["story_id"], []).append("a" if m["doc_id"][0] == "0" else m["doc_id"][0])
    assert all(len(set(kinds)) == 1 for kinds in by_story.values())  # A and B never mixed
    sizes = sorted(((len(k), k[0]) for k in by_story.values()), reverse=True)
    assert sizes[0][0] >= 150 and sizes[0][1] == "a"  # most of story A in one story
    assert (60, "b") in sizes  # all of story B in one story
    biggest = max(by_story, key=lambda s: len(by_story[s]))
    stories = {s["story_id"]: s for s in rows(local_out, "stories")}
    assert set(stories) == set(by_story)
    assert stories[biggest]["first_published"] <= stories[biggest]["last_published"]


def test_cluster_blocks_by_time_window_and_key() -> None:
    d = 739000  # an ordinal day
    days: list[int | None] = [d, d + 2, d + 9, None, None, d, d]
    keys = [["e:a|b"], ["e:a|b"], ["e:a|b"], ["e:a|b"], ["e:a|b"], ["e:x|y"], ["e:z|w"]]
    labels = cluster(days, keys, window_days=3)
    assert labels[0] == labels[1] != labels[2]  # 2 days apart meet, 9 days apart do not
    assert labels[3] == labels[4] != labels[0]  # undated documents meet among themselves
    assert len(set(labels[5:])) == 2 and labels[5] not in labels[:5]
    many = cluster([d] * 6, [["e:a|b"]] * 6, max_key_docs=5)
    assert len(set(many)) == 6  # a key in more than max_key_docs documents joins nothing
    capped = cluster([d] * 6, [["e:a|b"]] * 6, max_story=4)
    assert max(capped.count(x) for x in capped) == 4


def test_restart_skips_complete_shards_and_gives_the_same_tables(
    local_out: Path, corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(local_out, out)
    shards = sorted(p.stem for p in (out / "_done").glob("0*.json"))
    killed = shards[3]  # a run killed while writing this shard, before the story stage
    for part in out.glob(f"*/part-{killed}.parquet"):
        part.unlink()
    (out / "documents" / f".part-{killed}.parquet.123.tmp").write_bytes(b"half a file")
    (out / "_done" / f"{killed}.json").unlink()
    for marker in (out / "_done").glob("b*.json"):
        marker.unlink()
    (out / "_SUCCESS").unlink()
    kept = out / "documents" / f"part-{shards[0]}.parquet"
    before = kept.stat().st_mtime_ns

    # first restart: that shard's worker dies again; the job goes on without it
    real = batch_mod.execute

    def dying(tasks: list[str], cls: type, kwargs: dict, **kw: object):  # type: ignore[no-untyped-def]
        for task in tasks:
            if killed in task:
                yield crashed(task, "worker process died")
        yield from real([t for t in tasks if killed not in t], cls, kwargs, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_mod, "execute", dying)
    result = run_batch(corpus, out, engine="local", workers=1, shard_size=40, resolvers=RESOLVERS)
    assert result.failed == [killed] and not (out / "_SUCCESS").exists() and (out / "_INCOMPLETE").exists()
    failed = [e for e in rows(out, "errors") if e["task"] == killed]
    assert len(failed) == 1 and failed[0]["stage"] == "worker" and "died" in failed[0]["reason"]
    assert len(rows(out, "story_members")) == 282 - 40  # the stories of what was done

    # second restart: only the missing shard is done; the tables are those of the first run
    monkeypatch.setattr(batch_mod, "execute", real)
    result = run_batch(corpus, out, engine="local", workers=1, shard_size=40, resolvers=RESOLVERS)
    assert result.shards_reused == len(shards) - 1 and not result.failed
    assert kept.stat().st_mtime_ns == before  # a complete shard is not rewritten
    assert (out / "_SUCCESS").exists() and not (out / "_INCOMPLETE").exists()
    for table in TABLES:
        assert rows(out, table) == rows(local_out, table), table


def test_a_nightly_run_redoes_only_new_input_and_the_buckets_of_its_stories(
    local_out: Path, corpus: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(local_out, out)
    # yesterday's archive: the folder's two articles are not there yet (small buckets: several per run)
    before = run_batch(corpus[:2], out, engine="local", workers=2, shard_size=40, resolvers=RESOLVERS, bucket_docs=60)
    assert before.shards_reused == before.shards and before.buckets_reused == 0  # new bucket size: all redone
    assert len(rows(out, "story_members")) == 280
    # tonight: the same archive plus the new input
    tonight = run_batch(corpus, out, engine="local", workers=2, shard_size=40, resolvers=RESOLVERS, bucket_docs=60)
    assert tonight.shards == before.shards + 1 and tonight.shards_reused == before.shards
    assert tonight.buckets > 2 and 0 < tonight.buckets_reused < tonight.buckets
    redone = [m for m in (out / "_done").glob("b*.json") if m.stat().st_mtime_ns > (out / "plan.json").stat().st_mtime_ns]
    assert len(redone) == tonight.buckets - tonight.buckets_reused
    for table in TABLES:  # the same tables as one run over everything
        if table != "errors":
            assert rows(out, table) == rows(local_out, table), table
    errors = [{k: v for k, v in e.items() if k != "task"} for e in rows(out, "errors")]
    assert errors == [{k: v for k, v in e.items() if k != "task"} for e in rows(local_out, "errors")]


def test_new_days_change_only_the_last_story_buckets() -> None:
    rnd = random.Random(3)
    days: list[int | None] = []
    stories: dict[str, list[int]] = {}
    for day in range(60):  # two months of stories, ids in random order
        for _ in range(rnd.randint(1, 3)):
            sid = f"s{rnd.getrandbits(48):012x}"
            stories[sid] = list(range(len(days), len(days) + rnd.randint(1, 40)))
            days += [day] * len(stories[sid])
    old = buckets(stories, days, 200)
    assert len(old) > 10 and sorted(s for b in old for s in b) == sorted(stories)
    tonight = dict(stories)
    for _ in range(5):  # tonight's articles: new stories on day 60, and one of yesterday's grows
        tonight[f"s{rnd.getrandbits(48):012x}"] = list(range(len(days), len(days) + 5))
        days += [60] * 5
    grown = max((s for s in stories if days[stories[s][0]] == 59), key=lambda s: s)
    tonight[f"{grown}x"] = tonight.pop(grown) + [len(days)]  # a changed story has a new id
    days.append(60)
    new = buckets(tonight, days, 200)
    assert new[: len(old) - 1] == old[:-1]  # every bucket but the last is kept as it was


def test_other_settings_redo_the_work_instead_of_mixing_rows(corpus: list[str], tmp_path: Path) -> None:
    assert [s.id for s in plan_shards(corpus, 40, salt="a")] != [s.id for s in plan_shards(corpus, 40, salt="b")]
    out, folder = tmp_path / "out", corpus[2:]  # two articles
    first = run_batch(folder, out, workers=1, extractors=["entities", "sentences"], resolvers=["entities"])
    again = run_batch(folder, out, workers=1, extractors=["sentences", "entities"], resolvers=["entities"])
    assert first.shards_reused == 0 and again.shards_reused == again.shards == 1 and again.buckets_reused == 1
    assert not rows(out, "timexes")
    other = run_batch(folder, out, workers=1, extractors=["entities", "sentences", "time"], resolvers=["entities"])
    assert other.shards_reused == 0 and other.buckets_reused == 0  # new ids: done again, old parts dropped
    assert rows(out, "timexes") and len(list((out / "documents").glob("part-*.parquet"))) == 1


class Flaky:
    """A worker whose task ``die`` kills its process and task ``raise`` raises."""

    def __call__(self, batch: dict) -> dict:
        task = json.loads(str(batch["task"][0]))["id"]
        if task == "die":
            os._exit(3)
        if task == "raise":
            raise ValueError("bad shard")
        return {"task": [task], "docs": [1], "errors": [0], "seconds": [0.0], "rss_mb": [1.0], "pid": [os.getpid()]}


def test_local_engine_survives_a_dying_worker() -> None:
    tasks = [json.dumps({"id": t}) for t in ("a", "die", "b", "raise", "c", "d")]
    out = {s["task"]: s for s in run_local(tasks, Flaky, {}, workers=2)}
    assert set(out) == {"a", "die", "b", "raise", "c", "d"}
    assert "died" in out["die"]["crashed"] and "ValueError: bad shard" in out["raise"]["crashed"]
    assert all(not out[t].get("crashed") and out[t]["docs"] == 1 for t in "abcd")


def test_local_engine_keeps_its_workers_unless_told_to_replace_them() -> None:
    many = [json.dumps({"id": f"t{i:02d}"}) for i in range(20)]
    kept = list(run_local(many, Flaky, {}, workers=2))
    assert sorted(s["task"] for s in kept) == [f"t{i:02d}" for i in range(20)] and len({s["pid"] for s in kept}) <= 2
    tasks = [json.dumps({"id": t}) for t in "abcdefgh"]
    fresh = list(run_local(tasks, Flaky, {}, workers=1, worker_tasks=2))
    assert sorted(s["task"] for s in fresh) == list("abcdefgh") and len({s["pid"] for s in fresh}) == 4


def test_ray_gives_the_same_rows_as_local(local_out: Path, corpus: list[str], tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        result = run_batch(corpus, tmp_path / "ray", engine="ray", workers=2, shard_size=40, resolvers=RESOLVERS)
    finally:
        ray.shutdown()
    assert result.documents == 282 and result.shards_reused == 0
    for table in TABLES:
        assert rows(tmp_path / "ray", table) == rows(local_out, table), table


def test_cli_rerun_on_a_complete_output_redoes_nothing(local_out: Path, corpus: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(local_out, out)
    before = rows(out, "documents")
    cmd = [
        sys.executable,
        "-m",
        "newsprism",
        "batch",
        *corpus,
        "-o",
        str(out),
        "--shard-size",
        "40",
        "--resolvers",
        ",".join(RESOLVERS),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr  # 1: some inputs went to the errors table
    assert "9 already done" in res.stderr
    assert res.stderr.count("(0 CPU s in workers)") == 2  # extraction and stories: nothing redone
    assert rows(out, "documents") == before
    bad = subprocess.run([*cmd[:5], "--engine", "spark", "-o", str(out)], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown engine" in bad.stderr


def test_story_keys_skip_vague_claims_and_one_entity_pairs() -> None:
    """'I think' or 'it is' claims and 'Donald Trump'/'Trump' pairs would chain unrelated articles into one story."""
    from newsprism.model import Claim, Document, Mention, Span
    from newsprism.scale.stories import story_keys

    doc = Document(id="d", text="x")
    names = ["Donald Trump", "Trump", "Trump", "Vladimir Putin", "Putin", "Kremlin"]
    doc.entities = [Mention(id=f"m{i}", doc_id="d", start=i, end=i + 1, text=t, label="PERSON" if "K" not in t else "ORG",
                            sentence=0) for i, t in enumerate(names)]
    span = Span(doc_id="d", start=0, end=1, text="x")

    def claim(i: int, s: str, p: str, o: str | None) -> Claim:
        return Claim(id=f"c{i}", doc_id="d", sentence=0, span=span, text="x", subject=s, predicate=p, object=o)

    doc.claims = [claim(0, "I", "think", None), claim(1, "it", "be", "that"), claim(2, "Putin", "call", "Trump"),
                  claim(3, "the Kremlin", "deny", None)]
    keys = story_keys(doc)
    assert "c:putin|call|trump" in keys
    assert not [k for k in keys if k.startswith("c:") and k != "c:putin|call|trump"]
    assert "e:donald trump|trump" not in keys and "e:putin|vladimir putin" not in keys
    assert "e:putin|trump" in keys and "e:kremlin|putin" in keys


def test_release_memory_gives_freed_heap_back() -> None:
    from newsprism.scale.worker import release_memory

    def resident_mib() -> float:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    if not Path("/proc/self/statm").exists():
        pytest.skip("needs Linux /proc")
    blocks = [bytes(2048) + bytes([i % 256]) for i in range(100_000)]  # ~200 MiB of malloc'd (not pymalloc) blocks
    keep = blocks[-1]  # the heap's top stays in use: only malloc_trim can return the pages below it
    del blocks
    before = resident_mib()
    assert release_memory()
    assert resident_mib() < before - 100
    assert keep

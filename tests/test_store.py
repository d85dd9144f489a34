"""The story store: schema, transactions, incremental add/remove, read API."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsprism.model import (
    Alias,
    Attribution,
    ClaimCluster,
    ClaimMember,
    Document,
    Entity,
    Mention,
    Meta,
    NamingChoice,
    OutletProfile,
    Sentence,
    Span,
    Story,
    TimeExpression,
)
from newsprism.model import Claim as DocClaim
from newsprism.store import StoreError, StoryReader, add, connect, load_story, remove, save
from newsprism.store import write as store_write
from newsprism.store.schema import VERSION

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples"

HOSTILE = (
    'Officials said <script>alert("pwned")</script> the deal was off. '
    '"Nothing "><img src=x onerror=alert(1)> was agreed," the spokesman said. '
    'See <a href="javascript:alert(2)">the statement</a> for details. '
    "Putin spoke with Trump, the Hostile Post reported."
)
TEXTS = {
    "d1": ("Outlet A", "2024-11-10",
           'Putin spoke with Trump on November 7, the Washington Post reported. '
           '"We want peace soon," Trump said. '
           "Officials who declined to be named said the call lasted an hour. Kyiv was not told."),
    "d2": ("Outlet B", "2024-11-11",
           "The Kremlin denied that Putin spoke with Trump. "
           '"This is pure fiction," Dmitry Peskov said. '
           "Putin spoke with Trump, according to people familiar with the matter. Kiev was not told."),
    "d3": ('Hostile <script>alert("o")</script>', "2024-11-12", HOSTILE),
}


def _span(doc: Document, needle: str, nth: int = 0) -> Span:
    start = [m.start() for m in re.finditer(re.escape(needle), doc.text)][nth]
    return Span(doc_id=doc.id, start=start, end=start + len(needle), text=needle)


def _sentence(doc: Document, span: Span) -> int:
    return max(s.index for s in doc.sentences if s.start <= span.start)


def make_doc(doc_id: str, outlet: str, published: str, text: str) -> Document:
    import hashlib

    doc = Document(id=doc_id, text=text, meta=Meta(outlet=outlet, published=published, title=f"{outlet} report",
                                                   source_path=f"/tmp/{doc_id}.txt",
                                                   sha256=hashlib.sha256(text.encode()).hexdigest()))
    pos = 0
    for i, piece in enumerate(re.split(r"(?<=[.!?])\s+", text)):
        start = text.index(piece, pos)
        doc.sentences.append(Sentence(index=i, start=start, end=start + len(piece), text=piece))
        pos = start + len(piece)
    for n, name in enumerate(("Putin", "Trump", "Peskov", "Kremlin", "Kyiv", "Kiev")):
        for k, m in enumerate(re.finditer(name, text)):
            sp = Span(doc_id=doc_id, start=m.start(), end=m.end(), text=name)
            doc.entities.append(Mention(id=f"{doc_id}:m{n}.{k}", doc_id=doc_id, start=sp.start, end=sp.end, text=name,
                                        label="PERSON" if name in ("Putin", "Trump", "Peskov") else "GPE",
                                        sentence=_sentence(doc, sp), entity_id=f"e-{name.lower()}"))
    return doc


def _attribution(doc: Document, n: int, source: str, cue: str, content: str, source_type: str,
                 speaker: str | None = None) -> Attribution:
    c = _span(doc, content)
    return Attribution(id=f"{doc.id}:a{n}", doc_id=doc.id, sentence=_sentence(doc, c), source=_span(doc, source),
                       cue=_span(doc, cue), content=c, kind="direct" if '"' in doc.text[c.start - 1:c.start] else
                       "indirect", source_type=source_type, speaker=speaker,
                       speaker_entity_id=f"e-{speaker.split()[-1].lower()}" if speaker else None)


def sample_docs() -> list[Document]:
    docs = {k: make_doc(k, *v) for k, v in TEXTS.items()}
    d1, d2, d3 = docs["d1"], docs["d2"], docs["d3"]
    d1.attributions = [
        _attribution(d1, 0, "the Washington Post", "reported", "Putin spoke with Trump on November 7",
                     "named_organization"),
        _attribution(d1, 1, "Trump", "said", "We want peace soon", "named_person", "Donald Trump"),
        _attribution(d1, 2, "Officials who declined to be named", "said", "the call lasted an hour",
                     "anonymous_group"),
    ]
    d2.attributions = [
        _attribution(d2, 0, "The Kremlin", "denied", "Putin spoke with Trump", "named_organization"),
        _attribution(d2, 1, "Dmitry Peskov", "said", "This is pure fiction", "named_person", "Dmitry Peskov"),
        _attribution(d2, 2, "people familiar with the matter", "according to", "Putin spoke with Trump",
                     "anonymous_group"),
    ]
    d3.attributions = [
        _attribution(d3, 0, "Officials", "said", '<script>alert("pwned")</script> the deal was off',
                     "anonymous_group"),
        _attribution(d3, 1, "the spokesman", "said", 'Nothing "><img src=x onerror=alert(1)> was agreed',
                     "anonymous_individual"),
    ]
    for doc in docs.values():
        for a in doc.attributions:
            assert a.content is not None
            doc.claims.append(DocClaim(id=f"{a.id}c", doc_id=doc.id, sentence=a.sentence, span=a.content,
                                       text=a.content.text, kind="attributed", attribution_id=a.id))
    t = _span(d1, "November 7")
    d1.timexes = [TimeExpression(id="d1:t0", doc_id="d1", sentence=0, span=t, type="DATE", value="2024-11-07")]
    return list(docs.values())


def sample_story(docs: list[Document] | None = None) -> Story:
    docs = docs if docs is not None else sample_docs()
    by_id = {d.id: d for d in docs}
    story = Story()
    story._docs = docs
    if {"d1", "d2"} <= set(by_id):
        d1, d2 = by_id["d1"], by_id["d2"]
        members = [
            ClaimMember(claim_id="d1:a0c", doc_id="d1", outlet="Outlet A", stance="reports",
                        span=_span(d1, "Putin spoke with Trump on November 7")),
            ClaimMember(claim_id="d2:a2c", doc_id="d2", outlet="Outlet B", stance="supports",
                        span=_span(d2, "Putin spoke with Trump", 1)),
            ClaimMember(claim_id="d2:a0c", doc_id="d2", outlet="Outlet B", stance="denies",
                        span=_span(d2, "Putin spoke with Trump")),
        ]
        story.claims.append(ClaimCluster(id="c1", text="Putin spoke with Trump", members=members, reports=3,
                                         independent_sources=2, deniers=["The Kremlin"], contested=True,
                                         chains=["Washington Post"]))
        story.claims.append(ClaimCluster(id="c2", text="The call lasted an hour", reports=1, independent_sources=1,
                                         members=[ClaimMember(claim_id="d1:a2c", doc_id="d1", outlet="Outlet A",
                                                              span=_span(d1, "the call lasted an hour"))]))
        story.timeline.append(TimelineEvent_(d1))
        story.naming.append(NamingChoice(concept="Kyiv", by_outlet={"Outlet A": {"Kyiv": 1}, "Outlet B": {"Kiev": 1}}))
    if "d3" in by_id:
        d3 = by_id["d3"]
        hostile = _span(d3, '<script>alert("pwned")</script> the deal was off')
        story.claims.append(ClaimCluster(id="c3", text=hostile.text, reports=1, independent_sources=1,
                                         members=[ClaimMember(claim_id="d3:a0c", doc_id="d3", outlet=d3.meta.outlet,
                                                              span=hostile)],
                                         deniers=['"><img src=x onerror=alert(3)>'], contested=True))
    for name in ("Putin", "Trump", "Peskov"):
        mentions = [Span(doc_id=m.doc_id, start=m.start, end=m.end, text=m.text)
                    for d in docs for m in d.entities if m.text == name]
        if mentions:
            by_outlet = {d.meta.outlet or "unknown": sum(m.text == name for m in d.entities) for d in docs
                         if any(m.text == name for m in d.entities)}
            story.entities.append(Entity(id=f"e-{name.lower()}", name=name, label="PERSON", mentions=mentions,
                                         documents=len({m.doc_id for m in mentions}),
                                         aliases=[Alias(text=name, count=len(mentions), by_outlet=by_outlet)]))
    story.outlets = [OutletProfile(outlet=d.meta.outlet or "unknown", documents=1, hedges=0,
                                   naming={"Kyiv": "Kyiv"} if d.id == "d1" else {}) for d in docs]
    return story


def TimelineEvent_(d1: Document):  # noqa: N802 - a small factory
    from newsprism.model import TimelineEvent

    return TimelineEvent(id="t1", date="2024-11-07", text="Putin spoke with Trump", outlets=["Outlet A"],
                         sources=[_span(d1, "November 7")])


@pytest.fixture(autouse=True)
def resolved(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The cross-document stage as a stub that records which documents it was run over (the
    real resolvers load embedding models; what is tested here is what the store hands them)."""
    from newsprism.pipeline import summarize
    from newsprism.store import ops

    calls: list[list[str]] = []

    def fake(docs: list[Document], skipped: list) -> Story:  # type: ignore[type-arg]
        calls.append([d.id for d in docs])
        story = Story(documents=[summarize(d) for d in docs], skipped=skipped)
        story._docs = docs
        return story

    monkeypatch.setattr(ops, "_resolve", fake)
    return calls


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "story.db"
    save(sample_story(), path)
    return path


def _count(path: Path, sql: str, *args: object) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(sql, args).fetchone()[0])
    finally:
        con.close()


def test_schema_versioned_wal_and_fts(db: Path) -> None:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()[0]
    assert "fts5" in sql.lower()
    con.close()


def test_older_store_is_migrated_in_place(db: Path) -> None:
    con = sqlite3.connect(db)  # make it look like a version 1 store
    con.execute("DROP INDEX claims_contested")
    con.execute("DROP INDEX documents_published")
    con.execute("ALTER TABLE timeline DROP COLUMN background")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="E053"):  # readers never write: they ask for a migration
        StoryReader(db)
    connect(db).close()
    assert _count(db, "PRAGMA user_version") == VERSION == 3
    assert _count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'claims_contested'") == 1
    assert _count(db, "SELECT count(*) FROM documents") == 3
    with StoryReader(db) as r:
        assert r.claims(contested=True).total == 2
        assert [e.background for e in r.timeline().items] == [False]  # the new column, filled by default


def test_save_roundtrip_keeps_documents_and_story(db: Path) -> None:
    original = sample_story()
    story = load_story(db)
    assert [d.model_dump() for d in story.docs] == [d.model_dump() for d in original.docs]
    assert story.claims == original.claims
    assert story.entities == original.entities
    assert story.timeline == original.timeline
    assert [d.id for d in story.documents] == ["d1", "d2", "d3"]
    # normalised tables agree with the documents
    assert _count(db, "SELECT count(*) FROM attributions") == sum(len(d.attributions) for d in original.docs)
    assert _count(db, "SELECT count(*) FROM mentions WHERE doc_id = 'd2'") == len(original.docs[1].entities)
    assert _count(db, "SELECT count(*) FROM claim_members WHERE cluster_id = 'c1'") == 3


def test_save_again_rewrites_only_changed_documents(db: Path) -> None:
    before = {r[0]: r[1] for r in sqlite3.connect(db).execute("SELECT id, rowid FROM documents")}
    docs = sample_docs()
    docs[1].meta.title = "changed title"
    save(sample_story(docs[:2]), db)  # d3 left out: removed
    after = {r[0]: r[1] for r in sqlite3.connect(db).execute("SELECT id, rowid FROM documents")}
    assert set(after) == {"d1", "d2"}
    assert after["d1"] == before["d1"]  # untouched row
    assert after["d2"] != before["d2"]  # rewritten
    assert _count(db, "SELECT count(*) FROM attributions WHERE doc_id = 'd3'") == 0
    assert _count(db, "SELECT count(*) FROM search WHERE doc_id = 'd3'") == 0


def test_save_refuses_a_story_without_its_documents(db: Path) -> None:
    summary_only = Story.model_validate_json(sample_story().model_dump_json())  # as read from story.json
    summary_only.documents = load_story(db).documents
    with pytest.raises(StoreError, match="E055"):
        save(summary_only, db)
    assert _count(db, "SELECT count(*) FROM documents") == 3


def test_interrupted_document_write_leaves_store_as_before(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rev = _count(db, "SELECT value FROM story_meta WHERE key = 'revision'")
    doc = make_doc("d9", "Outlet C", "2024-11-13", "Putin spoke. Trump listened.")
    original = store_write._insert_document

    def boom(con: sqlite3.Connection, d: Document) -> None:
        original(con, d)  # rows are written, then the process "dies"
        raise KeyboardInterrupt

    monkeypatch.setattr(store_write, "_insert_document", boom)
    con = connect(db)
    with pytest.raises(KeyboardInterrupt):
        store_write.write_document(con, doc)
    con.close()
    for table in ("documents", "sentences", "mentions"):
        col = "id" if table == "documents" else "doc_id"
        assert _count(db, f"SELECT count(*) FROM {table} WHERE {col} = 'd9'") == 0
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'revision'") == rev
    # a run that died after writing a document but before re-resolving is finished by the next add
    monkeypatch.setattr(store_write, "_insert_document", original)
    con = connect(db)
    store_write.write_document(con, doc)
    con.close()
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'stale'") == 1
    assert add(db, []).resolved
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'stale'") == 0
    assert "d9" in {d.id for d in load_story(db).documents}


def test_remove_drops_everything_derived(db: Path, resolved: list[list[str]]) -> None:
    removed = remove(db, ["d2"])
    assert removed == ["d2"] and resolved == [["d1", "d3"]]  # re-resolved over the rest
    for table in ("sentences", "mentions", "attributions", "timexes", "doc_claims", "claim_members", "search"):
        assert _count(db, f"SELECT count(*) FROM {table} WHERE doc_id = 'd2'") == 0, table
    story = load_story(db)
    assert [d.id for d in story.docs] == ["d1", "d3"]
    for cluster in story.claims:
        assert all(m.doc_id != "d2" for m in cluster.members)
    with pytest.raises(StoreError, match="E054"):
        remove(db, ["nope"])
    assert _count(db, "SELECT count(*) FROM documents") == 2


def test_open_rejects_foreign_and_newer_files(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="E050"):
        connect(other)
    newer = tmp_path / "newer.db"
    connect(newer).close()
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="E051"):
        connect(newer)
    with pytest.raises(StoreError, match="E052"):
        StoryReader(tmp_path / "missing.db")


def test_read_api_claims_entities_search_pages(db: Path) -> None:
    with StoryReader(db) as r:
        claims = r.claims().items
        assert [c.id for c in claims][0] == "c1"  # most independent sources first
        c1 = claims[0]
        assert c1.contested and c1.deniers == ["The Kremlin"]
        assert {m.stance for m in c1.members} == {"reports", "supports", "denies"}
        for m in c1.members:  # every member points at the sentence holding its span
            doc = r.document(m.doc_id)
            assert doc is not None and m.ref.sentence is not None
            assert m.ref.text in doc.sentences[m.ref.sentence].text
        assert r.claims(contested=False).total == 1
        page = r.attributions(limit=2, offset=2)
        assert page.total == 8 and len(page.items) == 2 and page.offset == 2
        assert {a.source_class for a in r.attributions(source="anonymous", limit=50).items} == {"anonymous"}
        matrix = {o.outlet: o for o in r.source_matrix()}
        assert (matrix["Outlet A"].named, matrix["Outlet A"].anonymous) == (2, 1)
        trump = r.entity("e-trump")
        assert trump is not None
        assert [q.content for q in trump.quotes_by] == ["We want peace soon"]
        assert "Putin spoke with Trump" in {q.content for q in trump.quotes_about}
        hits = {h.kind: h for h in r.search("fiction").items}
        assert set(hits) == {"quote", "claim"} and ("fiction", True) in hits["quote"].parts
        assert hits["quote"].ref is not None and hits["quote"].ref.doc_id == "d2"
        assert r.search('"; DROP TABLE x; --').total == 0  # operators are quoted, not executed
        ev = r.timeline().items
        assert ev[0].date == "2024-11-07" and ev[0].sources[0].sentence == 0
        dated = r.dated_mentions().items  # the fallback when no timeline is resolved
        assert [(e.date, e.sources[0].text) for e in dated] == [("2024-11-07", "November 7")]
        assert dated[0].text.startswith("Putin spoke with Trump on November 7")
        ov = r.overview()
        assert ov.documents == 3 and ov.top_claims[0].id == "c1"
        assert any(p.ref is not None for p in ov.facts)


@pytest.mark.slow
def test_add_is_incremental_by_content_hash(tmp_path: Path, resolved: list[list[str]]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for p in seeds[:2]:
        shutil.copy(p, folder)
    db = tmp_path / "story.db"
    first = add(db, [folder])
    assert sorted(first.added) == sorted(p.stem for p in seeds[:2]) and first.resolved
    rev = _count(db, "SELECT value FROM story_meta WHERE key = 'revision'")
    assert resolved == [sorted(p.stem for p in seeds[:2])]
    again = add(db, [folder])
    assert again.added == again.changed == [] and not again.resolved and len(resolved) == 1
    assert sorted(again.unchanged) == sorted(p.stem for p in seeds[:2])
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'revision'") == rev  # nothing changed
    changed = folder / seeds[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nPutin said nothing more.\n", encoding="utf-8")
    shutil.copy(seeds[2], folder)
    bad = folder / "empty.txt"
    bad.write_text("", encoding="utf-8")
    third = add(db, [folder])
    assert third.changed == [seeds[0].stem] and third.added == [seeds[2].stem]
    assert [s.code for s in third.skipped] == ["E001"]
    assert _count(db, "SELECT count(*) FROM documents") == 3
    assert sorted(resolved[-1]) == sorted(p.stem for p in seeds[:3])  # over all stored documents
    docs = {d.id: d for d in load_story(db).docs}
    assert "Putin said nothing more." in docs[seeds[0].stem].text


def test_remove_command(db: Path) -> None:
    from typer.testing import CliRunner

    from newsprism.cli import _load, app

    _load()
    runner = CliRunner()
    res = runner.invoke(app, ["remove", str(db), "nope"])
    assert res.exit_code == 2 and "E054" in res.output
    assert _count(db, "SELECT count(*) FROM documents") == 3
    res = runner.invoke(app, ["remove", str(db), "d3"])
    assert res.exit_code == 0 and _count(db, "SELECT count(*) FROM documents") == 2


def _racing(monkeypatch: pytest.MonkeyPatch, meddle: list) -> list[list[str]]:  # type: ignore[type-arg]
    """The resolver as a stub whose stories cite every document handed to it (sample_story); the first
    calls run ``meddle``'s writers (another process's add or remove) between the read and the write."""
    from newsprism.store import ops

    calls: list[list[str]] = []

    def fake(docs: list[Document], skipped: list) -> Story:  # type: ignore[type-arg]
        calls.append([d.id for d in docs])
        if meddle:
            meddle.pop(0)()
        return sample_story(docs)

    monkeypatch.setattr(ops, "_resolve", fake)
    return calls


def _cited(db: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT doc_id FROM claim_members UNION SELECT json_extract(m.value,"
                                          " '$.doc_id') FROM entities, json_each(entities.json, '$.mentions') m")}
    finally:
        con.close()


def test_add_racing_a_remove_never_stores_results_of_removed_documents(db: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.store import add_documents

    calls = _racing(monkeypatch, [lambda: remove(db, ["d2"])])
    d9 = make_doc("d9", "Outlet C", "2024-11-13", "Putin spoke with Trump again, Outlet C said.")
    add_documents(db, [d9])
    assert calls[0] == ["d1", "d2", "d3", "d9"]  # the add's first read, before the remove
    assert "d2" not in _cited(db) and _cited(db) <= {"d1", "d3", "d9"}
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'stale'") == 0
    assert _count(db, "SELECT count(*) FROM claims WHERE id = 'c1'") == 0  # c1 needs d2


def test_remove_racing_an_add_resolves_the_added_document(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.store import add_documents

    d9 = make_doc("d9", "Outlet C", "2024-11-13", "Putin spoke with Trump again, Outlet C said.")
    calls = _racing(monkeypatch, [lambda: add_documents(db, [d9])])
    remove(db, ["d3"])
    assert calls[-1] == ["d1", "d2", "d9"]  # resolved again over what the store holds after the add
    assert "d9" in _cited(db) and "d3" not in _cited(db)
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'stale'") == 0


def test_writers_that_never_stop_racing_leave_the_store_stale(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.store import add_documents

    def write(doc: Document) -> None:
        con = connect(db)
        store_write.write_document(con, doc)
        con.close()

    others = [make_doc(f"x{i}", "Outlet X", "2024-11-14", f"Putin spoke {i} times.") for i in range(10)]
    meddle = [lambda d=d: write(d) for d in others]  # more writers than the store's attempts
    _racing(monkeypatch, meddle)
    add_documents(db, [make_doc("d9", "Outlet C", "2024-11-13", "Putin spoke with Trump again.")])
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'stale'") == 1
    assert "x0" not in _cited(db)  # no resolution cites what it never read
    meddle.clear()
    assert add(db, []).resolved  # the next add, alone, resolves: nothing is lost
    assert _count(db, "SELECT value FROM story_meta WHERE key = 'stale'") == 0
    assert _cited(db) == {r.id for r in load_story(db).documents}


def test_remove_command_says_when_racing_writers_left_the_store_stale(db: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from newsprism.cli import _load, app

    def write(doc: Document) -> None:
        con = connect(db)
        store_write.write_document(con, doc)
        con.close()

    _racing(monkeypatch, [lambda d=d: write(d) for d in  # type: ignore[misc]
                          [make_doc(f"x{i}", "Outlet X", "2024-11-14", f"Putin spoke {i} times.") for i in range(10)]])
    _load()
    res = CliRunner().invoke(app, ["remove", str(db), "d3"])
    assert res.exit_code == 0 and "not re-resolved" in res.output and "story re-resolved" not in res.output

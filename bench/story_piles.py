"""Piles for the end-to-end story bench: ECB+ topics and the shared-claims gold piles.

A pile is a folder of plain-text reports, analysed through the same code path as
``newsprism analyze`` (``pipeline.extract_documents`` then ``pipeline.resolve``). The
per-document records are cached by a digest of the code and data they depend on, so
changes in ``resolve`` rerun only the cross-document stage.

ECB+ documents are written as a user would bring them: tokens joined by spaces, one
paragraph per sentence. Each token's character span is kept for scoring.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "newsprism"


def shared_dir() -> Path:
    """``../shared`` beside the repo (CI layout), else /work/shared."""
    for cand in (ROOT.parent / "shared", Path("/work/shared")):
        if (cand / "data").is_dir():
            return cand
    raise SystemExit("no shared/ data found beside the repo")


@dataclass
class EcbDoc:
    doc_id: str
    text: str
    tokens: dict[tuple[int, int], tuple[int, int]]  # (sentence, token) -> char span
    sentences: dict[int, tuple[int, int]]  # sentence -> char span


@dataclass
class Pile:
    name: str
    folder: Path
    ecb: dict[str, EcbDoc] = field(default_factory=dict)  # file stem -> ECB+ doc (ECB+ piles only)


def read_ecb(split: str) -> dict[str, EcbDoc]:
    """ECB+ documents of ``split`` ("Train" or "Dev") written as plain text."""
    path = shared_dir() / "data" / "ecbplus" / f"ECB_{split}_corpus.txt"
    toks: dict[str, dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        toks[parts[0]][int(parts[1])].append((int(parts[2]), parts[3]))
    out: dict[str, EcbDoc] = {}
    for doc_id, sents in toks.items():
        text, spans, sent_spans = "", {}, {}
        for s in sorted(sents):
            if text:
                text += "\n\n"
            s_start = len(text)
            for k, (t, word) in enumerate(sorted(sents[s])):
                if k:
                    text += " "
                spans[(s, t)] = (len(text), len(text) + len(word))
                text += word
            sent_spans[s] = (s_start, len(text))
        out[doc_id] = EcbDoc(doc_id, text + "\n", spans, sent_spans)
    return out


def ecb_topic(doc_id: str) -> str:
    return doc_id.split("_", 1)[0]


def ecb_piles(split: str, work: Path) -> list[Pile]:
    """One pile per ECB+ topic (both sub-topics), written under ``work``."""
    docs = read_ecb(split)
    by_topic: dict[str, list[EcbDoc]] = defaultdict(list)
    for d in docs.values():
        by_topic[ecb_topic(d.doc_id)].append(d)
    piles = []
    for topic in sorted(by_topic, key=int):
        folder = work / f"ecb-{split.lower()}-{topic}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for d in by_topic[topic]:
            (folder / f"{d.doc_id}.txt").write_text(d.text, encoding="utf-8")
        piles.append(Pile(f"ecb-{split.lower()}-{topic}", folder, {d.doc_id: d for d in by_topic[topic]}))
    return piles


def gold_piles(work: Path) -> list[tuple[Pile, dict[str, Any]]]:
    """The piles of ``shared/gold`` with their gold, files copied under their own names."""
    shared = shared_dir()
    out = []
    for gold_path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        files = sorted({p["file"] for c in gold["claims"] for p in c["passages"]} | set(gold.get("files", [])))
        folder = work / gold_path.stem
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name in files:
            src = _find_file(shared, name)
            shutil.copy(src, folder / Path(name).name)
        out.append((Pile(gold_path.stem, folder), gold))
    return out


def _find_file(shared: Path, name: str) -> Path:
    for cand in (shared / "seeds" / name, shared / "data" / "polnear" / "train" / "text" / name,
                 shared / "data" / "polnear" / "dev" / "text" / name):
        if cand.exists():
            return cand
    raise FileNotFoundError(name)


def code_digest() -> str:
    """Digest of everything per-document extraction depends on."""
    h = hashlib.sha256()
    for sub in ("ingest", "nlp", "extract", "language", "data"):
        for p in sorted((SRC / sub).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(SRC)).encode())
                h.update(p.read_bytes())
    for name in ("model.py", "pipeline.py", "registry.py"):
        h.update((SRC / name).read_bytes())
    return h.hexdigest()[:16]


def extract_pile(pile: Pile, cache: Path | None) -> list[Any]:
    """Per-document records of a pile (cached by code digest and file contents)."""
    from newsprism.extract.timex.story import dating_json, restore_dating
    from newsprism.model import Document
    from newsprism.pipeline import extract_documents

    files = sorted(pile.folder.glob("*.txt"))
    h = hashlib.sha256((code_digest() + "+dating").encode())
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    path = cache / f"{pile.name}-{h.hexdigest()[:16]}.jsonl" if cache else None
    if path is not None and path.exists():
        docs = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            doc = Document.model_validate(row["doc"])
            restore_dating(doc, row["dating"])  # the pile's joint dating reads it, as in a fresh run
            docs.append(doc)
        return docs
    docs = [d for d in extract_documents([pile.folder]) if isinstance(d, Document)]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps({"doc": d.model_dump(mode="json"), "dating": dating_json(d)}) + "\n"
                               for d in docs), encoding="utf-8")
        tmp.replace(path)
    return docs


def analyze_pile(pile: Pile, cache: Path | None) -> Any:
    """The story of a pile, through the same code path as ``newsprism analyze``."""
    from newsprism.pipeline import resolve

    return resolve(extract_pile(pile, cache))


def stem_of(doc: Any) -> str:
    """The file stem a document came from."""
    path = doc.meta.source_path or doc.id
    return Path(path).stem

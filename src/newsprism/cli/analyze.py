"""``newsprism analyze`` and ``newsprism extract``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from newsprism.cli.app import app, console
from newsprism.cli.common import (
    ATTRIBUTIONS,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    analyze_story,
    check_output_file,
    check_output_folder,
    exit_code,
    set_attribution_mode,
    stream,
)
from newsprism.ingest import DEFAULT_MAX_BYTES
from newsprism.model import SkippedInput, Story

PATHS = typer.Argument(..., help="Files, folders (recursive), globs, or - for stdin.")
MODEL = typer.Option(None, "--model", help="spaCy pipeline (default: an installed en_core_web_*).")
WORKERS = typer.Option(1, "--workers", min=1, help="Parsing processes.")
MAX_BYTES = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip files larger than this.")


def write_outputs(story: Story, outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    tmp = outdir / "story.json.tmp"
    tmp.write_text(story.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(outdir / "story.json")
    tmp = outdir / "documents.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        for doc in story.docs:
            fh.write(doc.model_dump_json() + "\n")
    tmp.replace(outdir / "documents.jsonl")


def print_summary(story: Story) -> None:
    outlets = sorted({d.outlet or "unknown" for d in story.documents})
    n_ent = len(story.entities) or sum(d.entities for d in story.documents)
    table = Table(title="newsprism", show_header=True, header_style="bold")
    for col in ("document", "outlet", "sentences", "entities", "attributions", "time exprs", "claims"):
        table.add_column(col)
    for d in story.documents:
        out = d.outlet or "[dim]unknown[/]"
        if d.syndicated_from:
            out += f" ← {d.syndicated_from}"
        table.add_row(
            d.id, out, str(d.sentences), str(d.entities), str(d.attributions), str(d.timexes), str(d.claims)
        )
    console.print(table)
    label = "entities" if story.entities else "entity mentions"
    console.print(
        f"{len(story.documents)} documents, {len(outlets)} outlets ({', '.join(outlets)}), {n_ent} {label}"
        + (f", [yellow]{len(story.skipped)} skipped[/]" if story.skipped else "")
    )


@app.command()
def analyze(
    paths: list[str] = PATHS,
    out: Path = typer.Option(Path("out"), "-o", "--out", help="Output folder for story.json and documents.jsonl."),
    db: Path = typer.Option(None, "--db", help="SQLite story store (default: OUT/story.db)."),
    model: str = MODEL,
    workers: int = WORKERS,
    max_bytes: int = MAX_BYTES,
    attributions: str = ATTRIBUTIONS,
) -> None:
    """Analyse a pile of reports into OUT/story.json, OUT/documents.jsonl and a story store."""
    set_attribution_mode(attributions)
    check_output_folder(out)
    if db is not None and db.parent.resolve() != out.resolve():
        check_output_file(db)
    story = analyze_story(paths, model=model, workers=workers, max_bytes=max_bytes)
    write_outputs(story, out)
    _save_store(story, db or out / "story.db")
    print_summary(story)
    console.print(f"wrote {out / 'story.json'} and {out / 'documents.jsonl'}")
    raise typer.Exit(exit_code(story))


def _save_store(story: Story, path: Path) -> None:
    import importlib

    try:
        store = importlib.import_module("newsprism.store")
    except ImportError:
        return
    save = getattr(store, "save", None)
    if save is not None:
        save(story, path)
        console.print(f"wrote {path}")


@app.command("extract")
def extract_cmd(
    paths: list[str] = PATHS,
    jsonl: str = typer.Option("-", "--jsonl", help="Write one record per document to FILE, or - for stdout."),
    model: str = MODEL,
    workers: int = WORKERS,
    max_bytes: int = MAX_BYTES,
    attributions: str = ATTRIBUTIONS,
) -> None:
    """Stream one JSON record per document (per-document stage only)."""
    set_attribution_mode(attributions)
    if jsonl != "-":
        check_output_file(Path(jsonl))
    fh = sys.stdout if jsonl == "-" else open(jsonl, "w", encoding="utf-8")  # noqa: SIM115
    n_docs = n_skipped = 0
    try:
        for item in stream(paths, model=model, workers=workers, max_bytes=max_bytes):
            if isinstance(item, SkippedInput):
                n_skipped += 1
                continue
            fh.write(item.model_dump_json() + "\n")
            fh.flush()
            n_docs += 1
    finally:
        if fh is not sys.stdout:
            fh.close()
    if not n_docs:
        console.print("[red]error[/] nothing readable among the inputs (E030)")
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_SKIPPED if n_skipped else EXIT_OK)

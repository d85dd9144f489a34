"""``newsprism batch``: a corpus into Parquet tables, on a local pool or on Ray."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprism.cli.app import app, console
from newsprism.cli.common import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, check_output_folder


@app.command()
def batch(
    inputs: list[str] = typer.Argument(..., help="Folders of articles, JSONL or Parquet shards (a 'text' column)."),
    out: Path = typer.Option(..., "-o", "--out", help="Output folder for the Parquet tables."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or ray."),
    address: str = typer.Option(None, "--address", help="Ray cluster address (default: start a local Ray)."),
    workers: int = typer.Option(2, "--workers", min=1, help="Worker processes (Ray actors), one pipeline each."),
    shard_size: int = typer.Option(500, "--shard-size", min=1, help="Documents per shard (the unit of restart)."),
    model: str = typer.Option(None, "--model", help="spaCy pipeline (default: an installed en_core_web_*)."),
    window_days: int = typer.Option(3, "--window-days", min=1, help="Story time window, days."),
    extractors: str = typer.Option(None, "--extractors", help="Only these extractors (comma-separated)."),
    resolvers: str = typer.Option(None, "--resolvers", help="Only these resolvers (comma-separated)."),
) -> None:
    """Extract every document and resolve its stories into OUT/<table>/part-*.parquet.

    Restarting with the same arguments skips the shards already written."""
    from newsprism.scale import run_batch

    check_output_folder(out)
    if engine not in ("local", "ray"):
        console.print(f"[red]error[/] unknown engine {engine!r}: local or ray")
        raise typer.Exit(EXIT_USAGE)
    if engine == "ray":
        import importlib.util

        if importlib.util.find_spec("ray") is None:
            console.print("[red]error[/] Ray is not installed: pip install 'newsprism[ray]'")
            raise typer.Exit(EXIT_USAGE)
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, TextColumn("{task.fields[docs]} docs"), console=console, transient=False) as bar:
        tasks: dict[str, Any] = {}
        docs: dict[str, int] = {}

        def progress(stage: str, summary: dict[str, Any], total: int) -> None:
            if stage not in tasks:
                label = "Extracting shards" if stage == "extract" else "Resolving stories"
                tasks[stage] = bar.add_task(label, total=total, docs=0)
                docs[stage] = 0
            docs[stage] += int(summary["docs"])
            bar.update(tasks[stage], advance=1, docs=docs[stage])

        result = run_batch(
            inputs,
            out,
            engine=engine,
            address=address,
            workers=workers,
            shard_size=shard_size,
            model=model,
            window_days=window_days,
            extractors=extractors.split(",") if extractors else None,
            resolvers=resolvers.split(",") if resolvers else None,
            progress=progress,
        )
    table = Table(title=f"newsprism batch ({engine})", show_header=False)
    rss = max(result.peak_rss_mb.values(), default=0.0)
    for key, value in (
        ("shards", f"{result.shards} ({result.shards_reused} already done)"),
        ("documents", str(result.documents)),
        ("errors", str(result.errors)),
        ("stories", f"{result.stories} in {result.buckets} buckets ({result.buckets_reused} already done)"),
        ("unfinished tasks", f"{len(result.failed)} (in errors; rerun to retry)" if result.failed else "0"),
        ("extraction", f"{result.seconds_extract:.1f} s ({result.cpu_seconds_extract:.0f} CPU s in workers)"),
        ("stories stage", f"{result.seconds_stories:.1f} s ({result.cpu_seconds_stories:.0f} CPU s in workers)"),
        ("peak RSS per worker", f"{rss:.0f} MiB"),
    ):
        table.add_row(key, value)
    console.print(table)
    console.print(f"wrote {out}/ (documents, entity_mentions, attributions, timexes, claims, errors, stories, ...)")
    if not result.documents:
        console.print("[red]error[/] nothing readable among the inputs (E030)")
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_SKIPPED if result.errors else EXIT_OK)

"""``newsprism report``: a self-contained brief (HTML or Markdown) of a story store."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.app import app, console
from newsprism.cli.common import EXIT_USAGE, check_output_file
from newsprism.errors import NewsprismError


@app.command("report")
def report_cmd(
    db: Path = typer.Argument(..., help="The story store (SQLite file)."),
    out: Path = typer.Option(None, "-o", "--out", help="Output file (default: brief.html or brief.md next to DB)."),
    fmt: str = typer.Option("html", "--format", "-f", help="html (one self-contained file) or md."),
    all_claims: bool = typer.Option(False, "--all-claims",
                                    help="Also list claims only one independent source carries (hidden by default)."),
) -> None:
    """Write the brief of a story: facts, actors, claims, timeline, who said what, outlets, sources."""
    from newsprism.report import write_report

    if fmt not in ("html", "md"):
        console.print(f"[red]error[/] unknown format '{fmt}'; use html or md")
        raise typer.Exit(EXIT_USAGE)
    target = out or db.with_name(f"brief.{fmt}")
    check_output_file(target)
    try:
        write_report(db, target, "html" if fmt == "html" else "md", all_claims=all_claims)
    except NewsprismError as exc:
        console.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    console.print(f"wrote {target} ({target.stat().st_size:,} bytes)")

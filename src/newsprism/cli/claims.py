"""``newsprism claims``: claims ranked by independent corroboration, contested ones flagged."""

from __future__ import annotations

import json

import typer
from rich.markup import escape
from rich.table import Table

from newsprism.cli.app import app, out
from newsprism.cli.common import analyze_story, exit_code
from newsprism.model import ClaimCluster

PATHS = typer.Argument(..., help="Files, folders (recursive), globs, or - for stdin.")


def _row(k: ClaimCluster) -> list[str]:
    flag = "[red]contested[/]" if k.contested else ""
    against = "; ".join(f"denied by {d}" for d in k.deniers) + "; ".join(f"disputed by {d}" for d in k.disputers)
    return [
        k.id, str(k.reports), str(k.independent_sources), escape(" | ".join(k.chains)),
        f"{flag} {escape(against)}".strip(), escape(k.text[:160]),
    ]


@app.command()
def claims(
    paths: list[str] = PATHS,
    top: int = typer.Option(30, "--top", min=0, help="Show this many claims (0: all)."),
    multi: bool = typer.Option(False, "--multi", help="Only claims made by two or more documents, or contested."),
    as_json: bool = typer.Option(False, "--json", help="Print the claim clusters as JSON lines."),
) -> None:
    """List claims ranked by corroboration: reports, independent sources, chains, who denies them."""
    story = analyze_story(paths)
    ranked = [k for k in story.claims if not multi or k.reports > 1 or k.contested]
    if top:
        ranked = ranked[:top]
    if as_json:
        for k in ranked:
            out.print(json.dumps(k.model_dump(mode="json"), ensure_ascii=False), highlight=False, soft_wrap=True)
        raise typer.Exit(exit_code(story))
    table = Table(title=f"claims ({len(story.claims)} in all)", show_lines=True)
    for col in ("id", "reports", "independent", "chain", "against", "claim"):
        table.add_column(col)
    for k in ranked:
        table.add_row(*_row(k))
    out.print(table)
    raise typer.Exit(exit_code(story))

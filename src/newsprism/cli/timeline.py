"""``newsprism timeline``: the story's dated events, across outlets, in date order."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from newsprism.cli.app import app, console, out
from newsprism.cli.common import analyze_story, exit_code
from newsprism.model import Story

PATHS = typer.Argument(..., help="Files, folders (recursive), globs, or - for stdin.")


def render(story: Story) -> Table:
    table = Table(title="timeline", show_header=True, header_style="bold", show_lines=False)
    table.add_column("date", no_wrap=True)
    table.add_column("event")
    table.add_column("sources")
    for ev in story.timeline:
        when = ev.date + ("" if ev.granularity == "day" else f" [dim]({ev.granularity})[/]")
        if ev.inferred_dates:
            when += " [yellow]*[/]"
        if ev.background:
            when += " [dim]background[/]"
        table.add_row(when, escape(ev.text), escape(", ".join(ev.outlets)))
    return table


def render_dates(story: Story) -> Table:
    table = Table(title="document dates", show_header=True, header_style="bold")
    for col in ("document", "date", "source", "evidence"):
        table.add_column(col)
    for doc in story.docs:
        m = doc.meta
        source: str = m.published_source or ("metadata" if m.published else "")
        if m.published_granularity and m.published_granularity != "day":
            source += f", {m.published_granularity}"
        evidence = "; ".join(s.text for s in m.published_evidence[:4])
        table.add_row(escape(doc.id), m.published or "[dim]unknown[/]", source, escape(evidence))
    return table


@app.command()
def timeline(
    paths: list[str] = PATHS,
    model: str = typer.Option(None, "--model", help="spaCy pipeline (default: an installed en_core_web_*)."),
) -> None:
    """Print the story's timeline: dated events merged across reports, with their sources."""
    story = analyze_story(paths, model=model)
    out.print(render_dates(story))
    out.print(render(story))
    if any(ev.inferred_dates for ev in story.timeline):
        console.print("[yellow]*[/] dated against a document date inferred from the text")
    raise typer.Exit(exit_code(story))

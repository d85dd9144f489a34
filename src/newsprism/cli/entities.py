"""``newsprism entities`` (who is involved) and ``newsprism naming`` (how each outlet names them)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from newsprism.cli.app import app, out
from newsprism.cli.common import analyze_story, exit_code
from newsprism.model import Story

PATHS = typer.Argument(..., help="Files, folders (recursive), globs, or - for stdin.")
MODEL = typer.Option(None, "--model", help="spaCy pipeline (default: an installed en_core_web_*).")


def render_entities(story: Story, limit: int = 0, min_docs: int = 1) -> Table:
    table = Table(title="entities", show_header=True, header_style="bold")
    for col in ("id", "name", "type", "docs", "mentions", "aliases (by outlet)", "roles", "stands for", "first"):
        table.add_column(col, no_wrap=col in {"id", "type"})
    names = {e.id: e.name for e in story.entities}
    # named entities first; participants the reports only describe ("the gunman") after them, marked
    shown = sorted((e for e in story.entities if e.documents >= min_docs), key=lambda e: not e.named)
    for e in shown[: limit or None]:
        aliases = "; ".join(
            f"{a.text} ({', '.join(f'{o}: {n}' for o, n in sorted(a.by_outlet.items()))})" for a in e.aliases[:6]
        )
        roles = "; ".join(r.value for r in e.roles[:3])
        used = ", ".join(names.get(u, u) for u in e.used_for)
        first = f"{e.first.doc_id[:12]}:{e.first.start}" if e.first else ""
        table.add_row(e.id, escape(e.name), e.label if e.named else f"{e.label} (unnamed)", str(e.documents), str(len(e.mentions)), escape(aliases),
                      escape(roles), escape(used), escape(first))
    return table


def render_naming(story: Story) -> Table:
    outlets = sorted({o for c in story.naming for o in c.by_outlet})
    table = Table(title="naming choices by outlet", show_header=True, header_style="bold", show_lines=True)
    table.add_column("what")
    for o in outlets:
        table.add_column(escape(o))
    for choice in story.naming:
        cells = []
        for o in outlets:
            forms = choice.by_outlet.get(o, {})
            ranked = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
            cells.append(escape("\n".join(f"{f} ×{n}" for f, n in ranked)) or "[dim]-[/]")
        table.add_row(escape(choice.concept), *cells)
    return table


@app.command()
def entities(
    paths: list[str] = PATHS,
    model: str = MODEL,
    limit: int = typer.Option(0, "--limit", "-n", help="Show at most N entities (0: all)."),
    min_docs: int = typer.Option(1, "--min-docs", help="Only entities named in at least this many documents."),
) -> None:
    """Print who is involved: one row per entity, with its aliases per outlet, roles and first mention."""
    story = analyze_story(paths, model=model)
    out.print(render_entities(story, limit, min_docs))
    raise typer.Exit(exit_code(story))


@app.command()
def naming(paths: list[str] = PATHS, model: str = MODEL) -> None:
    """Print how each outlet names things where outlets differ (Kiev / Kyiv, war / conflict ...)."""
    story = analyze_story(paths, model=model)
    if story.naming:
        out.print(render_naming(story))
    else:
        out.print("No naming differences found between outlets.")
    raise typer.Exit(exit_code(story))

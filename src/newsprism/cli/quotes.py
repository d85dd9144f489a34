"""``newsprism quotes``: who said what, as a table."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from newsprism.cli.app import app, console, out
from newsprism.cli.common import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, stream
from newsprism.model import Attribution, Document, SkippedInput

SOURCE_TYPES = ("named_person", "named_organization", "anonymous_individual", "anonymous_group", "document", "unknown")


def _short(text: str | None, width: int) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def matches(att: Attribution, speaker: str | None, source_type: str | None) -> bool:
    """Whether an attribution passes the --speaker (substring, any case) and --source-type filters."""
    if source_type and att.source_type != source_type:
        return False
    if speaker:
        names = " ".join(x for x in (att.speaker, att.source.text if att.source else None) if x)
        if speaker.lower() not in names.lower():
            return False
    return True


def quote_rows(docs: list[Document], speaker: str | None = None, source_type: str | None = None) -> list[list[str]]:
    rows = []
    for doc in docs:
        for a in doc.attributions:
            if not matches(a, speaker, source_type):
                continue
            who = a.speaker or (a.source.text if a.source else "")
            if a.source_descriptor and a.source_descriptor != who:
                who = f"{who} ({a.source_descriptor})"
            kind = a.kind + ("" if a.polarity == "positive" else ", negative")
            rows.append(
                [
                    _short(who, 40),
                    a.source_type.replace("_", " "),
                    kind,
                    _short(a.cue.text if a.cue else "", 20),
                    _short(a.channel, 24),
                    _short(" … ".join(p.text for p in a.content_parts) or (a.content.text if a.content else ""), 90),
                    doc.id,
                ]
            )
    return rows


@app.command()
def quotes(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive), globs, or - for stdin."),
    speaker: str = typer.Option(None, "--speaker", help="Only attributions whose speaker or source contains this."),
    source_type: str = typer.Option(None, "--source-type", help="Only this source type: " + ", ".join(SOURCE_TYPES)),
    model: str = typer.Option(None, "--model", help="spaCy pipeline (default: an installed en_core_web_*)."),
) -> None:
    """Who said what: speaker, type, cue, channel, content and document of every attribution."""
    if source_type and source_type not in SOURCE_TYPES:
        console.print(f"[red]error[/] --source-type must be one of: {', '.join(SOURCE_TYPES)}")
        raise typer.Exit(EXIT_USAGE)
    docs: list[Document] = []
    skipped = 0
    for item in stream(paths, model=model):
        if isinstance(item, SkippedInput):
            skipped += 1
        else:
            docs.append(item)
    if not docs:
        console.print("[red]error[/] nothing readable among the inputs (E030)")
        raise typer.Exit(EXIT_USAGE)
    rows = quote_rows(docs, speaker, source_type)
    table = Table(title=f"{len(rows)} attributions", show_header=True, header_style="bold", show_lines=False)
    for col in ("speaker", "source type", "kind", "cue", "channel", "content", "document"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(escape(c) for c in row))
    out.print(table)
    raise typer.Exit(EXIT_SKIPPED if skipped else EXIT_OK)

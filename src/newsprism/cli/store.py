"""``newsprism add`` and ``newsprism remove``: change a story store incrementally."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.app import app, console
from newsprism.cli.common import (
    ATTRIBUTIONS,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    check_output_file,
    print_skipped,
    set_attribution_mode,
)
from newsprism.errors import NewsprismError

DB = typer.Argument(..., help="The story store (SQLite file; created if missing for add).")


@app.command("add")
def add_cmd(
    db: Path = DB,
    paths: list[str] = typer.Argument(None, help="Files, folders (recursive) or globs to add. None: only migrate "
                                               "the store and finish an interrupted resolution."),
    model: str = typer.Option(None, "--model", help="spaCy pipeline (default: an installed en_core_web_*)."),
    attributions: str = ATTRIBUTIONS,
) -> None:
    """Add reports to a story: only new or changed ones are analysed, then the story is re-resolved."""
    from newsprism.store import add

    set_attribution_mode(attributions)
    if not db.exists():
        check_output_file(db)
    try:
        result = add(db, paths or [], model=model)
    except NewsprismError as exc:
        console.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    for item in result.skipped:
        print_skipped(item)
    console.print(
        f"{db}: {len(result.added)} added, {len(result.changed)} changed, {len(result.unchanged)} unchanged"
        + (f", {len(result.skipped)} skipped" if result.skipped else "")
        + ("; story re-resolved" if result.resolved else
           "; not re-resolved: other writers kept changing the store, run `newsprism add` again"
           if result.added or result.changed else "; nothing to do")
    )
    raise typer.Exit(EXIT_SKIPPED if result.skipped else EXIT_OK)


@app.command("remove")
def remove_cmd(
    db: Path = typer.Argument(..., help="The story store."),
    doc_ids: list[str] = typer.Argument(..., help="Document ids to remove (see `newsprism report --format md`)."),
) -> None:
    """Remove documents and everything derived from them, then re-resolve the story."""
    from newsprism.store import remove
    from newsprism.store.ops import connect, is_stale

    if not db.exists():
        console.print(f"[red]error[/] no such story store: {db} (E052)")
        raise typer.Exit(EXIT_USAGE)
    try:
        removed = remove(db, doc_ids)
    except NewsprismError as exc:
        console.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    con = connect(db)
    try:
        stale = is_stale(con)
    finally:
        con.close()
    console.print(f"{db}: removed {', '.join(removed)}; "
                  + ("not re-resolved: other writers kept changing the store, run `newsprism add` again"
                     if stale else "story re-resolved"))

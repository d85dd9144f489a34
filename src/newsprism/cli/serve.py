"""``newsprism serve``: the web view of a story store."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.app import app, console
from newsprism.cli.common import EXIT_USAGE
from newsprism.errors import NewsprismError


def bound_names(host: str) -> list[str]:
    """The name a ``Host`` header gives for the bound address (none for a wildcard such as 0.0.0.0)."""
    if host in ("", "0.0.0.0", "::"):
        return []
    return [f"[{host}]" if ":" in host else host]


@app.command("serve")
def serve_cmd(
    db: Path = typer.Argument(..., help="The story store (SQLite file)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    allow_upload: bool = typer.Option(False, "--allow-upload", help="Let the page add reports to the store."),
    allowed_hosts: list[str] = typer.Option(
        [], "--allowed-host", help="A host name the server answers to, besides the bound address and localhost "
        "(repeatable; other Host headers get 400, against DNS rebinding)."),
) -> None:
    """Serve the story: overview, entities, claims, timeline, outlets, documents, search, JSON API."""
    import uvicorn

    from newsprism.web import create_app

    try:
        web = create_app(db, allow_upload=allow_upload, hosts=[*bound_names(host), *allowed_hosts])
    except NewsprismError as exc:
        console.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    mode = "uploads allowed" if allow_upload else "read-only"
    console.print(f"serving {db} ({mode}) on http://{host}:{port}/ — API schema at /api/openapi.json")
    uvicorn.run(web, host=host, port=port, log_level="warning")

"""The Typer app every command module adds itself to."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="newsprism",
    help="Turn a pile of news reports about one story into a source-attributed, cross-checked picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()

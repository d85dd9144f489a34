"""Command line: ``newsprism COMMAND``. Each module in this package adds its commands."""

from __future__ import annotations

from newsprism.cli.app import app
from newsprism.registry import import_submodules


def _load() -> None:
    import_submodules(__name__, __path__, skip=("app", "common"))


def main() -> None:
    _load()
    app()


__all__ = ["app", "main"]

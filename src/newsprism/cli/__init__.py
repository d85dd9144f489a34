"""Command line: ``newsprism COMMAND``. Each module in this package adds its commands."""

from __future__ import annotations

import importlib
import pkgutil

from newsprism.cli.app import app


def _load() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.name not in ("app", "common"):
            importlib.import_module(f"{__name__}.{info.name}")


def main() -> None:
    _load()
    app()


__all__ = ["app", "main"]

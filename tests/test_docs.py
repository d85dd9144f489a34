"""The README documents every command (as datasette tests that its docs cover every setting)."""

from __future__ import annotations

import typer.main

from .conftest import ROOT


def test_readme_covers_every_command():
    from newsprism.cli import _load, app

    _load()
    readme = (ROOT / "README.md").read_text()
    group = typer.main.get_group(app)
    names = sorted(group.commands)
    assert len(names) >= 10
    missing = [n for n in names if f"newsprism {n} " not in readme]
    assert not missing, f"README lacks: {missing}"


def test_readme_covers_analyze_options():
    from newsprism.cli import _load, app

    _load()
    readme = (ROOT / "README.md").read_text()
    cmd = typer.main.get_group(app).commands["analyze"]
    opts = [o for p in cmd.params for o in p.opts if o.startswith("--")]
    missing = [o for o in opts if o not in readme and o != "--help"]
    assert not missing, f"README lacks analyze options: {missing}"

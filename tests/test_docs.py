"""The README documents every command (as datasette tests that its docs cover every setting)."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize("command", ["analyze", "serve"])
def test_readme_covers_options(command: str) -> None:
    from newsprism.cli import _load, app

    _load()
    readme = (ROOT / "README.md").read_text()
    cmd = typer.main.get_group(app).commands[command]
    opts = [o for p in cmd.params for o in p.opts if o.startswith("--")]
    missing = [o for o in opts if o not in readme and o != "--help"]
    assert not missing, f"README lacks {command} options: {missing}"


def test_bench_results_gather_every_area_file():
    """bench/RESULTS.md is rebuilt from bench/results/*.md (``bench/collect.py``); a stale copy fails."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("collect", ROOT / "bench" / "collect.py")
    assert spec is not None and spec.loader is not None
    collect = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(collect)
    built = collect.build()
    assert collect.MARKER in built
    for area in (ROOT / "bench" / "results").glob("*.md"):
        if area.stem != "README":
            first = area.read_text(encoding="utf-8").strip().splitlines()[0]
            assert "#" + first in built, f"{area.name} is not gathered"
    assert (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8") == built, "run bench/collect.py"

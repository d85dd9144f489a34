"""The flow goes one way: no stage imports a later stage, and ``extract`` and ``resolve``
share knowledge only through ``newsprism.language`` (below both)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "newsprism"


def imports_of(package: str) -> set[tuple[str, str]]:
    """(file, imported module) for every ``newsprism`` import in a package, lazy ones included."""
    out: set[tuple[str, str]] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                out.add((str(path.relative_to(SRC)), node.module))
            elif isinstance(node, ast.Import):
                out.update((str(path.relative_to(SRC)), a.name) for a in node.names)
    return {(f, m) for f, m in out if m.startswith("newsprism")}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("extract", ("newsprism.resolve", "newsprism.store", "newsprism.report", "newsprism.web", "newsprism.scale")),
        ("resolve", ("newsprism.extract", "newsprism.store", "newsprism.report", "newsprism.web", "newsprism.scale")),
        ("language", ("newsprism.extract", "newsprism.resolve", "newsprism.ingest", "newsprism.nlp")),
        ("ingest", ("newsprism.nlp", "newsprism.extract", "newsprism.resolve")),
        # the two views share newsprism.views (below both) and never import each other
        ("web", ("newsprism.report",)),
        ("report", ("newsprism.web",)),
        ("views", ("newsprism.report", "newsprism.web")),
    ],
)
def test_no_import_against_the_flow(package: str, forbidden: tuple[str, ...]) -> None:
    bad = sorted((f, m) for f, m in imports_of(package) if m.startswith(forbidden))
    assert not bad, f"{package} imports against the flow: {bad}"


def test_the_views_share_one_module() -> None:
    for package in ("report", "web"):
        assert any(m.startswith("newsprism.views") for _, m in imports_of(package)), package


def test_the_checker_sees_lazy_imports() -> None:
    # resolve/claims.py imports source labels inside a function: the walk must see such imports
    assert any(m == "newsprism.language.sources" for f, m in imports_of("resolve") if f.endswith("claims.py"))

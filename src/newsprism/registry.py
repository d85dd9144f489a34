"""Small registries, as spaCy's factories: a new extractor or resolver is one file.

An extractor is ``fn(parsed: Parsed) -> None`` that fills fields of
``parsed.record``. A resolver is ``fn(story: Story, docs: list[Document]) -> None``
that fills cross-document fields of ``story``. Both run in ascending ``order``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Entry(Generic[F]):
    name: str
    order: int
    func: F


class Registry(Generic[F]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Entry[F]] = {}

    def register(self, name: str, order: int = 50) -> Callable[[F], F]:
        def deco(func: F) -> F:
            self._entries[name] = Entry(name, order, func)
            return func

        return deco

    def get(self, name: str) -> F:
        from newsprism.errors import NewsprismError

        if name not in self._entries:
            raise NewsprismError("E010", kind=self.kind, name=name, known=", ".join(self.names()))
        return self._entries[name].func

    def names(self) -> list[str]:
        return [e.name for e in sorted(self._entries.values(), key=lambda e: (e.order, e.name))]

    def ordered(self, only: list[str] | None = None) -> list[Entry[F]]:
        entries = sorted(self._entries.values(), key=lambda e: (e.order, e.name))
        return [e for e in entries if only is None or e.name in only]


extractors: Registry[Callable[..., None]] = Registry("extractor")
resolvers: Registry[Callable[..., None]] = Registry("resolver")


def import_submodules(package: str, path: Iterable[str], skip: tuple[str, ...] = ()) -> None:
    """Import every module of ``package`` (each registers itself when imported)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(list(path)):
        if info.name not in skip:
            importlib.import_module(f"{package}.{info.name}")

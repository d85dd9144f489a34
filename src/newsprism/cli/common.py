"""Shared pieces of the commands: reading inputs with progress, exit codes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsprism.cli.app import console
from newsprism.model import Document, SkippedInput, Story

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


class LazyProgress:
    """A progress bar that appears only once work has taken longer than a second."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: Any = None
        self.done = 0

    def advance(self) -> None:
        self.done += 1
        if self.progress is None and time.monotonic() - self.started > 1.0 and console.is_terminal:
            self.progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=None, completed=self.done)
        elif self.progress is not None:
            self.progress.update(self.task, completed=self.done)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def stream(inputs: list[str], **options: Any) -> Iterator[Document | SkippedInput]:
    """Per-document records with a progress bar and one line per skipped input."""
    from newsprism.pipeline import extract_documents

    bar = LazyProgress("Analysing")
    try:
        for item in extract_documents(inputs, **options):
            if isinstance(item, SkippedInput):
                console.print(f"[yellow]skipped[/] {item.path}: {item.reason} [dim]({item.code})[/]", highlight=False)
            bar.advance()
            yield item
    finally:
        bar.close()


def analyze_story(inputs: list[str], **options: Any) -> Story:
    """Read, extract and resolve, with progress; exits 2 when nothing was readable."""
    import typer

    from newsprism.pipeline import resolve

    docs: list[Document] = []
    skipped: list[SkippedInput] = []
    for item in stream(inputs, **options):
        (skipped if isinstance(item, SkippedInput) else docs).append(item)  # type: ignore[arg-type]
    if not docs:
        console.print("[red]error[/] nothing readable among the inputs (E030)")
        raise typer.Exit(EXIT_USAGE)
    return resolve(docs, skipped)


def exit_code(story: Story) -> int:
    return EXIT_SKIPPED if story.skipped else EXIT_OK

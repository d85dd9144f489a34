"""Shared pieces of the commands: reading inputs with progress, exit codes."""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsprism.cli.app import console
from newsprism.model import Document, SkippedInput, Story

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def one_line(text: str) -> str:
    """``text`` safe for a one-line report: control and separator characters (a newline in a
    file name, say) escaped, rich markup shown as typed."""
    out = "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
    )
    return escape(out)


def print_skipped(item: SkippedInput) -> None:
    """One line per skipped input, whatever its name holds."""
    console.print(f"[yellow]skipped[/] {one_line(item.path)}: {one_line(item.reason)} [dim]({item.code})[/]",
                  highlight=False, soft_wrap=True)


def usage_error(message: str) -> NoReturn:
    console.print(f"[red]error[/] {one_line(message)}", highlight=False)
    raise typer.Exit(EXIT_USAGE)


def check_output_file(path: Path) -> None:
    """Exit 2 before any work unless ``path`` can be written: not a folder, in a writable folder."""
    if path.is_dir():
        usage_error(f"output {path} is a folder, not a file")
    if not path.parent.is_dir():
        usage_error(f"output {path}: no such folder {path.parent}")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        usage_error(f"output {path} is not writable")


def check_output_folder(path: Path) -> None:
    """Exit 2 before any work unless ``path`` is, or can be made, a writable folder."""
    if path.exists() and not path.is_dir():
        usage_error(f"output folder {path} exists and is not a folder")
    existing = next((p for p in (path, *path.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        usage_error(f"output folder {path}: {existing} is not a folder")
    if not os.access(existing, os.W_OK):
        usage_error(f"output folder {path}: {existing} is not writable")


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


ATTRIBUTIONS = typer.Option(
    None, "--attributions",
    help="Attribution mode: default (learned cue boundaries), fast (the rules' cue spans), or tagger "
         "(also re-draws contents and sources with a MiniLM span tagger: more exact, ~2.5x the parse).",
)


def set_attribution_mode(mode: str | None) -> None:
    """``--attributions``: the run's attribution mode, as ``NEWSPRISM_ATTRIBUTIONS`` sets it (worker
    processes inherit it). None leaves the environment's setting; "default" clears it."""
    if mode is None:
        return
    from newsprism.extract.attribution.learned import MODE_ENV, MODES

    known = ("default", *MODES)
    if mode not in known:
        from newsprism.errors import NewsprismError

        usage_error(str(NewsprismError("E010", kind="attribution mode", name=mode, known=", ".join(known))))

    if mode == "default":
        os.environ.pop(MODE_ENV, None)
    else:
        os.environ[MODE_ENV] = mode


def stream(inputs: list[str], **options: Any) -> Iterator[Document | SkippedInput]:
    """Per-document records with a progress bar and one line per skipped input."""
    from newsprism.pipeline import extract_documents

    bar = LazyProgress("Analysing")
    try:
        for item in extract_documents(inputs, **options):
            if isinstance(item, SkippedInput):
                print_skipped(item)
            bar.advance()
            yield item
    finally:
        bar.close()


def analyze_story(inputs: list[str], **options: Any) -> Story:
    """Read, extract and resolve, with progress; exits 2 when nothing was readable."""
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

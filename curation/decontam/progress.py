"""Progress bars for long decontamination runs (rich, on stderr; nothing when disabled)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any


@contextlib.contextmanager
def progress_bars(enabled: bool) -> Iterator[Callable[[str, int | None], Callable[[int], None]]]:
    """Yield `start(label, total) -> advance(n)`; draws rich bars on stderr when enabled."""
    if not enabled:
        yield lambda label, total: lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        state: dict[str, Any] = {"task": None}

        def start(label: str, total: int | None) -> Callable[[int], None]:
            if state["task"] is not None:
                bar.update(state["task"], completed=bar.tasks[-1].total or bar.tasks[-1].completed)
            task = bar.add_task(label, total=total)
            state["task"] = task
            return lambda n: bar.advance(task, n)

        yield start

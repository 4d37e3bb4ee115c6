"""Progress for long work: a rich bar on a terminal, nothing in logs, pipes or with --quiet.

Library functions take a `progress` argument (a `Progress` from `progress_bar`, or None) and
call `step(label, total)` once per phase, then the returned `advance(n)` as items finish. The
CLI decides whether anything is drawn: only when stderr is a terminal, unless `--quiet` or
`RECON_DATA_QUIET=1`. Library callers who pass nothing get no output at all.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, Protocol

Advance = Callable[[int], None]


class Progress(Protocol):
    """Start a phase of `total` items (None when unknown); returns the phase's `advance(n)`."""

    def __call__(self, label: str, total: int | None) -> Advance: ...


def silent(label: str, total: int | None) -> Advance:
    """A `Progress` that shows nothing (the default for library calls)."""
    return _nothing


def _nothing(n: int) -> None:
    return None


def wanted(quiet: bool = False) -> bool:
    """True when a bar should be drawn: stderr is a terminal, no --quiet, no RECON_DATA_QUIET."""
    if quiet or os.environ.get("RECON_DATA_QUIET", "").strip().lower() in {"1", "true", "yes", "on"}:
        return False
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress]:
    """Yield a `Progress` drawing one bar per phase on stderr (items, rate, time left)."""
    if not enabled:
        yield silent
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bars

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Bars(*columns, console=console, transient=True) as bars:
        current: dict[str, Any] = {}

        def step(label: str, total: int | None) -> Advance:
            if "task" in current:  # the previous phase is done: show it full, then move on
                done = bars.tasks[-1]
                bars.update(current["task"], completed=done.total or done.completed)
            task = bars.add_task(label, total=total, rate="")
            current["task"] = task

            def advance(n: int) -> None:
                bars.advance(task, n)
                speed = bars.tasks[-1].speed
                if speed:
                    bars.update(task, rate=f"{speed:,.1f}/s")

            return advance

        yield step

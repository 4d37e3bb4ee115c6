"""Options several commands share, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No progress bar (none is drawn in logs and pipes anyway; RECON_DATA_QUIET=1 too).",
    ),
]


def quiet_library_bars(quiet: bool) -> bool:
    """Turn off the ML libraries' own (tqdm) progress bars unless ours are wanted; return that.

    datasets and transformers draw tqdm bars on stderr even into logs and pipes; they read
    these variables when they load, so this runs before any of them is imported.
    """
    import os

    from recon_data.progress import wanted

    shown = wanted(quiet)
    if not shown:
        os.environ["TQDM_DISABLE"] = "1"
        os.environ["HF_DATASETS_DISABLE_PROGRESS_BARS"] = "1"
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    return shown

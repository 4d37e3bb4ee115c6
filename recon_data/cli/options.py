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

"""`recon-data report`: one self-contained HTML page of charts for a corpus and its results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from recon_data.cli.options import QuietOpt


def register(app: typer.Typer) -> None:
    """Add the `report` command to the main app."""
    app.command("report")(report)


def report(
    corpus: Annotated[
        str,
        typer.Argument(
            help="A corpus folder, an exported folder, a release folder, or a Hub dataset id."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The HTML file to write (one file, opens offline).")
    ],
    results: Annotated[
        list[Path] | None,
        typer.Option(
            "--results",
            metavar="FILE",
            help="A results file of `eval --out`, `eval --json`, `score --json` or `games eval"
            " --json`, told apart by its content (repeatable: models side by side).",
        ),
    ] = None,
    clean: Annotated[
        Path | None,
        typer.Option(
            "--clean",
            metavar="DIR",
            help="The cleaned corpus (`recon-data clean --out DIR`): audited and charted beside"
            " CORPUS.",
        ),
    ] = None,
    decontam_report: Annotated[
        Path | None,
        typer.Option(
            "--decontam-report",
            metavar="FILE",
            help="JSON report of `recon-data decontaminate --json --out FILE` (default: scan"
            " CORPUS against itself).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Draw the corpus, its audit and decontamination, and results files as one HTML page."""
    from recon_data.curation.report import write_report
    from recon_data.progress import progress_bar, wanted

    with progress_bar(wanted(quiet)) as progress:
        path = write_report(
            corpus,
            out,
            results=results or [],
            clean=clean,
            decontam_report=decontam_report,
            force=force,
            progress=progress,
        )
    typer.echo(str(path))

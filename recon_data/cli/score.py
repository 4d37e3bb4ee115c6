"""The `recon-data score` command: grade a file of model outputs, accuracy by category."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.table import Table

    from recon_data.verifiers.score import ScoreReport, Tally


_SHORT = {"format_error": "fmt err"}


def register(app: typer.Typer) -> None:
    """Add the `score` command to the main app."""
    app.command("score")(score)


def score(
    completions: Annotated[
        Path,
        typer.Argument(
            metavar="COMPLETIONS.jsonl",
            help='One JSON object a line: {"id": PROBLEM_ID, "completion": TEXT or chat messages}'
            ' ("response" also read, as `eval --out` writes),'
            ' or with an inline "answer" (and optional "answer_kind", "options", "category").',
        ),
    ],
    corpus: Annotated[
        str | None,
        typer.Option(
            metavar="CORPUS",
            help="Where to look problem ids up: a corpus folder, an export folder or Hub id,"
            " or a release folder or Hub id (built once and cached)."
            " Default: the cached default build.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False,
    skip_unknown: Annotated[
        bool,
        typer.Option(
            "--skip-unknown",
            help="Leave lines whose id the corpus does not hold ungraded and count them,"
            " instead of stopping at the first.",
        ),
    ] = False,
) -> None:
    """Grade model outputs with the normalising verifiers and print accuracy by category."""
    from recon_data.curation.resolve import resolve_corpus
    from recon_data.errors import ReconDataError
    from recon_data.manifest import verify_files
    from recon_data.verifiers.score import score_file

    def checked_corpus() -> Path:
        # Grading against records edited after the manifest was written would be silent drift.
        root = resolve_corpus(corpus)
        verify_files(root)
        return root

    report = score_file(completions, checked_corpus, skip_unknown=skip_unknown)
    if report.total == 0 and report.unknown_ids:
        raise ReconDataError(
            f"none of the {len(report.unknown_ids)} ids is in the corpus (wrong --corpus?)",
            file=str(completions),
        )
    if report.total == 0:
        raise ReconDataError(
            "no completions to grade: the file holds no records", file=str(completions)
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    from recon_data.cli.render import console
    from recon_data.cli.variants import consistency_table

    console().print(score_table(report))
    variants = consistency_table(report.to_dict())
    if variants is not None:
        console().print(variants)
    if report.unknown_ids:
        console().print(
            f"skipped {len(report.unknown_ids)} line(s) whose id is not in the corpus, "
            f"first {report.unknown_ids[0]!r}"
        )


def score_table(report: ScoreReport) -> Table:
    """Return the rich table `recon-data score` prints: one row per category, then overall."""
    from rich import box
    from rich.table import Table

    from recon_data.verifiers.grade import VERDICT_STATUSES

    table = Table(
        title=f"Scores for {report.source}",
        caption="paper: correct by the paper's Table 3 rule (equal, or the gold's option number)",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
        show_edge=False,
    )
    # Short headers, and the box's one-space dividers instead of padding, keep all nine
    # columns inside an 80-character terminal.
    table.add_column("category", no_wrap=True)
    for name in ("correct", "total", "accuracy", "paper"):
        table.add_column(name, justify="right", no_wrap=True)
    for status in VERDICT_STATUSES[1:]:
        table.add_column(_SHORT.get(status, status), justify="right", no_wrap=True)

    def row(name: str, tally: Tally, style: str | None = None) -> None:
        table.add_row(
            name,
            str(tally.correct),
            str(tally.total),
            f"{tally.accuracy:.1%}",
            f"{tally.paper_accuracy:.1%}",
            *(str(tally.by_status[s]) for s in VERDICT_STATUSES[1:]),
            style=style,
        )

    for category in report.categories():
        row(category, report.by_category[category])
    table.add_section()
    row("overall", report.overall, style="bold")
    return table

"""`recon-data audit` and `recon-data clean`: the gold-label audit and the cleaned corpus."""

from __future__ import annotations

import json
from pathlib import Path

import click

_CORPUS_HELP = "A corpus folder (built with `recon-data build`)."


def register(group: click.Group) -> None:
    """Add the audit and clean commands to the main group."""
    for command in (audit, clean):
        group.add_command(command)


@click.command("audit")
@click.argument("corpus", type=click.Path(path_type=Path), help=_CORPUS_HELP)
@click.option("--category", multiple=True, help="Audit only this category (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--out", type=click.Path(path_type=Path), help="Also write the JSON report to this file."
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.option(
    "--leaks/--no-leaks",
    show_default=True,
    default=True,
    help="Report train/eval leaks (decontamination).",
)
def audit(
    corpus: Path,
    category: tuple[str, ...],
    as_json: bool,
    out: Path | None,
    force: bool,
    leaks: bool,
) -> None:
    """Re-solve every computable item exactly and judge its gold (agree, disagree, ...)."""
    from recon_data.curation.audit import audit_corpus
    from recon_data.errors import ReconDataError
    from recon_data.storage import atomic_write_text, check_output_file

    if out is not None:
        check_output_file(out)
        if out.exists() and not force:
            raise ReconDataError("output exists; pass --force to replace it", file=str(out))
    report = audit_corpus(corpus, list(category) or None, leaks=leaks)
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=False)
    if out is not None:
        atomic_write_text(out, text + "\n")
    if as_json:
        click.echo(text)
        return
    from rich.console import Console

    from recon_data.curation.audit.report import render

    render(report, Console())


@click.command("clean")
@click.argument("corpus", type=click.Path(path_type=Path), help=_CORPUS_HELP)
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="The new corpus folder to write."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
def clean(corpus: Path, out: Path, as_json: bool, force: bool) -> None:
    """Write a cleaned corpus: permuted options, corrected or dropped golds, no dups or leaks."""
    from recon_data.curation.clean import clean_corpus

    result = clean_corpus(corpus, out, force=force)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"cleaned corpus written to {result.out}")
    actions = Table(title="Changes (changes.jsonl)")
    actions.add_column("action")
    actions.add_column("records", justify="right")
    for action, n in result.actions.items():
        actions.add_row(action, str(n))
    console.print(actions)
    side = Table(title="Release vs cleaned (per category: count, always-Option-1, uniform guess)")
    for col in ("category", "split", "release n", "clean n", "release opt1", "clean opt1",
                "release random", "clean random"):  # fmt: skip
        side.add_column(col, justify="left" if col in ("category", "split") else "right")
    for row in result.comparison:
        side.add_row(
            row["category"],
            row["split"],
            str(row["release"]["count"]),
            str(row["clean"]["count"]),
            _pct(row["release"]["always_option_1"]),
            _pct(row["clean"]["always_option_1"]),
            _pct(row["release"]["uniform_random"]),
            _pct(row["clean"]["uniform_random"]),
        )
    console.print(side)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"

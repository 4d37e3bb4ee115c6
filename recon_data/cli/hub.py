"""CLI commands that publish the corpus: export (a Hub-ready folder) and push (one commit to the Hub)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.table import Table

    from recon_data.curation.publish.export import ExportedFile

_CORPUS_HELP = "A corpus folder, an exported folder, a release folder, or a Hub dataset id."
_DECONTAM_HELP = (
    "JSON report from `recon-data decontaminate --json --out FILE`, summarised in the card."
)


def register(group: click.Group) -> None:
    """Add the publishing commands to the main group."""
    for command in (export, push):
        group.add_command(command)


@click.command("export")
@click.argument("corpus", help=_CORPUS_HELP)
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the Hub-ready dataset into.",
)
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--decontam-report", type=click.Path(path_type=Path), help=_DECONTAM_HELP)
@click.option("--repo-id", help="Hub id to show in the card's loading snippet.")
@click.option(
    "--license", show_default=True, default="other", help="Licence id for the card metadata."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option(
    "--trl",
    is_flag=True,
    help="Also write `sft` and `grpo` configs that `trl sft` / `trl grpo` train on as"
    " they are (see docs/integrations.md).",
)
def export(
    corpus: str,
    out: Path,
    force: bool,
    decontam_report: Path | None,
    repo_id: str | None,
    license: str,
    as_json: bool,
    trl: bool,
) -> None:
    """Write Parquet files per config and split, a dataset card and the corpus manifest."""
    from recon_data.cli.render import spinner
    from recon_data.curation.publish.export import describe, export_corpus

    with spinner("Exporting", enabled=not as_json):
        report = export_corpus(
            corpus,
            out,
            force=force,
            repo_id=repo_id,
            decontam_report=decontam_report,
            license=license,
            trl_configs=trl,
        )
    if as_json:
        click.echo(json.dumps(describe(report), indent=2))
        return
    from recon_data.cli.render import console

    console().print(_file_table(f"Exported to {report.out}", report.files))
    rows = ", ".join(f"{c}/{s} {n:,}" for c, per in report.rows.items() for s, n in per.items())
    click.echo(f"rows: {rows}")


@click.command("push")
@click.argument("corpus", help=_CORPUS_HELP)
@click.option("--repo-id", required=True, help="Target dataset repo, ORG/NAME.")
@click.option("--private", is_flag=True, help="Create the repo private (if it is new).")
@click.option("--revision", help="Branch to commit to (created if missing). Default: main.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="List what would be uploaded and preview the card; no network.",
)
@click.option("--decontam-report", type=click.Path(path_type=Path), help=_DECONTAM_HELP)
@click.option("--message", "-m", help="Commit message.")
@click.option(
    "--license", show_default=True, default="other", help="Licence id for the card metadata."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def push(
    corpus: str,
    repo_id: str,
    private: bool,
    revision: str | None,
    dry_run: bool,
    decontam_report: Path | None,
    message: str | None,
    license: str,
    as_json: bool,
) -> None:
    """Export the corpus and upload it to a Hub dataset repo in one commit (token: HF_TOKEN or login)."""
    from recon_data.cli.render import spinner
    from recon_data.curation.publish.push import push_corpus

    label = "Preparing upload" if dry_run else f"Pushing to {repo_id}"
    with spinner(label, enabled=not as_json):
        report = push_corpus(
            corpus,
            repo_id,
            private=private,
            revision=revision,
            dry_run=dry_run,
            decontam_report=decontam_report,
            commit_message=message,
            license=license,
        )
    if as_json:
        summary = report.to_dict()
        if dry_run:
            summary["card_preview"] = report.card_preview
        click.echo(json.dumps(summary, indent=2))
        return
    from recon_data.cli.render import console

    target = f"{repo_id}@{report.revision}"
    if dry_run:
        console().print(
            _file_table(f"Dry run: would upload to {target} in one commit", report.files)
        )
        click.echo("--- card preview ---")
        click.echo(report.card_preview)
        click.echo("--- end of preview (nothing was uploaded) ---")
        return
    console().print(_file_table(f"Uploaded to {target}", report.files))
    if report.created_repo:
        click.echo(f"created dataset repo {repo_id}")
    for note in report.notes:
        click.echo(note)
    click.echo(f"commit: {report.commit_url or report.commit_oid}")


def _file_table(title: str, files: tuple[ExportedFile, ...]) -> Table:
    from rich.table import Table

    table = Table(title=title)
    table.add_column("file")
    table.add_column("bytes", justify="right")
    table.add_column("sha256")
    for f in files:
        table.add_row(f.path, f"{f.bytes:,}", f.sha256[:12])
    table.add_section()
    table.add_row("total", f"{sum(f.bytes for f in files):,}", "", style="bold")
    return table

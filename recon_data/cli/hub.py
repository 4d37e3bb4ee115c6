"""CLI commands that publish the corpus: export (a Hub-ready folder) and push (one commit to the Hub)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.table import Table

    from recon_data.curation.publish.export import ExportedFile

_CORPUS_HELP = "A corpus folder, an exported folder, a release folder, or a Hub dataset id."
_DECONTAM_HELP = (
    "JSON report from `recon-data decontaminate --json --out FILE`, summarised in the card."
)


CorpusArg = Annotated[str, typer.Argument(help=_CORPUS_HELP)]
DecontamOpt = Annotated[Path | None, typer.Option(help=_DECONTAM_HELP)]
LicenseOpt = Annotated[str, typer.Option(help="Licence id for the card metadata.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a JSON summary.")]


def register(app: typer.Typer) -> None:
    """Add the publishing commands to the main app."""
    app.command("export")(export)
    app.command("push")(push)


def export(
    corpus: CorpusArg,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the Hub-ready dataset into.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    decontam_report: DecontamOpt = None,
    repo_id: Annotated[
        str | None, typer.Option(help="Hub id to show in the card's loading snippet.")
    ] = None,
    license: LicenseOpt = "other",
    as_json: JsonOpt = False,
    trl: Annotated[
        bool,
        typer.Option(
            "--trl",
            help="Also write `sft` and `grpo` configs that `trl sft` / `trl grpo` train on as"
            " they are (see docs/integrations.md).",
        ),
    ] = False,
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
        typer.echo(json.dumps(describe(report), indent=2))
        return
    from recon_data.cli.render import console

    console().print(_file_table(f"Exported to {report.out}", report.files))
    rows = ", ".join(f"{c}/{s} {n:,}" for c, per in report.rows.items() for s, n in per.items())
    typer.echo(f"rows: {rows}")


def push(
    corpus: CorpusArg,
    repo_id: Annotated[str, typer.Option(help="Target dataset repo, ORG/NAME.")],
    private: Annotated[
        bool, typer.Option("--private", help="Create the repo private (if it is new).")
    ] = False,
    revision: Annotated[
        str | None,
        typer.Option(help="Branch to commit to (created if missing). Default: main."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="List what would be uploaded and preview the card; no network."
        ),
    ] = False,
    decontam_report: DecontamOpt = None,
    message: Annotated[str | None, typer.Option("--message", "-m", help="Commit message.")] = None,
    license: LicenseOpt = "other",
    as_json: JsonOpt = False,
    trl: Annotated[
        bool,
        typer.Option(
            "--trl/--no-trl",
            help="Upload the `sft` and `grpo` configs that `trl sft` / `trl grpo` train on"
            " (see docs/integrations.md).",
        ),
    ] = True,
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
            trl_configs=trl,
        )
    if as_json:
        summary = report.to_dict()
        if dry_run:
            summary["card_preview"] = report.card_preview
        typer.echo(json.dumps(summary, indent=2))
        return
    from recon_data.cli.render import console

    target = f"{repo_id}@{report.revision}"
    if dry_run:
        console().print(
            _file_table(f"Dry run: would upload to {target} in one commit", report.files)
        )
        typer.echo("--- card preview ---")
        typer.echo(report.card_preview)
        typer.echo("--- end of preview (nothing was uploaded) ---")
        return
    console().print(_file_table(f"Uploaded to {target}", report.files))
    if report.created_repo:
        typer.echo(f"created dataset repo {repo_id}")
    for note in report.notes:
        typer.echo(note)
    typer.echo(f"commit: {report.commit_url or report.commit_oid}")


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

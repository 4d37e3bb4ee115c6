"""CLI commands over the corpus: build, validate, stats, schema."""

from __future__ import annotations

import json
from pathlib import Path

import click

# Record types whose JSON Schema ships with the package.
SCHEMA_NAMES = ("problem", "trace")


def register(group: click.Group) -> None:
    """Add the corpus commands to the main group."""
    for command in (build, validate, stats, schema):
        group.add_command(command)


@click.command("build")
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the corpus into.",
)
@click.option(
    "--source",
    help="Release folder (the three CSVs) or Hub dataset id. Default: MasterZhou/Recon.",
)
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def build(out: Path, source: str | None, force: bool, as_json: bool) -> None:
    """Build the typed corpus (problems, traces, manifest) from the raw release."""
    from recon_data.cache import default_source
    from recon_data.cli.render import console, spinner
    from recon_data.curation.build import build_corpus

    with spinner("Building corpus", enabled=not as_json):
        report = build_corpus(out, source or default_source(), force=force)
    summary = {
        "out": str(report.out),
        "counts": report.counts,
        "defects": {
            "duplicate_prompts": report.duplicate_prompts,
            "train_eval_shared_prompts": [list(p) for p in report.cross_split_prompts],
            "conflicting_golds": report.conflicting_golds,
            "cot_prompts_in_eval": [list(p) for p in report.cot_in_eval],
            "cot_unmatched": report.cot_unmatched,
            "cot_loose_matches": report.cot_loose_matches,
            "cot_format_defects": report.cot_format_defects,
            "counts_off_table6": report.off_table6,
            "changed_golds": report.changed_golds,
        },
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    from recon_data.cli.render import build_summary

    console().print(build_summary(summary))


@click.command("validate")
@click.argument(
    "path",
    type=click.Path(path_type=Path),
    help="A corpus folder, or a .jsonl file of problems or traces.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
def validate(path: Path, as_json: bool) -> None:
    """Check JSON, schema, cross-field rules, unique ids and (for a corpus) the manifest."""
    from recon_data.validate import validate_path

    report = validate_path(path)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for issue in report.issues:
            click.echo(issue.format(), err=True)
        total = sum(report.records.values())
        verdict = "ok" if report.ok else f"{len(report.issues)} issue(s)"
        click.echo(f"{path}: {report.kind}, {total} records: {verdict}")
    if not report.ok:
        raise click.exceptions.Exit(1)


@click.command("stats")
@click.argument("path", type=click.Path(path_type=Path), help="A corpus folder.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(path: Path, as_json: bool) -> None:
    """Show counts by split x category, answer kinds and duplicates."""
    from recon_data.stats import corpus_stats

    data = corpus_stats(path)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    from recon_data.cli.render import console, stats_tables

    for table in stats_tables(data):
        console().print(table)


@click.command("schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES), help="problem or trace")
def schema(name: str) -> None:
    """Print the JSON Schema of a record type (as shipped in the package)."""
    from importlib.resources import files

    text = files("recon_data").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    click.echo(text.rstrip("\n"))

"""CLI commands over the corpus: build, validate, stats, schema."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class SchemaName(str, Enum):
    """Record types whose JSON Schema ships with the package."""

    problem = "problem"
    trace = "trace"


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the main app."""
    for command in (build, validate, stats, schema):
        app.command(command.__name__)(command)


def build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the corpus into.")],
    source: Annotated[
        str | None,
        typer.Option(
            help="Release folder (the three CSVs) or Hub dataset id. Default: MasterZhou/Recon."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
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
        typer.echo(json.dumps(summary, indent=2))
        return
    from recon_data.cli.render import build_summary

    console().print(build_summary(summary))


def validate(
    path: Annotated[
        Path, typer.Argument(help="A corpus folder, or a .jsonl file of problems or traces.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False,
) -> None:
    """Check JSON, schema, cross-field rules, unique ids and (for a corpus) the manifest."""
    from recon_data.validate import validate_path

    report = validate_path(path)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for issue in report.issues:
            typer.echo(issue.format(), err=True)
        total = sum(report.records.values())
        verdict = "ok" if report.ok else f"{len(report.issues)} issue(s)"
        typer.echo(f"{path}: {report.kind}, {total} records: {verdict}")
    if not report.ok:
        raise typer.Exit(1)


def stats(
    path: Annotated[Path, typer.Argument(help="A corpus folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show counts by split x category, answer kinds and duplicates."""
    from recon_data.stats import corpus_stats

    data = corpus_stats(path)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    from recon_data.cli.render import console, stats_tables

    for table in stats_tables(data):
        console().print(table)


def schema(name: Annotated[SchemaName, typer.Argument(help="problem or trace")]) -> None:
    """Print the JSON Schema of a record type (as shipped in the package)."""
    from importlib.resources import files

    text = files("recon_data").joinpath("schemas", f"{name.value}.schema.json").read_text("utf-8")
    typer.echo(text.rstrip("\n"))

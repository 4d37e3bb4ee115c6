"""`recon-data audit` and `recon-data clean`: the gold-label audit and the cleaned corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from recon_data.cli.options import QuietOpt

CorpusArg = Annotated[Path, typer.Argument(help="A corpus folder (built with `recon-data build`).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")]


def register(app: typer.Typer) -> None:
    """Add the audit and clean commands to the main app."""
    app.command("audit")(audit)
    app.command("clean")(clean)


def audit(
    corpus: CorpusArg,
    category: Annotated[
        list[str] | None,
        typer.Option(metavar="CATEGORY", help="Audit only this category (repeatable)."),
    ] = None,
    as_json: JsonOpt = False,
    out: Annotated[
        Path | None, typer.Option(help="Also write the JSON report to this file.")
    ] = None,
    force: ForceOpt = False,
    leaks: Annotated[
        bool, typer.Option("--leaks/--no-leaks", help="Report train/eval leaks (decontamination).")
    ] = True,
    quiet: QuietOpt = False,
) -> None:
    """Re-solve every computable item exactly and judge its gold (agree, disagree, ...)."""
    from recon_data.curation.audit import audit_corpus
    from recon_data.progress import progress_bar, wanted
    from recon_data.storage import atomic_write_text, check_output_file

    if out is not None:
        check_output_file(out, force=force)
    with progress_bar(wanted(quiet or as_json)) as progress:
        report = audit_corpus(corpus, category or None, leaks=leaks, progress=progress)
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=False)
    if out is not None:
        atomic_write_text(out, text + "\n")
    if as_json:
        # With --out the whole report is in the file: print what it holds, not all of it.
        summary = {"out": str(out), "summary": report.summary()} if out is not None else None
        typer.echo(text if summary is None else json.dumps(summary, indent=2))
        return
    from rich.console import Console

    from recon_data.curation.audit.report import render

    console = Console()
    render(report, console, list_items=out is None)
    if out is not None:
        console.print(f"full report (every item, reason and certificate): {out}", highlight=False)


def clean(
    corpus: CorpusArg,
    out: Annotated[Path, typer.Option(help="The new corpus folder to write.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    force: ForceOpt = False,
    balance: Annotated[
        bool,
        typer.Option(
            "--balance",
            help="Add generated items so no gold content exceeds 60% of a category in a split"
            " (logged as `added`).",
        ),
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed of the generated items --balance adds.")] = 0,
    quiet: QuietOpt = False,
) -> None:
    """Write a cleaned corpus: permuted options, corrected or dropped golds, no dups or leaks."""
    from recon_data.curation.clean import clean_corpus
    from recon_data.progress import progress_bar, wanted

    with progress_bar(wanted(quiet or as_json)) as progress:
        result = clean_corpus(
            corpus, out, force=force, balance=balance, seed=seed, progress=progress
        )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
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
    console.print(_content_table(result.bias))
    if result.balance:
        added = ", ".join(f"{k} {v}" for k, v in result.balance.get("added", {}).items()) or "none"
        console.print(f"--balance added: {added}", highlight=False)
        for key, why in result.balance.get("unbalanced", {}).items():
            console.print(
                f"still unbalanced: {key} ({why['content']} {100 * why['share']:.0f}%: {why['why']})",
                highlight=False,
            )


def _content_table(bias: dict) -> Any:
    """The most common gold content per category and split, before and after cleaning."""
    from rich.table import Table

    table = Table(title="Most common gold content (share of the category), before -> after")
    for col in ("category", "split", "before", "after"):
        table.add_column(col)
    before, after = bias.get("before", {}), bias.get("after", {})
    for split in before:
        cats = sorted(
            set(before[split].get("content_bias", {}))
            | set(after.get(split, {}).get("content_bias", {}))
        )
        for cat in cats:
            cells = []
            for side in (before, after):
                top = side.get(split, {}).get("content_bias", {}).get(cat)
                cells.append(
                    "-" if top is None else f"{top['content'][:40]} {100 * top['share']:.0f}%"
                )
            table.add_row(cat, split, *cells)
    return table


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"

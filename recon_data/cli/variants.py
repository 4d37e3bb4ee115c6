"""`recon-data variants`: the same problems, proven equivalent, told differently.

Also the consistency table `score` and `eval` print for a variant corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recon_data.cli.options import QuietOpt

if TYPE_CHECKING:
    from rich.table import Table

    from recon_data.curation.variants.driver import VariantReport


def _compact() -> dict[str, Any]:
    from rich import box

    # The box's one-space dividers instead of padding keep the tables in 80 columns.
    return {"box": box.SIMPLE_HEAD, "padding": (0, 0), "show_edge": False}


def register(app: typer.Typer) -> None:
    """Add the variants command to the main app."""
    app.command("variants")(variants)


def variants(
    corpus: Annotated[
        str | None,
        typer.Argument(
            metavar="CORPUS",
            help="A corpus folder, an export, or a release folder or Hub id (built once and"
            " cached). Default: the cached default build.",
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="The new corpus folder to write.")] = None,
    transform: Annotated[
        list[str] | None,
        typer.Option(
            "--transform",
            "-t",
            metavar="T",
            help="relabel, permute, rescale, restory or anonymize (repeatable; default: all).",
        ),
    ] = None,
    k: Annotated[int, typer.Option("-k", help="Variants per transform of each item.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of the transforms' draws.")] = 0,
    category: Annotated[
        list[str] | None,
        typer.Option(metavar="C", help="Only this category (repeatable; default: all covered)."),
    ] = None,
    suite: Annotated[
        bool,
        typer.Option(
            "--suite", help="Write the fixed held-out invariance suite recon-invariance to --out."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Write variants of every sound item (renamed, reordered, rescaled, retold, bared) as a corpus."""
    from recon_data.errors import ReconDataError
    from recon_data.progress import progress_bar, wanted

    if out is None:
        raise ReconDataError("--out is required: the new corpus folder to write")
    if suite:
        from recon_data.curation.variants.suite import SUITE_NAME, SUITE_VERSION, build_suite

        given = {"CORPUS": corpus, "--transform": transform, "-k": k != 1 or None,
                 "--seed": seed or None, "--category": category}  # fmt: skip
        extra = [name for name, value in given.items() if value]
        if extra:
            raise ReconDataError(
                f"--suite writes the fixed set {SUITE_NAME} and takes only --out and --force; "
                f"drop {', '.join(extra)}"
            )
        with progress_bar(wanted(quiet or as_json)) as progress:
            path = build_suite(out, force=force, progress=progress)
        typer.echo(f"wrote {SUITE_NAME} v{SUITE_VERSION} to {path}")
        return
    from recon_data.curation.resolve import resolve_corpus
    from recon_data.curation.variants import make_variants

    source = resolve_corpus(corpus)
    with progress_bar(wanted(quiet or as_json)) as progress:
        report = make_variants(
            source,
            out,
            transforms=transform or None,
            k=k,
            seed=seed,
            categories=category or None,
            force=force,
            progress=progress,
        )
    print_report(report, as_json)


def print_report(report: VariantReport, as_json: bool) -> None:
    """Print what a variants run wrote (a table, or the JSON report)."""
    if as_json:
        data = {"out": str(report.out), "counts": report.counts, **report.to_dict()}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from recon_data.cli.render import console

    console().print(variants_table(report))
    typer.echo(f"wrote {report.out} (what was skipped and why: {report.out}/variants.json)")
    if report.rejected:
        first = report.rejected[0]
        typer.echo(
            f"rejected {len(report.rejected)} variant(s) whose solved gold failed a check, "
            f"first {first['id']} ({first['transform']}): {first['reason'][:160]}"
        )


def variants_table(report: VariantReport) -> Table:
    """Sources and variants per category and transform, and the items that were no source."""
    from rich.table import Table

    from recon_data.curation.variants.base import TRANSFORM_NAMES

    data = report.to_dict()
    table = Table(
        title="Variants by category and transform",
        caption="no source: items whose gold the audit does not agree with (variants.json says why)",
        **_compact(),
    )
    table.add_column("category", no_wrap=True)
    table.add_column("sources", justify="right", no_wrap=True)
    for t in TRANSFORM_NAMES:
        table.add_column(t, justify="right", no_wrap=True)
    table.add_column("no source", justify="right", no_wrap=True)
    cats = sorted(set(data["variants"]) | set(data["not_sources"]))
    for c in cats:
        made = data["variants"].get(c, {})
        table.add_row(
            c,
            str(data["sources"].get(c, 0)),
            *(str(made[t]) if t in made else "-" for t in TRANSFORM_NAMES),
            str(sum(data["not_sources"].get(c, {}).values())),
        )
    return table


def consistency_table(summary: dict[str, Any]) -> Table | None:
    """The consistency block of a score or eval summary as a table (None without one)."""
    from rich.table import Table

    overall = summary.get("consistency")
    if not isinstance(overall, dict):
        return None
    table = Table(
        title="Consistency across variants",
        caption="all var: the source and every variant correct; same ans: the source's answer,"
        " carried through each transform, is every variant's",
        **_compact(),
    )
    for name in ("category", "sources", "src acc", "variants", "var acc", "all var", "same ans"):
        table.add_column(name, justify="left" if name == "category" else "right", no_wrap=True)

    def row(name: str, block: dict[str, Any], style: str | None = None) -> None:
        counts = block["counts"]
        table.add_row(
            name,
            str(counts["sources"]),
            f"{block['source_accuracy']:.1%}",
            str(counts["variants"]),
            f"{block['variant_accuracy']:.1%}",
            f"{block['all_variants']:.1%}",
            f"{block['same_answer']:.1%}",
            style=style,
        )

    for category, line in summary.get("by_category", {}).items():
        if isinstance(line.get("consistency"), dict):
            row(category, line["consistency"])
    table.add_section()
    row("overall", overall, style="bold")
    for t, block in overall.get("by_transform", {}).items():
        row(f"  {t}", block, style="dim")
    return table

"""`recon-data generate`: fresh problems with exact golds from the procedural generators."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click


def register(group: click.Group) -> None:
    """Add the generate command to the main group."""
    group.add_command(generate)


@click.command("generate")
@click.argument(
    "categories", nargs=-1, required=False, help="Generators to run (default: all; see --list)."
)
@click.option(
    "-n", "--n", show_default=True, type=int, default=100, help="Train problems per generator."
)
@click.option(
    "--seed", show_default=True, type=int, default=0, help="Stream seed (same seed, same bytes)."
)
@click.option("--out", type=click.Path(path_type=Path), help="New corpus folder to write.")
@click.option("--difficulty", help="easy, medium (default) or hard.")
@click.option(
    "--set",
    "set_",
    multiple=True,
    help="Generator setting key=value (or generator.key=value); repeatable.",
)
@click.option(
    "--eval-n", show_default=True, type=int, default=0, help="Eval problems per generator."
)
@click.option(
    "--against",
    help="Release or corpus to decontaminate against (default: the default release).",
)
@click.option(
    "--decontam/--no-decontam",
    show_default=True,
    default=True,
    help="Drop near-duplicates of release items.",
)
@click.option(
    "--include",
    help="Also copy this corpus's problems and traces in (mix release and generated).",
)
@click.option("--fresh", is_flag=True, help="Write the fixed held-out set recon-fresh to --out.")
@click.option("--list", "list_", is_flag=True, help="List the generators and their settings.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON output.")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
def generate(
    categories: tuple[str, ...],
    n: int,
    seed: int,
    out: Path | None,
    difficulty: str | None,
    set_: tuple[str, ...],
    eval_n: int,
    against: str | None,
    decontam: bool,
    include: str | None,
    fresh: bool,
    list_: bool,
    as_json: bool,
    force: bool,
) -> None:
    """Generate problems whose golds come from the exact solvers, as a corpus folder."""
    from recon_data.errors import ReconDataError

    if list_:
        _print_list(as_json)
        return
    if out is None:
        raise ReconDataError("--out is required: the new corpus folder to write")
    if fresh:
        from recon_data.curation.generators.fresh import FRESH_NAME, FRESH_VERSION, build_fresh

        path = build_fresh(out, force=force)
        click.echo(f"wrote {FRESH_NAME} v{FRESH_VERSION} to {path}")
        return
    from recon_data.curation.generators import generate_corpus

    report = generate_corpus(
        out,
        list(categories) or None,
        n=n,
        eval_n=eval_n,
        seed=seed,
        difficulty=difficulty,
        settings=_settings(set_),
        against=against,
        decontaminate=decontam,
        include=include,
        force=force,
    )
    summary = {
        "out": str(report.out),
        "train": report.counts["problems"]["train"]["total"],
        "eval": report.counts["problems"]["eval"]["total"],
        "repeats_dropped": sum(report.repeats_dropped.values()),
        "contaminated_dropped": len(report.contaminated_dropped),
        "decontaminated_against": report.decontaminated_against,
    }
    if as_json:
        click.echo(json.dumps(summary | {"dropped": report.contaminated_dropped}, indent=2))
        return
    click.echo(
        f"wrote {summary['train']} train and {summary['eval']} eval problems to {report.out}"
        + (f" (with the problems and traces of {include})" if include else "")
    )
    click.echo(f"repeated prompts skipped while drawing: {summary['repeats_dropped']}")
    if decontam:
        click.echo(
            f"near-duplicates of release items dropped: {summary['contaminated_dropped']} "
            f"(scanned against {report.decontaminated_against})"
        )
    else:
        click.echo("decontamination scan skipped (--no-decontam)")


def _settings(items: Sequence[str]) -> dict[str, Any]:
    from recon_data.errors import ReconDataError

    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ReconDataError(f"--set needs key=value, got {item!r}", field="--set")
        out[key.strip()] = value.strip()
    return out


def _print_list(as_json: bool) -> None:
    from recon_data.curation.generators import list as list_generators

    entries = list_generators()
    if as_json:
        click.echo(json.dumps(entries, indent=2, default=str))
        return
    for e in entries:
        tag = " (new family)" if e["new_family"] else ""
        click.echo(
            f"{e['name']} v{e['version']}{tag}: {e['description']} "
            f"[category {e['category']}, {e['answer_kind']}]"
        )
        knobs = ", ".join(f"{k}={v['default']}" for k, v in e["knobs"].items())
        click.echo(f"    knobs: {knobs}")
        for level, preset in e["presets"].items():
            shown = ", ".join(f"{k}={v}" for k, v in preset.items())
            click.echo(f"    {level}: {shown}")

"""`recon-data generate`: fresh problems with exact golds from the procedural generators."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from recon_data.cli.options import QuietOpt


def register(app: typer.Typer) -> None:
    """Add the generate command to the main app."""
    app.command("generate")(generate)


def generate(
    categories: Annotated[
        list[str] | None,
        typer.Argument(metavar="GENERATOR", help="Generators to run (default: all; see --list)."),
    ] = None,
    n: Annotated[
        int | None, typer.Option("-n", "--n", help="Train problems per generator. [default: 100]")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="Stream seed (same seed, same bytes). [default: 0]")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="New corpus folder to write.")] = None,
    difficulty: Annotated[str | None, typer.Option(help="easy, medium (default) or hard.")] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Generator setting key=value (or generator.key=value); repeatable.",
        ),
    ] = None,
    eval_n: Annotated[
        int | None, typer.Option("--eval-n", help="Eval problems per generator. [default: 0]")
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            help="Release or corpus to decontaminate against (default: the default release)."
        ),
    ] = None,
    decontam: Annotated[
        bool,
        typer.Option("--decontam/--no-decontam", help="Drop near-duplicates of release items."),
    ] = True,
    include: Annotated[
        str | None,
        typer.Option(
            help="Also copy this corpus's problems and traces in (mix release and generated)."
        ),
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Write the fixed held-out set recon-fresh to --out.")
    ] = False,
    variants: Annotated[
        list[str] | None,
        typer.Option(
            "--variants",
            metavar="T",
            help="Also write one variant of each generated problem per transform T (relabel,"
            " permute, rescale, restory, anonymize; repeatable), its gold solved again.",
        ),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the generators and their settings.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON output.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
    quiet: QuietOpt = False,
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

        # recon-fresh is a fixed set: options that would change it are refused, not ignored.
        given = {
            "GENERATOR": categories, "-n": n, "--seed": seed, "--eval-n": eval_n,
            "--difficulty": difficulty, "--set": set_, "--against": against,
            "--include": include, "--no-decontam": not decontam or None,
            "--variants": variants,
        }  # fmt: skip
        extra = [name for name, value in given.items() if value]
        if extra:
            raise ReconDataError(
                f"--fresh writes the fixed held-out set {FRESH_NAME} and takes only --out and "
                f"--force; drop {', '.join(extra)}"
            )
        path = build_fresh(out, force=force)
        typer.echo(f"wrote {FRESH_NAME} v{FRESH_VERSION} to {path}")
        return
    from recon_data.progress import progress_bar, wanted

    if variants:
        _generate_variants(
            out, categories, n, eval_n, seed, difficulty, set_, against, decontam, include,
            variants, force, quiet or as_json, as_json,
        )  # fmt: skip
        return
    from recon_data.curation.generators import generate_corpus

    with progress_bar(wanted(quiet or as_json)) as progress:
        report = generate_corpus(
            out,
            categories or None,
            n=100 if n is None else n,
            eval_n=eval_n or 0,
            seed=seed or 0,
            difficulty=difficulty,
            settings=_settings(set_ or ()),
            against=against,
            decontaminate=decontam,
            include=include,
            force=force,
            progress=progress,
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
        typer.echo(json.dumps(summary | {"dropped": report.contaminated_dropped}, indent=2))
        return
    typer.echo(
        f"wrote {summary['train']} train and {summary['eval']} eval problems to {report.out}"
        + (f" (with the problems and traces of {include})" if include else "")
    )
    typer.echo(f"repeated prompts skipped while drawing: {summary['repeats_dropped']}")
    if decontam:
        typer.echo(
            f"near-duplicates of release items dropped: {summary['contaminated_dropped']} "
            f"(scanned against {report.decontaminated_against})"
        )
    else:
        typer.echo("decontamination scan skipped (--no-decontam)")


def _generate_variants(
    out: Path,
    names: list[str] | None,
    n: int | None,
    eval_n: int | None,
    seed: int | None,
    difficulty: str | None,
    set_: list[str] | None,
    against: str | None,
    decontam: bool,
    include: str | None,
    transforms: list[str],
    force: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    from recon_data.cli.variants import print_report
    from recon_data.curation.variants.suite import generate_variants
    from recon_data.errors import ReconDataError
    from recon_data.progress import progress_bar, wanted

    if include:
        raise ReconDataError(
            "--variants writes generated problems and their variants; make variants of another "
            "corpus with `recon-data variants CORPUS`, not --include"
        )
    with progress_bar(wanted(quiet)) as progress:
        report = generate_variants(
            out,
            names or None,
            transforms=transforms,
            n=100 if n is None else n,
            eval_n=eval_n or 0,
            seed=seed or 0,
            difficulty=difficulty,
            settings=_settings(set_ or ()),
            against=against,
            decontaminate=decontam,
            force=force,
            progress=progress,
        )
    print_report(report, as_json)


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
        typer.echo(json.dumps(entries, indent=2, default=str))
        return
    for e in entries:
        tag = " (new family)" if e["new_family"] else ""
        typer.echo(
            f"{e['name']} v{e['version']}{tag}: {e['description']} "
            f"[category {e['category']}, {e['answer_kind']}]"
        )
        knobs = ", ".join(f"{k}={v['default']}" for k, v in e["knobs"].items())
        typer.echo(f"    knobs: {knobs}")
        for level, preset in e["presets"].items():
            shown = ", ".join(f"{k}={v}" for k, v in preset.items())
            typer.echo(f"    {level}: {shown}")

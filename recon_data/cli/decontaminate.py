"""`recon-data decontaminate`: duplicates and leaks in a corpus and against benchmarks."""

from __future__ import annotations

import json
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recon_data.cli.options import QuietOpt
from recon_data.curation.decontam.config import DecontamConfig

# The option defaults are the settings' own (this module loads only when its command runs).
_DEFAULTS = DecontamConfig.model_fields
_OPTIONS = {"n": "--ngram", "max_df": "--max-df", "overlap": "--overlap", "jaccard": "--jaccard"}


class Engine(str, Enum):
    """Where a --scan runs."""

    local = "local"
    datatrove = "datatrove"

if TYPE_CHECKING:
    from rich.console import RenderableType

    from recon_data.curation.decontam import DropResult, End, Finding, Report

_EXCERPT = 700


def register(app: typer.Typer) -> None:
    """Add the decontaminate command to the main app."""
    app.command("decontaminate")(decontaminate)


def decontaminate(
    corpus: Annotated[
        Path, typer.Argument(help="A corpus folder (built with `recon-data build`).")
    ],
    against: Annotated[
        list[str] | None,
        typer.Option(
            metavar="SOURCE",
            help="Benchmark file (CSV, JSONL, Parquet), Hub-layout folder or Hub id. Repeatable.",
        ),
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME",
            help="Benchmark text column to match (repeatable). Default: the short text columns "
            "(numbers, titles and long source texts skipped; the output says which).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="Also write the JSON report to this file.")
    ] = None,
    drop: Annotated[
        Path | None,
        typer.Option(
            help="Write a cleaned copy of the corpus, without the flagged training records, to this new folder."
        ),
    ] = None,
    drop_eval: Annotated[
        bool,
        typer.Option(
            "--drop-eval",
            help="With --drop, also remove flagged eval items (announced on stderr).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the --drop folder or the --out report if it exists."),
    ] = False,
    within: Annotated[
        bool,
        typer.Option(
            "--within/--no-within",
            help="Check the corpus against itself (duplicates, train/eval leaks).",
        ),
    ] = True,
    ngram: Annotated[int, typer.Option(help="Word n-gram length.")] = _DEFAULTS["n"].default,
    max_df: Annotated[
        int, typer.Option(help="N-grams in more distinct texts than this are boilerplate.")
    ] = _DEFAULTS["max_df"].default,
    overlap: Annotated[
        float, typer.Option(help="Containment threshold for n-gram overlap.")
    ] = _DEFAULTS["overlap"].default,
    jaccard: Annotated[
        float, typer.Option(help="Jaccard threshold for near duplicates.")
    ] = _DEFAULTS["jaccard"].default,
    top: Annotated[int, typer.Option(help="How many worst offenders to show side by side.")] = 5,
    scan: Annotated[
        list[str] | None,
        typer.Option(
            metavar="DOCS",
            help="Document shards to search for the corpus's items: files, folders or globs of"
            " .jsonl, .jsonl.gz, .parquet. Repeatable.",
        ),
    ] = None,
    text_field: Annotated[
        str, typer.Option(metavar="NAME", help="Column holding each document's text.")
    ] = "text",
    engine: Annotated[
        Engine,
        typer.Option(
            help="Run the scan in this process, or as a datatrove pipeline"
            " (pip install 'recon-data[scale]')."
        ),
    ] = Engine.local,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes for --engine datatrove.")
    ] = 1,
    scan_dir: Annotated[
        Path | None,
        typer.Option(
            help="Working folder for --engine datatrove (new or empty); default a temporary folder."
        ),
    ] = None,
    scan_from: Annotated[
        Path | None,
        typer.Option(
            help="Use a finished datatrove scan (its folder or scan.json) or a saved report"
            " instead of scanning (not with --scan)."
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Find exact, n-gram and near-duplicate overlap inside CORPUS and against benchmarks."""
    from recon_data.curation.decontam import decontaminate as run
    from recon_data.curation.decontam import drop_flagged
    from recon_data.errors import ReconDataError

    if drop_eval and drop is None:
        raise ReconDataError("--drop-eval only makes sense with --drop OUT_DIR")
    if scan and scan_from is not None:
        raise ReconDataError("give --scan DOCS or --scan-from PATH, not both")
    if (engine is not Engine.local or workers != 1 or scan_dir is not None) and not scan:
        raise ReconDataError("--engine, --workers and --scan-dir apply to a --scan")
    # Refuse bad outputs before the scan, not after minutes of work.
    if drop is not None:
        from recon_data.curation.decontam.drop import check_drop_target

        check_drop_target(corpus, drop, force=force)
    if out is not None:
        from recon_data.storage import check_output_file

        check_output_file(out, force=force)
    try:
        config = DecontamConfig(n=ngram, max_df=max_df, overlap=overlap, jaccard=jaccard)
    except ReconDataError as exc:
        # Name the option the user typed, not the setting behind it.
        option = _OPTIONS.get(exc.field or "", exc.field)
        raise ReconDataError(exc.reason, field=option) from None
    from recon_data.curation.decontam import read_scan
    from recon_data.progress import wanted

    report = run(
        corpus,
        against or [],
        fields=field or [],
        within=within,
        config=config,
        progress=wanted(quiet or as_json),
        scan=read_scan(scan_from) if scan_from is not None else list(scan or []),
        text_field=text_field,
        engine=engine.value,
        workers=workers,
        scan_dir=scan_dir,
    )
    dropped = None
    if drop is not None:
        dropped = drop_flagged(report, corpus, drop, drop_eval=drop_eval, force=force)
        evals = [end for end, _ in dropped.removed if end.split == "eval"]
        if evals:
            _loud(
                f"--drop-eval removed {len(evals)} eval item(s) from {drop}: the cleaned eval split differs from Recon-Eval"
            )
    data = report.to_dict()
    if dropped is not None:
        data["dropped"] = dropped.to_dict()
    if out is not None:
        from recon_data.storage import atomic_write_text

        atomic_write_text(out, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if as_json:
        if out is not None:
            # The whole report is in the file: print what it holds, not all of it.
            data = {"out": str(out), "counts": report.counts()}
            if report.scan is not None:
                data["scan"] = report.scan.counts()
            if dropped is not None:
                data["dropped"] = len(dropped.removed)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from recon_data.cli.render import console

    for renderable in summary(report, top=top):
        console().print(renderable)
    if report.scan is not None:
        console().print(scan_table(report.scan, top=top))
    if dropped is not None:
        console().print(drop_table(dropped))
    if out is not None:
        console().print(f"full report: {out}", highlight=False)


def _loud(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[bold red]WARNING:[/] {escape(message)}")


def summary(report: Report, *, top: int = 5) -> list[RenderableType]:
    """Return the renderables of the human summary: counts, sources, worst offenders."""
    from rich.markup import escape
    from rich.table import Table

    from recon_data.curation.decontam import FINDING_KINDS

    counts = report.counts()
    short = _shortener(report)
    head = Table(title=f"Decontamination of {report.corpus}")
    head.add_column("split pair")
    for kind in FINDING_KINDS:
        head.add_column(kind, justify="right")
    for pair, by_kind in counts["by_split_pair"].items():
        head.add_row(short(pair), *(str(by_kind.get(k, 0)) for k in FINDING_KINDS))
    head.add_section()
    head.add_row("total", *(str(counts["by_kind"][k]) for k in FINDING_KINDS), style="bold")
    flagged = Table(title="Records involved in a finding")
    flagged.add_column("split")
    flagged.add_column("flagged", justify="right")
    flagged.add_column("records", justify="right")
    for split, n in report.records.items():
        flagged.add_row(split, str(counts["flagged_records"].get(split, 0)), str(n))
    out: list[RenderableType] = [head, flagged]
    if report.sources:
        src = Table(title="Benchmarks")
        for col in (
            "source",
            "fields",
            "rows",
            "rows matched",
            "records matched",
            "too short to match",
        ):
            src.add_column(col)
        for s in report.sources:
            name = short(s["source"] if "split" not in s else f"{s['source']}[{s['split']}]")
            matched = ", ".join(f"{k} {v}" for k, v in s["records_matched"].items()) or "-"
            src.add_row(
                name,
                ", ".join(s["fields"]),
                str(s["rows"]),
                str(s["rows_matched"]),
                matched,
                str(s["rows_without_content"]),
            )
        out.append(src)
        out += [escape(line) for line in field_notes(report, short)]
    worst = worst_offenders(report.findings, top)
    if worst:
        table = Table(title=f"Worst offenders (top {len(worst)})", show_lines=True)
        table.add_column("finding", ratio=1)
        table.add_column("a", ratio=3, overflow="fold")
        table.add_column("b", ratio=3, overflow="fold")
        for f in worst:
            hint = str(f.evidence.get("sample", ""))
            table.add_row(
                f"{f.kind}\nscore {f.score:.2f}\n{escape(short(f.pair()))}",
                f"[bold]{escape(short(f.a.label()))}[/]\n{excerpt(report.text(f.a), hint)}",
                f"[bold]{escape(short(f.b.label()))}[/]\n{excerpt(report.text(f.b), hint)}",
            )
        out.append(table)
    else:
        out.append("No findings.")
    return out


def field_notes(report: Report, short: Any = str) -> list[str]:
    """Return one line per benchmark whose fields were picked by default: which, and what not."""
    lines = []
    for s in report.sources:
        if s.get("fields_chosen_by") != "default":
            continue
        name = short(s["source"] if "split" not in s else f"{s['source']}[{s['split']}]")
        skipped = "; ".join(f"{k}: {why}" for k, why in s.get("fields_skipped", {}).items())
        lines.append(
            f"{name}: matched on {', '.join(s['fields'])} (picked by default"
            + (f"; skipped {skipped}" if skipped else "")
            + "); choose others with --field"
        )
    return lines


def _shortener(report: Report) -> Any:
    """Return a function that writes benchmark file paths as their file names, for tables."""
    paths = sorted(
        {s["source"] for s in report.sources if Path(s["source"]).exists()}, key=len, reverse=True
    )

    def short(text: str) -> str:
        for p in paths:
            text = text.replace(p, Path(p).name)
        return text

    return short


def worst_offenders(findings: list[Finding], top: int) -> list[Finding]:
    """Pick the findings to show: leaks before duplicates, strongest first, one per leaked item."""
    from recon_data.curation.decontam import FINDING_KINDS

    def leak(f: Finding) -> bool:
        return (not f.b.is_corpus) or (f.b.split == "eval" and f.a.split != "eval")

    ranked = sorted(findings, key=lambda f: (not leak(f), FINDING_KINDS.index(f.kind), -f.score, f.pair()))
    shown: list[Finding] = []
    seen: set[End] = set()
    # First the strongest finding of each split pair, so every kind of leak gets a row.
    pairs: set[str] = set()
    for f in ranked:
        if len(shown) < top and f.pair() not in pairs and f.b not in seen:
            pairs.add(f.pair())
            seen.add(f.b)
            shown.append(f)
    for f in ranked:
        if len(shown) < top and f.b not in seen:
            seen.add(f.b)
            shown.append(f)
    return shown


def excerpt(text: str, hint: str = "") -> str:
    """Return up to ~700 characters of `text`, centred on where `hint` (an n-gram) occurs."""
    from rich.markup import escape

    if len(text) <= _EXCERPT:
        return escape(text)
    start = 0
    words = hint.split()[:4]
    if words:
        found = re.search(r"\W+".join(map(re.escape, words)), text, flags=re.IGNORECASE)
        if found:
            start = max(0, found.start() - _EXCERPT // 3)
    end = min(len(text), start + _EXCERPT)
    start = max(0, end - _EXCERPT)
    return ("…" if start else "") + escape(text[start:end]) + ("…" if end < len(text) else "")


def scan_table(scan: Any, *, top: int = 5) -> Any:
    """Return what a --scan found: documents read, findings, items found, the first hits."""
    from rich.markup import escape
    from rich.table import Table

    counts = scan.counts()
    found = ", ".join(f"{s} {n}" for s, n in counts["items_found"].items())
    table = Table(
        title=f"Scan of {counts['documents']:,} documents ({counts['rows']:,} rows): "
        f"{counts['findings']} finding(s) in {counts['documents_with_findings']} document(s); "
        f"items found: {found}; items of template text only: "
        f"{scan.template.get('items_without_content', 0)}"
    )
    for col in ("item", "document", "kind", "score", "span"):
        table.add_column(col, overflow="fold")
    for hit in scan.hits[:top]:
        table.add_row(
            escape(hit.item.label()),
            escape(f"{hit.file}#{hit.row}"),
            hit.kind,
            f"{hit.score:.2f}",
            escape(str(hit.span.get("text", ""))[:120]),
        )
    return table


def drop_table(dropped: DropResult) -> Any:
    """Return the table listing what `--drop` removed and where the cleaned corpus went."""
    from rich.table import Table

    kept = ", ".join(f"{k} {v}" for k, v in dropped.kept.items())
    table = Table(
        title=f"Removed {len(dropped.removed)} record(s); cleaned corpus in {dropped.out} ({kept})"
    )
    table.add_column("split")
    table.add_column("id")
    table.add_column("reason", overflow="fold")
    for end, why in dropped.removed:
        table.add_row(str(end.split), str(end.id), why)
    return table

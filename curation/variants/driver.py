"""`make_variants`: K variants per transform of every sound source item, as a corpus folder.

A source is an item of a category some chosen transform supports whose gold the audit
agrees with (or, for generated-only families without an audit checker, equals the exact
solver's answer): a variant of a wrong gold would measure nothing. The folder holds the
sources (unchanged) and their variants, each linked to its source by its `generation` block.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.curation.variants.base import (
    DRAWS,
    TRANSFORM_NAMES,
    VARIANT_GENERATOR,
    VARIANT_VERSION,
    Mismatch,
    Skip,
    rng_for,
)
from recon_data.curation.variants.record import dump as dump
from recon_data.curation.variants.record import plain, variant_record
from recon_data.curation.variants.registry import handler, supported
from recon_data.errors import ReconDataError
from recon_data.progress import Progress, silent

if TYPE_CHECKING:
    from recon_data.schema import Problem

REPORT_FILE = "variants.json"  # beside the manifest: what was made, skipped and rejected


@dataclass
class VariantReport:
    """What `make_variants` wrote, and why the rest was not written."""

    out: Path | None
    counts: dict[str, Any] = field(default_factory=dict)
    sources: Counter = field(default_factory=Counter)  # category -> sources with a variant
    made: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    not_sources: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    skipped: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    rejected: list[dict[str, str]] = field(default_factory=list)
    # The records by split (sources and variants), when nothing was written (`out=None`).
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON (sorted, so the same run writes the same bytes)."""

        def nested(d: dict[str, Counter]) -> dict[str, dict[str, int]]:
            return {k: dict(sorted(v.items())) for k, v in sorted(d.items()) if v}

        return {
            "sources": dict(sorted(self.sources.items())),
            "variants": nested(self.made),
            "not_sources": nested(self.not_sources),
            "skipped": nested(self.skipped),
            "rejected": sorted(self.rejected, key=lambda r: (r["id"], r["transform"])),
        }


def check_choices(
    transforms: Sequence[str] | None, categories: Sequence[str] | None, k: int
) -> list[str]:
    """Validate the options; return the transforms to run (default: all)."""
    from recon_data.categories import CATEGORY_SLUGS

    chosen = list(dict.fromkeys(transforms or TRANSFORM_NAMES))
    for t in chosen:
        if t not in TRANSFORM_NAMES:
            raise ReconDataError(
                f"unknown transform {t!r}; known: {', '.join(TRANSFORM_NAMES)}", field="--transform"
            )
    for c in categories or ():
        if c not in CATEGORY_SLUGS:
            raise ReconDataError(f"unknown category {c!r}", field="--category")
        if not any(supported(t, c) for t in chosen):
            raise ReconDataError(
                f"no chosen transform applies to {c!r} (docs/variants.md lists which do)",
                field="--category",
            )
    if not 1 <= k <= 100:
        raise ReconDataError(f"-k counts variants per transform: 1..100, got {k}", field="-k")
    return chosen


def variants_of(
    source: Problem, transform: str, k: int, seed: int, report: VariantReport
) -> list[dict[str, Any]]:
    """Up to `k` distinct checked variant records of one transform of one source."""
    from recon_data.curation.variants.solve import solve_variant
    from recon_data.schema import Problem

    made: list[dict[str, Any]] = []
    seen = {(source.question, tuple(source.options))}
    run = handler(transform, source.category)
    for draw in range(k * DRAWS):
        if len(made) == k:
            break
        try:
            edit = run(source, rng_for(seed, source.id, transform, draw))
            key = (edit.question, edit.options)
            if key in seen:
                continue  # the same variant again (small spaces: two options, a 2x2 game)
            seen.add(key)
            record = variant_record(source, edit, transform, len(made), seed, draw)
            gold, certificate = solve_variant(source, edit, record)
            record["answer"] = gold
            record["generation"]["certificate"] = plain(certificate)
            made.append(dump(Problem.model_validate(record)))
        except Mismatch as exc:
            report.rejected.append({"id": source.id, "transform": transform, "reason": str(exc)})
            continue
        except Skip as exc:
            report.skipped[source.category][f"{transform}: {exc}"] += 1
            return made
    if len(made) < k:
        report.skipped[source.category][f"{transform}: fewer than k distinct variants"] += 1
    return made


def make_variants(
    corpus: Path | str,
    out: Path | str | None,
    *,
    transforms: Sequence[str] | None = None,
    k: int = 1,
    seed: int = 0,
    categories: Sequence[str] | None = None,
    force: bool = False,
    progress: Progress = silent,
) -> VariantReport:
    """Write the sources of `corpus` and `k` variants per transform of each to `out`.

    `out=None` computes the report and records without writing (tests, dry runs); the
    records are then in `report.records`.
    """
    from recon_data.storage import check_output_dir, read_problems

    chosen = check_choices(transforms, categories, k)
    if out is not None:
        out = check_output_dir(out, force=force, inputs=[corpus])
    problems = read_problems(corpus)
    if any(_is_variant(p) for p in problems):
        raise ReconDataError(
            "already a variant corpus; make variants of the corpus its sources came from",
            file=str(corpus),
        )
    return write_variants(problems, out, chosen, k, seed, categories, force, progress, str(corpus))


def write_variants(
    problems: Sequence[Problem],
    out: Path | None,
    transforms: Sequence[str],
    k: int,
    seed: int,
    categories: Sequence[str] | None,
    force: bool,
    progress: Progress,
    origin: str,
) -> VariantReport:
    """Make the variants of `problems` and write the folder (see `make_variants`)."""
    from recon_data.curation.variants.solve import source_status

    report = VariantReport(out=out)
    wanted = [
        p
        for p in problems
        if (not categories or p.category in categories)
        and any(supported(t, p.category) for t in transforms)
    ]
    records: dict[str, list[dict[str, Any]]] = {"train": [], "eval": []}
    advance = progress("variants", len(wanted))
    for p in wanted:
        status = source_status(p)
        if status != "agree":
            report.not_sources[p.category][status.split(":")[0]] += 1
            advance(1)
            continue
        mine = []
        for t in transforms:
            if supported(t, p.category):
                got = variants_of(p, t, k, seed, report)
                report.made[p.category][t] += len(got)
                mine.extend(got)
        if mine:
            report.sources[p.category] += 1
            records[p.split].append(dump(p))
            records[p.split].extend(mine)
        advance(1)
    for recs in records.values():
        recs.sort(key=lambda r: r["id"])
    if out is None:
        report.records = records
        return report
    report.counts = _write(out, records, report, transforms, k, seed, origin, force)
    return report


def _write(
    out: Path,
    records: dict[str, list[dict[str, Any]]],
    report: VariantReport,
    transforms: Sequence[str],
    k: int,
    seed: int,
    origin: str,
    force: bool,
) -> dict[str, Any]:
    import json

    from recon_data import __version__
    from recon_data.manifest import write_corpus

    if not any(records.values()):
        raise ReconDataError(
            "no item of the corpus gave a variant (no agreeing item of a supported category)",
            file=origin,
        )
    source = {
        "kind": "variants",
        "of": origin,
        "version": VARIANT_VERSION,
        "transforms": list(transforms),
        "k": k,
        "seed": seed,
    }
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return write_corpus(
        out, records, [], source=source, builder=f"recon-data {__version__}", force=force,
        side_files={REPORT_FILE: text},
    )  # fmt: skip


def _is_variant(problem: Problem) -> bool:
    g = problem.generation
    return g is not None and g.generator == VARIANT_GENERATOR

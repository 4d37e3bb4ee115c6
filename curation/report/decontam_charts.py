"""Decontamination chart: findings by kind, per category and per pair of corpus parts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.curation.report.chart import (
    SERIES_COLOURS,
    Chart,
    Marks,
    Note,
    Table,
    category_name,
    category_order,
)
from recon_data.curation.report.draw import hbars, height_for, legend_above
from recon_data.errors import ReconDataError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

UNKNOWN = "(id not in the corpus)"


@dataclass(frozen=True)
class DecontamCounts:
    """Findings counted by category and kind, and by split pair and kind."""

    source: str  # where the findings came from, for the caption
    by_category: dict[str, Counter[str]]
    by_pair: dict[str, Counter[str]]
    total: int


def decontam_counts(root: Path, label: str, report: Path | None = None) -> DecontamCounts:
    """Count the findings of a report file, or of a fresh scan of the corpus against itself."""
    from recon_data.curation.decontam.findings import read_findings
    from recon_data.storage import read_problems, read_traces

    if report is not None:
        try:
            findings = read_findings(report)
        except RecursionError:
            raise ReconDataError("JSON nested too deeply", file=str(report)) from None
        source = f"the report `{report}`"
    else:
        from recon_data.curation.decontam import decontaminate

        findings = decontaminate(root).findings
        source = f"`recon-data decontaminate` run on `{label}` (default settings, no benchmarks)"
    categories = {p.id: p.category for p in read_problems(root)}
    categories.update({t.id: t.category or "(no category)" for t in read_traces(root)})
    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    by_pair: dict[str, Counter[str]] = defaultdict(Counter)
    known = 0
    for finding in findings:
        ids = [e.id for e in (finding.a, finding.b) if e.is_corpus and e.id is not None]
        found = {categories[i] for i in ids if i in categories}
        known += bool(found)
        for category in found or {UNKNOWN}:
            by_category[category][finding.kind] += 1
        by_pair[finding.pair().replace("~", " ↔ ")][finding.kind] += 1
    if findings and not known and report is not None:
        raise ReconDataError(
            f"none of the report's {len(findings)} findings names a record of {label} "
            "(a report of another corpus?)",
            file=str(report),
        )
    return DecontamCounts(source, dict(by_category), dict(by_pair), len(findings))


def decontam_chart(counts: DecontamCounts) -> Chart | Note:
    """Stacked bars: findings per category (left) and per split pair (right), by kind."""
    from recon_data.curation.decontam.findings import FINDING_KINDS

    if counts.total == 0:
        return Note(
            "decontam",
            "Decontamination findings",
            f"No finding in {counts.source}: no duplicate or overlapping pair was found.",
        )
    present = {k for c in counts.by_category.values() for k in c}
    kinds = [k for k in FINDING_KINDS if k in present] + sorted(present - set(FINDING_KINDS))
    colours = dict(zip(kinds, SERIES_COLOURS[: len(kinds)], strict=False))
    slugs = category_order(set(counts.by_category) - {UNKNOWN})
    if UNKNOWN in counts.by_category:
        slugs.append(UNKNOWN)
    pairs = sorted(counts.by_pair)
    rows = (
        *(("category", c, *(str(counts.by_category[c].get(k, 0)) for k in kinds)) for c in slugs),
        *(("pair", p, *(str(counts.by_pair[p].get(k, 0)) for k in kinds)) for p in pairs),
    )

    def draw(fig: Figure, marks: Marks) -> None:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]}, squeeze=True)
        for ax, labels, table, names in (
            (left, slugs, counts.by_category, [category_name(c) for c in slugs]),
            (right, pairs, counts.by_pair, pairs),
        ):
            series = [(k, [table[x].get(k, 0) for x in labels], colours[k]) for k in kinds]
            hbars(ax, names, series, marks, tip=_tip, stacked=True)
            ax.set_xlabel("findings")
        left.set_title("by category")
        right.set_title("by pair of corpus parts")
        legend_above(fig, list(colours.items()))

    return Chart(
        key="decontam",
        title="Decontamination findings",
        caption=(
            f"{counts.total:,} findings (exact copies, shared n-grams, near duplicates) by kind, "
            "counted under the category of each record they link and under the pair of corpus "
            f"parts (train, eval, cot traces, benchmarks) they link, from {counts.source}."
        ),
        size=(11.0, height_for(max(len(slugs), len(pairs)))),
        draw=draw,
        table=Table(("counted by", "category or pair", *kinds), tuple(rows)),
    )


def _tip(row: str, kind: str, n: Any) -> str:
    return f"{row}, {kind}: {n:,.0f} findings"

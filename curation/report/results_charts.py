"""Accuracy charts: by category for each results file, beside the paper's Table 3; consistency."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from recon_data.curation.report.chart import (
    PAPER_COLOURS,
    SERIES_COLOURS,
    Chart,
    Marks,
    Table,
    capped,
    category_name,
    category_order,
    pct,
)
from recon_data.curation.report.draw import hbars, height_for, legend_above
from recon_data.curation.report.results import AccuracyResult
from recon_data.paper import PAPER_TABLE3

if TYPE_CHECKING:
    from matplotlib.figure import Figure

OVERALL = "overall"


def accuracy_chart(results: Sequence[AccuracyResult], labels: Mapping[str, str]) -> Chart:
    """Grouped bars: accuracy per category, a bar per file; the paper's totals under `overall`."""
    listed = category_order({c for r in results for c in r.by_category})
    slugs, cut = capped(listed)
    rows = [category_name(c) for c in slugs]
    series = [
        (
            labels[r.path],
            [r.by_category[c].accuracy if c in r.by_category else None for c in slugs],
            _colour(i),
        )
        for i, r in enumerate(results)
    ]
    # The right panel: one row per file's overall accuracy, then one per paper model.
    totals: list[tuple[str, float, str]] = [
        (labels[r.path], r.overall.accuracy, _colour(i)) for i, r in enumerate(results)
    ]
    totals += [
        (f"paper: {name}", printed, PAPER_COLOURS[j])
        for j, (name, (_, _, printed)) in enumerate(PAPER_TABLE3.items())
    ]
    overall_series = [
        (name, [value if n == j else None for n in range(len(totals))], colour)
        for j, (name, value, colour) in enumerate(totals)
    ]
    table_rows: list[tuple[str, ...]] = []
    for r in results:
        for c in listed:
            if c in r.by_category:
                rate = r.by_category[c]
                table_rows.append(
                    (labels[r.path], c, f"{rate.correct}/{rate.total}", pct(rate.accuracy))
                )
        o = r.overall
        table_rows.append((labels[r.path], OVERALL, f"{o.correct}/{o.total}", pct(o.accuracy)))
        if r.release is not None:
            rel = r.release
            table_rows.append(
                (
                    labels[r.path],
                    "overall, release rule",
                    f"{rel.correct}/{rel.total}",
                    pct(rel.accuracy),
                )
            )
    for name, (correct, total, printed) in PAPER_TABLE3.items():
        table_rows.append((f"paper: {name}", OVERALL, f"{correct}/{total}", pct(printed)))

    def draw(fig: Figure, marks: Marks) -> None:
        left, right = fig.subplots(1, 2, width_ratios=[3, 2])
        panels = (
            (left, rows, series, lambda row, name, x: f"{row}, {name}: {pct(x)}"),
            (
                right,
                [t[0] for t in totals],
                overall_series,
                lambda r, name, x: f"overall, {name}: {pct(x)}",
            ),
        )
        for ax, names, groups, tip in panels:
            hbars(ax, names, groups, marks, tip=tip, label=pct, keep_zero=True)
            ax.set_xlim(0, 1.18)
            ax.set_xlabel("accuracy (the paper's rule)")
        left.set_title("by category")
        right.set_title("overall, beside Table 3")
        legend_above(fig, [(name, colour) for name, _, colour in series])

    files = ", ".join(f"`{r.path}` ({r.kind})" for r in results)
    return Chart(
        key="results-accuracy",
        title="Accuracy by category, beside the paper's Table 3",
        caption=(
            "Share of problems answered correctly by the paper's Table 3 rule (the answer equals "
            "the gold or names its option number, read by recon_data.verifiers), per category "
            f"and overall, from {files}. Grey bars: the paper's Recon-Eval totals (Table 3; the "
            "paper gives no per-category numbers, and counted with the release's raw-string "
            "check, whose overall the table lists for `eval --out` files)." + cut
        ),
        size=(11.0, height_for(max(len(rows) * len(series) / 2, len(totals)), extra=1.6)),
        draw=draw,
        table=Table(("results", "category", "correct", "accuracy"), tuple(table_rows)),
    )


def consistency_chart(results: Sequence[AccuracyResult], labels: Mapping[str, str]) -> Chart | None:
    """Grouped bars of every `consistency` measure found, per category; None when no file has one."""
    having = [r for r in results if r.consistency]
    if not having:
        return None
    keys = {k for r in having for block in r.consistency.values() for k in block}
    slugs, cut = capped(category_order(keys - {OVERALL}))
    rows = [*(category_name(c) for c in slugs), *([OVERALL] if OVERALL in keys else [])]
    where = [*slugs, *([OVERALL] if OVERALL in keys else [])]
    series: list[tuple[str, list[float | None], str]] = []
    table_rows: list[tuple[str, ...]] = []
    for r in having:
        for measure, block in sorted(r.consistency.items()):
            name = f"{labels[r.path]}: {measure}"
            series.append((name, [block.get(w) for w in where], _colour(len(series))))
            table_rows.extend(
                (labels[r.path], measure, w, f"{block[w]:.3f}") for w in where if w in block
            )

    def draw(fig: Figure, marks: Marks) -> None:
        ax = fig.subplots()
        hbars(
            ax, rows, series, marks, tip=lambda row, name, x: f"{row}, {name}: {x:.3f}",
            label=lambda x: f"{x:.2f}", keep_zero=True,
        )  # fmt: skip
        ax.set_xlabel("consistency")
        legend_above(fig, [(name, colour) for name, _, colour in series])

    return Chart(
        key="results-consistency",
        title="Consistency across variants",
        caption=(
            "The `consistency` measures of "
            + ", ".join(f"`{r.path}`" for r in having)
            + " (variants of a problem answered alike: see the file's own definitions), per "
            "category and overall." + cut
        ),
        size=(9.0, height_for(len(rows) * len(series) / 2.2, extra=1.8)),
        draw=draw,
        table=Table(("results", "measure", "category", "value"), tuple(table_rows)),
    )


def _colour(i: int) -> str:
    return SERIES_COLOURS[i % len(SERIES_COLOURS)]

"""Corpus charts: items per category and split, answer kinds, sources (a second corpus beside)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from recon_data.answers.registry import KIND_NAMES
from recon_data.categories import SOURCES
from recon_data.curation.report.chart import (
    SERIES_COLOURS,
    Chart,
    Marks,
    Table,
    category_name,
    category_order,
)
from recon_data.curation.report.draw import hbars, height_for, legend_above

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# The problem splits, then the teacher traces (counted under their category).
PARTS = ("train", "eval", "cot")
_PART_LABEL = {"train": "train", "eval": "eval", "cot": "cot traces"}


@dataclass(frozen=True)
class CorpusCounts:
    """What the corpus charts show of one corpus folder."""

    label: str  # how captions name it (the folder as given)
    by_category: dict[str, Counter[str]]  # part -> category -> n
    by_kind: dict[str, Counter[str]]  # split -> answer kind -> n
    by_source: dict[str, Counter[str]]  # split -> source -> n


def count_corpus(root: Path, label: str) -> CorpusCounts:
    """Count a corpus folder's problems and traces by category, answer kind and source."""
    from recon_data.storage import read_problems, read_traces

    problems = read_problems(root)
    traces = read_traces(root)
    by_category = {s: Counter(p.category for p in problems if p.split == s) for s in PARTS[:2]}
    by_category["cot"] = Counter(t.category or "(no category)" for t in traces)
    return CorpusCounts(
        label=label,
        by_category=by_category,
        by_kind={s: Counter(p.answer_kind for p in problems if p.split == s) for s in PARTS[:2]},
        by_source={s: Counter(p.source for p in problems if p.split == s) for s in PARTS[:2]},
    )


def corpus_charts(counts: CorpusCounts, other: CorpusCounts | None = None) -> list[Chart]:
    """The three corpus charts; with `other` (the cleaned copy), its counts in a second panel."""
    return [
        categories_chart(counts, other),
        _kinds_chart(counts, other),
        _sources_chart(counts, other),
    ]


def categories_chart(counts: CorpusCounts, other: CorpusCounts | None = None) -> Chart:
    """Items per category, train / eval / cot traces side by side (a panel per corpus)."""
    sides = [counts] if other is None else [counts, other]
    slugs = category_order({c for s in sides for part in s.by_category.values() for c in part})
    names = [category_name(c) for c in slugs]
    parts = [p for p in PARTS if any(s.by_category[p] for s in sides)]
    columns = ("category", *(f"{_PART_LABEL[p]} ({s.label})" for s in sides for p in parts))
    rows = tuple(
        (slug, *(str(s.by_category[p].get(slug, 0)) for s in sides for p in parts))
        for slug in slugs
    )
    return Chart(
        key="corpus-categories",
        title="Items per category and split",
        caption=(
            "Problems per category in the train and eval splits, and teacher reasoning traces "
            f"(cot) per category, counted from the records of {_names(sides)}."
        ),
        size=(8.0 if other is None else 10.0, height_for(len(slugs) * max(len(parts), 1) / 2)),
        draw=_panels(sides, slugs, names, parts, "by_category"),
        table=Table(columns, rows),
    )


def _kinds_chart(counts: CorpusCounts, other: CorpusCounts | None) -> Chart:
    return _simple_chart(
        counts,
        other,
        key="corpus-kinds",
        title="Answer kinds",
        what="Problems per answer kind (how the gold is written and graded) and split",
        field="by_kind",
        order=KIND_NAMES,
    )


def _sources_chart(counts: CorpusCounts, other: CorpusCounts | None) -> Chart:
    return _simple_chart(
        counts,
        other,
        key="corpus-sources",
        title="Upstream sources",
        what="Problems per upstream source (`generated`: made by recon-data) and split",
        field="by_source",
        order=SOURCES,
    )


def _simple_chart(
    counts: CorpusCounts,
    other: CorpusCounts | None,
    *,
    key: str,
    title: str,
    what: str,
    field: str,
    order: tuple[str, ...],
) -> Chart:
    sides = [counts] if other is None else [counts, other]
    present = {k for s in sides for part in getattr(s, field).values() for k in part}
    labels = [k for k in order if k in present] + sorted(present - set(order))
    splits = list(PARTS[:2])
    columns = ("value", *(f"{p} ({s.label})" for s in sides for p in splits))
    rows = tuple(
        (k, *(str(getattr(s, field)[p].get(k, 0)) for s in sides for p in splits)) for k in labels
    )
    return Chart(
        key=key,
        title=title,
        caption=f"{what}, counted from the records of {_names(sides)}.",
        size=(8.0 if other is None else 10.0, height_for(len(labels) * 1.2, extra=1.3)),
        draw=_panels(sides, labels, labels, splits, field),
        table=Table(columns, rows),
    )


def _panels(
    sides: list[CorpusCounts], keys: list[str], names: list[str], parts: list[str], field: str
) -> Callable[[Figure, Marks], None]:
    def draw(fig: Figure, marks: Marks) -> None:
        axes = fig.subplots(1, len(sides), sharey=True, squeeze=False)[0]
        colours = dict(zip(PARTS, SERIES_COLOURS, strict=False))
        for ax, side in zip(axes, sides, strict=True):
            table = getattr(side, field)
            series = [
                (_PART_LABEL[p], [table[p].get(k, 0) for k in keys], colours[p]) for p in parts
            ]

            def tip(row: str, part: str, n: float, side: CorpusCounts = side) -> str:
                return f"{row}, {part} ({side.label}): {n:,.0f}"

            hbars(ax, names, series, marks, tip=tip, label=lambda n: f"{n:,.0f}")
            if len(sides) > 1:
                ax.set_title(side.label)
            ax.set_xlabel("items")
        legend_above(fig, [(_PART_LABEL[p], colours[p]) for p in parts])

    return draw


def _names(sides: list[CorpusCounts]) -> str:
    return " and ".join(f"`{s.label}`" for s in sides)

"""Audit charts: verdicts per category, gold position and gold content bias (before and after clean)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.curation.report.bias import ContentShare, content_bias, position_shares
from recon_data.curation.report.chart import (
    SERIES_COLOURS,
    Chart,
    Marks,
    Note,
    Table,
    category_name,
    category_order,
    pct,
)
from recon_data.curation.report.draw import hbars, height_for, legend_above

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Verdict colours carry meaning (green agrees, vermillion disagrees); statuses the audit adds
# later take the spare colours in order.
VERDICT_COLOURS = {
    "agree": "#009E73",
    "disagree": "#D55E00",
    "ambiguous": "#E69F00",
    "ill_posed": "#CC79A7",
    "unparsed": "#999999",
}
_SPARE = ("#0072B2", "#56B4E9", "#F0E442", "#000000", "#7f4f24")
# Gold positions: blues, darkest first, for options 1-3, then oranges, so neighbours differ.
OPTION_COLOURS = ("#08306b", "#2171b5", "#6baed6", "#fdae6b", "#e6550d", "#a63603", "#7f2704")


@dataclass(frozen=True)
class AuditView:
    """What the audit charts show of one corpus."""

    label: str
    verdicts: dict[str, dict[str, int]]  # category -> status -> items
    position: dict[str, dict[str, int]]  # category -> option number -> golds
    content: dict[str, ContentShare]


def audit_view(root: Path, label: str) -> AuditView:
    """Audit a corpus folder (no leak search: decontamination has its own chart) and keep the counts."""
    from recon_data.curation.audit import audit_corpus
    from recon_data.storage import read_problems

    report = audit_corpus(root, leaks=False)
    verdicts = {
        category: {k: n for k, n in row.items() if k != "checked"}
        for category, row in report.summary().items()
    }
    return AuditView(label, verdicts, report.position_bias, content_bias(read_problems(root)))


def audit_charts(views: Sequence[AuditView]) -> list[Chart | Note]:
    """Verdicts, gold position and gold content per category; one panel or series per corpus."""
    return [verdicts_chart(views), position_chart(views), content_chart(views)]


def statuses_of(views: Sequence[AuditView]) -> list[str]:
    """The verdict statuses present, the audit's own order first."""
    from recon_data.curation.audit.base import AUDIT_STATUSES

    seen = {s for v in views for row in v.verdicts.values() for s, n in row.items() if n}
    return [s for s in AUDIT_STATUSES if s in seen] + sorted(seen - set(AUDIT_STATUSES))


def verdicts_chart(views: Sequence[AuditView]) -> Chart | Note:
    """Stacked bars: how many items of each category got each verdict."""
    slugs = category_order({c for v in views for c in v.verdicts})
    if not slugs:
        return Note(
            "audit-verdicts",
            "Audit verdicts per category",
            f"No item of {_names(views)} is auditable: the audit re-solves the computable "
            "release categories only (docs/audit.md).",
        )
    statuses = statuses_of(views)
    spare = iter(_SPARE)
    colours = {s: VERDICT_COLOURS.get(s) or next(spare, "#444444") for s in statuses}
    rows = tuple(
        (slug, v.label, *(str(v.verdicts.get(slug, {}).get(s, 0)) for s in statuses))
        for slug in slugs
        for v in views
    )

    def series(view: AuditView) -> list[tuple[str, list[float | None], str]]:
        return [
            (s, [view.verdicts.get(c, {}).get(s, 0) for c in slugs], colours[s]) for s in statuses
        ]

    return Chart(
        key="audit-verdicts",
        title="Audit verdicts per category",
        caption=(
            "Items of each computable category by the audit's verdict on their gold (agree: the "
            "exact solver's answer is the gold; disagree: the gold is not a correct answer; see "
            f"docs/audit.md), from `recon-data audit` run on {_names(views)}."
        ),
        size=(8.0 if len(views) == 1 else 11.0, height_for(len(slugs))),
        draw=_panels(views, slugs, series, stacked=True, xlabel="items", unit="items"),
        table=Table(("category", "corpus", *statuses), rows),
    )


def position_chart(views: Sequence[AuditView]) -> Chart | Note:
    """Stacked bars of shares: where the gold sits among the options, per category."""
    slugs = category_order({c for v in views for c in v.position})
    if not slugs:
        return Note(
            "audit-position",
            "Gold position per category",
            f"{_names(views)} holds no multiple-choice item: there is no gold position to show.",
        )
    width = max(int(k) for v in views for row in v.position.values() for k in row)
    options = [str(n) for n in range(1, width + 1)]
    rows = tuple(
        (slug, v.label, *(str(v.position.get(slug, {}).get(o, 0)) for o in options))
        for slug in slugs
        for v in views
    )

    def series(view: AuditView) -> list[tuple[str, list[float | None], str]]:
        shares = {c: position_shares(view.position.get(c, {})) for c in slugs}
        return [
            (f"Option {o}", [shares[c].get(int(o), 0.0) for c in slugs], _option_colour(int(o)))
            for o in options
        ]

    return Chart(
        key="audit-position",
        title="Gold position per category",
        caption=(
            "Share of multiple-choice golds that are option 1, 2, ... in each category (a model "
            "that always answers the most common position scores that share), from the "
            f"`position_bias` of the audit of {_names(views)}."
        ),
        size=(8.0 if len(views) == 1 else 11.0, height_for(len(slugs))),
        draw=_panels(views, slugs, series, stacked=True, xlabel="share of golds", unit="share"),
        table=Table(("category", "corpus", *(f"Option {o}" for o in options)), rows),
    )


def content_chart(views: Sequence[AuditView]) -> Chart | Note:
    """Grouped bars: the share of the most common gold content, per category and corpus."""
    slugs = category_order({c for v in views for c in v.content})
    if not slugs:
        return Note("audit-content", "Gold content per category", f"{_names(views)} is empty.")
    rows = tuple(
        (slug, v.label, s.content, str(s.count), str(s.total), pct(s.share))
        for slug in slugs
        for v in views
        if (s := v.content.get(slug)) is not None
    )
    colours = dict(zip([v.label for v in views], SERIES_COLOURS[: len(views)], strict=True))

    def draw(fig: Figure, marks: Marks) -> None:
        ax = fig.subplots()
        names = [category_name(c) for c in slugs]
        slug_of = dict(zip(names, slugs, strict=True))
        series = [
            (
                v.label,
                [v.content[c].share if c in v.content else None for c in slugs],
                colours[v.label],
            )
            for v in views
        ]

        def tip(row: str, label: str, share: float) -> str:
            view = next(v for v in views if v.label == label)
            s = view.content[slug_of[row]]
            return f"{row} ({label}): {s.count} of {s.total} golds are {_short(s.content)!r}"

        hbars(ax, names, series, marks, tip=tip, label=pct)
        ax.set_xlim(0, 1.12)
        ax.set_xlabel("share of golds with the most common content")
        legend_above(fig, list(colours.items()))

    return Chart(
        key="audit-content",
        title="Gold content per category",
        caption=(
            "Share of each category's golds that have its most common content (the text after "
            "the option label, or the gold itself: Yes/No, an ordering, a profile list); a "
            "model that always gives that content scores this share. Counted from the golds of "
            f"{_names(views)}."
        ),
        size=(8.0, height_for(len(slugs) * max(len(views), 1) / 1.5)),
        draw=draw,
        table=Table(("category", "corpus", "most common content", "golds", "of", "share"), rows),
    )


def _panels(
    views: Sequence[AuditView],
    slugs: list[str],
    series: Callable[[AuditView], list[tuple[str, list[float | None], str]]],
    *,
    stacked: bool,
    xlabel: str,
    unit: str,
) -> Callable[[Figure, Marks], None]:
    def draw(fig: Figure, marks: Marks) -> None:
        axes = fig.subplots(1, len(views), sharey=True, squeeze=False)[0]
        names = [category_name(c) for c in slugs]
        for ax, view in zip(axes, views, strict=True):
            hbars(ax, names, series(view), marks, tip=_tip(view.label, unit), stacked=stacked)
            if len(views) > 1:
                ax.set_title(view.label)
            ax.set_xlabel(xlabel)
        legend_above(fig, [(name, colour) for name, _, colour in series(views[0])])

    return draw


def _tip(label: str, unit: str) -> Callable[[str, str, float], str]:
    if unit == "share":
        return lambda row, name, x: f"{row}, {name} ({label}): {pct(x)}"
    return lambda row, name, n: f"{row}, {name} ({label}): {n:,.0f} {unit}"


def _option_colour(n: int) -> str:
    return OPTION_COLOURS[(n - 1) % len(OPTION_COLOURS)]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _names(views: Sequence[Any]) -> str:
    return " and ".join(f"`{v.label}`" for v in views)

"""Drawing helpers on matplotlib: one fixed style, grouped and stacked bars, heatmaps of cells.

Everything is drawn on a plain `matplotlib.figure.Figure` (no pyplot, so no global figure
state and no GUI backend), inside `style()`, which starts from matplotlib's defaults: a
user's matplotlibrc cannot change what the page or the dataset card shows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from recon_data.curation.report.chart import Marks

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

_RC: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#dddddd",
    "legend.frameon": False,
    "svg.fonttype": "none",  # text stays text in the page: selectable, searchable, small
    "figure.dpi": 100,
}

Series = tuple[str, Sequence[float | None], str]  # (legend label, one value per row, colour)


@contextlib.contextmanager
def style(salt: str) -> Iterator[None]:
    """Matplotlib's defaults plus ours, for one chart; `salt` makes its SVG ids its own."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(_RC)
        matplotlib.rcParams["svg.hashsalt"] = salt
        yield


def hbars(
    ax: Axes,
    rows: Sequence[str],
    series: Sequence[Series],
    marks: Marks,
    *,
    tip: Callable[[str, str, float], str],
    stacked: bool = False,
    label: Callable[[float], str] | None = None,
    keep_zero: bool = False,
) -> None:
    """Horizontal bars, one row per label (top to bottom), grouped or stacked by series.

    Missing values draw no bar; zero values draw none either (a count of nothing), unless
    `keep_zero` (a rate of 0% is a result: its bar has no length but is labelled). In a
    group, only the series with a value in that row take a slot, so a series present in one
    row only (the paper's totals) leaves no gaps in the others. `label` writes each grouped
    bar's value at its end.
    """
    # slots[i][k]: the position of series k in row i among the series with a value there.
    slots = [
        {k: n for n, k in enumerate(k for k, s in enumerate(series) if s[1][i] is not None)}
        for i in range(len(rows))
    ]
    height = 0.8 if stacked else 0.8 / max([len(row) for row in slots] + [1])
    left = [0.0] * len(rows)
    for k, (name, values, colour) in enumerate(series):
        for i, value in enumerate(values):
            if value is None or (value == 0 and not keep_zero):
                continue
            middle = (len(slots[i]) * height) / 2
            y = i if stacked else i - middle + height * (slots[i][k] + 0.5)
            start = left[i] if stacked else 0.0
            (bar,) = ax.barh([y], [value], height=height, left=[start], color=colour)
            marks.add(bar, "bar", tip(rows[i], name, value))
            if stacked:
                left[i] += value
            elif label is not None:
                ax.annotate(
                    label(value),
                    (start + value, y),
                    xytext=(2, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                )
    longest = max((v for s in series for v in s[1] if v), default=0.0)
    if longest > 0 and label is not None and not stacked:
        ax.set_xlim(0, longest * 1.12)  # room for the value written after the longest bar
    ax.set_yticks(range(len(rows)), list(rows))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)


def heatmap(
    ax: Axes,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    marks: Marks,
    *,
    tip: Callable[[str, str, float | None], str],
    worse_when_high: Sequence[bool] = (),
) -> None:
    """A grid of cells coloured by value in [0, 1], the value written in; missing: a grey dash.

    Columns flagged in `worse_when_high` (failure rates) are shaded white to red, the others
    on viridis, so dark never means good in one column and bad in the next.
    """
    from matplotlib import colormaps
    from matplotlib.patches import Rectangle

    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            value = values[i][j]
            bad = j < len(worse_when_high) and worse_when_high[j]
            face: Any
            if value is None:
                face, text, ink = "#eeeeee", "-", "#555555"
            else:
                shade = min(max(value, 0.0), 1.0)
                face, text = colormaps["Reds" if bad else "viridis"](shade), f"{value:.2f}"
                ink = "white" if (shade > 0.6 if bad else shade < 0.6) else "black"
            cell = Rectangle((j, i), 1, 1, facecolor=face, edgecolor="white", linewidth=1.5)
            ax.add_patch(cell)
            marks.add(cell, "cell", tip(row, column, value))
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", color=ink, fontsize=8)
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([j + 0.5 for j in range(len(columns))], list(columns), rotation=30, ha="right")
    ax.set_yticks([i + 0.5 for i in range(len(rows))], list(rows))
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)


def legend_above(fig: Any, entries: Sequence[tuple[str, str]]) -> None:
    """One legend for the figure, above the plots: (label, colour) per entry, drawn or not."""
    from matplotlib.patches import Patch

    if entries:
        handles = [Patch(facecolor=colour, label=name) for name, colour in entries]
        fig.legend(handles=handles, loc="outside upper center", ncols=min(len(entries), 6))


def height_for(rows: float, *, per_row: float = 0.32, extra: float = 1.4) -> float:
    """A figure height (inches) that gives every row of a bar chart room for its label."""
    return round(extra + per_row * max(rows, 1), 2)

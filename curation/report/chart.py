"""What a chart is before it is drawn: its key, words, size, drawing function and numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recon_data.categories import BY_SLUG, CATEGORY_SLUGS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Okabe-Ito: told apart by readers with any common colour-vision deficiency.
SERIES_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
# The paper's own numbers are drawn in greys, so they never pass for one of ours.
PAPER_COLOURS = ("#9a9a9a", "#6f6f6f", "#474747", "#bdbdbd")


@dataclass
class Marks:
    """The bars and cells of one chart, in drawing order, each with its hover text.

    Every mark gets the matplotlib gid `mark-N`; the SVG writer turns it into `class="bar"` or
    `class="cell"` and a `<title>`, so the page shows the exact value on hover and a test can
    count what was drawn.
    """

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, artist: Any, kind: str, tip: str) -> None:
        """Tag one drawn artist as a mark of `kind` ("bar" or "cell") with hover text `tip`."""
        artist.set_gid(f"mark-{len(self.items)}")
        self.items.append((kind, tip))


@dataclass(frozen=True)
class Table:
    """The numbers behind a chart, shown under it on the page."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """One chart: a key unique in its page, title, caption (what and from which file), drawing."""

    key: str
    title: str
    caption: str
    size: tuple[float, float]  # inches at 100 dpi
    draw: Callable[[Figure, Marks], None]
    table: Table


@dataclass(frozen=True)
class Note:
    """A chart that could not be drawn, and why (shown in its place)."""

    key: str
    title: str
    text: str


# Rows a chart draws at most: a results file may name any number of categories or games, and
# a chart of thousands of rows is neither readable nor quick to draw. The table lists them all.
MAX_ROWS = 40


def capped(rows: list[str]) -> tuple[list[str], str]:
    """The rows to draw and, when some are left out, the sentence for the caption."""
    if len(rows) <= MAX_ROWS:
        return rows, ""
    return rows[
        :MAX_ROWS
    ], f" Only the first {MAX_ROWS} of {len(rows):,} rows are drawn; the table lists all."


def category_order(slugs: Any) -> list[str]:
    """Category slugs in the paper's order, then any unknown ones sorted."""
    present = set(slugs)
    known = [c for c in CATEGORY_SLUGS if c in present]
    return known + sorted(present - set(known))


def category_name(slug: str) -> str:
    """The category's display name (the slug itself for an unknown one)."""
    category = BY_SLUG.get(slug)
    return category.name if category is not None else slug


def pct(x: float | None) -> str:
    """A share as a percentage with one decimal, or a dash."""
    return "-" if x is None else f"{100 * x:.1f}%"


def num(x: float | None, digits: int = 2) -> str:
    """A number with fixed decimals, or a dash."""
    return "-" if x is None else f"{x:.{digits}f}"

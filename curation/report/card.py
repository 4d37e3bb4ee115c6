"""The dataset card's charts: corpus and audit charts as PNG files beside README.md, with alt text.

`recon-data export` (and so `push`) calls `write_card_charts` on the corpus it exports and puts
`charts_section` in the card. The Hub shows images a card references by a relative path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from recon_data.curation.report.chart import Chart, category_name, pct

if TYPE_CHECKING:
    from recon_data.curation.report.audit_charts import AuditView
    from recon_data.curation.report.corpus_charts import CorpusCounts

IMAGES = "images"
# The charts a card can show, in its order; a corpus without auditable or multiple-choice
# items leaves the ones it has no data for out.
CARD_CHARTS = ("corpus-categories", "audit-verdicts", "audit-position", "audit-content")
_MEMO_SIZE = 4
# The audit is the slow part (seconds on the release) and depends only on the corpus files,
# which the manifest's checksums pin: exports of one corpus in one process audit it once.
_AUDITS: dict[str, AuditView] = {}


def card_image_paths() -> list[str]:
    """Every image path a card can reference, relative to the export (all of them for the release)."""
    return [f"{IMAGES}/{key}.png" for key in CARD_CHARTS]


@dataclass(frozen=True)
class CardImage:
    """One chart written for the card: its path in the export, alt text and caption."""

    path: str
    alt: str
    caption: str


def write_card_charts(root: Path, folder: Path) -> tuple[CardImage, ...]:
    """Draw the corpus and audit charts of the corpus folder `root` as PNGs under `folder`/images."""
    from recon_data.curation.report.audit_charts import (
        content_chart,
        position_chart,
        verdicts_chart,
    )
    from recon_data.curation.report.corpus_charts import categories_chart, count_corpus
    from recon_data.curation.report.render import png

    counts = count_corpus(root, "this dataset")
    view = _audit(root)
    charts = [
        (categories_chart(counts), _categories_alt(counts)),
        (verdicts_chart([view]), _verdicts_alt(view)),
        (position_chart([view]), _position_alt(view)),
        (content_chart([view]), _content_alt(view)),
    ]
    written = []
    (folder / IMAGES).mkdir(parents=True, exist_ok=True)
    for chart, alt in charts:
        if not isinstance(chart, Chart):
            continue  # nothing to draw for this corpus (no auditable or multiple-choice item)
        rel = f"{IMAGES}/{chart.key}.png"
        (folder / rel).write_bytes(png(chart))
        written.append(CardImage(rel, alt, _card_caption(chart)))
    return tuple(written)


def charts_section(images: Sequence[CardImage]) -> str:
    """The card's `## Charts` section referencing each image (empty when there is none)."""
    if not images:
        return ""
    rows = [
        "## Charts\n\n",
        "Drawn from this corpus by `recon-data export`; `recon-data report` draws them (and "
        "more) as one HTML page, with every number in a table.\n",
    ]
    for image in images:
        alt = " ".join(image.alt.replace("[", "(").replace("]", ")").split())
        rows.append(f"\n![{alt}]({image.path})\n\n*{image.caption}*\n")
    return "".join(rows)


def _audit(root: Path) -> AuditView:
    from recon_data.curation.report.audit_charts import audit_view

    key = hashlib.sha256((root / "manifest.json").read_bytes()).hexdigest()
    if key not in _AUDITS:
        while len(_AUDITS) >= _MEMO_SIZE:
            del _AUDITS[next(iter(_AUDITS))]
        _AUDITS[key] = audit_view(root, "this dataset")
    return _AUDITS[key]


def _card_caption(chart: Chart) -> str:
    # The page's captions name the corpus by its path; the card's describe this dataset.
    return chart.caption.replace("`this dataset`", "this dataset").replace("*", "")


def _categories_alt(counts: CorpusCounts) -> str:
    train, eval_, cot = (counts.by_category[p] for p in ("train", "eval", "cot"))
    top = max(train.items(), key=lambda kv: (kv[1], kv[0]), default=("-", 0))
    return (
        f"Bar chart of items per category: {len(set(train) | set(eval_))} categories, "
        f"{sum(train.values()):,} train and {sum(eval_.values()):,} eval problems and "
        f"{sum(cot.values()):,} reasoning traces; most train problems: {category_name(top[0])} "
        f"({top[1]:,})."
    )


def _verdicts_alt(view: AuditView) -> str:
    from recon_data.curation.report.audit_charts import statuses_of

    totals = {s: sum(row.get(s, 0) for row in view.verdicts.values()) for s in statuses_of([view])}
    parts = ", ".join(f"{n:,} {s}" for s, n in totals.items())
    return (
        f"Stacked bar chart of the gold-label audit's verdicts in {len(view.verdicts)} "
        f"computable categories: {parts}."
    )


def _position_alt(view: AuditView) -> str:
    # Per category, the share of golds at its most common position.
    shares = {c: max(row.values()) / sum(row.values()) for c, row in view.position.items() if row}
    worst = max(shares.items(), key=lambda kv: (kv[1], kv[0]), default=("-", 0.0))
    return (
        f"Stacked bar chart of where the gold sits among the options in {len(shares)} "
        f"multiple-choice categories; most skewed: {category_name(worst[0])}, "
        f"{pct(worst[1])} of its golds at one position."
    )


def _content_alt(view: AuditView) -> str:
    top = max(view.content.items(), key=lambda kv: (kv[1].share, kv[0]), default=None)
    if top is None:
        return "Bar chart of the most common gold content per category."
    return (
        f"Bar chart of the share of each category's golds with its most common content; "
        f"highest: {category_name(top[0])}, {pct(top[1].share)} of its golds are "
        f"'{top[1].content[:60]}'."
    )

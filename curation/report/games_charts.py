"""Game charts: Table 4 as a games x model heatmap beside the paper's, and each file's rates."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from recon_data.curation.report.chart import Chart, Marks, Table, capped, num
from recon_data.curation.report.draw import heatmap
from recon_data.curation.report.results import GamesResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure

OVERALL = "overall"
# The paper's per-game columns name the GRPO model "Recon-GRPO"; its overall row calls it Recon-RL.
_OVERALL_ALIASES = {"Recon-GRPO": "Recon-RL"}
WORSE_WHEN_HIGH = ("format_failure_rate", "abnormal_rate")
_METRIC_NAMES = {
    "ne_rate": "NE rate",
    "pareto_ne_rate": "Pareto NE rate",
    "spe_rate": "SPE-path rate",
    "format_failure_rate": "format failures",
    "win_rate": "win rate",
    "win_rate_all": "win rate (all matches)",
    "abnormal_rate": "abnormal matches",
}


def paper_reference(results: Sequence[GamesResult]) -> tuple[dict[str, Any], str]:
    """The Table 4 reference block: the first file's `protocol.reference`, else the library's."""
    for r in results:
        if r.kind == "selfplay" and r.reference:
            return r.reference, f"the `protocol.reference` of `{r.path}`"
    from recon_data.games.report import REFERENCE

    return dict(REFERENCE), "recon_data.games.report.REFERENCE"


def table4_chart(results: Sequence[GamesResult], labels: Mapping[str, str]) -> Chart | None:
    """Games x (each file, each paper model): the Table 4 measure; None without self-play files."""
    selfplay = [r for r in results if r.kind == "selfplay"]
    if not selfplay:
        return None
    reference, ref_source = paper_reference(selfplay)
    # A model's block maps games to rates; summary blocks (`overall`, `table4`) map models.
    paper = {
        name: block
        for name, block in reference.items()
        if name not in ("source", OVERALL)
        and isinstance(block, dict)
        and all(isinstance(v, (int, float)) for v in block.values())
    }
    totals = reference.get(OVERALL)
    paper_overall: dict[str, Any] = totals if isinstance(totals, dict) else {}
    games = list(dict.fromkeys(g for r in selfplay for g in r.games))
    rows = [*games, OVERALL]
    columns = [f"{labels[r.path]} ({r.player})" for r in selfplay] + [f"paper: {p}" for p in paper]
    values: list[list[float | None]] = []
    for game in rows:
        line = [r.headline.get(game) for r in selfplay]
        for name, block in paper.items():
            if game == OVERALL:
                alias = _OVERALL_ALIASES.get(name, "")
                line.append(_number(paper_overall.get(name, paper_overall.get(alias))))
            else:
                line.append(_number(block.get(game)))
        values.append(line)
    drawn, cut = _drawn(games, values)
    source = reference.get("source") or "Recon, Table 4"
    return Chart(
        key="games-table4",
        title="Self-play equilibrium rates beside the paper's Table 4",
        caption=(
            "Table 4's measure per game (the share of self-play trials whose outcome is a Nash "
            "equilibrium in matrix games, or follows the subgame-perfect path in trees; "
            "`overall.table4` where the file has it, else the mean over the file's games) from "
            + ", ".join(f"`{r.path}`" for r in selfplay)
            + f"; paper columns: {source}, read from {ref_source}.{cut}"
        ),
        size=(2.0 + 1.1 * len(columns), 1.6 + 0.34 * len(drawn[0])),
        draw=_heatmap_draw(drawn[0], columns, drawn[1]),
        table=_table(rows, columns, values),
    )


def metrics_chart(result: GamesResult, label: str, index: int) -> Chart:
    """Games x rate metrics of one file, its overall averages as the last row."""
    games = list(result.games)
    rows = [*games, OVERALL]
    columns = [_METRIC_NAMES.get(m, m) for m in result.metrics]
    values = [[result.games[g][m] for m in result.metrics] for g in games]
    values.append([result.overall.get(m) for m in result.metrics])
    drawn, cut = _drawn(games, values)
    if result.kind == "gtbench":
        what = (
            "GTBench rates per game (win rate over valid matches, over all matches, abnormal "
            "matches, format failures)"
        )
        ref = ", ".join(
            f"{k} {v:.2f}" for k, v in result.reference.items() if isinstance(v, (int, float))
        )
        paper = f"; the paper's Table 5 overall win rates: {ref}" if ref else ""
    else:
        what = (
            "Self-play rates per game (NE rate; Pareto-optimal NE rate on matrix games; "
            "subgame-perfect path rate on trees; replies that did not parse to a legal action)"
        )
        paper = ""
    return Chart(
        key=f"games-metrics-{index}",
        title=f"Game rates: {label}",
        caption=f"{what} of {result.player}, from `{result.path}`; a dash: the rate does not "
        f"apply{paper}.{cut}",
        size=(2.4 + 1.1 * len(columns), 1.6 + 0.34 * len(drawn[0])),
        draw=_heatmap_draw(
            drawn[0], columns, drawn[1], [m in WORSE_WHEN_HIGH for m in result.metrics]
        ),
        table=_table(rows, columns, values),
    )


def _drawn(
    games: list[str], values: list[list[float | None]]
) -> tuple[tuple[list[str], list[list[float | None]]], str]:
    """The rows to draw (at most MAX_ROWS games, then overall) and the caption's note."""
    kept, cut = capped(games)
    return ([*kept, OVERALL], [*values[: len(kept)], values[-1]]), cut


def _heatmap_draw(
    rows: list[str],
    columns: list[str],
    values: list[list[float | None]],
    worse_when_high: Sequence[bool] = (),
) -> Callable[[Figure, Marks], None]:
    def draw(fig: Figure, marks: Marks) -> None:
        ax = fig.subplots()
        heatmap(
            ax, rows, columns, values, marks, tip=lambda r, c, v: f"{r}, {c}: {num(v)}",
            worse_when_high=worse_when_high,
        )  # fmt: skip
        ax.axhline(len(rows) - 1, color="black", linewidth=1)  # the overall row below a rule

    return draw


def _table(rows: list[str], columns: list[str], values: list[list[float | None]]) -> Table:
    return Table(
        ("game", *columns),
        tuple((r, *(num(v) for v in line)) for r, line in zip(rows, values, strict=True)),
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

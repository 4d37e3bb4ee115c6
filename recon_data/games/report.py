"""The `games eval` report: per-game and overall scores, the protocol, Recon's Table 4 beside them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recon_data.games.env import Episode
from recon_data.games.hua2024 import PAPER_TABLE4, PAPER_TABLE4_OVERALL
from recon_data.games.scoring import overall, score_games
from recon_data.games.spec import GameSpec

REFERENCE = {
    "source": "Recon (Table 4): self-play, 20 trials, temperature 0.6; NE rate of the five "
    "matrix games, SPE-path rate of the five trees; overall = their mean (our overall.table4)",
    "R1-Distill-Qwen-7B": {name: pair[0] for name, pair in PAPER_TABLE4.items()},
    "Recon-GRPO": {name: pair[1] for name, pair in PAPER_TABLE4.items()},
    "table4": {
        "R1-Distill-Qwen-7B": {"simultaneous": 0.39, "sequential": 0.79, "overall": 0.59},
        "Recon-GRPO": {"simultaneous": 0.51, "sequential": 0.86, "overall": 0.69},
    },
    "overall": PAPER_TABLE4_OVERALL,
}


def build_report(
    specs: Sequence[GameSpec], episodes: list[Episode], protocol: dict[str, Any]
) -> dict[str, Any]:
    """The report `games eval --json` prints: {"games": ..., "overall": ..., "protocol": ...}."""
    blocks = {s.name: score_games(s, [e for e in episodes if e.game == s.name]) for s in specs}
    protocol = {**protocol, "reference": REFERENCE}
    return {"games": blocks, "overall": overall(blocks), "protocol": protocol}


def write_transcripts(episodes: list[Episode], path: Path | str, *, force: bool = False) -> Path:
    """Save every episode (every reply, prompt and parse) as JSON Lines, atomically."""
    from recon_data.errors import ReconDataError
    from recon_data.storage import atomic_write_text, check_output_file, dumps_record

    out = check_output_file(path)
    if out.exists() and not force:
        raise ReconDataError("output exists; pass --force to replace it", file=str(out))
    atomic_write_text(out, "".join(dumps_record(e.to_dict()) + "\n" for e in episodes))
    return out


def render_report(report: dict[str, Any], console: Any) -> None:
    """Print the per-game table with Recon's Table 4 columns and the protocol line."""
    from rich import box
    from rich.table import Table

    def cell(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    table = Table(
        title="Self-play scores",
        caption="T4: the Table 4 measure (NE, or SPE path in trees); paper: R1-Distill / GRPO",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    # Pareto-NE and the counts of forfeits stay in the JSON; the table fits 80 columns.
    columns = ("game", "n", "T4", "NE", "SPE", "NashO", "fb", "fmt", "regret")
    for name in columns:
        table.add_column(name, justify="left" if name == "game" else "right", no_wrap=True)
    table.add_column("paper", justify="right", style="dim", no_wrap=True)
    rows = [*report["games"].items(), ("overall", report["overall"])]
    for name, b in rows:
        paper = PAPER_TABLE4.get(name)
        ref = f"{paper[0]:.2f}/{paper[1]:.2f}" if paper else ""
        t4 = b.get("table4_rate")
        if name == "overall":
            table.add_section()
            t4 = b["table4"]
            ref = "0.59/0.69" if set(report["games"]) >= set(PAPER_TABLE4) else ""
        table.add_row(
            name, str(b["trials"]), cell(t4), cell(b["ne_rate"]), cell(b["spe_rate"]),
            cell(b["nash_outcome_rate"]), str(b["fallback_outcomes"]),
            cell(b["format_failure_rate"]), cell(b["mean_regret"]), ref,
        )  # fmt: skip
    console.print(table)
    p = report["protocol"]
    who = p.get("policy") or p.get("model")
    temperature = p.get("temperature") if p.get("temperature") is not None else "-"
    console.print(
        f"{who}: {p['trials']} trials per game, temperature {temperature}, seeds "
        f"{p['seed']}..{p['seed'] + p['trials'] - 1}, parser {p['parser']}, "
        f"{p['max_retries']} retries then {p['fallback']}",
        highlight=False,
    )
    console.print(
        "[dim]fb: outcomes a fallback move entered, counted as no equilibrium; NashO: the "
        "trees' looser Nash-outcome rate, not Table 4's measure[/]"
    )

"""Exact scores of played episodes: equilibrium rates, regret of each move, format failures.

- NE rate: simultaneous games, the share of trials whose profile is a pure Nash equilibrium;
  trees, the share whose path is a Nash outcome (some pure NE of the strategic form plays it).
- Pareto NE rate (simultaneous): the profile is an equilibrium no other pure equilibrium
  Pareto-dominates (Stag Hunt's (choice_1, choice_1)); null for trees.
- SPE rate (trees): the path is a subgame-perfect path (ties kept); null for matrix games.
- Regret of a move: the mover's best payoff minus the move's payoff, against the opponent's
  actual action (simultaneous) or with subgame-perfect play after the move (trees, ties
  broken toward the first-listed action). Moves a fallback chose are not the player's and
  are left out; a forfeited trial counts as no equilibrium.
- Format-failure rate: replies that did not parse to a legal action, over all replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.games.env import Choice, Episode
from recon_data.games.spec import GameSpec

METRICS = ("ne_rate", "pareto_ne_rate", "spe_rate", "format_failure_rate", "mean_regret")


@dataclass(frozen=True)
class MoveValue:
    """A decision with the value (to every player) of each legal action, and the chosen one's regret."""

    choice: Choice
    values: dict[str, tuple[Fraction, ...]]
    regret: Fraction


def move_values(spec: GameSpec, episode: Episode) -> list[MoveValue]:
    """Every decision of an episode with each legal action's value and the chosen action's regret."""
    out = []
    for choice in episode.choices:
        if spec.kind == "sequential":
            values = spec.spe.action_values[choice.history]
        else:
            if episode.outcome is None:
                continue  # the other seat forfeited: there is no action to respond to
            other = episode.outcome[1 - choice.player]
            values = {
                a: spec.payoffs((a, other) if choice.player == 0 else (other, a))
                for a in choice.legal
            }
        best = max(v[choice.player] for v in values.values())
        out.append(MoveValue(choice, values, best - values[choice.action][choice.player]))
    return out


def _index(spec: GameSpec, outcome: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(int(a.split("_")[1]) - 1 for a in outcome)


def score_games(spec: GameSpec, episodes: list[Episode]) -> dict[str, Any]:
    """The per-game block of the report: trials and the five metrics (None where they do not apply)."""
    n = len(episodes)
    done = [e.outcome for e in episodes if e.outcome is not None]
    replies = sum(len(e.moves) for e in episodes)
    failures = sum(m.status != "ok" for e in episodes for m in e.moves)
    regrets = [
        mv.regret for e in episodes for mv in move_values(spec, e) if not mv.choice.by_fallback
    ]
    if spec.kind == "simultaneous":
        ne = set(spec.pure_nash)
        pareto = set(spec.pareto_nash)
        ne_hits = sum(_index(spec, o) in ne for o in done)
        pareto_rate: float | None = sum(_index(spec, o) in pareto for o in done) / n
        spe_rate: float | None = None
    else:
        outcomes, spe_paths = set(spec.nash_outcomes), set(spec.spe.paths)
        ne_hits = sum(o in outcomes for o in done)
        pareto_rate = None
        spe_rate = sum(o in spe_paths for o in done) / n
    return {
        "trials": n,
        "ne_rate": ne_hits / n,
        "pareto_ne_rate": pareto_rate,
        "spe_rate": spe_rate,
        "format_failure_rate": failures / replies if replies else 0.0,
        "mean_regret": float(sum(regrets) / len(regrets)) if regrets else None,
    }


def overall(blocks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Macro averages over games (as Table 4 averages its games); None where no game has the metric."""
    out: dict[str, Any] = {"trials": sum(b["trials"] for b in blocks.values())}
    for key in METRICS:
        values = [b[key] for b in blocks.values() if b[key] is not None]
        out[key] = sum(values) / len(values) if values else None
    return out

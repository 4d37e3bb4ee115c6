"""Exact scores of played episodes: equilibrium rates, regret of each move, format failures.

- NE rate (simultaneous games): the share of trials whose profile is a pure Nash equilibrium.
- Pareto NE rate (simultaneous): the profile is an equilibrium no other pure equilibrium
  Pareto-dominates (Stag Hunt's (choice_1, choice_1)).
- SPE-path rate (trees): the path is a subgame-perfect path (ties kept).
- Nash-outcome rate (trees): the path is played by some pure NE of the strategic form (a
  looser measure: Monopoly's non-credible (stay out) counts).
- Table 4 rate: the paper's measure, the NE rate of a simultaneous game and the SPE-path
  rate of a tree; `overall.table4` is its mean over the games (Recon Table 4 "overall").
- Every rate is over all trials. An outcome some fallback move entered (`--fallback
  random`) is not the players' own: it counts as no equilibrium and is reported apart
  (`fallback_outcomes`), as is a forfeited trial (`forfeits`).
- Regret of a move: the mover's best payoff minus the move's payoff, against the opponent's
  actual action (simultaneous) or with subgame-perfect play after the move (trees, ties
  broken toward the first-listed action). Moves a fallback chose are left out.
- Format-failure rate: replies that did not read as a legal action, over all replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.games.env import Choice, Episode
from recon_data.games.spec import GameSpec

METRICS = (
    "table4_rate",
    "ne_rate",
    "pareto_ne_rate",
    "spe_rate",
    "nash_outcome_rate",
    "format_failure_rate",
    "mean_regret",
)


@dataclass(frozen=True)
class MoveValue:
    """A decision with the value (to every player) of each legal action, and the chosen one's regret."""

    choice: Choice
    values: dict[str, tuple[Fraction, ...]]
    regret: Fraction


def move_values(spec: GameSpec, episode: Episode) -> list[MoveValue]:
    """Every decision of an episode with each legal action's value and the chosen action's regret."""
    if spec.kind == "repeated":
        from recon_data.games.repeated_solve import move_values as repeated_values

        return [MoveValue(*row) for row in repeated_values(spec, episode)]  # type: ignore[arg-type]
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


def own_outcome(episode: Episode) -> tuple[str, ...] | None:
    """The outcome when the players' own replies chose every move; None otherwise."""
    if episode.outcome is None or any(c.by_fallback for c in episode.choices):
        return None
    return episode.outcome


def score_games(spec: GameSpec, episodes: list[Episode]) -> dict[str, Any]:
    """The per-game block of the report: trials, the rates (None where one does not apply)."""
    if spec.kind == "repeated":
        from recon_data.games.repeated_solve import score_repeated

        return score_repeated(spec, episodes)  # type: ignore[arg-type]
    n = len(episodes)
    own = [o for o in map(own_outcome, episodes) if o is not None]
    replies = sum(len(e.moves) for e in episodes)
    failures = sum(m.status != "ok" for e in episodes for m in e.moves)
    regrets = [
        mv.regret for e in episodes for mv in move_values(spec, e) if not mv.choice.by_fallback
    ]
    rates: dict[str, float | None] = dict.fromkeys(METRICS[:5])
    if spec.kind == "simultaneous":
        ne, pareto = set(spec.pure_nash), set(spec.pareto_nash)
        rates["ne_rate"] = _share(sum(_index(spec, o) in ne for o in own), n)
        rates["pareto_ne_rate"] = _share(sum(_index(spec, o) in pareto for o in own), n)
        rates["table4_rate"] = rates["ne_rate"]
    else:
        outcomes, spe_paths = set(spec.nash_outcomes), set(spec.spe.paths)
        rates["spe_rate"] = _share(sum(o in spe_paths for o in own), n)
        rates["nash_outcome_rate"] = _share(sum(o in outcomes for o in own), n)
        rates["table4_rate"] = rates["spe_rate"]
    return {
        "trials": n,
        **rates,
        "fallback_outcomes": sum(e.outcome is not None for e in episodes) - len(own),
        "forfeits": sum(e.outcome is None for e in episodes),
        "format_failure_rate": failures / replies if replies else 0.0,
        "mean_regret": float(sum(regrets) / len(regrets)) if regrets else None,
    }


def _share(hits: int, n: int) -> float | None:
    return hits / n if n else None


def overall(blocks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Macro averages over games; `table4` is Recon's Table 4 overall (see the module doc).

    `table4_simultaneous` and `table4_sequential` are the means over the matrix games and
    over the trees, as Table 4 prints them; None where no game has the metric.
    """
    out: dict[str, Any] = {"trials": sum(b["trials"] for b in blocks.values())}
    out["table4"] = _mean([b["table4_rate"] for b in blocks.values()])
    out["table4_simultaneous"] = _mean([b["ne_rate"] for b in blocks.values()])
    out["table4_sequential"] = _mean([b["spe_rate"] for b in blocks.values()])
    for key in METRICS[1:]:
        out[key] = _mean([b[key] for b in blocks.values()])
    out["fallback_outcomes"] = sum(b["fallback_outcomes"] for b in blocks.values())
    out["forfeits"] = sum(b["forfeits"] for b in blocks.values())
    return out


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None

"""Subgame-perfect play of a finitely repeated game: pure strategies, every action observed.

The sets of pure subgame-perfect payoffs are built round by round (our own exact solver):
V_0 = {(0, 0)}, and a vector u(a) + v (a stage profile `a`, a continuation v in V_{r-1})
is in V_r when no player gains by a one-round deviation that is then punished by the
remaining game's subgame-perfect equilibrium worst for the deviator:

    u_i(a) + v_i >= max_{a_i'} u_i(a_i', a_-i) + p_i(r - 1),   p_i(r) = min over V_r of w_i.

A path of play (one profile a round) is played by some pure subgame-perfect equilibrium
exactly when that inequality holds in every round, with v the payoff of the rest of the
path (the one-shot deviation principle; the punishments are themselves equilibria). The
last round must be a stage Nash equilibrium, and with a unique stage equilibrium (the
Prisoner's Dilemma) the only path is that equilibrium in every round; with two (Stag
Hunt, Battle of the Sexes) threats of switching to the worse one sustain other paths.

The canonical equilibrium, used for exact move values: the first pure stage equilibrium
in every round, whatever happened (an equilibrium since each round is a stage
equilibrium). Its continuation does not depend on this round's action, so an action's
exact value is its stage payoff against the opponent's actual action (as in a matrix
game) plus the payoffs so far and those of the canonical continuation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.env import Choice, Episode
from recon_data.games.repeated import RepeatedSpec

Payoffs = tuple[Fraction, ...]


@dataclass(frozen=True)
class RepeatedSolution:
    """Every round count's pure SPE payoff set, its punishments, and the canonical stage equilibrium."""

    values: tuple[frozenset[Payoffs], ...]  # V_0 ... V_R
    punishments: tuple[Payoffs | None, ...]  # p(r): componentwise minima of V_r; None if empty
    canonical: tuple[int, int] | None  # first pure stage equilibrium (None: no pure SPE)


def _deviation_payoffs(spec: RepeatedSpec, a: int, b: int) -> Payoffs:
    """Each seat's best stage payoff when it alone changes its action in profile (a, b)."""
    game = spec.matrix
    assert game is not None
    rows, cols = game.shape
    return (
        max(game.payoff((i, b))[0] for i in range(rows)),
        max(game.payoff((a, j))[1] for j in range(cols)),
    )


def solve(spec: RepeatedSpec) -> RepeatedSolution:
    """The pure SPE payoff sets V_0..V_R and punishments of a repeated game."""
    game = spec.matrix
    assert game is not None
    profiles = [(a, b) for a in range(game.shape[0]) for b in range(game.shape[1])]
    stage = {q: (game.payoff(q), _deviation_payoffs(spec, *q)) for q in profiles}
    values: list[frozenset[Payoffs]] = [frozenset({(Fraction(0), Fraction(0))})]
    punishments: list[Payoffs | None] = [(Fraction(0), Fraction(0))]
    for _ in range(spec.rounds):
        before, punish = values[-1], punishments[-1]
        found: set[Payoffs] = set()
        if punish is not None:
            for u, dev in stage.values():
                for v in before:
                    if all(u[i] + v[i] >= dev[i] + punish[i] for i in (0, 1)):
                        found.add((u[0] + v[0], u[1] + v[1]))
        values.append(frozenset(found))
        punishments.append((min(w[0] for w in found), min(w[1] for w in found)) if found else None)
    nash = spec.pure_nash
    canonical = (nash[0][0], nash[0][1]) if nash else None
    return RepeatedSolution(tuple(values), tuple(punishments), canonical)


@cache
def solution(spec: RepeatedSpec) -> RepeatedSolution:
    """`solve(spec)`, computed once per game."""
    return solve(spec)


def _rounds(path: tuple[str, ...]) -> list[tuple[int, int]]:
    return [
        (int(path[k].split("_")[1]) - 1, int(path[k + 1].split("_")[1]) - 1)
        for k in range(0, len(path) - 1, 2)
    ]


def is_spe_path(spec: RepeatedSpec, path: tuple[str, ...]) -> bool:
    """True when some pure subgame-perfect equilibrium plays this complete path."""
    game = spec.matrix
    assert game is not None
    rounds = _rounds(path)
    if len(rounds) != spec.rounds:
        raise ReconDataError(f"game {spec.name}: path {list(path)} does not end the game")
    solved = solution(spec)
    later = [Fraction(0), Fraction(0)]  # payoffs of the rounds after the one checked
    for t in range(spec.rounds - 1, -1, -1):
        punish = solved.punishments[spec.rounds - 1 - t]
        if punish is None:
            return False
        u, dev = game.payoff(rounds[t]), _deviation_payoffs(spec, *rounds[t])
        if any(u[i] + later[i] < dev[i] + punish[i] for i in (0, 1)):
            return False
        later = [later[i] + u[i] for i in (0, 1)]
    return True


def is_stage_nash_path(spec: RepeatedSpec, path: tuple[str, ...]) -> bool:
    """True when every round's profile is a pure Nash equilibrium of the stage game."""
    equilibria = set(spec.pure_nash)
    return all(q in equilibria for q in _rounds(path))


def _canonical(spec: RepeatedSpec) -> Payoffs:
    """Stage payoffs of the canonical equilibrium (a user error when there is none)."""
    canonical = solution(spec).canonical
    if canonical is None:
        raise ReconDataError(
            f"game {spec.name}: the stage game has no pure equilibrium, so no pure "
            "subgame-perfect continuation to value moves by"
        )
    return spec.matrix.payoff(canonical)  # type: ignore[union-attr]


def action_payoffs(
    spec: RepeatedSpec, player: int, history: tuple[str, ...], action: str, other: str
) -> Payoffs:
    """Both seats' totals when `player` plays `action` against `other` this round, then
    the canonical equilibrium to the end."""
    pair = (action, other) if player == 0 else (other, action)
    total = spec.partial_payoffs((*history, *pair))
    rest = spec.rounds - len(history) // 2 - 1
    tail = _canonical(spec)
    return tuple(total[p] + rest * tail[p] for p in (0, 1))


def exact_values(
    spec: RepeatedSpec, player: int, history: tuple[str, ...], opponent_action: str
) -> dict[str, Fraction]:
    """The mover's total payoff of each action: rounds so far, this round against the
    opponent's actual action, then the canonical equilibrium to the end."""
    return {
        a: action_payoffs(spec, player, history, a, opponent_action)[player]
        for a in spec.actions(player, history)
    }


def reachable_range(
    spec: RepeatedSpec, player: int, history: tuple[str, ...]
) -> tuple[Fraction, Fraction]:
    """The player's lowest and highest total payoff over every way the game can still go."""
    game = spec.matrix
    assert game is not None
    stage = [game.payoff(q)[player] for q in game.profiles()]
    left = spec.rounds - len(history) // 2
    past = spec.partial_payoffs(history)[player]
    return past + left * min(stage), past + left * max(stage)


def move_values(
    spec: RepeatedSpec, episode: Episode
) -> list[tuple[Choice, dict[str, Payoffs], Fraction]]:
    """Every decision with each action's totals (both seats, canonical continuation) and the
    chosen action's regret (what `scoring.move_values` wraps)."""
    out = []
    for choice in episode.choices:
        if episode.outcome is None:
            continue  # a forfeit: the round may lack the opponent's action to value against
        other = episode.outcome[len(choice.history) + 1 - choice.player]
        values = {
            a: action_payoffs(spec, choice.player, choice.history, a, other) for a in choice.legal
        }
        best = max(v[choice.player] for v in values.values())
        out.append((choice, values, best - values[choice.action][choice.player]))
    return out


def _own(episode: Episode) -> tuple[str, ...] | None:
    """The outcome when the players' own replies chose every move (as `scoring.own_outcome`)."""
    if episode.outcome is None or any(c.by_fallback for c in episode.choices):
        return None
    return episode.outcome


def score_repeated(spec: RepeatedSpec, episodes: list[Episode]) -> dict[str, Any]:
    """The per-game report block of a repeated game, keyed like `scoring.score_games`.

    `spe_rate` (and `table4_rate`): trials whose path some pure subgame-perfect equilibrium
    plays; `stage_nash_rate`: every round a stage equilibrium (a stricter, history-blind
    reading). NE, Pareto-NE and Nash-outcome rates do not apply (null).
    """
    n = len(episodes)
    own = [o for o in map(_own, episodes) if o is not None]
    replies = sum(len(e.moves) for e in episodes)
    failures = sum(m.status != "ok" for e in episodes for m in e.moves)
    regrets = [r for e in episodes for c, _, r in move_values(spec, e) if not c.by_fallback]
    spe = sum(is_spe_path(spec, o) for o in own) / n if n else None
    return {
        "trials": n,
        "table4_rate": spe,
        "ne_rate": None,
        "pareto_ne_rate": None,
        "spe_rate": spe,
        "nash_outcome_rate": None,
        "stage_nash_rate": sum(is_stage_nash_path(spec, o) for o in own) / n if n else None,
        "fallback_outcomes": sum(e.outcome is not None for e in episodes) - len(own),
        "forfeits": sum(e.outcome is None for e in episodes),
        "format_failure_rate": failures / replies if replies else 0.0,
        "mean_regret": float(sum(regrets) / len(regrets)) if regrets else None,
    }

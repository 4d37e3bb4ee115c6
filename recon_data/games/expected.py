"""Exact expected scores of a scripted policy in self-play, by enumeration instead of sampling.

For a policy that needs no model (`random`: uniform over the legal actions at every
decision; `first`, `spe`, `tit-for-tat`: one action), the distribution of outcomes is
computed exactly from the game (every profile of a matrix game, every path of a tree), and
so is every rate `scoring.score_games` reports as trials grow: `games eval --policy random`
converges to `expected_scores(..., "random")["table4"]` (227/720, about 0.315, on hua2024).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.play import CHOOSERS, Request
from recon_data.games.spec import GameSpec

Distribution = dict[tuple[str, ...], Fraction]


def _moves(
    spec: GameSpec, policy: str, player: int, history: tuple[str, ...]
) -> dict[str, Fraction]:
    """The policy's probability of each legal action of `player` after `history`."""
    legal = spec.actions(player, history)
    if policy == "random":
        return {a: Fraction(1, len(legal)) for a in legal}
    request = Request(0, spec, 0, player, history, legal, 0, [])
    return {CHOOSERS[policy](request): Fraction(1)}


def outcome_distribution(spec: GameSpec, policy: str) -> Distribution:
    """The exact probability of every outcome when both seats play `policy`."""
    if policy not in CHOOSERS:
        raise ReconDataError(
            f"no exact expectation for policy {policy!r}; expected one of {', '.join(CHOOSERS)}"
        )
    if spec.kind == "simultaneous":
        out: Distribution = {}
        mine, theirs = _moves(spec, policy, 0, ()), _moves(spec, policy, 1, ())
        for a, p in mine.items():
            for b, q in theirs.items():
                out[(a, b)] = out.get((a, b), Fraction(0)) + p * q
        return out
    paths: Distribution = {}
    stack: list[tuple[tuple[str, ...], Fraction]] = [((), Fraction(1))]
    while stack:
        history, p = stack.pop()
        mover = spec.mover(history)
        if mover is None:
            paths[history] = paths.get(history, Fraction(0)) + p
            continue
        for action, q in _moves(spec, policy, mover, history).items():
            stack.append(((*history, action), p * q))
    return paths


def expected_scores(specs: Sequence[GameSpec], policy: str) -> dict[str, Any]:
    """Exact expected rates per game and `table4` (their Table 4 measure's mean), as Fractions."""
    games: dict[str, dict[str, Fraction | None]] = {}
    for spec in specs:
        dist = outcome_distribution(spec, policy)
        block: dict[str, Fraction | None] = dict.fromkeys(
            ("ne_rate", "pareto_ne_rate", "spe_rate", "nash_outcome_rate")
        )
        if spec.kind == "simultaneous":
            index = {o: tuple(int(a.split("_")[1]) - 1 for a in o) for o in dist}
            block["ne_rate"] = sum(
                (p for o, p in dist.items() if index[o] in spec.pure_nash), Fraction(0)
            )
            block["pareto_ne_rate"] = sum(
                (p for o, p in dist.items() if index[o] in spec.pareto_nash), Fraction(0)
            )
            block["table4_rate"] = block["ne_rate"]
        else:
            spe, nash = set(spec.spe.paths), set(spec.nash_outcomes)
            block["spe_rate"] = sum((p for o, p in dist.items() if o in spe), Fraction(0))
            block["nash_outcome_rate"] = sum((p for o, p in dist.items() if o in nash), Fraction(0))
            block["table4_rate"] = block["spe_rate"]
        games[spec.name] = block
    rates = [b["table4_rate"] for b in games.values() if b["table4_rate"] is not None]
    table4 = sum(rates, Fraction(0)) / len(rates) if rates else None
    return {"games": games, "table4": table4}

"""The Perfectly Transparent Equilibrium (Fourny 2018) by iterated maximin elimination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame, Profile

Rule = Literal["individual_rationality", "pareto"]
RULES = ("individual_rationality", "pareto")


@dataclass(frozen=True)
class PTEResult:
    """Outcome of the elimination: surviving profiles, the trace, and the PTE if unique."""

    profiles: tuple[Profile, ...]
    rule: str
    steps: tuple[dict[str, Any], ...]

    @property
    def pte(self) -> tuple[Profile, ...]:
        """The equilibrium as the release writes it: `(profile,)` if one survives, else `()`."""
        return self.profiles if len(self.profiles) == 1 else ()

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready elimination trace: guarantees and removed profiles per round."""
        return {
            "kind": "pte",
            "rule": self.rule,
            "steps": list(self.steps),
            "surviving": [list(p) for p in self.profiles],
            "pte": [list(p) for p in self.pte],
        }


def perfectly_transparent(game: NormalFormGame, rule: Rule = "individual_rationality") -> PTEResult:
    """Iterate: guarantees = each player's maximin over the surviving profiles; drop profiles.

    `individual_rationality` (the release's golds, games.md) drops a profile where some player
    gets strictly less than its guarantee; `pareto` (the prompt read literally) keeps only
    profiles whose payoffs Pareto-dominate the guarantee vector (>= for all, > for one).
    Rounds stop when one profile is left or nothing is removed; the PTE exists only when
    exactly one profile survives.
    """
    if rule not in RULES:
        raise ReconDataError(f"unknown PTE rule {rule!r}; use one of {', '.join(RULES)}")
    # Scans run on the game's integer-scaled payoffs (one common scale per player, so every
    # comparison is the Fractions' comparison); the trace shows the Fraction values.
    values = game.int_payoffs
    profiles = game.all_profiles
    players = range(game.n_players)
    alive = list(range(len(profiles)))  # flat indices, which are in sorted profile order
    steps: list[dict[str, Any]] = []
    while len(alive) > 1:
        guarantees = [_maximin(values[p], profiles, p, alive) for p in players]
        if len(values) == 2:  # the common case, written out (no generator per profile)
            (v0, v1), g0, g1 = values, guarantees[0][0], guarantees[1][0]
            keep = [x for x in alive if v0[x] >= g0 and v1[x] >= g1]
            if rule == "pareto":
                keep = [x for x in keep if v0[x] > g0 or v1[x] > g1]
        elif rule == "individual_rationality":
            keep = [x for x in alive if all(values[p][x] >= guarantees[p][0] for p in players)]
        else:
            keep = [
                x
                for x in alive
                if all(values[p][x] >= guarantees[p][0] for p in players)
                and any(values[p][x] > guarantees[p][0] for p in players)
            ]
        kept = set(keep)
        removed = [x for x in alive if x not in kept]
        steps.append(
            {
                "round": len(steps) + 1,
                "guarantees": [str(game.table[at][p]) for p, (_, at) in enumerate(guarantees)],
                "removed": [list(profiles[x]) for x in removed],
                "remaining": [list(profiles[x]) for x in keep],
            }
        )
        if not removed:
            break
        alive = keep
    return PTEResult(tuple(profiles[x] for x in alive), rule, tuple(steps))


def _maximin(
    values: tuple[int, ...], profiles: tuple[Profile, ...], player: int, alive: list[int]
) -> tuple[int, int]:
    """The player's maximin over the alive flat indices: (scaled value, an index holding it)."""
    worst: dict[int, int] = {}
    for x in alive:
        action = profiles[x][player]
        if action not in worst or values[x] < values[worst[action]]:
            worst[action] = x
    best = max(worst.values(), key=values.__getitem__)
    return values[best], best

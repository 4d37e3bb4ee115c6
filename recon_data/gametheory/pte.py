"""The Perfectly Transparent Equilibrium (Fourny 2018) by iterated maximin elimination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from recon_data.errors import ReconDataError
from recon_data.gametheory.maximin import maximin
from recon_data.gametheory.normal_form import NormalFormGame, Profile
from recon_data.gametheory.pareto import pareto_dominates

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
    alive = list(game.all_profiles)
    steps: list[dict[str, Any]] = []
    while len(alive) > 1:
        guarantees = tuple(maximin(game, p, alive) for p in range(game.n_players))
        if rule == "individual_rationality":
            keep = [
                x
                for x in alive
                if all(u >= g for u, g in zip(game.payoff(x), guarantees, strict=True))
            ]
        else:
            keep = [x for x in alive if pareto_dominates(game.payoff(x), guarantees)]
        kept = set(keep)
        removed = [x for x in alive if x not in kept]
        steps.append(
            {
                "round": len(steps) + 1,
                "guarantees": [str(g) for g in guarantees],
                "removed": [list(x) for x in removed],
                "remaining": [list(x) for x in keep],
            }
        )
        if not removed:
            break
        alive = keep
    return PTEResult(tuple(alive), rule, tuple(steps))

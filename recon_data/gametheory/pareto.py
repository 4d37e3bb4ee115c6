"""Pareto optimality among pure profiles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from recon_data.gametheory.normal_form import NormalFormGame, Profile


def pareto_dominates(u: Sequence[Fraction], v: Sequence[Fraction]) -> bool:
    """True when payoff vector `u` is at least `v` for everyone and better for someone."""
    return all(a >= b for a, b in zip(u, v, strict=True)) and any(
        a > b for a, b in zip(u, v, strict=True)
    )


def pareto_optimal(
    game: NormalFormGame, profiles: Iterable[Profile] | None = None
) -> tuple[Profile, ...]:
    """Profiles no other profile in the set Pareto-dominates (sorted; over all if None)."""
    pool = sorted(set(game.all_profiles if profiles is None else profiles))
    vectors = [game.payoff(p) for p in pool]
    # distinct vectors suffice: dominance depends only on payoffs
    distinct = set(vectors)
    return tuple(
        p
        for p, u in zip(pool, vectors, strict=True)
        if not any(pareto_dominates(v, u) for v in distinct)
    )

"""The exact mixed minmax of a two-player game: how low the opponent can hold a player.

(Its own module, not `maximin`: importing a submodule named like one of the package's lazy
names would shadow that name.)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.linalg import solve
from recon_data.gametheory.normal_form import NormalFormGame


@dataclass(frozen=True)
class MinmaxResult:
    """A player's mixed minmax value, the opponent's mixture that holds it there, and why.

    `punisher[b]` is the probability the opponent plays action b; `best_replies` are the
    player's pure actions that earn `value` against it (nothing earns more).
    """

    player: int
    value: Fraction
    punisher: tuple[Fraction, ...]
    best_replies: tuple[int, ...]

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready record: the value and the punishing mixture, exact."""
        return {
            "kind": "mixed_minmax",
            "player": self.player,
            "value": str(self.value),
            "punisher": [str(q) for q in self.punisher],
            "best_replies": list(self.best_replies),
        }


@lru_cache(maxsize=4096)
def mixed_minmax(game: NormalFormGame, player: int) -> MinmaxResult:
    """Least payoff the opponent can hold `player` to by mixing: min over mixtures of the
    player's best-reply payoff (two players; exact).

    This is the linear program min v s.t. sum_b M[a][b] y_b <= v for every own action a,
    y a probability vector. Its optimum lies at a vertex, where some support S of y and as
    many of the player's actions R are tight: M[R,S] y_S = v, sum y_S = 1. Every such square
    system is solved exactly; each nonnegative solution is a feasible y whose best-reply
    payoff bounds the minimum from above, and the optimal vertex is among them. Results
    are cached per (game, player): games are immutable values, and the audit asks about one
    game once per option and punishment it reads.
    """
    if game.n_players != 2:
        raise ReconDataError(f"mixed minmax is defined here for two players, got {game.n_players}")
    if player not in (0, 1):
        raise ReconDataError(f"player {player} out of range for a 2-player game")
    own, other = game.shape[player], game.shape[1 - player]

    def pay(a: int, b: int) -> Fraction:
        return game.payoff((a, b) if player == 0 else (b, a))[player]

    matrix = [[pay(a, b) for b in range(other)] for a in range(own)]
    best: tuple[Fraction, tuple[Fraction, ...]] | None = None
    for size in range(1, min(own, other) + 1):
        for support in itertools.combinations(range(other), size):
            for tight in itertools.combinations(range(own), size):
                y = _tight_mixture(matrix, support, tight, other)
                if y is None:
                    continue
                value = max(_dot(row, y) for row in matrix)
                if best is None or (value, y) < best:
                    best = (value, y)
    assert best is not None  # size 1 always gives a pure punisher
    value, y = best
    replies = tuple(a for a, row in enumerate(matrix) if _dot(row, y) == value)
    return MinmaxResult(player, value, y, replies)


def _tight_mixture(
    matrix: list[list[Fraction]], support: tuple[int, ...], tight: tuple[int, ...], width: int
) -> tuple[Fraction, ...] | None:
    """The mixture on `support` making the `tight` rows pay one common value, if unique and >= 0."""
    k = len(support)
    # unknowns: y_s for s in support, then v; rows: M[a,S] y - v = 0 for a in tight, sum y = 1
    rows = [[matrix[a][b] for b in support] + [Fraction(-1)] for a in tight]
    rows.append([Fraction(1)] * k + [Fraction(0)])
    sol = solve(rows, [Fraction(0)] * k + [Fraction(1)])
    if sol.kind != "unique" or sol.point is None or any(q < 0 for q in sol.point[:k]):
        return None
    y = [Fraction(0)] * width
    for b, q in zip(support, sol.point[:k], strict=True):
        y[b] = q
    return tuple(y)


def _dot(row: list[Fraction], y: tuple[Fraction, ...]) -> Fraction:
    return sum((m * q for m, q in zip(row, y, strict=True)), Fraction(0))

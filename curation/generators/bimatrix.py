"""Drawing bimatrix games for the normal-form families (pure_nash, pte, dominance, mixed)."""

from __future__ import annotations

import random
from typing import Any, Self

from pydantic import model_validator

from recon_data.curation.generators.base import GeneratorConfig, need

Matrix = list[list[int]]


class MatrixConfig(GeneratorConfig):
    """Size and payoff range of a two-player game; `ties=False` keeps every player's payoffs distinct."""

    rows: int = 3
    cols: int = 3
    low: int = 0
    high: int = 8
    ties: bool = False

    @model_validator(mode="after")
    def _check_matrix(self) -> Self:
        """Check the size, the range, and that distinct payoffs fit in the range."""
        need(2 <= self.rows <= 8, "rows", f"rows must be 2..8, got {self.rows}")
        need(2 <= self.cols <= 8, "cols", f"cols must be 2..8, got {self.cols}")
        need(self.low < self.high, "high", f"high ({self.high}) must exceed low ({self.low})")
        need(self.low >= -(10**6) and self.high <= 10**6, "low", "payoffs must lie within +-10^6")
        need(
            self.ties or self.high - self.low + 1 >= self.rows * self.cols,
            "high",
            f"a {self.rows}x{self.cols} game with distinct payoffs (ties=false) needs "
            f"{self.rows * self.cols} values, but [low, high] = [{self.low}, {self.high}] holds "
            f"{self.high - self.low + 1}: set high={self.low + self.rows * self.cols - 1} or more, "
            "or ties=true",
        )
        return self


def draw_matrix(rng: random.Random, c: MatrixConfig) -> Matrix:
    """One player's payoff matrix: distinct values (a permutation when the range is tight)."""
    cells = c.rows * c.cols
    if c.ties:
        flat = [rng.randint(c.low, c.high) for _ in range(cells)]
    else:
        flat = rng.sample(range(c.low, c.high + 1), cells)
    return [flat[r * c.cols : (r + 1) * c.cols] for r in range(c.rows)]


def draw_game(rng: random.Random, c: MatrixConfig) -> tuple[Matrix, Matrix, Any]:
    """Return (A, B, NormalFormGame) for a fresh draw."""
    from recon_data.gametheory import NormalFormGame

    a, b = draw_matrix(rng, c), draw_matrix(rng, c)
    return a, b, NormalFormGame.from_bimatrix(a, b)


SIZES = {
    "easy": {"rows": 2, "cols": 2, "low": 0, "high": 3},
    "medium": {"rows": 3, "cols": 3, "low": 0, "high": 8},
    "hard": {"rows": 4, "cols": 4, "low": -20, "high": 20},
}

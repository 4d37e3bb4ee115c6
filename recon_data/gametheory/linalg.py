"""Small exact linear algebra over Fractions (Gaussian elimination), for the solvers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

Matrix = list[list[Fraction]]


def rref(rows: Sequence[Sequence[Fraction]]) -> tuple[Matrix, tuple[int, ...]]:
    """Reduced row echelon form of a matrix and its pivot columns (exact)."""
    m = [[Fraction(x) for x in row] for row in rows]
    if not m:
        return m, ()
    n_cols = len(m[0])
    pivots: list[int] = []
    r = 0
    for c in range(n_cols):
        pivot = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        lead = m[r][c]
        if lead != 1:
            m[r] = [x / lead for x in m[r]]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                factor = m[i][c]
                m[i] = [x - factor * y for x, y in zip(m[i], m[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(m):
            break
    return m, tuple(pivots)


def rank(rows: Sequence[Sequence[Fraction]]) -> int:
    """Rank of a matrix (exact)."""
    return len(rref(rows)[1])


@dataclass(frozen=True)
class Solution:
    """Solution set of A x = b: `kind` is "none", "unique" or "many" (then `point` is one)."""

    kind: str
    point: tuple[Fraction, ...] | None
    nullity: int


def solve(a: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> Solution:
    """Solve A x = b exactly; report no solution, a unique one, or a family (with one point)."""
    n = len(a[0]) if a else 0
    augmented = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    reduced, pivots = rref(augmented)
    if n in pivots:
        return Solution("none", None, 0)
    point = [Fraction(0)] * n
    for row, c in zip(reduced, pivots, strict=False):
        point[c] = row[n]  # free variables set to 0
    nullity = n - len(pivots)
    return Solution("unique" if nullity == 0 else "many", tuple(point), nullity)

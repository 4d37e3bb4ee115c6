"""Exact convex-hull membership: a fast planar path and the general Caratheodory search.

`in_hull` answers "is the target a convex combination of these points?" (closed hull). In the
plane it builds the hull by Andrew's monotone chain and tests orientations, over integers
after scaling every coordinate by one common denominator (orientation signs do not change
under a positive scale). In higher dimension it tries every affinely independent subset of
at most dim + 1 points, which is exact but exponential in the number of points.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

from recon_data.gametheory.linalg import rank, solve
from recon_data.gametheory.polygon import chain, inside


def in_hull(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction]) -> bool:
    """True when `target` lies in the closed convex hull of `points` (all the same dimension)."""
    if len(target) == 2:
        return in_hull_planar(points, target)
    return in_hull_general(points, target)


def in_hull_general(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction]) -> bool:
    """Hull membership in any dimension by Caratheodory (<= dim + 1 independent points)."""
    pts = sorted({tuple(p) for p in points})
    dim = len(target)
    goal = [*target, Fraction(1)]
    for size in range(1, dim + 2):
        for subset in itertools.combinations(pts, size):
            columns = [[*v, Fraction(1)] for v in subset]
            matrix = [[columns[j][i] for j in range(size)] for i in range(dim + 1)]
            if rank(matrix) < size:
                continue
            sol = solve(matrix, goal)
            if sol.kind == "unique" and all(w >= 0 for w in sol.point or ()):
                return True
    return False


def in_hull_planar(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction]) -> bool:
    """Planar hull membership: monotone-chain hull, then orientation tests (exact, O(n log n))."""
    every = [*points, target]
    # ints and Fractions both carry numerator/denominator, so no conversion is needed.
    scale = math.lcm(*(x.denominator for p in every for x in p))
    ints = [(_scaled(p[0], scale), _scaled(p[1], scale)) for p in every]
    goal = ints.pop()
    return inside(chain(sorted(set(ints))), goal)


def _scaled(x: Fraction | int, scale: int) -> int:
    return x.numerator * (scale // x.denominator)

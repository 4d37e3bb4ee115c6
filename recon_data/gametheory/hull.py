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

Point = tuple[int, int]


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
    return _inside(_hull(sorted(set(ints))), goal)


def _scaled(x: Fraction | int, scale: int) -> int:
    return x.numerator * (scale // x.denominator)


def _cross(o: Point, a: Point, b: Point) -> int:
    """Twice the signed area of (o, a, b): > 0 when b is left of o -> a."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _hull(pts: list[Point]) -> list[Point]:
    """Hull vertices counter-clockwise without collinear points (sorted, distinct input).

    One point gives [p]; collinear points give their two ends.
    """
    if len(pts) <= 2:
        return pts
    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _inside(hull: list[Point], t: Point) -> bool:
    if len(hull) == 1:
        return hull[0] == t
    if len(hull) == 2:
        (ax, ay), (bx, by) = hull
        if _cross(hull[0], hull[1], t) != 0:
            return False
        return min(ax, bx) <= t[0] <= max(ax, bx) and min(ay, by) <= t[1] <= max(ay, by)
    n = len(hull)
    return all(_cross(hull[i], hull[(i + 1) % n], t) >= 0 for i in range(n))

"""Exact convex polygons in the plane (Fractions): hulls, half-plane cuts, affine images.

A polygon is the tuple of its vertices counter-clockwise, without collinear points; one point
or the two ends of a segment are polygons too, and () is the empty set. The repeated-game
payoff sets (`payoff_sets`) are built from these operations, exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, TypeVar

Point = tuple[Fraction, Fraction]
Polygon = tuple[Point, ...]


# The chain and the membership test below only compare and multiply coordinates, so they run
# on Fractions here and on the scaled integers of `hull.in_hull_planar` alike.
AnyPoint = TypeVar("AnyPoint", bound=tuple[Any, Any])


def _cross(o: tuple[Any, Any], a: tuple[Any, Any], b: tuple[Any, Any]) -> Any:
    """Twice the signed area of (o, a, b): > 0 when b is left of o -> a."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def chain(pts: Sequence[AnyPoint]) -> tuple[AnyPoint, ...]:
    """The hull of sorted, distinct points, counter-clockwise without collinear points, by
    Andrew's monotone chain (one point gives itself; collinear points their two ends)."""
    if len(pts) <= 2:
        return tuple(pts)
    lower: list[AnyPoint] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[AnyPoint] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


def inside(poly: Sequence[tuple[Any, Any]], t: tuple[Any, Any]) -> bool:
    """True when `t` lies in the closed polygon `poly` as `chain` returns it."""
    if not poly:
        return False
    if len(poly) == 1:
        return poly[0] == t
    if len(poly) == 2:
        (ax, ay), (bx, by) = poly
        if _cross(poly[0], poly[1], t) != 0:
            return False
        return min(ax, bx) <= t[0] <= max(ax, bx) and min(ay, by) <= t[1] <= max(ay, by)
    n = len(poly)
    return all(_cross(poly[i], poly[(i + 1) % n], t) >= 0 for i in range(n))


def hull(points: Iterable[Sequence[Fraction]]) -> Polygon:
    """The convex hull of `points`, counter-clockwise, exact."""
    return chain(sorted({(Fraction(p[0]), Fraction(p[1])) for p in points}))


def contains(poly: Polygon, p: Sequence[Fraction]) -> bool:
    """True when `p` lies in the closed polygon (a point, a segment or a proper polygon)."""
    return inside(poly, (Fraction(p[0]), Fraction(p[1])))


def cut(poly: Polygon, axis: int, bound: Fraction) -> Polygon:
    """The part of `poly` whose coordinate `axis` is at least `bound` (Sutherland-Hodgman)."""
    if len(poly) <= 1:
        return poly if poly and poly[0][axis] >= bound else ()
    out: list[Point] = []
    n = len(poly)
    for k in range(n):
        a, b = poly[k], poly[(k + 1) % n]
        if a[axis] >= bound:
            out.append(a)
        if (a[axis] >= bound) != (b[axis] >= bound):
            s = (bound - a[axis]) / (b[axis] - a[axis])
            out.append((a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1])))
    return hull(out)


def at_least(poly: Polygon, floor: Sequence[Fraction]) -> Polygon:
    """The part of `poly` where every coordinate is at least `floor`'s."""
    return cut(cut(poly, 0, Fraction(floor[0])), 1, Fraction(floor[1]))


def blend(poly: Polygon, anchor: Sequence[Fraction], weight: Fraction) -> Polygon:
    """The image of `poly` under w -> (1 - weight) * anchor + weight * w."""
    a0, a1 = Fraction(anchor[0]), Fraction(anchor[1])
    return hull(((1 - weight) * a0 + weight * x, (1 - weight) * a1 + weight * y) for x, y in poly)


def largest(poly: Polygon, axis: int) -> Fraction | None:
    """The largest coordinate `axis` over the polygon, or None when it is empty."""
    return max((p[axis] for p in poly), default=None)


def diagonal(poly: Polygon) -> tuple[Fraction, Fraction] | None:
    """The values x with (x, x) in the polygon, as (least, greatest), or None when none.

    The polygon meets the diagonal in a segment (convexity): its ends are vertices on the
    diagonal or crossings of an edge with it.
    """
    found = [p[0] for p in poly if p[0] == p[1]]
    n = len(poly)
    for k in range(n if n > 2 else n - 1):
        a, b = poly[k], poly[(k + 1) % n]
        da, db = a[0] - a[1], b[0] - b[1]
        if da * db < 0:
            s = da / (da - db)
            found.append(a[0] + s * (b[0] - a[0]))
    if not found:
        return None
    lo, hi = min(found), max(found)
    return (lo, hi) if contains(poly, (lo, lo)) else None

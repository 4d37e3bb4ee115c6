"""All mixed Nash equilibria of a two-player game by exact support enumeration.

For every pair of supports of equal size the indifference systems are solved exactly; a
solution is an equilibrium when both mixtures are probability vectors and no pure action
outside a support does better. This finds every equilibrium of a nondegenerate game.
Degenerate games are detected (a pure action with several pure best responses, a support
pair whose system has more than one solution, or an equilibrium with more pure best
responses than its support size); they are flagged and then also searched over support
pairs of unequal sizes, so the extreme equilibria found are returned too.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.linalg import solve
from recon_data.gametheory.normal_form import NormalFormGame

Mix = tuple[Fraction, ...]


@dataclass(frozen=True)
class MixedResult:
    """Mixed equilibria (row mix, column mix), sorted, with their payoffs and a degeneracy flag."""

    equilibria: tuple[tuple[Mix, Mix], ...]
    payoffs: tuple[tuple[Fraction, Fraction], ...]
    degenerate: bool
    degeneracy: tuple[str, ...]
    support_pairs: int

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready list of equilibria with supports and values, and why degenerate."""
        return {
            "kind": "support_enumeration",
            "equilibria": [
                {
                    "row": [str(p) for p in x],
                    "column": [str(q) for q in y],
                    "supports": [
                        [i for i, p in enumerate(x) if p > 0],
                        [j for j, q in enumerate(y) if q > 0],
                    ],
                    "payoffs": [str(u) for u in vals],
                }
                for (x, y), vals in zip(self.equilibria, self.payoffs, strict=True)
            ],
            "degenerate": self.degenerate,
            "degeneracy": list(self.degeneracy),
            "support_pairs_checked": self.support_pairs,
        }


def _bareiss_solve(m: list[list[int]]) -> tuple[list[int], int] | None:
    """Solve a square integer system given as an augmented matrix; None if singular.

    Fraction-free (Bareiss) elimination keeps every entry an integer. The solution comes
    back as integer numerators over one positive common denominator, the determinant: by
    Cramer's rule x_i * det is an integer, so back-substitution stays in exact integers.
    """
    n = len(m)
    prev = 1
    for k in range(n):
        if m[k][k] == 0:
            swap = next((r for r in range(k + 1, n) if m[r][k] != 0), None)
            if swap is None:
                return None
            m[k], m[swap] = m[swap], m[k]
        mk = m[k]
        pivot = mk[k]
        for i in range(k + 1, n):
            mi = m[i]
            factor = mi[k]
            for j in range(k + 1, n + 1):
                mi[j] = (mi[j] * pivot - factor * mk[j]) // prev
            mi[k] = 0
        prev = pivot
    det = m[n - 1][n - 1]  # +-det of the system, nonzero here
    x = [0] * n
    for i in range(n - 1, -1, -1):
        total = m[i][n] * det - sum(m[i][j] * x[j] for j in range(i + 1, n))
        x[i] = total // m[i][i]  # exact: m[i][i] * (x_i * det) = total
    if det < 0:
        return [-v for v in x], -det
    return x, det


# A candidate: (full-length mixture numerators, value numerator, common denominator > 0).
Scaled = tuple[tuple[int, ...], int, int]


def _indifference(
    payoff: tuple[tuple[int, ...], ...],
    own: tuple[int, ...],
    other: tuple[int, ...],
    degenerate_reasons: list[str],
) -> list[Scaled]:
    """Mixtures over `other` making every action in `own` equally good (value v), v >= 0 mix.

    `payoff[a][b]` is the indifferent player's payoff for its action a against b. Returns
    the candidate points as integer numerators over a positive common denominator.
    """
    k, size = len(other), len(payoff[0])
    if len(own) == k:
        rows = [[payoff[a][b] for b in other] + [-1, 0] for a in own]
        rows.append([1] * k + [0, 1])
        sol = _bareiss_solve(rows)
        if sol is not None:
            points = [sol]
        else:
            degenerate_reasons.append(f"singular indifference system for supports {own}/{other}")
            points = _general(payoff, own, other)
    else:
        points = _general(payoff, own, other)
    out = []
    for nums, den in points:
        if any(p < 0 for p in nums[:k]):
            continue
        mix = [0] * size
        for b, p in zip(other, nums[:k], strict=True):
            mix[b] = p
        out.append((tuple(mix), nums[k], den))
    return out


def _general(
    payoff: tuple[tuple[int, ...], ...], own: tuple[int, ...], other: tuple[int, ...]
) -> list[tuple[list[int], int]]:
    """One point of a non-square or singular indifference system (free variables 0), if any."""
    k = len(other)
    a = [[Fraction(payoff[r][b]) for b in other] + [Fraction(-1)] for r in own]
    a.append([Fraction(1)] * k + [Fraction(0)])
    sol = solve(a, [Fraction(0)] * len(own) + [Fraction(1)])
    if sol.point is None:
        return []
    den = math.lcm(*[x.denominator for x in sol.point])
    return [([x.numerator * (den // x.denominator) for x in sol.point], den)]


def support_enumeration(game: NormalFormGame) -> MixedResult:
    """Every Nash equilibrium of a two-player game (mixed included), exactly."""
    if game.n_players != 2:
        raise ReconDataError(f"support enumeration needs a two-player game, got {game.n_players}")
    m, n = game.shape
    ia, ib = game.int_payoffs
    A = tuple(tuple(ia[i * n + j] for j in range(n)) for i in range(m))  # row player's
    Bt = tuple(tuple(ib[i * n + j] for i in range(m)) for j in range(n))  # column player's, b x a
    reasons: list[str] = []
    for i in range(m):
        top = max(Bt[j][i] for j in range(n))
        if sum(Bt[j][i] == top for j in range(n)) > 1:
            reasons.append(f"row {i} has several pure best responses")
    for j in range(n):
        top = max(A[i][j] for i in range(m))
        if sum(A[i][j] == top for i in range(m)) > 1:
            reasons.append(f"column {j} has several pure best responses")
    found: dict[tuple[Mix, Mix], tuple[Fraction, Fraction]] = {}
    checked = _search(A, Bt, m, n, True, found, reasons)
    if reasons:
        checked += _search(A, Bt, m, n, False, found, reasons)
    equilibria = tuple(sorted(found))
    scales = game.int_scales
    payoffs = tuple(
        (found[e][0] / scales[0], found[e][1] / scales[1]) if scales != (1, 1) else found[e]
        for e in equilibria
    )
    return MixedResult(equilibria, payoffs, bool(reasons), tuple(dict.fromkeys(reasons)), checked)


def _search(A, Bt, m: int, n: int, equal: bool, found: dict, reasons: list[str]) -> int:
    """Try every support pair (equal sizes, or unequal ones); add equilibria to `found`.

    Every test runs on integers: a candidate mixture's numerators over its positive common
    denominator compare exactly as the Fractions would. `found` maps each equilibrium to
    its payoffs in the integer-scaled units of A and Bt (the indifference values).
    """
    checked = 0
    row_sets = [s for k in range(1, m + 1) for s in itertools.combinations(range(m), k)]
    col_sets = [s for k in range(1, n + 1) for s in itertools.combinations(range(n), k)]
    for rows in row_sets:
        for cols in col_sets:
            if (len(rows) == len(cols)) != equal:
                continue
            checked += 1
            for y, v, dy in _indifference(A, rows, cols, reasons):
                # no row may beat v against y
                row_pay = [sum(a * q for a, q in zip(A[i], y, strict=True)) for i in range(m)]
                if any(u > v for u in row_pay):
                    continue
                for x, w, dx in _indifference(Bt, cols, rows, reasons):
                    col_pay = [sum(b * p for b, p in zip(Bt[j], x, strict=True)) for j in range(n)]
                    if any(u > w for u in col_pay):
                        continue
                    key = (tuple(Fraction(p, dx) for p in x), tuple(Fraction(q, dy) for q in y))
                    found.setdefault(key, (Fraction(v, dy), Fraction(w, dx)))
                    best_rows = sum(u == v for u in row_pay)
                    best_cols = sum(u == w for u in col_pay)
                    support_y = sum(q > 0 for q in y)
                    support_x = sum(p > 0 for p in x)
                    if best_rows > support_y or best_cols > support_x:
                        reasons.append(
                            f"equilibrium on supports {rows}/{cols} has extra best responses"
                        )
    return checked

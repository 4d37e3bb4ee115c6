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


def _bareiss_solve(m: list[list[int]]) -> list[Fraction] | None:
    """Solve a square integer system given as an augmented matrix; None if singular.

    Fraction-free (Bareiss) elimination keeps every entry an integer, which is much faster
    than Fraction arithmetic; only the back-substitution makes Fractions.
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
    x = [Fraction(0)] * n
    for i in range(n - 1, -1, -1):
        total = Fraction(m[i][n]) - sum(m[i][j] * x[j] for j in range(i + 1, n))
        x[i] = total / m[i][i]
    return x


def _indifference(
    payoff: tuple[tuple[int, ...], ...],
    own: tuple[int, ...],
    other: tuple[int, ...],
    degenerate_reasons: list[str],
) -> list[tuple[Mix, Fraction]]:
    """Mixtures over `other` making every action in `own` equally good (value v), v >= 0 mix.

    `payoff[a][b]` is the indifferent player's payoff for its action a against b. Returns
    the candidate (full-length mixture, value) points.
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
    for sol in points:
        if any(p < 0 for p in sol[:k]):
            continue
        mix = [Fraction(0)] * size
        for b, p in zip(other, sol[:k], strict=True):
            mix[b] = p
        out.append((tuple(mix), sol[k]))
    return out


def _general(payoff: tuple[tuple[int, ...], ...], own: tuple[int, ...], other: tuple[int, ...]):
    """One point of a non-square or singular indifference system (free variables 0), if any."""
    k = len(other)
    a = [[Fraction(payoff[r][b]) for b in other] + [Fraction(-1)] for r in own]
    a.append([Fraction(1)] * k + [Fraction(0)])
    sol = solve(a, [Fraction(0)] * len(own) + [Fraction(1)])
    return [] if sol.point is None else [list(sol.point)]


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
    found: dict[tuple[Mix, Mix], None] = {}
    checked = _search(A, Bt, m, n, True, found, reasons)
    if reasons:
        checked += _search(A, Bt, m, n, False, found, reasons)
    equilibria = tuple(sorted(found))
    payoffs = tuple(_values(game, x, y) for x, y in equilibria)
    return MixedResult(equilibria, payoffs, bool(reasons), tuple(dict.fromkeys(reasons)), checked)


def _search(A, Bt, m: int, n: int, equal: bool, found: dict, reasons: list[str]) -> int:
    """Try every support pair (equal sizes, or unequal ones); add equilibria to `found`."""
    checked = 0
    row_sets = [s for k in range(1, m + 1) for s in itertools.combinations(range(m), k)]
    col_sets = [s for k in range(1, n + 1) for s in itertools.combinations(range(n), k)]
    for rows in row_sets:
        for cols in col_sets:
            if (len(rows) == len(cols)) != equal:
                continue
            checked += 1
            for y, v in _indifference(A, rows, cols, reasons):
                # no row may beat v against y
                if any(sum(a * q for a, q in zip(A[i], y, strict=True)) > v for i in range(m)):
                    continue
                for x, w in _indifference(Bt, cols, rows, reasons):
                    if any(sum(b * p for b, p in zip(Bt[j], x, strict=True)) > w for j in range(n)):
                        continue
                    found.setdefault((x, y), None)
                    best_rows = sum(
                        sum(a * q for a, q in zip(A[i], y, strict=True)) == v for i in range(m)
                    )
                    best_cols = sum(
                        sum(b * p for b, p in zip(Bt[j], x, strict=True)) == w for j in range(n)
                    )
                    support_y = sum(q > 0 for q in y)
                    support_x = sum(p > 0 for p in x)
                    if best_rows > support_y or best_cols > support_x:
                        reasons.append(
                            f"equilibrium on supports {rows}/{cols} has extra best responses"
                        )
    return checked


def _values(game: NormalFormGame, x: Mix, y: Mix) -> tuple[Fraction, Fraction]:
    """Expected payoffs of both players under the mixed profile."""
    m, n = game.shape
    u = [Fraction(0), Fraction(0)]
    for i in range(m):
        if x[i] == 0:
            continue
        for j in range(n):
            if y[j] == 0:
                continue
            weight = x[i] * y[j]
            pay = game.table[i * n + j]
            u[0] += weight * pay[0]
            u[1] += weight * pay[1]
    return u[0], u[1]

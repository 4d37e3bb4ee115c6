"""Repeated-game Nash-equilibrium payoffs at a stated delta (`gametheory.payoff_sets`) and the
exact polygons under them (`gametheory.polygon`), against independent computations.

- Hand-solved games: a prisoner's dilemma below and above its grim-trigger threshold, and the
  stage games of items the issue 27 hand check solved (arithmetic in the comments).
- An independent outer approximation of the same set by another algorithm: the
  Judd-Yeltekin-Conklin iteration (supporting hyperplanes in fixed directions, each one a
  linear program solved by scipy's HiGHS in floats). It contains every equilibrium payoff of
  pure play with public randomisation (and the stage equilibria), so our `inner` set, which we
  prove by construction, must lie inside it; its limit lies inside every set of equilibrium
  payoffs we rule out the rest of, so it must fit in our `outer` set.
"""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction as F

import pytest

from recon_data.errors import ReconDataError
from recon_data.gametheory import NormalFormGame, minmax_values, support_enumeration
from recon_data.gametheory.payoff_sets import nash_payoff_bounds
from recon_data.gametheory.polygon import at_least, blend, contains, cut, diagonal, hull


def _sym(c, t, s, p) -> NormalFormGame:
    """Symmetric 2x2 game: action 0 cooperates (C both, S against a defector who gets T)."""
    c, t, s, p = (F(str(x)) for x in (c, t, s, p))
    return NormalFormGame.from_bimatrix([[c, s], [t, p]], [[c, t], [s, p]])


def test_polygon_hand_cases() -> None:
    square = hull([(0, 0), (2, 0), (2, 2), (0, 2), (1, 1)])
    assert square == ((0, 0), (2, 0), (2, 2), (0, 2))  # counter-clockwise, interior dropped
    assert contains(square, (1, 2)) and not contains(square, (F(2), F(2) + F(1, 10**12)))
    assert cut(square, 0, F(1)) == ((1, 0), (2, 0), (2, 2), (1, 2))
    assert cut(square, 1, F(3)) == ()
    assert at_least(square, (F(2), F(2))) == ((2, 2),)
    assert blend(((F(0), F(0)), (F(2), F(0))), (F(4), F(4)), F(1, 2)) == ((2, 2), (3, 2))
    assert diagonal(square) == (0, 2)
    assert diagonal(hull([(0, 4), (4, 0)])) == (2, 2)  # a segment crossing the diagonal
    assert diagonal(hull([(0, 1), (1, 3)])) is None
    assert hull([]) == () and diagonal(()) is None and not contains((), (0, 0))


def test_prisoners_dilemma_below_the_threshold_only_defection() -> None:
    # C 3, T 5, S 0, P 1; minmax 1. The most a player can get with the other at least 1 is
    # 13/3 (on the edge (5, 0)-(3, 3)). Cooperating loses at least min(5-3, 1-0) = 1 a period;
    # the future repays at most d/(1-d) (13/3 - 1), below 1 exactly when d < 3/13.
    low = nash_payoff_bounds(_sym(3, 5, 0, 1), F(1, 5))
    assert low.outer == ((1, 1),) and low.inner == ((1, 1),)
    assert low.status((3, 3)) == "no" and low.status((1, 1)) == "yes"
    assert "never played" in low.why((3, 3), ("cooperate", "defect"))
    assert [(e.player, e.action, e.gap) for e in low.eliminated] == [(0, 0, 1), (1, 0, 1)]
    # At 3/13 the bound is met: nothing is ruled out any more.
    assert nash_payoff_bounds(_sym(3, 5, 0, 1), F(3, 13)).eliminated == ()
    # Grim trigger holds for d >= (5-3)/(5-1) = 1/2: (3, 3) is then shown by construction.
    high = nash_payoff_bounds(_sym(3, 5, 0, 1), F(1, 2))
    assert high.status((3, 3)) == "yes" and high.status((F(5, 2), F(5, 2))) == "yes"
    assert high.status((4, 4)) == "no"  # infeasible
    assert high.status((F(1, 2), 3)) == "no"  # below the minmax
    assert high.why((4, 4)).startswith("is not feasible")
    json.dumps(high.certificate)


def test_reviewer_cases_from_the_release() -> None:
    # train-4071c548e406: adhere is dominant (C 87885.77 > T 28153.16; S 63485.30 > P
    # 31730.59). Minmax 63485.30 (the other reneges, you adhere). Reneging loses at least
    # min(59732.61, 31754.71) = 31754.71 a period; the future repays at most
    # 0.44/0.56 * (87885.77 - 63485.30) = 19171.8: reneging is never played, and the only
    # equilibrium payoff is (87885.77, 87885.77).
    b = nash_payoff_bounds(_sym("87885.77", "28153.16", "63485.30", "31730.59"), F("0.44"))
    stage = (F("87885.77"), F("87885.77"))
    assert b.outer == (stage,) and b.inner == (stage,)
    assert b.status((F("75685.54"), F("75685.54"))) == "no"  # the first cleaner's value
    (e, _) = b.eliminated
    assert e.gap == F("31754.71") and e.reward_bound == F(44, 56) * F("24400.47")
    # eval-e210507266c4: C 61637.79, T 45406.73, S 81280.56, P 65788.33, d 0.52. Honouring is
    # dominant; with the other at least at its minmax 61637.79 a player gets at most 68943.02
    # (edge (81280.56, 45406.73)-(65788.33, 65788.33)), so the future repays at most
    # 0.52/0.48 * 7305.23 = 7914.2 < 15492.23, the least loss of breaching.
    b = nash_payoff_bounds(_sym("61637.79", "45406.73", "81280.56", "65788.33"), F("0.52"))
    assert b.status((F("61894.25"), F("61894.25"))) == "no"
    assert b.eliminated[0].gap == F("15492.23")
    top = F("81280.56") - (F("61637.79") - F("45406.73")) / F("20381.60") * F("15492.23")
    assert b.eliminated[0].reward_bound == F(52, 48) * (top - F("61637.79"))
    # train-5c6a339588f2: C 32354.99, T 18000.73, S 61138.77, P 22132.1, d 0.52. No stationary
    # scheme reaches (37248.28, 37248.28), but alternating who defects does: the periodic
    # seeds and the self-generation step show it.
    b = nash_payoff_bounds(_sym("32354.99", "18000.73", "61138.77", "22132.1"), F("0.52"))
    assert b.status((F("37248.28"), F("37248.28"))) == "yes"
    one = nash_payoff_bounds(_sym("32354.99", "18000.73", "61138.77", "22132.1"), F("0.52"), 1)
    assert one.status((F("37248.28"), F("37248.28"))) == "unknown"


def test_stage_equilibria_are_always_inside_and_bad_input_is_refused() -> None:
    chicken = _sym(0, 7, 2, -10)
    for d in (F(0), F(1, 10), F(9, 10)):
        b = nash_payoff_bounds(chicken, d)
        for v in support_enumeration(chicken).payoffs:
            assert b.status(v) == "yes"
    assert nash_payoff_bounds(chicken, F(0)).rounds == 0
    with pytest.raises(ReconDataError):
        nash_payoff_bounds(chicken, F(1))
    with pytest.raises(ReconDataError):
        nash_payoff_bounds(chicken, F(-1, 10))
    g3 = NormalFormGame.from_payoffs((2, 2, 2), lambda prof: (1, 1, 1))
    with pytest.raises(ReconDataError):
        nash_payoff_bounds(g3, F(1, 2))
    # a 3x3 game (no 2x2 shortcut): stage equilibria inside, dominated play ruled out
    rps = NormalFormGame.from_bimatrix(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
    )
    b = nash_payoff_bounds(rps, F(1, 2))
    assert b.status((0, 0)) == "yes" and b.status((1, 1)) == "no"
    # huge payoffs stay exact
    big = nash_payoff_bounds(_sym(10**30, 10**30 + 7, -(10**30), 3), F(99, 100))
    assert big.status((10**30, 10**30)) == "yes"


def _lp2(np, objective, a, b):
    """max objective . w s.t. a w <= b, two variables: the best feasible crossing of two
    constraint lines (vectorised), or None when the region is empty."""
    i, j = np.triu_indices(len(a), 1)
    det = a[i, 0] * a[j, 1] - a[i, 1] * a[j, 0]
    ok = np.abs(det) > 1e-12
    i, j, det = i[ok], j[ok], det[ok]
    x = (b[i] * a[j, 1] - a[i, 1] * b[j]) / det
    y = (a[i, 0] * b[j] - b[i] * a[j, 0]) / det
    pts = np.stack([x, y], axis=1)
    scale = 1e-9 * max(1.0, float(np.abs(b).max()))
    pts = pts[np.all(pts @ a.T <= b + scale, axis=1)]
    return None if not len(pts) else float((pts @ objective).max())


def _jyc(game: NormalFormGame, d: float, directions: int = 24, rounds: int = 60):
    """Judd-Yeltekin-Conklin outer approximation of the equilibrium payoffs (pure play, stage
    equilibria, public randomisation, minmax punishment): support levels in fixed directions."""
    np = pytest.importorskip("numpy")
    m = [float(x) for x in minmax_values(game, mixed=True)]
    plays = []  # (payoff, least continuation each player needs)
    for a in game.profiles():
        u = [float(x) for x in game.payoff(a)]
        need = []
        for i in (0, 1):
            best = max(float(game.payoff((*a[:i], x, *a[i + 1 :]))[i]) for x in range(2))
            need.append(max(m[i], m[i] + (1 - d) / d * (best - u[i])))
        plays.append((np.array(u), need))
    plays += [(np.array([float(x) for x in v]), m) for v in support_enumeration(game).payoffs]
    dirs = np.array(
        [[math.cos(2 * math.pi * k / directions), math.sin(2 * math.pi * k / directions)]
         for k in range(directions)]
    )  # fmt: skip
    points = np.array([[float(x) for x in game.payoff(a)] for a in game.profiles()])
    level = (dirs @ points.T).max(axis=1)
    for _ in range(rounds):
        new = np.full(directions, -np.inf)
        for u, need in plays:
            # w in the current set, w >= need (which includes the minmax)
            a = np.vstack([dirs, [[-1.0, 0.0], [0.0, -1.0]]])
            b = np.concatenate([level, [-need[0], -need[1]]])
            for k in range(directions):
                best = _lp2(np, dirs[k], a, b)
                if best is not None:
                    new[k] = max(new[k], float(dirs[k] @ ((1 - d) * u)) + d * best)
        if np.allclose(new, level, rtol=0, atol=1e-9):
            break
        level = new
    return dirs, level


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_bounds_agree_with_an_independent_outer_approximation() -> None:
    rng = random.Random(27)
    games = [
        ("87885.77", "28153.16", "63485.30", "31730.59", "0.44"),  # train-4071c548e406
        ("55141.1", "79167.35", "88958.36", "87115.86", "0.62"),  # train-fcfc429f8202
        ("32354.99", "18000.73", "61138.77", "22132.1", "0.52"),  # train-5c6a339588f2
    ]
    for _ in range(5):
        c, t, s, p = (rng.randint(-20, 20) for _ in range(4))
        games.append((c, t, s, p, rng.choice(["0.2", "0.45", "0.6", "0.85"])))
    for *payoffs, delta in games:
        game = _sym(*payoffs)
        ours = nash_payoff_bounds(game, F(delta))
        dirs, level = _jyc(game, float(delta))
        scale = max(abs(float(x)) for a in game.profiles() for x in game.payoff(a)) or 1.0
        for k, g in enumerate(dirs):
            inner = max(g[0] * float(x) + g[1] * float(y) for x, y in ours.inner)
            outer = max(g[0] * float(x) + g[1] * float(y) for x, y in ours.outer)
            assert inner <= level[k] + 1e-6 * scale, (payoffs, delta, k)  # inner is sound
            # the approximation's limit fits in our outer set (discretisation slack only)
            assert level[k] <= outer + 0.03 * scale, (payoffs, delta, k)

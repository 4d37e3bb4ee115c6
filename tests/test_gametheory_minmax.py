"""Mixed minmax and the grim-trigger delta sets, against independent computations.

Mixed minmax: hand-solved games, scipy's LP (floats, a different algorithm) and nashpy's value
of the zero-sum game (minimax theorem: the mixed minmax of player i is the value of the
zero-sum game with i's payoffs). Grim trigger: hand cases, and a brute-force scan of
rational deltas that compares discounted values computed by `discounted_value`.
"""

from __future__ import annotations

import json
import random
from fractions import Fraction as F

import pytest

from recon_data.errors import ReconDataError
from recon_data.gametheory import (
    NormalFormGame,
    discounted_value,
    grim_trigger_deltas,
    individually_rational,
    minmax_values,
    mixed_minmax,
    sustainable,
)


def _game(a, b):
    return NormalFormGame.from_bimatrix(a, b)


def test_matching_pennies_minmax_is_zero_by_a_fair_coin() -> None:
    g = _game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    r = mixed_minmax(g, 0)
    assert r.value == 0 and r.punisher == (F(1, 2), F(1, 2)) and r.best_replies == (0, 1)
    assert minmax_values(g) == (1, 1)  # pure: the opponent must commit, the player matches
    assert minmax_values(g, mixed=True) == (0, 0)
    json.dumps(r.certificate)


def test_chicken_mixed_minmax_below_pure() -> None:
    # train-7d82529d0c4f's stage game (C 11053.78, T 76185.36, S 70973.59, P 34565.75).
    # Opponent undercuts w.p. q: high pays 11053.78 + 59919.81 q, undercut 76185.36 -
    # 41619.61 q; equal at q = 65131.58 / 101539.42, value 49487.62...; pure minmax 70973.59.
    c, t, s, p = F("11053.78"), F("76185.36"), F("70973.59"), F("34565.75")
    g = _game([[c, s], [t, p]], [[c, t], [s, p]])
    q = F("65131.58") / F("101539.42")
    want = c + (s - c) * q
    assert minmax_values(g) == (s, s)
    assert minmax_values(g, mixed=True) == (want, want)
    assert mixed_minmax(g, 0).punisher == (1 - q, q)
    assert individually_rational((F("62106.4"), F("62106.4")), g, mixed=True)
    assert not individually_rational((F("62106.4"), F("62106.4")), g)


def test_prisoners_dilemma_minmax_is_mutual_defection() -> None:
    g = _game([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert minmax_values(g, mixed=True) == (1, 1) == minmax_values(g)
    assert mixed_minmax(g, 1).punisher == (0, 1)


def test_rejects_more_than_two_players() -> None:
    g3 = NormalFormGame.from_payoffs((2, 2, 2), lambda prof: (1, 1, 1))
    with pytest.raises(ReconDataError):
        mixed_minmax(g3, 0)
    with pytest.raises(ReconDataError):
        mixed_minmax(_game([[1]], [[1]]), 2)


def _lp_minmax(matrix) -> float:
    """min v s.t. M y <= v, y in the simplex, by scipy's HiGHS (floats)."""
    np = pytest.importorskip("numpy")
    optimize = pytest.importorskip("scipy.optimize")
    m = np.array(matrix, dtype=float)
    rows, cols = m.shape
    cost = np.zeros(cols + 1)
    cost[-1] = 1.0
    a_ub = np.hstack([m, -np.ones((rows, 1))])
    a_eq = np.hstack([np.ones((1, cols)), np.zeros((1, 1))])
    res = optimize.linprog(
        cost, A_ub=a_ub, b_ub=np.zeros(rows), A_eq=a_eq, b_eq=[1.0],
        bounds=[(0, None)] * cols + [(None, None)], method="highs",
    )  # fmt: skip
    assert res.status == 0
    return float(res.fun)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_random_games_match_scipy_lp_and_nashpy_zero_sum_value() -> None:
    np = pytest.importorskip("numpy")
    nashpy = pytest.importorskip("nashpy")
    rng = random.Random(11)
    compared = 0
    for _ in range(120):
        m, n = rng.randint(1, 4), rng.randint(1, 4)
        a = [[rng.randint(-20, 20) for _ in range(n)] for _ in range(m)]
        b = [[rng.randint(-20, 20) for _ in range(n)] for _ in range(m)]
        g = _game(a, b)
        ours = mixed_minmax(g, 0)
        assert abs(float(ours.value) - _lp_minmax(a)) < 1e-7, a
        bt = [[b[i][j] for i in range(m)] for j in range(n)]  # the column player's rows
        assert abs(float(mixed_minmax(g, 1).value) - _lp_minmax(bt)) < 1e-7, b
        # the certificate holds: against the punisher no own action earns more than value
        for row in a:
            assert sum(x * q for x, q in zip(row, ours.punisher, strict=True)) <= ours.value
        if m >= 2 and n >= 2:
            zs = nashpy.Game(np.array(a, dtype=float), -np.array(a, dtype=float))
            # nashpy's vertex enumeration finds nothing in some degenerate games
            found = next(iter(zs.vertex_enumeration()), None)
            if found is not None:
                x, y = found
                assert abs(float(x @ np.array(a) @ y) - float(ours.value)) < 1e-7
                compared += 1
    assert compared > 60


def test_grim_trigger_deltas_hand_cases() -> None:
    # PD 3/5/0/1: delta >= (5-3)/(5-1) = 1/2.
    pd = grim_trigger_deltas(3, 5, 0, 1)
    assert (pd.deltas.low, pd.deltas.high) == (F(1, 2), None) and pd.deltas.minimum == F(1, 2)
    assert F(1, 2) in pd.deltas and F(49, 100) not in pd.deltas and 1 not in pd.deltas
    # eval-a6957d4d732d: C 724, T 450, S 475.5, P 906. T-P = -456 < 0 flips the inequality:
    # -456 d >= -274, d <= 274/456; the minimum is 0, (T-C)/(T-P) = 0.6009 is the maximum.
    ev = grim_trigger_deltas(724, 450, F("475.5"), 906)
    assert (ev.deltas.low, ev.deltas.high) == (0, F(274, 456))
    assert "[0, 137/228 ~ 0.6009]" in ev.reason
    # Cooperation pays less than punishment and deviating gains: no delta.
    assert grim_trigger_deltas(1, 5, 0, 2).deltas.empty
    # Mutual defection is no stage equilibrium (S 2 > P 1): the punishment is not credible.
    hd = grim_trigger_deltas(3, 5, 2, 1)
    assert hd.deltas.empty and not hd.punishment_credible and not hd.on_path.empty
    assert "not credible" in hd.reason
    # No temptation (T <= C): every delta.
    assert grim_trigger_deltas(4, 3, 0, 1).deltas == grim_trigger_deltas(4, 4, 0, 1).deltas
    assert grim_trigger_deltas(4, 3, 0, 1).deltas.minimum == 0
    # T == P with T > C: nothing; T == C == P: everything; T == C > P: everything.
    assert grim_trigger_deltas(1, 2, 0, 2).deltas.empty
    assert not grim_trigger_deltas(2, 2, 0, 2).deltas.empty
    json.dumps(ev.certificate)


def test_grim_trigger_deltas_match_a_brute_force_scan() -> None:
    # Independent of the closed form: at each delta, compare the discounted value of
    # cooperating forever with defecting once then being punished, and check P >= S.
    rng = random.Random(5)
    grid = [F(k, 40) for k in range(40)]
    for _ in range(300):
        c, t, s, p = (rng.randint(-6, 6) for _ in range(4))
        result = grim_trigger_deltas(c, t, s, p)
        for d in grid:
            follow = discounted_value([c], d)
            deviate = discounted_value([p], d, prefix=[t])
            want = follow >= deviate and p >= s
            assert (d in result.deltas) == want, (c, t, s, p, d)


def test_minmax_punishment_sustains_more_than_nash_reversion() -> None:
    # C 0, T 4, S 7, P 9: defecting is dominant, the stage equilibrium (D, D) pays 9, but the
    # opponent cooperating holds a player to max(0, 4) = 4 (mixed minmax 4 too: D is dominant,
    # so the best reply pays 4(1-q) + 9q, least at q = 0).
    g = _game([[0, 7], [4, 9]], [[0, 4], [7, 9]])
    assert minmax_values(g, mixed=True) == (4, 4)
    # Path (C, D) at delta 1/2: player 0 gets S = 7 per period. Deviating to D pays 9 now;
    # Nash reversion then pays 9 forever (average 9 > 7: not sustainable); minmax punishment
    # pays 4 forever: average (1/2) 9 + (1/2) 4 = 6.5 < 7, sustainable. Player 1 earns T = 4;
    # switching to C pays 0 now, then 9 forever under Nash reversion (average 4.5 > 4: a
    # deviation that pays only through the punishment), 4 forever under minmax (2 < 4).
    nash = sustainable([(0, 1)], F(1, 2), g)
    # gains in discounted totals: player 0 (9 + 9) - 7/(1/2) = 4, player 1 (0 + 9) - 8 = 1
    assert not nash and nash.violations == ((0, 0, F(4)), (0, 1, F(1)))
    held = sustainable([(0, 1)], F(1, 2), g, reversion="minmax")
    assert held and held.punish_values == (4, 4) and held.certificate["reversion"] == "minmax"
    with pytest.raises(ReconDataError):
        sustainable([(0, 0)], F(1, 2), g, reversion="trigger")


def test_nash_reversion_without_a_pure_equilibrium_uses_the_mixed_one() -> None:
    # Matching pennies: the only stage equilibrium is the fair coin (value 0 to each).
    g = _game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    r = sustainable([(0, 0)], F(1, 2), g)
    assert r.punish_values == (0, 0) and r.punishments == ()
    # player 1 gets -1 on the path, deviating gives +1 then 0: gain, not sustainable
    assert not r and r.violations[0][1] == 1
    assert r.certificate["reversion"] == "nash"

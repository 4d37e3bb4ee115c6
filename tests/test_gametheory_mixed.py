"""Support enumeration: hand-solved mixed equilibria and nashpy's vertex enumeration.

nashpy's own support enumeration compares payoffs with exact float equality and misses
mixed equilibria, so the set cross-check uses its vertex enumeration (a different
algorithm); its support enumeration is checked to find nothing we do not.
"""

from __future__ import annotations

import json
import random
import warnings
from fractions import Fraction as F

import pytest

from recon_data.errors import ReconDataError
from recon_data.gametheory import NormalFormGame, pure_nash, support_enumeration


def solve(a, b):
    return support_enumeration(NormalFormGame.from_bimatrix(a, b))


def test_battle_of_the_sexes_has_two_pure_and_one_mixed() -> None:
    r = solve([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert set(r.equilibria) == {
        ((F(1), F(0)), (F(1), F(0))),
        ((F(0), F(1)), (F(0), F(1))),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
    }
    assert not r.degenerate
    mixed = r.equilibria.index(((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))))
    assert r.payoffs[mixed] == (F(2, 3), F(2, 3))
    json.dumps(r.certificate)


def test_wait_go_mixed_two_thirds() -> None:
    r = solve([[0, 0], [2, -4]], [[0, 2], [0, -4]])
    assert ((F(2, 3), F(1, 3)), (F(2, 3), F(1, 3))) in r.equilibria
    assert len(r.equilibria) == 3


def test_matching_pennies_unique_half_half() -> None:
    r = solve([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert r.equilibria == (((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),)
    assert r.payoffs == ((0, 0),)


def test_prisoners_dilemma_and_duopoly_have_only_their_pure_equilibrium() -> None:
    assert solve([[3, 0], [5, 1]], [[3, 5], [0, 1]]).equilibria == (((0, 1), (0, 1)),)
    a = [
        [0, 0, 0, 0, 0, 0],
        [9, 7, 5, 3, 1, -1],
        [14, 10, 6, 2, -2, -2],
        [15, 9, 3, -3, -3, -3],
        [12, 4, -4, -4, -4, -4],
        [5, -5, -5, -5, -5, -5],
    ]
    b = [list(c) for c in zip(*a, strict=True)]
    r = solve(a, b)
    e3 = tuple(F(int(i == 2)) for i in range(6))
    assert (e3, e3) in r.equilibria
    assert len(r.equilibria) == 1


def test_three_by_two_textbook_game() -> None:
    # von Stengel's example: three equilibria, one of them on supports of size 2 with row 2 unused
    r = solve([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    assert set(r.equilibria) == {
        ((F(1), F(0), F(0)), (F(1), F(0))),
        ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),
        ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }
    assert not r.degenerate


def test_degenerate_games_are_flagged_and_keep_their_equilibria() -> None:
    # constant game: every profile is an equilibrium, the set is a continuum
    r = solve([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    assert r.degenerate
    assert {((F(1), F(0)), (F(1), F(0))), ((F(0), F(1)), (F(0), F(1)))} <= set(r.equilibria)
    # column player indifferent against row 0: two pure best responses to a pure strategy
    r = solve([[1, 0], [0, 1]], [[1, 1], [0, 1]])
    assert r.degenerate and r.degeneracy
    assert ((F(1), F(0)), (F(1), F(0))) in r.equilibria


def test_rejects_three_player_games() -> None:
    g = NormalFormGame.from_payoffs((2, 2, 2), lambda p: (0, 0, 0))
    with pytest.raises(ReconDataError):
        support_enumeration(g)


def _match(ours, theirs, atol=1e-7) -> bool:
    left = list(theirs)
    for u in ours:
        hit = next(
            (
                i
                for i, v in enumerate(left)
                if all(abs(x - y) <= atol for x, y in zip(u, v, strict=True))
            ),
            None,
        )
        if hit is None:
            return False
        left.pop(hit)
    return not left


def test_random_nondegenerate_games_match_nashpy() -> None:
    np = pytest.importorskip("numpy")
    nashpy = pytest.importorskip("nashpy")
    rng = random.Random(7)
    compared = mixed = 0
    while compared < 150:
        m, n = rng.randint(2, 3), rng.randint(2, 4)
        a = [[rng.randint(-60, 60) for _ in range(n)] for _ in range(m)]
        b = [[rng.randint(-60, 60) for _ in range(n)] for _ in range(m)]
        r = solve(a, b)
        if r.degenerate:
            continue
        compared += 1
        ours = [tuple(float(p) for p in (*x, *y)) for x, y in r.equilibria]
        assert len(ours) % 2 == 1  # nondegenerate games have an odd number of equilibria
        # vertex enumeration wants positive payoffs; a constant shift keeps the equilibria
        ng = nashpy.Game(np.array(a) + 61, np.array(b) + 61)
        theirs = [tuple(np.concatenate(e)) for e in ng.vertex_enumeration()]
        assert _match(ours, theirs), (a, b)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            support = [tuple(np.concatenate(e)) for e in ng.support_enumeration()]
        assert all(any(_match([s], [o]) for o in ours) for s in support)
        # each equilibrium: no pure deviation pays, checked from the raw matrices
        for (x, y), (u, v) in zip(r.equilibria, r.payoffs, strict=True):
            assert sum(x) == 1 and sum(y) == 1
            for i in range(m):
                assert sum(a[i][j] * y[j] for j in range(n)) <= u
            for j in range(n):
                assert sum(b[i][j] * x[i] for i in range(m)) <= v
        mixed += sum(1 for x, _ in r.equilibria if max(x) < 1)
        pure = {(x.index(1), y.index(1)) for x, y in r.equilibria if max(x) == 1 and max(y) == 1}
        assert pure == set(pure_nash(NormalFormGame.from_bimatrix(a, b)).profiles)
    assert mixed > 20

"""Normal-form solvers: pure Nash, best responses, dominance, Pareto, maximin.

Checked against hand-solved games (docs/games.md), a brute-force reading of the definitions
written here independently of the solver, and nashpy's best-response test.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from recon_data.errors import ReconDataError
from recon_data.gametheory import (
    NormalFormGame,
    best_responses,
    dominated_actions,
    iterated_elimination,
    maximin,
    pareto_optimal,
    pure_nash,
    to_fraction,
)

PD = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
STAG = ([[3, 0], [1, 1]], [[3, 1], [0, 1]])
BOS = ([[2, 0], [0, 1]], [[1, 0], [0, 2]])
WAIT_GO = ([[0, 0], [2, -4]], [[0, 2], [0, -4]])
PENNIES = ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
DUOPOLY_A = [
    [0, 0, 0, 0, 0, 0],
    [9, 7, 5, 3, 1, -1],
    [14, 10, 6, 2, -2, -2],
    [15, 9, 3, -3, -3, -3],
    [12, 4, -4, -4, -4, -4],
    [5, -5, -5, -5, -5, -5],
]
DUOPOLY = (DUOPOLY_A, [list(col) for col in zip(*DUOPOLY_A, strict=True)])


def game(pair: tuple[list[list[int]], list[list[int]]]) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(*pair)


def brute_force_nash(payoff, shape) -> set[tuple[int, ...]]:
    """Pure Nash by the definition: no player gains by any unilateral deviation."""
    out = set()
    for profile in itertools.product(*(range(k) for k in shape)):
        stable = True
        for p, k in enumerate(shape):
            for a in range(k):
                dev = (*profile[:p], a, *profile[p + 1 :])
                if payoff(dev)[p] > payoff(profile)[p]:
                    stable = False
        if stable:
            out.add(profile)
    return out


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        (PD, [(1, 1)]),
        (STAG, [(0, 0), (1, 1)]),
        (BOS, [(0, 0), (1, 1)]),
        (WAIT_GO, [(0, 1), (1, 0)]),
        (PENNIES, []),
        (DUOPOLY, [(2, 2)]),
    ],
)
def test_hand_solved_pure_equilibria(pair, expected) -> None:
    assert list(pure_nash(game(pair)).profiles) == expected


def test_duopoly_equilibrium_is_pareto_dominated_by_a2a2() -> None:
    g = game(DUOPOLY)
    assert g.payoff((2, 2)) == (6, 6) and g.payoff((1, 1)) == (7, 7)
    assert (2, 2) not in pareto_optimal(g)
    assert (1, 1) in pareto_optimal(g)


def test_certificate_is_json_and_names_best_responses() -> None:
    import json

    cert = pure_nash(game(PD)).certificate
    json.dumps(cert)
    assert cert["equilibria"] == [[1, 1]]
    # row player against column 0: defect (row 1) pays 5 > 3
    assert cert["best_responses"][0][0] == {"against": [0], "best": [1], "value": "5"}


def test_pure_nash_matches_brute_force_and_nashpy_on_random_bimatrix_games() -> None:
    np = pytest.importorskip("numpy")
    nashpy = pytest.importorskip("nashpy")
    rng = random.Random(10)
    found = 0
    for _ in range(300):
        m, n = rng.randint(1, 5), rng.randint(1, 5)
        a = [[rng.randint(-5, 5) for _ in range(n)] for _ in range(m)]
        b = [[rng.randint(-5, 5) for _ in range(n)] for _ in range(m)]
        g = NormalFormGame.from_bimatrix(a, b)
        ours = set(pure_nash(g).profiles)
        assert ours == brute_force_nash(lambda x, a=a, b=b: (a[x[0]][x[1]], b[x[0]][x[1]]), (m, n))
        ng = nashpy.Game(np.array(a), np.array(b))
        theirs = {
            (i, j)
            for i in range(m)
            for j in range(n)
            if all(ng.is_best_response(np.eye(m)[i], np.eye(n)[j]))
        }
        assert ours == theirs
        found += len(ours)
    assert found > 100  # the sample really exercises equilibria


def test_pure_nash_n_players_matches_brute_force() -> None:
    rng = random.Random(11)
    for _ in range(100):
        shape = tuple(rng.randint(1, 3) for _ in range(rng.randint(3, 4)))
        table = {
            p: tuple(rng.randint(-3, 3) for _ in shape)
            for p in itertools.product(*(range(k) for k in shape))
        }
        g = NormalFormGame.from_payoffs(shape, table)
        assert set(pure_nash(g).profiles) == brute_force_nash(table.__getitem__, shape)
        for profile in table:
            for p in range(len(shape)):
                values = [table[(*profile[:p], a, *profile[p + 1 :])][p] for a in range(shape[p])]
                expected = {a for a, v in enumerate(values) if v == max(values)}
                assert best_responses(g, p, profile) == expected


def test_fractions_and_labels() -> None:
    g = NormalFormGame.from_bimatrix(
        [["1/3", "0.5"], [0.1, "1,000"]], [[0, 0], [0, 0]], (("U", "D"), ("L", "R"))
    )
    assert g.payoff((1, 0)) == (Fraction(1, 10), 0)
    assert g.payoff((1, 1))[0] == 1000 and g.label(1, 1) == "R"
    assert pure_nash(g).profiles == ((0, 0), (1, 1))  # column player indifferent
    assert to_fraction("-$2.50") == Fraction(-5, 2)
    with pytest.raises(ReconDataError):
        to_fraction("abc")
    with pytest.raises(ReconDataError):
        NormalFormGame.from_payoffs((2, 2), {(0, 0): (1, 1)})
    with pytest.raises(ReconDataError):
        g.payoff((2, 0))


def test_strict_and_weak_dominance() -> None:
    assert dominated_actions(game(PD), 0) == (0,)
    assert dominated_actions(game(BOS), 0) == ()
    # row 1 is weakly but not strictly dominated by row 0
    weak = game(([[1, 1], [1, 0]], [[0, 0], [0, 0]]))
    assert dominated_actions(weak, 0, strict=True) == ()
    assert dominated_actions(weak, 0, strict=False) == (1,)


def test_iterated_elimination_on_duopoly_leaves_the_equilibrium() -> None:
    result = iterated_elimination(game(DUOPOLY))
    assert result.surviving == ((2,), (2,))
    removed = [(r["player"], r["action"]) for step in result.steps for r in step["removed"]]
    assert (0, 0) in removed and (0, 5) in removed  # a1 and a6 go first round
    assert result.steps[0]["round"] == 1


def test_iterated_elimination_needs_several_rounds() -> None:
    # Column R is strictly dominated by M; only then is row D dominated by U; then L by M.
    a = [[1, 1, 0], [0, 0, 2]]
    b = [[0, 2, 1], [3, 1, 0]]
    result = iterated_elimination(game((a, b)))
    assert result.surviving == ((0,), (1,))
    assert [len(s["removed"]) for s in result.steps] == [1, 1, 1]
    assert set(pure_nash(game((a, b))).profiles) == {(0, 1)}


def test_maximin_over_all_and_surviving_profiles() -> None:
    g = game(([[7, 0, 4], [6, 2, 1], [3, 8, 5]], [[8, 2, 6], [0, 5, 7], [4, 3, 1]]))
    assert maximin(g, 0) == 3 and maximin(g, 1) == 2
    alive = [(0, 0), (0, 2), (2, 0), (2, 1)]
    assert maximin(g, 0, alive) == 4 and maximin(g, 1, alive) == 6


def test_pareto_optimal_sets() -> None:
    assert pareto_optimal(game(PD)) == ((0, 0), (0, 1), (1, 0))
    assert pareto_optimal(game(STAG)) == ((0, 0),)
    assert pareto_optimal(game(PD), [(1, 1), (0, 1)]) == ((0, 1), (1, 1))


def test_strict_elimination_keeps_every_pure_equilibrium() -> None:
    # strictly dominated actions are never played in equilibrium, and pure Nash equilibria
    # of the reduced game are those of the full game
    rng = random.Random(12)
    for _ in range(150):
        shape = (rng.randint(1, 4), rng.randint(1, 4))
        a = [[rng.randint(-4, 4) for _ in range(shape[1])] for _ in range(shape[0])]
        b = [[rng.randint(-4, 4) for _ in range(shape[1])] for _ in range(shape[0])]
        g = NormalFormGame.from_bimatrix(a, b)
        result = iterated_elimination(g)
        equilibria = set(pure_nash(g).profiles)
        rows, cols = result.surviving
        assert all(i in rows and j in cols for i, j in equilibria)
        reduced = NormalFormGame.from_bimatrix(
            [[a[i][j] for j in cols] for i in rows], [[b[i][j] for j in cols] for i in rows]
        )
        assert {(rows[i], cols[j]) for i, j in pure_nash(reduced).profiles} == equilibria
        for step in result.steps:
            for r in step["removed"]:
                assert r["dominated_by"] != r["action"]

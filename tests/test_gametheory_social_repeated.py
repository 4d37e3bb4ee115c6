"""Condorcet tallies and repeated games, checked against hand computations."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from recon_data.errors import ReconDataError
from recon_data.gametheory import (
    NormalFormGame,
    condorcet,
    discounted_value,
    grim_trigger_threshold,
    individually_rational,
    is_feasible,
    minmax_values,
    pairwise_tallies,
    sustainable,
)


def test_condorcet_winner_with_complete_ballots() -> None:
    # M beats Q 72-27 and Z 81-18
    r = condorcet({("M", "Z", "Q"): 72, ("Z", "Q", "M"): 18, ("Q", "M", "Z"): 9}, ["Q", "M", "Z"])
    assert r.winner == "M" and r.weak_winners == ("M",) and not r.cycle
    assert r.tallies[("M", "Q")] == 72 and r.tallies[("Q", "M")] == 27
    assert r.smith_set == ("M",)
    json.dumps(r.certificate)


def test_cycle_has_no_winner_and_full_smith_set() -> None:
    r = condorcet([("A", "B", "C"), ("B", "C", "A"), ("C", "A", "B")], ["A", "B", "C"])
    assert r.winner is None and r.cycle and r.weak_winners == ()
    assert r.smith_set == ("A", "B", "C")
    # a cycle among the losers: D beats all, A > B > C > A below it
    four = [(3, ("D", "A", "B", "C")), (3, ("D", "B", "C", "A")), (3, ("D", "C", "A", "B"))]
    r = condorcet(four, ["A", "B", "C", "D"])
    assert r.winner == "D" and r.cycle and r.smith_set == ("D",)


def test_tie_gives_weak_winners() -> None:
    r = condorcet([(2, ("A", "B", "C")), (2, ("B", "A", "C"))], ["A", "B", "C"])
    assert r.winner is None and r.weak_winners == ("A", "B") and not r.cycle
    assert not r.beats("A", "B") and r.beats("A", "C")


def test_truncated_ballot_conventions() -> None:
    ballots = [
        (20, ("J", "P", "A")),
        (18, ("M", "A", "J")),
        (39, ("M", "J", "A")),
        (20, ("J", "A", "M")),
    ]
    last = pairwise_tallies(ballots, ["A", "J", "M", "P"])
    ignore = pairwise_tallies(ballots, ["A", "J", "M", "P"], truncated="ignore")
    # J vs M: the J>P>A ballot leaves M unranked: counts for J only under unranked_last
    assert (last[("J", "M")], last[("M", "J")]) == (40, 57)
    assert (ignore[("J", "M")], ignore[("M", "J")]) == (20, 57)
    # P vs M: ranked only on the first ballot
    assert (last[("P", "M")], last[("M", "P")]) == (20, 77)
    assert (ignore[("P", "M")], ignore[("M", "P")]) == (0, 0)
    assert condorcet(ballots, ["A", "J", "M", "P"]).winner == "M"
    # ignoring truncation, M and P never meet (0-0): M is only a weak winner
    ignored = condorcet(ballots, ["A", "J", "M", "P"], truncated="ignore")
    assert ignored.winner is None and ignored.weak_winners == ("M",)
    assert ignored.smith_set == ("J", "M", "P")  # M must bring P, and P (losing to J) brings J


def test_truncation_can_decide_the_winner() -> None:
    # 3 voters: B only; 2 voters: A > B. Unranked last: B beats A 3-2; ignored: A beats B 2-0.
    ballots = [(3, ("B",)), (2, ("A", "B"))]
    assert condorcet(ballots, ["A", "B"]).winner == "B"
    assert condorcet(ballots, ["A", "B"], truncated="ignore").winner == "A"


def test_ballot_errors() -> None:
    with pytest.raises(ReconDataError):
        pairwise_tallies([("A", "X")], ["A", "B"])
    with pytest.raises(ReconDataError):
        pairwise_tallies([("A", "A")], ["A", "B"])
    with pytest.raises(ReconDataError):
        pairwise_tallies(["AB"], ["A", "B"])
    with pytest.raises(ReconDataError):
        pairwise_tallies([("A", "B")], ["A", "B"], truncated="drop")  # type: ignore[arg-type]


def test_grim_trigger_threshold_by_hand() -> None:
    # PD with R=3, T=5, P=1: cooperate 3/(1-d) >= 5 + d/(1-d)  <=>  d >= 1/2
    assert grim_trigger_threshold(3, 5, 1) == F(1, 2)
    # R=49634.75, T=60000, P=30000: (T-R)/(T-P) = 10365.25/30000
    assert grim_trigger_threshold("49634.75", 60000, 30000) == F(1036525, 3000000)
    assert grim_trigger_threshold(1, 5, 2) is None  # cooperation pays less than punishment
    assert grim_trigger_threshold(2, 2, 2) is None
    assert grim_trigger_threshold(4, 3, 1) == 0  # no temptation at all
    # the threshold is exactly where following equals deviating
    d = grim_trigger_threshold(3, 5, 1)
    assert 3 / (1 - d) == 5 + d * 1 / (1 - d)


PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def test_discounted_values() -> None:
    assert discounted_value([2], F(1, 2)) == 4
    assert discounted_value([1, 0], F(1, 2)) == F(4, 3)  # 1 + 1/4 + 1/16 + ...
    assert discounted_value([(1, 2)], "1/2", normalized=True) == (1, 2)
    assert discounted_value([1], F(1, 2), prefix=[5]) == 5 + F(1, 2) * 2
    with pytest.raises(ReconDataError):
        discounted_value([1], 1)


def test_feasibility_and_individual_rationality() -> None:
    assert is_feasible((3, 3), PD) and is_feasible((F(5, 2), F(5, 2)), PD)
    assert is_feasible((0, 5), PD) and is_feasible((F(1, 10), F(49, 10)), PD)
    assert not is_feasible((4, 4), PD) and not is_feasible((0, F(49, 10)), PD)
    # three players: the hull of (0,0,0), (3,0,0), (0,3,0), (0,0,3)
    g3 = NormalFormGame.from_payoffs(
        (2, 2, 1),
        {(0, 0, 0): (0, 0, 0), (0, 1, 0): (3, 0, 0), (1, 0, 0): (0, 3, 0), (1, 1, 0): (0, 0, 3)},
    )
    assert is_feasible((1, 1, 1), g3) and not is_feasible((1, 1, F(3, 2)), g3)
    assert minmax_values(PD) == (1, 1)
    assert individually_rational((1, 1), PD) and not individually_rational((F(9, 10), 3), PD)


def test_folk_theorem_paths() -> None:
    assert sustainable([(0, 0)], F(1, 2), PD)
    bad = sustainable([(0, 0)], F(49, 100), PD)
    assert not bad and {v[1] for v in bad.violations} == {0, 1}
    json.dumps(bad.certificate)
    # alternating (C,D),(D,C): the player getting 0 today is tempted to take 1 instead;
    # following: 5d/(1-d^2); deviating: 1 + d/(1-d)
    # at d = 9/10: follow = 4.5/0.19 = 23.68..., deviate = 1 + 9 = 10 -> sustainable
    assert sustainable([(0, 1), (1, 0)], F(9, 10), PD)
    # at d = 1/4: follow = (5/4)/(15/16) = 4/3, deviate = 1 + 1/3 = 4/3: just holds
    assert sustainable([(0, 1), (1, 0)], F(1, 4), PD)
    assert not sustainable([(0, 1), (1, 0)], F(1, 5), PD)
    # No pure stage equilibrium: Nash reversion uses the mixed one (tests/test_gametheory_minmax).
    pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert sustainable([(0, 0)], F(1, 2), pennies).punish_values == (0, 0)
    three = NormalFormGame.from_payoffs(
        (2, 2, 2), lambda p: (p[0] ^ p[1], p[1] ^ p[2], p[2] ^ p[0])
    )
    with pytest.raises(ReconDataError):
        sustainable([(0, 0, 0)], F(1, 2), three)

"""Bayesian games, decisions under risk and over time, and auctions, against hand computations."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from recon_data.errors import ReconDataError
from recon_data.gametheory import (
    BayesianGame,
    Lottery,
    NormalFormGame,
    allais_consistent,
    auction_format,
    bayes_nash,
    best_formats,
    choose,
    equilibrium_bid,
    expected_game,
    expected_revenue,
    expected_utility,
    expected_value,
    exponential_discount,
    preference_reversal,
    pure_nash,
    quasi_hyperbolic_discount,
    revenue_ranking,
    strategically_equivalent,
)


def entry_payoff(types, actions):
    """Entrant (0: In, 1: Out) against an incumbent who is strong (fights) or weak (accommodates)."""
    entrant, incumbent = actions
    if entrant == 1:
        return (0, 3)
    if types[1] == 0:  # strong: fighting (0) pays 2, accommodating 1
        return (-1, 2) if incumbent == 0 else (1, 1)
    return (-1, 0) if incumbent == 0 else (1, 2)  # weak


def test_entry_game_bayes_nash_by_hand() -> None:
    # prior strong 3/4. After entry the incumbent plays (strong: Fight, weak: Acc), and entry
    # then pays 3/4*(-1) + 1/4*1 = -1/2 < 0: no equilibrium with entry. Out is a best reply
    # to (Fight, Fight) (In pays -1) and (Fight, Acc) (-1/2), not to (Acc, Fight) (1/2) or
    # (Acc, Acc) (1); after Out the incumbent's plan costs nothing ex ante.
    game = BayesianGame.create(
        [1, ["strong", "weak"]],
        [["In", "Out"], ["Fight", "Acc"]],
        {(0, 0): F(3, 4), (0, 1): F(1, 4)},
        entry_payoff,
    )
    r = bayes_nash(game)
    assert set(r.equilibria) == {((1,), (0, 0)), ((1,), (0, 1))}
    assert game.ex_ante_game().shape == (2, 4)
    json.dumps(r.certificate)
    # prior strong 1/4: In then pays 1/4*(-1) + 3/4*1 > 0 against (Fight, Acc): entry
    game = BayesianGame.create(
        [1, ["strong", "weak"]], [2, 2], {(0, 0): F(1, 4), (0, 1): F(3, 4)}, entry_payoff
    )
    assert ((0,), (0, 1)) in bayes_nash(game).equilibria
    assert ((1,), (0, 1)) not in bayes_nash(game).equilibria


def test_bayesian_game_checks_the_prior() -> None:
    with pytest.raises(ReconDataError):
        BayesianGame.create([1, 2], [2, 2], {(0, 0): F(1, 2)}, entry_payoff)
    with pytest.raises(ReconDataError):
        BayesianGame.create([1, 2], [2, 2], {(0, 0): 1, (0, 5): 0}, entry_payoff)


def test_expected_game_of_unobserved_states() -> None:
    s1 = NormalFormGame.from_bimatrix([[4, 0], [0, 1]], [[4, 0], [0, 1]])
    s2 = NormalFormGame.from_bimatrix([[0, 0], [0, 3]], [[0, 0], [0, 3]])
    # weights 1/2: expected game [[2,0],[0,2]], coordination with two equilibria
    assert pure_nash(expected_game([s1, s2], ["0.5", "0.5"])).profiles == ((0, 0), (1, 1))
    # weights 0.8/0.2: (0,0) pays 3.2 vs (1,1) 1.4; both still equilibria
    g = expected_game([s1, s2], ["0.8", "0.2"])
    assert g.payoff((0, 0)) == (F(16, 5), F(16, 5)) and g.payoff((1, 1))[0] == F(7, 5)
    with pytest.raises(ReconDataError):
        expected_game([s1, s2], [1, 1])


MILLION = 10**6


def test_allais_pattern_violates_independence() -> None:
    a = Lottery.sure(MILLION)
    b = Lottery.of({5 * MILLION: "0.10", MILLION: "0.89", 0: "0.01"})
    c = Lottery.of({MILLION: "0.11", 0: "0.89"})
    d = Lottery.of({5 * MILLION: "0.10", 0: "0.90"})
    assert not allais_consistent((a, b), (d, c))  # the classic pattern
    assert allais_consistent((a, b), (c, d))  # consistent: u(1M) large
    assert allais_consistent((b, a), (d, c))  # consistent: u(5M) large
    assert expected_value(b) == 1390000 and expected_value(d) == 500000
    assert expected_utility(c, lambda x: 1 if x else 0) == F(11, 100)
    with pytest.raises(ReconDataError):
        Lottery.of({1: "0.5", 2: "0.4"})


def test_exponential_never_reverses_quasi_hyperbolic_does() -> None:
    def expo(t):
        return exponential_discount(F(9, 10), t)

    def qh(t):
        return quasi_hyperbolic_discount(F(1, 2), F(99, 100), t)

    # 100 today vs 110 tomorrow: beta-delta chooses 100 now (110 * 0.495 = 54.45) but, both
    # moved 30 days out, 110 later (the ratio is delta = 0.99 and 110 * 0.99 > 100).
    r = preference_reversal((100, 0), (110, 1), 30, qh)
    assert r.now == (0,) and r.shifted == (1,) and r.reversal
    json.dumps(r.certificate)
    assert not preference_reversal((100, 0), (110, 1), 30, expo).reversal
    # the release's pattern: choosing later today implies choosing later in the future too
    assert choose([(175, 0), (194, 1)], qh) == (0,)
    assert not preference_reversal((175, 0), (194, 1), 148, expo).reversal
    assert choose([(1, 0), (1, 0)], expo) == (0, 1)
    assert quasi_hyperbolic_discount(F(1, 2), F(9, 10), 0) == 1
    with pytest.raises(ReconDataError):
        exponential_discount(F(1, 2), F(1, 2))


def test_auction_equivalences() -> None:
    assert strategically_equivalent("dutch", "first_price")
    assert strategically_equivalent("english", "second_price")
    assert not strategically_equivalent("dutch", "english")
    assert not strategically_equivalent("first_price", "second_price")
    assert revenue_ranking("neutral") == (("first_price", "second_price", "english", "dutch"),)
    assert best_formats(["first_price", "second_price", "dutch"], "averse") == (
        "first_price",
        "dutch",
    )  # two equally right options: the release's auction ambiguity
    assert best_formats(["first_price", "second_price"], "seeking") == ("second_price",)
    assert auction_format("Dutch auction") == "dutch"
    assert auction_format("Second-price sealed-bid auction") == "second_price"
    assert auction_format("English (ascending) auction") == "english"
    assert auction_format("Lottery auction") is None
    with pytest.raises(ReconDataError):
        revenue_ranking("curious")  # type: ignore[arg-type]


def test_equilibrium_bids_and_revenue_equivalence() -> None:
    assert equilibrium_bid("first_price", F(3, 4), 3) == F(1, 2)  # (n-1)/n * v
    assert equilibrium_bid("english", F(3, 4), 3) == F(3, 4)
    # risk aversion (rho < 1) raises first-price bids, leaves second-price bids at value
    assert equilibrium_bid("dutch", 1, 2, rho=F(1, 2)) == F(2, 3) > equilibrium_bid("dutch", 1, 2)
    for n in (2, 3, 5):
        revenues = {expected_revenue(f, n, 100) for f in ("first_price", "second_price", "dutch")}
        assert revenues == {F(n - 1, n + 1) * 100}

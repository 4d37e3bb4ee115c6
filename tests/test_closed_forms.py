"""The sympy derivations against independent computations: textbook formulas, exact linear
systems solved by hand-written elimination, profit checks at nearby prices and quantities,
order statistics, and backward induction written out separately."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy

from recon_data.gametheory.closed_forms import (
    auctions,
    bargaining,
    consumer,
    oligopoly,
    pricing,
    thresholds,
)
from recon_data.gametheory.closed_forms.base import DerivationError, symbol

Q = symbol("Q")
a, b, c, n, v, V = (symbol(s) for s in ["a", "b", "c", "n", "v", "V"])
n_int = symbol("n", integer=True)


def _num(expr: object) -> F:
    value = sympy.nsimplify(expr)
    return F(int(value.p), int(value.q))  # type: ignore[attr-defined]


def _solve(matrix: list[list[F]], rhs: list[F]) -> list[F]:
    """Gauss-Jordan elimination over Fractions (independent of sympy)."""
    m = [[*row, r] for row, r in zip(matrix, rhs, strict=True)]
    size = len(m)
    for col in range(size):
        pivot = next(r for r in range(col, size) if m[r][col] != 0)
        m[col], m[pivot] = m[pivot], m[col]
        m[col] = [x / m[col][col] for x in m[col]]
        for r in range(size):
            if r != col and m[r][col] != 0:
                m[r] = [x - m[r][col] * y for x, y in zip(m[r], m[col], strict=True)]
    return [row[-1] for row in m]


@pytest.mark.parametrize(("A", "B", "C", "N"), [(100, 2, 10, 2), (120, 1, 30, 3), (77, 3, 5, 6)])
def test_cournot_matches_the_firms_linear_system(A: int, B: int, C: int, N: int) -> None:
    # FOC of firm i: A - B*sum(q) - B*q_i - C = 0 for every i: an N x N linear system.
    matrix = [[F(2 * B if i == j else B) for j in range(N)] for i in range(N)]
    q = _solve(matrix, [F(A - C)] * N)
    got = oligopoly.cournot(A - B * Q, C, N, "quantity").value
    assert all(x == _num(got) for x in q)
    price = A - B * sum(q)
    assert _num(oligopoly.cournot(A - B * Q, C, N, "price").value) == price
    profit = (price - C) * q[0]
    assert _num(oligopoly.cournot(A - B * Q, C, N, "profit").value) == profit
    # No firm gains from a small unilateral change of quantity.
    rest = sum(q[1:])
    for step in (F(-1, 10), F(1, 10)):
        other = q[0] + step
        assert (A - B * (other + rest) - C) * other < profit


def test_cournot_symbolic_is_the_textbook_formula() -> None:
    q = oligopoly.cournot(a - b * Q, c, n_int, "quantity").value
    assert sympy.simplify(q - (a - c) / (b * (n_int + 1))) == 0
    c1, c2 = symbol("c_1"), symbol("c_2")
    q1 = oligopoly.cournot_duopoly(a - b * Q, c1, c2, "quantity").value
    assert sympy.simplify(q1 - (a - 2 * c1 + c2) / (3 * b)) == 0


@pytest.mark.parametrize(("A", "B", "CL", "CF"), [(100, 1, 10, 10), (150, 2, 20, 12)])
def test_stackelberg_leader_cannot_do_better(A: int, B: int, CL: int, CF: int) -> None:
    def follower(ql: F) -> F:  # the follower's best response, solved by hand
        return (A - CF - B * ql) / (2 * B)

    def leader_profit(ql: F) -> F:
        return (A - B * (ql + follower(ql)) - CL) * ql

    ql = _num(oligopoly.stackelberg(A - B * Q, CL, CF, "leader_quantity").value)
    qf = _num(oligopoly.stackelberg(A - B * Q, CL, CF, "follower_quantity").value)
    assert qf == follower(ql)
    assert ql == F(A - 2 * CL + CF, 2 * B)  # textbook
    for step in (F(-1, 7), F(1, 7), F(-3), F(3)):
        assert leader_profit(ql + step) < leader_profit(ql)


@pytest.mark.parametrize(("A", "B", "D", "C1", "C2"), [(100, 2, 1, 10, 10), (90, 5, 3, 4, 12)])
def test_bertrand_prices_are_mutual_best_responses(
    A: int, B: int, D: int, C1: int, C2: int
) -> None:
    p1 = _num(oligopoly.bertrand(A, B, D, C1, C2, "price").value)
    p2 = _num(oligopoly.bertrand(A, B, D, C2, C1, "price").value)  # firm 2 seen as firm 1
    # Best responses by hand: p_i = (A + B c_i + D p_j) / (2B).
    assert _solve([[F(2 * B), F(-D)], [F(-D), F(2 * B)]], [F(A + B * C1), F(A + B * C2)]) == [
        p1,
        p2,
    ]

    def profit(p: F) -> F:
        return (p - C1) * (A - B * p + D * p2)

    assert all(profit(p1 + s) < profit(p1) for s in (F(-1, 5), F(1, 5)))
    if C1 == C2:
        assert p1 == F(A + B * C1, 2 * B - D)


def test_monopoly_pricing_formulas() -> None:
    t = symbol("t")
    price = pricing.monopoly(a - b * Q, c, t, "price").value
    assert sympy.simplify(price - (a + c + t) / 2) == 0
    dwl = pricing.monopoly(a - b * Q, c, 0, "deadweight_loss").value
    assert sympy.simplify(dwl - (a - c) ** 2 / (8 * b)) == 0
    # Deadweight loss of P = 100 - 2Q, c = 20: triangle between Q = 20 and Q = 40, height 40.
    assert _num(pricing.monopoly(100 - 2 * Q, 20, 0, "deadweight_loss").value) == 400
    eps = symbol("epsilon")
    lerner = pricing.elastic_monopoly(100, eps, c).value
    assert sympy.simplify((lerner - c) / lerner - 1 / eps) == 0  # the Lerner rule
    q1, q2 = symbol("q_1"), symbol("q_2")
    p1 = pricing.discrimination(120 - 2 * q1, 80 - q2, 20, "price_1").value
    assert _num(p1) == 70


def test_consumer_demand_formulas_and_a_budget_grid() -> None:
    x, y = symbol("x"), symbol("y")
    alpha, px, py, m = symbol("alpha"), symbol("p_x"), symbol("p_y"), symbol("m")
    cd = consumer.demand(x**alpha * y ** (1 - alpha), px, py, m, "x").value
    assert sympy.simplify(cd - alpha * m / px) == 0
    theta = symbol("theta")
    quasi = consumer.demand(x + theta * sympy.log(y), px, py, m, "y").value
    assert sympy.simplify(quasi - theta * px / py) == 0
    # u = x^0.3 y^0.7, p_x = 2, p_y = 5, m = 100: the best point of a fine budget grid.
    best = max(
        (F(k, 10) for k in range(1, 500)),
        key=lambda xx: float(xx) ** 0.3 * float((100 - 2 * xx) / 5) ** 0.7,
    )
    derived = _num(consumer.demand(x ** F(3, 10) * y ** F(7, 10), 2, 5, 100, "x").value)
    assert derived == 15 and abs(best - derived) <= F(1, 10)


@pytest.mark.parametrize("count", [2, 3, 5])
def test_first_price_and_all_pay_against_order_statistics(count: int) -> None:
    fp = _num(auctions.bid("first_price", count, 1, "bid").value.subs(v, sympy.Rational(1, 2)))
    assert fp == F(count - 1, count) / 2
    ap = _num(auctions.bid("all_pay", count, 1, "bid").value.subs(v, sympy.Rational(1, 2)))
    assert ap == F(count - 1, count) * F(1, 2) ** count
    # Revenue equivalence: E[second highest of n uniform values on [0, 10]] = 10 (n-1)/(n+1).
    for fmt in auctions.FORMATS:
        assert _num(auctions.bid(fmt, count, 10, "revenue").value) == F(10 * (count - 1), count + 1)
    # A bidder of value 3/4 does best bidding as its own type (grid of other types).
    bid = auctions.bid("first_price", count, 1, "bid").value

    def payoff(x: F) -> F:
        return (F(3, 4) - _num(bid.subs(v, sympy.Rational(x.numerator, x.denominator)))) * x ** (
            count - 1
        )

    assert all(payoff(F(k, 100)) <= payoff(F(3, 4)) for k in range(1, 100))


def test_symbolic_auction_bids() -> None:
    fp = auctions.bid("first_price", n_int, V, "bid").value
    assert sympy.simplify(fp - (n_int - 1) * v / n_int) == 0
    ap = auctions.bid("all_pay", n_int, V, "bid").value
    assert sympy.simplify(ap - (n_int - 1) * v**n_int / (n_int * V ** (n_int - 1))) == 0


def _backward(d1: F, d2: F, rounds: int) -> F:
    """Player 1's share when proposing first, by backward induction over periods (by hand)."""
    keep = F(1)  # the proposer of the last period
    for period in range(rounds - 1, 0, -1):
        responder_delta = d2 if period % 2 == 1 else d1
        keep = 1 - responder_delta * keep
    return keep


def test_bargaining_shares() -> None:
    d = symbol("delta")
    assert sympy.simplify(bargaining.rubinstein(d, d, 1, "proposer").value - 1 / (1 + d)) == 0
    d1, d2 = F(9, 10), F(4, 5)
    assert _num(bargaining.rubinstein(d1, d2, 1, "proposer").value) == (1 - d2) / (1 - d1 * d2)
    for rounds in range(1, 7):
        got = _num(bargaining.finite(d1, d2, 100, rounds, "proposer").value)
        assert got == 100 * _backward(d1, d2, rounds)
    # A long finite game approaches the infinite-horizon share.
    long = _num(bargaining.finite(d1, d2, 1, 60, "proposer").value)
    assert abs(long - (1 - d2) / (1 - d1 * d2)) < F(1, 100)


def test_trigger_thresholds() -> None:
    r, t, p = symbol("R"), symbol("T"), symbol("P")
    assert sympy.simplify(thresholds.prisoners(r, t, p).value - (t - r) / (t - p)) == 0
    assert _num(thresholds.prisoners(3, 5, 1).value) == F(1, 2)
    # Duopoly collusion with linear demand: the classic 9/17.
    assert _num(thresholds.cournot_collusion(a - b * Q, c, 2).value) == F(9, 17)
    general = thresholds.cournot_collusion(a - b * Q, c, n_int).value
    assert sympy.simplify(general - (n_int + 1) ** 2 / (n_int**2 + 6 * n_int + 1)) == 0
    assert sympy.simplify(thresholds.bertrand_collusion(a, n_int).value - (n_int - 1) / n_int) == 0


def test_degenerate_models_are_refused() -> None:
    with pytest.raises(DerivationError):
        oligopoly.cournot(a - b * Q, c, n, "elasticity")
    with pytest.raises(DerivationError):
        pricing.monopoly(a + b * Q, c, 0, "price")  # upward-sloping demand: no maximum

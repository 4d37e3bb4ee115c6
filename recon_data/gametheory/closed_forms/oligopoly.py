"""Oligopoly: Cournot (n symmetric firms, or two with their own costs), Stackelberg, Bertrand
with differentiated products. Each firm maximises its own profit; sympy solves the first-order
conditions (jointly, or leader after follower) and checks each firm's objective is concave.
"""

from __future__ import annotations

from typing import Any

import sympy

from recon_data.gametheory.closed_forms.base import (
    Derivation,
    DerivationError,
    certificate,
    foc_step,
    second_order,
    solve_unique,
    symbol,
)

COURNOT_ASKS = ("quantity", "total", "price", "profit")
STACKELBERG_ASKS = ("leader_quantity", "follower_quantity", "price", "leader_profit",
                    "follower_profit")  # fmt: skip
BERTRAND_ASKS = ("price", "quantity", "profit")


def cournot(demand: Any, cost: Any, n: Any, ask: str) -> Derivation:
    """n identical firms, inverse demand `demand(Q)`, unit cost `cost`: firm 1's FOC, symmetry."""
    big_q = symbol("Q")
    q, y = symbol("q"), symbol("y")  # firm 1's output, each rival's output
    price = demand.subs(big_q, q + (n - 1) * y)
    profit = price * q - cost * q
    foc = foc_step(profit, q)
    solution = solve_unique([foc.subs(y, q)], [q])  # symmetric equilibrium: y = q
    q_star = solution[q]
    soc = second_order(profit, q, {q: q_star, y: q_star})
    total = n * q_star
    p_star = demand.subs(big_q, total)
    values = {
        "quantity": q_star,
        "total": total,
        "price": p_star,
        "profit": (p_star - cost) * q_star,
    }
    value = _pick(values, ask)
    cert = certificate("cournot", ask, value, objective=profit, foc=[foc], solution=solution,
                       symmetry="y = q", soc=soc)  # fmt: skip
    return Derivation(value, cert)


def cournot_duopoly(demand: Any, cost_1: Any, cost_2: Any, ask: str) -> Derivation:
    """Two firms with unit costs `cost_1`, `cost_2`: both FOCs solved jointly (asks of firm 1)."""
    big_q = symbol("Q")
    q1, q2 = symbol("q_1"), symbol("q_2")
    price = demand.subs(big_q, q1 + q2)
    profits = (price * q1 - cost_1 * q1, price * q2 - cost_2 * q2)
    focs = [foc_step(profits[0], q1), foc_step(profits[1], q2)]
    solution = solve_unique(focs, [q1, q2])
    soc = [second_order(profits[0], q1, solution), second_order(profits[1], q2, solution)]
    total = solution[q1] + solution[q2]
    p_star = demand.subs(big_q, total)
    values = {
        "quantity": solution[q1],
        "total": total,
        "price": p_star,
        "profit": (p_star - cost_1) * solution[q1],
    }
    value = _pick(values, ask)
    cert = certificate("cournot_duopoly", ask, value, objectives=list(profits), foc=focs,
                       solution=solution, soc=soc)  # fmt: skip
    return Derivation(value, cert)


def stackelberg(demand: Any, cost_leader: Any, cost_follower: Any, ask: str) -> Derivation:
    """The follower's best response from its FOC, then the leader's FOC on the residual."""
    big_q = symbol("Q")
    ql, qf = symbol("q_L"), symbol("q_F")
    follower = demand.subs(big_q, ql + qf) * qf - cost_follower * qf
    response = solve_unique([foc_step(follower, qf)], [qf])[qf]
    second_order(follower, qf, {qf: response})
    leader = demand.subs(big_q, ql + response) * ql - cost_leader * ql
    lead = solve_unique([foc_step(leader, ql)], [ql])
    soc = second_order(leader, ql, lead)
    q_lead = lead[ql]
    q_follow = sympy.factor(sympy.cancel(response.subs(ql, q_lead)))
    p_star = demand.subs(big_q, q_lead + q_follow)
    values = {
        "leader_quantity": q_lead,
        "follower_quantity": q_follow,
        "price": p_star,
        "leader_profit": (p_star - cost_leader) * q_lead,
        "follower_profit": (p_star - cost_follower) * q_follow,
    }
    value = _pick(values, ask)
    cert = certificate("stackelberg", ask, value, follower_objective=follower,
                       best_response=response, leader_objective=leader, solution=lead,
                       soc=soc)  # fmt: skip
    return Derivation(value, cert)


def bertrand(
    intercept: Any, own: Any, cross: Any, cost_1: Any, cost_2: Any, ask: str
) -> Derivation:
    """Demand q_i = intercept - own*p_i + cross*p_j; both price FOCs solved jointly (firm 1)."""
    p1, p2 = symbol("p_1"), symbol("p_2")
    q1 = intercept - own * p1 + cross * p2
    q2 = intercept - own * p2 + cross * p1
    profits = ((p1 - cost_1) * q1, (p2 - cost_2) * q2)
    focs = [foc_step(profits[0], p1), foc_step(profits[1], p2)]
    solution = solve_unique(focs, [p1, p2])
    soc = [second_order(profits[0], p1, solution), second_order(profits[1], p2, solution)]
    quantity = q1.subs(solution)
    values = {
        "price": solution[p1],
        "quantity": quantity,
        "profit": (solution[p1] - cost_1) * quantity,
    }
    value = _pick(values, ask)
    cert = certificate("bertrand", ask, value, objectives=list(profits), foc=focs,
                       solution=solution, soc=soc)  # fmt: skip
    return Derivation(value, cert)


def _pick(values: dict[str, Any], ask: str) -> Any:
    if ask not in values:
        raise DerivationError(f"unknown quantity {ask!r}; known: {', '.join(values)}")
    return sympy.factor(sympy.cancel(values[ask]))

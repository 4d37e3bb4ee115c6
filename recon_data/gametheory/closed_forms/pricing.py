"""Monopoly pricing: linear demand (with a per-unit tax), constant elasticity, and third-degree
price discrimination across two markets. sympy solves the monopolist's first-order condition.
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

MONOPOLY_ASKS = ("quantity", "price", "profit", "deadweight_loss")
DISCRIMINATION_ASKS = ("price_1", "quantity_1", "price_2", "quantity_2", "profit")


def monopoly(demand: Any, cost: Any, tax: Any, ask: str) -> Derivation:
    """Inverse demand `demand(Q)`, unit cost `cost`, per-unit tax `tax` paid by the firm."""
    big_q = symbol("Q")
    profit = (demand - cost - tax) * big_q
    solution = solve_unique([foc_step(profit, big_q)], [big_q])
    soc = second_order(profit, big_q, solution)
    q_star = solution[big_q]
    p_star = demand.subs(big_q, q_star)
    # Deadweight loss against marginal-cost pricing (unit cost, tax included), as an integral.
    competitive = solve_unique([demand - cost - tax], [big_q])[big_q]
    dwl = sympy.integrate(demand - cost - tax, (big_q, q_star, competitive))
    values = {
        "quantity": q_star,
        "price": p_star,
        "profit": (p_star - cost - tax) * q_star,
        "deadweight_loss": dwl,
    }
    value = _pick(values, ask)
    cert = certificate("monopoly", ask, value, objective=profit, solution=solution, soc=soc,
                       competitive_quantity=competitive)  # fmt: skip
    return Derivation(value, cert)


def elastic_monopoly(scale: Any, elasticity: Any, cost: Any) -> Derivation:
    """Demand q = scale * p^(-elasticity) with elasticity > 1: the profit-maximising price."""
    p = symbol("p")
    profit = (p - cost) * scale * p ** (-elasticity)
    foc = sympy.simplify(foc_step(profit, p) * p ** (elasticity + 1) / scale)
    solution = solve_unique([foc], [p])
    soc = second_order(profit, p, solution)
    value = solution[p]
    cert = certificate("elastic_monopoly", "price", value, objective=profit, foc=[foc],
                       solution=solution, soc=soc)  # fmt: skip
    return Derivation(value, cert)


def discrimination(demand_1: Any, demand_2: Any, cost: Any, ask: str) -> Derivation:
    """Two markets with inverse demands in q_1 and q_2 and a common unit cost: both FOCs."""
    q1, q2 = symbol("q_1"), symbol("q_2")
    profit = demand_1 * q1 + demand_2 * q2 - cost * (q1 + q2)
    focs = [foc_step(profit, q1), foc_step(profit, q2)]
    solution = solve_unique(focs, [q1, q2])
    soc = [second_order(profit, q1, solution), second_order(profit, q2, solution)]
    values = {
        "price_1": demand_1.subs(solution),
        "quantity_1": solution[q1],
        "price_2": demand_2.subs(solution),
        "quantity_2": solution[q2],
        "profit": profit.subs(solution),
    }
    value = _pick(values, ask)
    cert = certificate("discrimination", ask, value, objective=profit, foc=focs,
                       solution=solution, soc=soc)  # fmt: skip
    return Derivation(value, cert)


def _pick(values: dict[str, Any], ask: str) -> Any:
    if ask not in values:
        raise DerivationError(f"unknown quantity {ask!r}; known: {', '.join(values)}")
    return sympy.factor(sympy.cancel(values[ask]))

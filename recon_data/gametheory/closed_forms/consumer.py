"""Consumer choice: maximise a utility subject to the budget p_x x + p_y y = m (Lagrangian).

A utility that is a product of powers (Cobb-Douglas) is maximised through its logarithm, an
increasing transformation with the same maximiser (the certificate says so); others as given.
"""

from __future__ import annotations

from typing import Any

import sympy

from recon_data.gametheory.closed_forms.base import (
    Derivation,
    DerivationError,
    certificate,
    solve_unique,
    symbol,
)

ASKS = ("x", "y")


def demand(utility: Any, price_x: Any, price_y: Any, income: Any, ask: str) -> Derivation:
    """Marshallian demand for good `ask` ("x" or "y") from the Lagrangian's conditions."""
    if ask not in ASKS:
        raise DerivationError(f"unknown good {ask!r}; known: x, y")
    x, y, lam = symbol("x"), symbol("y"), symbol("lambda")
    objective = utility
    transformed = utility.is_Mul or utility.is_Pow
    if transformed:
        objective = sympy.expand_log(sympy.log(utility), force=True)
    lagrangian = objective - lam * (price_x * x + price_y * y - income)
    focs = [sympy.diff(lagrangian, v) for v in (x, y, lam)]
    solution = solve_unique(focs, [x, y, lam])
    value = sympy.factor(sympy.cancel(solution[x if ask == "x" else y]))
    cert = certificate("consumer_choice", ask, value, utility=utility, objective=objective,
                       log_transform="yes" if transformed else "no", foc=focs,
                       solution=solution)  # fmt: skip
    return Derivation(value, cert)

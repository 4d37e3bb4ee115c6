"""Alternating-offer bargaining over a pie of size S (Rubinstein 1982, and finite horizons).

Infinite horizon: the stationary offers make each responder indifferent between accepting and
proposing next period (two linear equations, solved by sympy). Finite horizon of T rounds:
backward induction from the last round, where the proposer keeps everything.
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

ASKS = ("proposer", "responder")


def rubinstein(delta_1: Any, delta_2: Any, pie: Any, ask: str) -> Derivation:
    """Player 1 proposes first; the share (times `pie`) of the proposer or the responder."""
    if ask not in ASKS:
        raise DerivationError(f"unknown quantity {ask!r}")
    x, y = symbol("x"), symbol("y")  # what player 1 / player 2 keeps when proposing
    equations = [1 - x - delta_2 * y, 1 - y - delta_1 * x]
    solution = solve_unique(equations, [x, y])
    share = solution[x] if ask == "proposer" else 1 - solution[x]
    value = sympy.factor(sympy.cancel(pie * share))
    cert = certificate("rubinstein", ask, value, indifference=equations, solution=solution)
    return Derivation(value, cert)


def finite(delta_1: Any, delta_2: Any, pie: Any, rounds: int, ask: str) -> Derivation:
    """T rounds, player 1 proposing in odd rounds; disagreement after round T gives nothing."""
    if ask not in ASKS or rounds < 1:
        raise DerivationError(f"unknown quantity {ask!r} or rounds {rounds}")
    keep = sympy.Integer(1)  # the last round's proposer keeps the whole pie
    steps = [keep]
    for r in range(rounds - 1, 0, -1):
        responder_discount = delta_2 if r % 2 == 1 else delta_1
        keep = sympy.expand(1 - responder_discount * keep)
        steps.append(keep)
    share = keep if ask == "proposer" else 1 - keep
    value = sympy.factor(sympy.cancel(pie * share))
    cert = certificate("finite_bargaining", ask, value, rounds=rounds, backward=steps)
    return Derivation(value, cert)

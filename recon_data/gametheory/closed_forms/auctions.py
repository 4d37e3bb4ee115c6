"""Symmetric equilibrium bids with n bidders whose values are uniform on [0, V].

First price: b(v) = v - (integral of F(t)^(n-1) from 0 to v) / F(v)^(n-1); all pay:
b(v) = integral of t d(F(t)^(n-1)) from 0 to v (the standard characterisations, integrated by
sympy). Revenue is n times the expected payment. The certificate also records the bidder's
deviation condition at the equilibrium, which the audit re-checks.
"""

from __future__ import annotations

from typing import Any

import sympy

from recon_data.gametheory.closed_forms.base import (
    Derivation,
    DerivationError,
    certificate,
    symbol,
)

FORMATS = ("first_price", "all_pay")
ASKS = ("bid", "revenue")


def bid(fmt: str, n: Any, top: Any, ask: str) -> Derivation:
    """The equilibrium bid b(v) or the expected revenue of format `fmt` (values U[0, top])."""
    if fmt not in FORMATS or ask not in ASKS:
        raise DerivationError(f"unknown format or quantity: {fmt!r}, {ask!r}")
    t, v, x = symbol("t"), symbol("v"), symbol("x")
    given, top = top, symbol("V")  # derived with a symbolic bound, the given one put in last
    win = (t / top) ** (n - 1)  # probability of beating n - 1 rivals with value t
    if fmt == "first_price":
        b = v - sympy.integrate(win, (t, 0, v)) / win.subs(t, v)
        pay = b * win.subs(t, v)  # paid only when winning
    else:
        b = sympy.integrate(t * sympy.diff(win, t), (t, 0, v))
        pay = b  # paid always
    b = sympy.factor(sympy.cancel(sympy.powsimp(b, force=True)))
    revenue = n * sympy.integrate(_tidy(pay / top), (v, 0, top))
    # Deviation: a bidder of value v bidding as if of value x; zero slope at x = v.
    win_x = (x / top) ** (n - 1)
    payoff = (v - b.subs(v, x)) * win_x if fmt == "first_price" else v * win_x - b.subs(v, x)
    slope = sympy.cancel(_tidy(sympy.diff(payoff, x).subs(x, v)))
    if slope != 0:
        raise DerivationError(f"the bid is no best response: slope {slope}")
    # A number put in before integrating leaves forms like 10^(2n)/100^n that no normal form
    # undoes; substituted into the symbolic result it gives one form whatever the path.
    value = sympy.factor(sympy.cancel(sympy.powsimp(b if ask == "bid" else revenue, force=True)))
    value = sympy.factor(sympy.cancel(value.subs(top, given)))
    cert = certificate("auction", ask, value, format=fmt, upper=given, bid=b, deviation_payoff=payoff,
                       slope_at_truth=slope)  # fmt: skip
    return Derivation(value, cert)


def _tidy(expr: Any) -> Any:
    # (v/V)^(n-1) as v^(n-1) V^(1-n): sympy integrates and cancels that form quickly, while
    # simplify on the quotient form takes minutes with a symbolic n.
    return sympy.powsimp(sympy.expand_power_base(expr, force=True), force=True)

"""The four standard single-object auctions under independent private values.

Facts used (Krishna, Auction Theory, ch. 2-4):
- Dutch (descending) is strategically equivalent to first-price sealed bid, English
  (ascending) to second-price sealed bid, whatever the bidders' risk attitudes.
- Risk-neutral, symmetric, i.i.d. values: all four yield the same expected revenue.
- Risk-averse bidders bid more in first-price/Dutch (second-price/English bids stay at value,
  a dominant strategy), so first-price/Dutch revenue is higher; risk-seeking bidders bid
  less there, so second-price/English revenue is higher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Literal

from recon_data.errors import ReconDataError
from recon_data.gametheory.numbers import Number, to_fraction

FORMATS = ("first_price", "second_price", "english", "dutch")
RiskAttitude = Literal["neutral", "averse", "seeking"]
_TWIN = {"first_price": "dutch", "dutch": "first_price", "english": "second_price"}
_TWIN["second_price"] = "english"

_NAMES = (
    (
        re.compile(r"\bfirst[- ]price|\bhighest[- ]price sealed|\bpay[- ]your[- ]bid", re.I),
        "first_price",
    ),
    (re.compile(r"\bsecond[- ]price|\bvickrey", re.I), "second_price"),
    (re.compile(r"\bdutch|\bdescending", re.I), "dutch"),
    (re.compile(r"\benglish|\bascending|\bopen[- ]outcry", re.I), "english"),
)


def auction_format(name: str) -> str | None:
    """The standard format a name refers to ("Dutch auction" -> "dutch"), or None if none."""
    hits = {fmt for pattern, fmt in _NAMES if pattern.search(name)}
    return hits.pop() if len(hits) == 1 else None


def _check(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ReconDataError(f"unknown auction format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def strategically_equivalent(a: str, b: str) -> bool:
    """True when two formats induce the same strategic situation (private values)."""
    return _check(a) == _check(b) or _TWIN[a] == b


def revenue_ranking(risk_attitude: RiskAttitude) -> tuple[tuple[str, ...], ...]:
    """Formats grouped by expected revenue, highest group first (ties share a group)."""
    if risk_attitude == "neutral":
        return (FORMATS,)
    if risk_attitude == "averse":
        return (("first_price", "dutch"), ("second_price", "english"))
    if risk_attitude == "seeking":
        return (("second_price", "english"), ("first_price", "dutch"))
    raise ReconDataError(f"unknown risk attitude {risk_attitude!r}; use neutral, averse or seeking")


def best_formats(candidates: Iterable[str], risk_attitude: RiskAttitude) -> tuple[str, ...]:
    """Those candidate formats (standard names) that raise the most revenue; ties kept."""
    chosen = [_check(c) for c in candidates]
    for tier in revenue_ranking(risk_attitude):
        top = tuple(c for c in chosen if c in tier)
        if top:
            return top
    return ()


def equilibrium_bid(fmt: str, value: Number, n: int, rho: Number = 1) -> Fraction:
    """Symmetric equilibrium bid for values i.i.d. uniform, n bidders, utility x**rho.

    Second-price/English: bid the value (dominant). First-price/Dutch: (n-1)/(n-1+rho) * v,
    which is (n-1)/n * v when risk neutral (rho = 1) and rises as rho falls (risk aversion).
    """
    _check(fmt)
    if n < 2:
        raise ReconDataError(f"an auction needs at least two bidders, got {n}")
    v, r = to_fraction(value), to_fraction(rho)
    if r <= 0:
        raise ReconDataError(f"risk parameter rho must be positive, got {r}")
    if fmt in ("second_price", "english"):
        return v
    return Fraction(n - 1) / (n - 1 + r) * v


def expected_revenue(fmt: str, n: int, high: Number = 1) -> Fraction:
    """Risk-neutral expected revenue, values i.i.d. uniform on [0, high]: (n-1)/(n+1) * high.

    The same for every format (revenue equivalence): the first-price winner's bid
    (n-1)/n * E[max] equals the second-price E[second highest].
    """
    _check(fmt)
    if n < 2:
        raise ReconDataError(f"an auction needs at least two bidders, got {n}")
    h = to_fraction(high)
    if fmt in ("second_price", "english"):
        return Fraction(n - 1, n + 1) * h  # E[second-highest of n uniforms]
    return Fraction(n - 1, n) * Fraction(n, n + 1) * h  # bid factor times E[highest]

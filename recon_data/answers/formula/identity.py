"""A bounded symbolic proof that two formulas are the same function of their parameters.

Rational formulas (integer powers, no roots or logarithms) become numerator/denominator pairs
of sympy's sparse polynomials over QQ, and `N1*D2 - N2*D1` is expanded exactly: zero proves
the identity, anything else disproves it. Other formulas go through `sympy.cancel` on
expressions built node by node from the tree (never from text), which can prove but not
disprove. Every multiplication is sized first: past the limits the answer is "unknown".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from recon_data.answers.formula.parser import Node

MAX_TERMS = 3000  # terms of any intermediate polynomial
MAX_WORK = 40000  # term pairs of one multiplication
MAX_DEGREE = 24  # estimated degree of a formula sent to sympy.cancel
MAX_POWER = 40


class _Budget(Exception):
    """A polynomial would grow past the limits."""


def prove_equal(a: Node, b: Node, params: Iterable[str], positive: Iterable[str] = (),
                integers: Iterable[str] = ()) -> bool | None:  # fmt: skip
    """True when `a` and `b` are proven identical, False when proven different, None unknown."""
    names = tuple(sorted(set(params)))
    if _rational(a) and _rational(b):
        try:
            ring = _ring(names)
            n1, d1 = _poly(a, ring)
            n2, d2 = _poly(b, ring)
            return _mul(n1, d2) == _mul(n2, d1)
        except _Budget:
            return None
    if _degree(a) > MAX_DEGREE or _degree(b) > MAX_DEGREE:
        return None
    from sympy import cancel

    from recon_data.answers.formula.bridge import to_sympy

    symbols = _symbols(names, frozenset(positive), frozenset(integers))
    return True if cancel(to_sympy(a, symbols) - to_sympy(b, symbols)) == 0 else None


@lru_cache(maxsize=256)
def _ring(names: tuple[str, ...]) -> tuple[Any, dict[str, Any]]:
    from sympy.polys.domains import QQ
    from sympy.polys.rings import ring

    if not names:
        names = ("_",)
    made = ring(",".join(names), QQ)
    return made[0], dict(zip(names, made[1:], strict=True))


@lru_cache(maxsize=256)
def _symbols(
    names: tuple[str, ...], positive: frozenset[str], integers: frozenset[str]
) -> dict[str, Any]:
    from sympy import Symbol

    return {
        n: Symbol(n, positive=n in positive or None, integer=n in integers or None) for n in names
    }


def _rational(node: Node) -> bool:
    kind = node[0]
    if kind in ("n", "s"):
        return True
    if kind == "f":
        return False
    if kind == "^":
        exp = node[2]
        return exp[0] == "n" and exp[1].denominator == 1 and _rational(node[1])
    if kind in ("+", "*"):
        return all(_rational(x) for x in node[1])
    if kind == "-":
        return _rational(node[1])
    return _rational(node[1]) and _rational(node[2])


def _degree(node: Node) -> int:
    kind = node[0]
    if kind == "n":
        return 0
    if kind in ("s", "f"):
        return 1
    if kind == "+":
        return max(_degree(x) for x in node[1])
    if kind == "*":
        return sum(_degree(x) for x in node[1])
    if kind == "-":
        return _degree(node[1])
    if kind == "/":
        return _degree(node[1]) + _degree(node[2])
    exp = node[2]
    scale = abs(int(exp[1])) if exp[0] == "n" and exp[1].denominator == 1 else 1
    return _degree(node[1]) * max(scale, 1)


def _mul(p: Any, q: Any) -> Any:
    if len(p) * len(q) > MAX_WORK:
        raise _Budget
    out = p * q
    if len(out) > MAX_TERMS:
        raise _Budget
    return out


def _poly(node: Node, made: tuple[Any, dict[str, Any]]) -> tuple[Any, Any]:
    ring, gens = made
    kind = node[0]
    if kind == "n":
        return ring(node[1]), ring.one
    if kind == "s":
        return gens[node[1]], ring.one
    if kind == "-":
        num, den = _poly(node[1], made)
        return -num, den
    if kind == "+":
        num, den = ring.zero, ring.one
        for term in node[1]:
            n2, d2 = _poly(term, made)
            num, den = _mul(num, d2) + _mul(n2, den), _mul(den, d2)
        return num, den
    if kind == "*":
        num, den = ring.one, ring.one
        for factor in node[1]:
            n2, d2 = _poly(factor, made)
            num, den = _mul(num, n2), _mul(den, d2)
        return num, den
    if kind == "/":
        n1, d1 = _poly(node[1], made)
        n2, d2 = _poly(node[2], made)
        if n2 == 0:
            raise _Budget  # a formula that divides by zero everywhere: leave it to the points
        return _mul(n1, d2), _mul(d1, n2)
    e = int(node[2][1])
    if abs(e) > MAX_POWER:
        raise _Budget
    num, den = _poly(node[1], made)
    if e < 0:
        num, den, e = den, num, -e
    return _pow(num, e, ring), _pow(den, e, ring)


def _pow(p: Any, e: int, ring: Any) -> Any:
    out = ring.one
    for _ in range(e):
        out = _mul(out, p)
    return out

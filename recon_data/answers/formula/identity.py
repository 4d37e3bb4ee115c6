"""A bounded symbolic proof that two formulas are the same function of their parameters.

Rational formulas (integer powers, no roots or logarithms) become numerator/denominator pairs
of sympy's sparse polynomials over QQ, and `N1*D2 - N2*D1` is expanded exactly: zero proves
the identity, anything else disproves it. A power with a symbolic exponent linear in the
parameters (`v^n`, `V^(n - 1)`, `(v/V)^n`) becomes a new generator per base and exponent
symbol (`V^(n - 1)` = `[V^n] * V^-1`), which proves identities like `v^n/V^(n-1) =
V (v/V)^n` but cannot disprove (the generators are not independent). Roots, logarithms and
exponentials go through `sympy.cancel` on expressions built node by node from the tree (never
from text), which can prove but not disprove. Every multiplication is sized first: past the
limits the answer is "unknown".
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache
from typing import Any

from recon_data.answers.formula.parser import Node

MAX_TERMS = 3000  # terms of any intermediate polynomial
MAX_WORK = 40000  # term pairs of one multiplication
MAX_DEGREE = 24  # estimated degree of a formula sent to sympy.cancel
MAX_POWER = 40
_GEN = "_pow_"  # prefix of the generator standing for base^symbol


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
    lifted = _lift(a), _lift(b)
    if lifted[0] is not None and lifted[1] is not None:
        generators = tuple(sorted(_generators(lifted[0]) | _generators(lifted[1])))
        try:
            ring = _ring(names + generators)
            n1, d1 = _poly(lifted[0], ring)
            n2, d2 = _poly(lifted[1], ring)
            return True if _mul(n1, d2) == _mul(n2, d1) else None
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


def _lift(node: Node) -> Node | None:
    """Replace `base^(k*s + c)` (base a product or quotient of parameters) by generators."""
    kind = node[0]
    if kind in ("n", "s"):
        return node
    if kind == "f":
        return None
    if kind in ("+", "*"):
        parts = [_lift(x) for x in node[1]]
        return None if any(p is None for p in parts) else (kind, tuple(parts))
    if kind == "-":
        inner = _lift(node[1])
        return None if inner is None else ("-", inner)
    if kind == "/":
        num, den = _lift(node[1]), _lift(node[2])
        return None if num is None or den is None else ("/", num, den)
    base, exp = node[1], node[2]
    if exp[0] == "n" and exp[1].denominator == 1:
        inner = _lift(base)
        return None if inner is None else ("^", inner, exp)
    linear = _linear(exp)
    if linear is None:
        return None
    return _power_of(base, linear)


def _power_of(base: Node, linear: tuple[dict[str, int], int]) -> Node | None:
    # (x*y)^e = x^e y^e, (x/y)^e = x^e / y^e; x^(k s + c) = [x^s]^k x^c for a parameter x.
    kind = base[0]
    if kind == "*":
        parts = [_power_of(f, linear) for f in base[1]]
        return None if any(p is None for p in parts) else ("*", tuple(parts))
    if kind == "/":
        num, den = _power_of(base[1], linear), _power_of(base[2], linear)
        return None if num is None or den is None else ("/", num, den)
    if kind != "s":
        return None
    terms, constant = linear
    factors: list[Node] = [("^", ("s", f"{_GEN}{base[1]}{_GEN}{s}"), ("n", Fraction(k)))
                           for s, k in sorted(terms.items())]  # fmt: skip
    factors.append(("^", base, ("n", Fraction(constant))))
    return ("*", tuple(factors))


def _linear(node: Node) -> tuple[dict[str, int], int] | None:
    """`n - 1` as ({n: 1}, -1); None unless integer-linear in the parameters."""
    kind = node[0]
    if kind == "n":
        return ({}, int(node[1])) if node[1].denominator == 1 else None
    if kind == "s":
        return {node[1]: 1}, 0
    if kind == "-":
        inner = _linear(node[1])
        return None if inner is None else ({k: -v for k, v in inner[0].items()}, -inner[1])
    if kind == "+":
        terms: dict[str, int] = {}
        constant = 0
        for part in node[1]:
            got = _linear(part)
            if got is None:
                return None
            for k, v in got[0].items():
                terms[k] = terms.get(k, 0) + v
            constant += got[1]
        return {k: v for k, v in terms.items() if v}, constant
    if kind == "*" and len(node[1]) == 2 and node[1][0][0] == "n":
        inner = _linear(node[1][1])
        scale = node[1][0][1]
        if inner is None or scale.denominator != 1:
            return None
        return {k: v * int(scale) for k, v in inner[0].items()}, inner[1] * int(scale)
    return None


def _generators(node: Node) -> set[str]:
    kind = node[0]
    if kind == "s":
        return {node[1]} if node[1].startswith(_GEN) else set()
    if kind == "n":
        return set()
    if kind in ("+", "*"):
        return set().union(*(_generators(x) for x in node[1]))
    if kind == "-":
        return _generators(node[1])
    return _generators(node[1]) | _generators(node[2])


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

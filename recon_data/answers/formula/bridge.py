"""sympy expressions <-> formula trees, and the canonical text of a derived formula.

Solvers derive with sympy; `canonical_tree` puts a derivation in one normal form (`cancel`
then `factor`), so two derivations of the same function print the same text, and `from_sympy`
reads only the node types a closed form has (sums, products, powers, integers, rationals,
symbols, `log`, `exp`): anything else is a bug in a solver, not a formula. `to_sympy` builds
expressions node by node from a tree, never from text.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from recon_data.answers.formula.parser import Node
from recon_data.answers.formula.printer import to_text


def to_sympy(node: Node, symbols: dict[str, Any]) -> Any:
    """Build the sympy expression of a tree with the given symbols."""
    import sympy

    kind = node[0]
    if kind == "n":
        return sympy.Rational(node[1].numerator, node[1].denominator)
    if kind == "s":
        return symbols[node[1]]
    if kind == "+":
        return sympy.Add(*(to_sympy(t, symbols) for t in node[1]))
    if kind == "-":
        return -to_sympy(node[1], symbols)
    if kind == "*":
        return sympy.Mul(*(to_sympy(f, symbols) for f in node[1]))
    if kind == "/":
        return to_sympy(node[1], symbols) / to_sympy(node[2], symbols)
    if kind == "^":
        return sympy.Pow(to_sympy(node[1], symbols), to_sympy(node[2], symbols))
    arg = to_sympy(node[2], symbols)
    return {"sqrt": sympy.sqrt, "ln": sympy.log, "exp": sympy.exp}[node[1]](arg)


def canonical_tree(expr: Any) -> Node:
    """Return the tree of a sympy expression in normal form (`factor(cancel(expr))`)."""
    import sympy

    expr = sympy.sympify(expr)  # a solver's own value (an int, a Rational), never model text
    return from_sympy(sympy.factor(sympy.cancel(expr)))


def canonical_text(expr: Any) -> str:
    """Return the canonical text of a derived sympy expression."""
    return to_text(canonical_tree(expr))


def from_sympy(expr: Any) -> Node:
    """Return the formula tree of a sympy closed form (ValueError for other node types)."""
    import sympy

    if expr.is_Integer or expr.is_Rational:
        value = Fraction(int(expr.p), int(expr.q))
        if value < 0:
            return ("-", _number(-value))
        return _number(value)
    if expr.is_Symbol:
        return ("s", expr.name)
    if expr.is_Add:
        return ("+", tuple(_term(t) for t in expr.as_ordered_terms()))
    if expr.is_Mul or expr.is_Pow:
        return _quotient(expr)
    if isinstance(expr, sympy.log):
        return ("f", "ln", from_sympy(expr.args[0]))
    if isinstance(expr, sympy.exp):
        return ("f", "exp", from_sympy(expr.args[0]))
    raise ValueError(f"not a closed form this package prints: {expr!r}")


def _number(value: Fraction) -> Node:
    if value.denominator == 1:
        return ("n", value)
    return ("/", ("n", Fraction(value.numerator)), ("n", Fraction(value.denominator)))


def _term(term: Any) -> Node:
    if term.could_extract_minus_sign():
        return ("-", from_sympy(-term))
    return from_sympy(term)


def _quotient(expr: Any) -> Node:
    # Numerator and denominator by the sign of each exponent (V^(1 - n) goes below as
    # V^(n - 1)); a sum whose first term is negative (-a + c + t) is flipped under an
    # integer power, the sign moving out: -(-a + c + t)/(2*b) prints (a - c - t)/(2*b).
    import sympy

    coeff, rest = expr.as_coeff_Mul()
    negative = coeff < 0
    coeff = abs(coeff)
    num: list[Node] = [] if coeff.p == 1 else [("n", Fraction(int(coeff.p)))]
    den: list[Node] = [] if coeff.q == 1 else [("n", Fraction(int(coeff.q)))]
    for factor in sympy.Mul.make_args(rest):
        base, exp = factor.as_base_exp()
        side = num
        if exp.could_extract_minus_sign():
            exp, side = -exp, den
        if base.is_Add and exp.is_Integer and base.as_ordered_terms()[0].could_extract_minus_sign():
            base = -base
            negative ^= bool(exp % 2)
        side.append(_power(base, exp))
    top = _product(num) if num else ("n", Fraction(1))
    node = ("/", top, _product(den)) if den else top
    return ("-", node) if negative else node


def _product(factors: list[Node]) -> Node:
    return factors[0] if len(factors) == 1 else ("*", tuple(factors))


def _power(base: Any, exp: Any) -> Node:
    import sympy

    if exp == 1:
        return from_sympy(base)
    if exp == sympy.Rational(1, 2):
        return ("f", "sqrt", from_sympy(base))
    return ("^", from_sympy(base), from_sympy(exp))

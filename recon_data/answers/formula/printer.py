"""Canonical text of a formula tree: explicit `*`, `/` and `^`, and only the brackets it needs.

The printer is the parser's inverse on the trees the parser builds: printing, parsing and
printing again gives the same text (tested), which is what makes a stored gold canonical.
"""

from __future__ import annotations

from fractions import Fraction

from recon_data.answers.formula.parser import Node


def to_text(node: Node) -> str:
    """Return the canonical plain-text form of a tree (`(a - c)/(b*(n + 1))`)."""
    return _text(node)


def number_text(value: Fraction) -> str:
    """An integer, or a terminating decimal as written (`0.25`); others as `p/q` in brackets."""
    if value.denominator == 1:
        return str(value.numerator)
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        places = 0
        while (value * 10**places).denominator != 1:
            places += 1
        scaled = value.numerator * 10**places // value.denominator
        whole, frac = divmod(abs(scaled), 10**places)
        return f"{'-' if value < 0 else ''}{whole}.{frac:0{places}d}"
    return f"({value.numerator}/{value.denominator})"


def _text(node: Node) -> str:
    kind = node[0]
    if kind == "n":
        return number_text(node[1])
    if kind == "s":
        return node[1]
    if kind == "+":
        return _sum(node[1])
    if kind == "-":
        inner = node[1]
        return "-" + (f"({_text(inner)})" if inner[0] in ("+", "-") else _text(inner))
    if kind == "*":
        parts = []
        for i, factor in enumerate(node[1]):
            wrap = factor[0] in ("+", "-", "*") or (factor[0] == "/" and i > 0)
            parts.append(f"({_text(factor)})" if wrap else _text(factor))
        return "*".join(parts)
    if kind == "/":
        num, den = node[1], node[2]
        left = f"({_text(num)})" if num[0] in ("+", "-") else _text(num)
        right = _text(den) if _atomic(den) or den[0] == "^" else f"({_text(den)})"
        return f"{left}/{right}"
    if kind == "^":
        base, exp = node[1], node[2]
        left = _text(base) if _atomic(base) else f"({_text(base)})"
        right = _text(exp) if _atomic(exp) and exp[0] != "f" else f"({_text(exp)})"
        return f"{left}^{right}"
    if kind == "f":
        return f"{node[1]}({_text(node[2])})"
    raise ValueError(f"not a formula node: {kind!r}")


def _atomic(node: Node) -> bool:
    if node[0] == "n":
        return node[1].denominator == 1 or number_text(node[1])[0] != "("
    return node[0] in ("s", "f")


def _sum(terms: tuple[Node, ...]) -> str:
    out = []
    for i, term in enumerate(terms):
        negative = term[0] == "-"
        inner = term[1] if negative else term
        wrap = inner[0] == "+" or (negative and inner[0] == "-")
        text = f"({_text(inner)})" if wrap else _text(inner)
        if i == 0:
            out.append(("-" if negative else "") + text)
        else:
            out.append((" - " if negative else " + ") + text)
    return "".join(out)

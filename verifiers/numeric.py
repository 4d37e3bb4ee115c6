"""Numeric answers: exact parsing of plain numbers and fractions, sympy for the rest.

Plain forms (`12`, `-0.5`, `1,234.5`, `$40`, `3/4`, `\\frac{3}{4}`, `2.5e-3`, `12%`) are
parsed into exact Fractions without sympy. Anything else that stays inside a small safe
grammar (`\\sqrt{2}/2`, `2^{10}`, `1.5 \\times 10^{3}`, `\\pi`) goes to sympy, imported on
first use; its size and exponents are capped so evaluation stays bounded.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

REL_TOL = Fraction(1, 10**6)
_MAX_CHARS = 200

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+"
_SIGN = r"[-+−]?"
_PLAIN = re.compile(rf"({_SIGN})\$?({_SIGN})\s*({_DIGITS})(?:[eE]([-+]?\d{{1,3}}))?\s*%?")
_SLASH = re.compile(rf"({_SIGN})\$?\s*({_DIGITS})\s*/\s*({_DIGITS})")
_TEX_FRAC = re.compile(
    rf"({_SIGN})\s*\\[dt]?frac"
    rf"\s*\{{\s*({_SIGN})\s*({_DIGITS})\s*\}}"
    rf"\s*\{{\s*({_SIGN})\s*({_DIGITS})\s*\}}"
)

_TEX_TO_SYMPY = (
    (re.compile(r"\\(?:left|right)(?![A-Za-z])"), ""),
    (re.compile(r"\\(?:cdot|times)(?![A-Za-z])"), "*"),
    (re.compile(r"\\div(?![A-Za-z])"), "/"),
    (re.compile(r"\\pi(?![A-Za-z])"), " pi "),
    (re.compile(r"\\sqrt(?![A-Za-z])"), " sqrt"),
    (re.compile(r"\\[dt]?frac(?![A-Za-z])"), " "),
)
# Checked as a character class plus a whitelist of names: a token-alternation regex over
# digit runs would backtrack exponentially on a long number followed by a stray character.
_SAFE_CHARS = re.compile(r"[0-9a-z.+\-*/() ]+")
_NAMES = re.compile(r"[a-z]+")
_ALLOWED_NAMES = frozenset(("sqrt", "pi"))
_POWER = re.compile(r"\*\*")
_EXPONENT = r"\*\*\s*(?:\(\s*[-+]?\d{1,2}\s*\)|[-+]?\d{1,2})"
_SMALL_EXPONENT = re.compile(_EXPONENT)
_POWER_TOWER = re.compile(_EXPONENT + r"\s*\*\*")
_MAX_POWERS = 2
_MAX_MAGNITUDE = 1e300


def _to_fraction(sign: str, digits: str) -> Fraction:
    value = Fraction(digits.replace(",", ""))
    return -value if sign in ("-", "−") else value


def read_numeric(content: str) -> Fraction | None:
    """Return the exact value of a numeric answer, or None when it is not one."""
    text = content.strip()
    if not text or len(text) > _MAX_CHARS:
        return None
    try:
        value = _read_plain(text)
        return value if value is not None else _read_with_sympy(text)
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
        return None


def _read_plain(text: str) -> Fraction | None:
    m = _PLAIN.fullmatch(text)
    if m is not None:
        if m.group(1) and m.group(2):
            return None  # two signs (`-$-5`) is no number
        sign = m.group(1) or m.group(2)
        value = _to_fraction(sign, m.group(3))
        if m.group(4):
            value *= Fraction(10) ** int(m.group(4))
        return value
    m = _SLASH.fullmatch(text)
    if m is not None:
        return _to_fraction(m.group(1), m.group(2)) / _to_fraction("", m.group(3))
    m = _TEX_FRAC.fullmatch(text)
    if m is not None:
        numerator = _to_fraction(m.group(2), m.group(3))
        denominator = _to_fraction(m.group(4), m.group(5))
        return _to_fraction(m.group(1), "1") * numerator / denominator
    return None


def _read_with_sympy(text: str) -> Fraction | None:
    expression = text.replace("^", "**").replace("−", "-").replace("$", "")
    for pattern, replacement in _TEX_TO_SYMPY:
        expression = pattern.sub(replacement, expression)
    expression = expression.replace("}{", ")/(").replace("{", "(").replace("}", ")")
    if _SAFE_CHARS.fullmatch(expression) is None:
        return None
    if not set(_NAMES.findall(expression)) <= _ALLOWED_NAMES:
        return None
    # Exponents are the one way this grammar can explode (`9**9**9`): allow only a few
    # small literal ones and no towers; evaluation is numeric (below), never exact.
    powers = len(_POWER.findall(expression))
    if powers > _MAX_POWERS or len(_SMALL_EXPONENT.findall(expression)) != powers:
        return None
    if _POWER_TOWER.search(expression):
        return None
    return _sympy_value(expression)


def _sympy_value(expression: str) -> Fraction | None:
    import sympy
    from sympy.parsing.sympy_parser import parse_expr

    try:
        parsed: Any = parse_expr(
            expression, local_dict={"sqrt": sympy.sqrt, "pi": sympy.pi}, evaluate=False
        )
        number = sympy.N(parsed, 30)
    except Exception:  # sympy raises a zoo of types (TokenError, SympifyError, ...)
        return None
    if not getattr(number, "is_real", False) or not getattr(number, "is_finite", False):
        return None
    if not getattr(number, "is_number", False):
        return None
    # Far outside any answer's range; refusing it keeps the exact Fraction small.
    magnitude = abs(float(number))
    if magnitude > _MAX_MAGNITUDE or (magnitude == 0.0 and not number.is_zero):
        return None
    return Fraction(str(number))


def numbers_equal(prediction: Fraction, gold: Fraction) -> bool:
    """True when the prediction is within a relative 1e-6 of the gold (exact for a zero gold)."""
    return abs(prediction - gold) <= REL_TOL * abs(gold)


def format_number(value: Fraction) -> str:
    """Return a short readable form: an integer, a terminating decimal, or `a/b`."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        text = f"{value.numerator / value.denominator:.15g}"
        if Fraction(text) == value:
            return text
    return f"{value.numerator}/{value.denominator}"

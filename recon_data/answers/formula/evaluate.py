"""Exact evaluation of a formula tree at a point: Fractions, or 60 digits where a root or a
logarithm is irrational; every size bounded.

Each call makes its own `decimal.Context`, so evaluation is thread-safe and never reads or
changes the thread's decimal context.
"""

from __future__ import annotations

from decimal import Context, Decimal, DecimalException
from fractions import Fraction
from math import isqrt

from recon_data.answers.formula.lexer import TooLarge
from recon_data.answers.formula.parser import Node

Value = Fraction | Decimal
MAX_BITS = 8192  # numerator or denominator of any intermediate value
MAX_EXPONENT = 256
MAX_ROOT = 12  # `x^(p/q)` with q up to this is tried as an exact root
_PRECISION = 60
_TOLERANCE = Decimal("1e-40")  # two inexact values this close (relative) are equal


class Undefined(ArithmeticError):
    """The formula has no real value at this point (x/0, a root or logarithm of a negative)."""


def context() -> Context:
    """A fresh decimal context for one evaluation."""
    return Context(prec=_PRECISION, Emax=10**6, Emin=-(10**6))


def evaluate(node: Node, point: dict[str, Fraction], ctx: Context) -> Value:
    """Return the value of `node` at `point` (Undefined, TooLarge)."""
    try:
        return _eval(node, point, ctx)
    except ZeroDivisionError:
        raise Undefined("division by zero") from None
    except DecimalException as exc:
        raise TooLarge(f"value out of range ({type(exc).__name__})") from None


def _eval(node: Node, point: dict[str, Fraction], ctx: Context) -> Value:
    kind = node[0]
    if kind == "n":
        return node[1]
    if kind == "s":
        return point[node[1]]
    if kind == "+":
        total: Value = Fraction(0)
        for term in node[1]:
            total = _add(total, _eval(term, point, ctx), ctx)
        return total
    if kind == "-":
        inner = _eval(node[1], point, ctx)
        return -inner if isinstance(inner, Fraction) else ctx.minus(inner)
    if kind == "*":
        product: Value = Fraction(1)
        for factor in node[1]:
            product = _mul(product, _eval(factor, point, ctx), ctx)
        return product
    if kind == "/":
        den = _eval(node[2], point, ctx)
        if den == 0:
            raise Undefined("division by zero")
        num = _eval(node[1], point, ctx)
        if isinstance(num, Fraction) and isinstance(den, Fraction):
            return _checked(num / den)
        return ctx.divide(_dec(num, ctx), _dec(den, ctx))
    if kind == "^":
        return _power(_eval(node[1], point, ctx), _eval(node[2], point, ctx), ctx)
    if kind == "f":
        arg = _eval(node[2], point, ctx)
        if node[1] == "sqrt":
            return _power(arg, Fraction(1, 2), ctx)
        if node[1] == "ln":
            if arg <= 0:
                raise Undefined("logarithm of a non-positive number")
            return Fraction(0) if arg == 1 else ctx.ln(_dec(arg, ctx))
        if arg == 0:
            return Fraction(1)
        if _magnitude(arg) > 10**4:
            raise TooLarge("exp of a huge number")
        return ctx.exp(_dec(arg, ctx))
    raise ValueError(f"not a formula node: {kind!r}")


def _magnitude(x: Value) -> Value:
    return -x if x < 0 else x


def _checked(x: Fraction) -> Fraction:
    if x.numerator.bit_length() > MAX_BITS or x.denominator.bit_length() > MAX_BITS:
        raise TooLarge("an intermediate value is too large")
    return x


def _dec(x: Value, ctx: Context) -> Decimal:
    if isinstance(x, Decimal):
        return x
    return ctx.divide(Decimal(x.numerator), Decimal(x.denominator))


def _add(x: Value, y: Value, ctx: Context) -> Value:
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return _checked(x + y)
    return ctx.add(_dec(x, ctx), _dec(y, ctx))


def _mul(x: Value, y: Value, ctx: Context) -> Value:
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return _checked(x * y)
    return ctx.multiply(_dec(x, ctx), _dec(y, ctx))


def _power(base: Value, exp: Value, ctx: Context) -> Value:
    if isinstance(exp, Fraction) and exp.denominator == 1:
        e = exp.numerator
        if abs(e) > MAX_EXPONENT:
            raise TooLarge(f"an exponent beyond {MAX_EXPONENT}")
        if base == 0 and e < 0:
            raise Undefined("zero to a negative power")
        if isinstance(base, Fraction):
            bits = max(base.numerator.bit_length(), base.denominator.bit_length())
            if bits * abs(e) > MAX_BITS:
                raise TooLarge("a power is too large")
            return base**e
        return ctx.power(base, e)
    if base < 0:
        raise Undefined("a fractional power of a negative number")
    if base == 0:
        if exp <= 0:
            raise Undefined("zero to a non-positive power")
        return Fraction(0)
    if isinstance(base, Fraction) and isinstance(exp, Fraction) and exp.denominator <= MAX_ROOT:
        root = _exact_root(base, exp.denominator)
        if root is not None:
            return _power(root, Fraction(exp.numerator), ctx)
    if _magnitude(exp) > MAX_EXPONENT:
        raise TooLarge(f"an exponent beyond {MAX_EXPONENT}")
    return ctx.power(_dec(base, ctx), _dec(exp, ctx))


def _exact_root(x: Fraction, k: int) -> Fraction | None:
    num, den = _int_root(x.numerator, k), _int_root(x.denominator, k)
    return None if num is None or den is None else Fraction(num, den)


def _int_root(n: int, k: int) -> int | None:
    if k == 2:
        r = isqrt(n)
    else:
        r = round(n ** (1.0 / k)) if n.bit_length() < 1000 else None  # type: ignore[assignment]
        if r is None:
            return None
        for guess in (r - 1, r, r + 1):
            if guess >= 0 and guess**k == n:
                return guess
        return None
    return r if r * r == n else None


def same(x: Value, y: Value) -> bool:
    """Exact equality for Fractions; 1e-40 relative for values computed to 60 digits."""
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return x == y
    ctx = context()
    a, b = _dec(x, ctx), _dec(y, ctx)
    scale = max(abs(a), abs(b), Decimal(1))
    return abs(ctx.subtract(a, b)) <= _TOLERANCE * scale


def fingerprint(x: Value) -> str:
    """A value rounded to 30 significant digits: equal answers print the same fingerprint."""
    ctx = Context(prec=30)
    return str(ctx.normalize(_dec(x, context())))

"""The `numeric` kind: exact numbers, read the way LaTeX renders them.

Golds are stored canonically (`12`, `-0.5`, `3/4`: see `format_number`). Answers may be
written as plain numbers (`1,024`, `1{,}024`, `1\\,024`, `$40`, `2.5e-3`, `12%`), fractions
(`3/4`, `\\frac{3}{4}`, `\\frac34`, `\\tfrac12`, `\\frac1{2}`), `x = 0.5`, or small expressions
(`+ - * / ^`, `\\cdot`, `\\times`, `\\sqrt2`, `\\sqrt[3]{8}` is refused, `2\\pi`). A hand-written
parser evaluates them: rationals exactly as Fractions, `\\sqrt` of a non-square and `\\pi`
to 50 significant digits (marked inexact). See `numbers_match` for the comparison.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal
from fractions import Fraction
from math import floor, isqrt, trunc
from typing import Any, Literal

from recon_data.answers.base import (
    AnswerKind,
    Grader,
    Reading,
    alternatives,
    negated,
    normalize_unicode,
    strip_lead_in,
    tidy,
)
from recon_data.answers.cues import negation

_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?:/[-+]?\d+)?")
_MAX_CHARS = 200
# Brackets nested deeper than this are no answer (and would exhaust the parser's recursion).
_MAX_DEPTH = 24
_MAX_POWERS = 2
_MAX_EXPONENT = 99
_MAX_BITS = 4000
_MAGNITUDE = Fraction(10) ** 300
_CONTEXT = Context(prec=50)
_PI = Fraction(Decimal("3.1415926535897932384626433832795028841971693993751"))
# Two inexact values this close (relative) are the same number: far below any precision
# a written answer has, far above the 50-digit evaluation's rounding.
_IRRATIONAL_TOL = Fraction(1, 10**30)
# A decimal that rounds a longer value must show at least this many significant digits.
_MIN_DIGITS = 6

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+"
_PLAIN = re.compile(rf"([-+]?)\$?([-+]?)\s*({_DIGITS})(?:[eE]([-+]?\d{{1,3}}))?\s*(%?)")
_LITERAL = re.compile(rf"(?:{_DIGITS})(?:[eE][-+]?\d{{1,3}})?")
_THIN_GROUPS = re.compile(r"(?<![\d.])(\d{1,3})((?: \d{3})+)(?![\d])")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_OR = re.compile(r"(?<!\s)(?:\s+or\s+|\s+and/or\s+)", re.IGNORECASE)
# `x \approx 0.333333`: an approximation is read as the equation it states.
_APPROX = re.compile(
    r"\\(?:approx|approxeq|simeq|thickapprox|sim)(?![A-Za-z])|[\u2248\u2243\u224a]"
)
_OPERATORS = {"×": "*", "·": "*", "÷": "/", "−": "-", "\\cdot": "*", "\\times": "*", "\\div": "/"}
# A fraction after a number is not among them: `2\frac12` is a mixed number to some readers.
_IMPLICIT = ("\\pi", "\\sqrt", "(", "π")


@dataclass(frozen=True, slots=True)
class Number:
    """A read number: its value (exact, or to 50 digits), and how a plain decimal was written."""

    value: Fraction
    exact: bool = True
    decimals: int | None = None  # places after the point of a plain decimal
    digits: int = 0  # significant digits of a plain decimal
    source: str = field(default="", compare=False)
    percent: bool = False  # written with `%` (the value is the number as written)


def parse_numeric(answer: str) -> Fraction | None:
    """Parse a plain number gold (`12`, `-0.5`, `3/4`, `1e-3`) into an exact Fraction."""
    text = answer.strip().replace(",", "")
    if _NUMBER.fullmatch(text) is None:
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def format_number(value: Fraction) -> str:
    """Return a short readable form: an integer, a terminating decimal, or `a/b`."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    if _terminates(value):
        text = f"{value.numerator / value.denominator:.15g}"
        if Fraction(text) == value:
            return text
    return f"{value.numerator}/{value.denominator}"


def _terminates(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def read_number(content: str) -> Number | None:
    """Return the number an answer writes, or None when it is not one."""
    if len(content) > 4 * _MAX_CHARS:  # before normalising: no number is this long
        return None
    text = normalize_unicode(content).strip()
    if not text or len(text) > _MAX_CHARS:
        return None
    try:
        return _read(text)
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError, IndexError):
        return None
    except RecursionError:  # a guard only: the parser's depth limit comes first
        return None


def read_numeric(content: str) -> Fraction | None:
    """Return the value of a numeric answer (50 digits when irrational), or None."""
    number = read_number(content)
    return number.value if number is not None else None


def _read(text: str) -> Number | None:
    text = _APPROX.sub("=", text.replace("{,}", ",").replace("\\%", "%"))
    text = _THIN_GROUPS.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), text)
    if "=" in text:
        return _read_equation(text)
    m = _PLAIN.fullmatch(text)
    if m is not None:
        return _plain(m)
    percent = text.endswith("%")
    value = _Parser(text[:-1] if percent else text).parse()
    return None if value is None else Number(value[0], value[1], source=text, percent=percent)


def _read_equation(text: str) -> Number | None:
    # `x = 0.5`, `p^* = \frac12`, `= 3`: every side that is a number must agree; the
    # first side may instead be a name (it has a letter), never a second unreadable thing.
    sides = text.split("=")
    if len(sides) > 4:
        return None
    numbers = []
    for i, side in enumerate(sides):
        number = _read_side(side.strip())
        if number is None:
            if i == 0 and (not side.strip() or re.search(r"[A-Za-z]", side)):
                continue
            return None
        numbers.append(number)
    if not numbers or not all(numbers_match(n, numbers[-1]) for n in numbers):
        return None
    return numbers[-1]


def _read_side(text: str) -> Number | None:
    if not text or "=" in text:
        return None
    try:
        return _read(text)
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError, IndexError):
        return None


def _plain(m: re.Match[str]) -> Number | None:
    if m.group(1) and m.group(2):
        return None  # two signs (`-$-5`) is no number
    negative = (m.group(1) or m.group(2)) == "-"
    literal = m.group(3).replace(",", "")
    value = Fraction(literal)
    if m.group(4):
        value *= Fraction(10) ** int(m.group(4))
    decimals = digits = None
    if "." in literal and not m.group(4):
        decimals = len(literal) - literal.index(".") - 1
        digits = len(literal.replace(".", "").lstrip("0"))
    value = -value if negative else value
    return Number(value, True, decimals, digits or 0, m.group().strip(), bool(m.group(5)))


def _approx(value: Fraction) -> Fraction:
    """Round to 50 significant digits (keeps inexact values small)."""
    quotient = _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
    return Fraction(quotient)


def _sqrt(value: Fraction, exact: bool) -> tuple[Fraction, bool]:
    if value < 0:
        raise ValueError("square root of a negative number")
    num, den = value.numerator, value.denominator
    if exact and isqrt(num) ** 2 == num and isqrt(den) ** 2 == den:
        return Fraction(isqrt(num), isqrt(den)), True
    root = _CONTEXT.sqrt(_CONTEXT.divide(Decimal(num), Decimal(den)))
    return Fraction(root), False


class _Parser:
    """Recursive descent over LaTeX-ish arithmetic; values are (Fraction, exact) pairs."""

    def __init__(self, text: str) -> None:
        for token, replacement in _OPERATORS.items():
            text = text.replace(token, replacement)
        self.text = text
        self.pos = 0
        self.powers = 0
        self.depth = 0

    def parse(self) -> tuple[Fraction, bool] | None:
        value = self.expr()
        self.space()
        return value if self.pos == len(self.text) else None

    def space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self, token: str) -> bool:
        self.space()
        return self.text.startswith(token, self.pos)

    def take(self, token: str) -> bool:
        if self.peek(token):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.take(token):
            raise ValueError(f"expected {token!r}")

    def group(self, close: str) -> tuple[Fraction, bool]:
        """A bracketed expression, after its opening bracket; nesting is bounded."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ValueError("brackets nested too deep")
        value = self.expr()
        self.expect(close)
        self.depth -= 1
        return value

    def expr(self) -> tuple[Fraction, bool]:
        value = self.term()
        while True:
            if self.take("+"):
                value = _combine(value, self.term(), lambda a, b: a + b)
            elif self.take("-"):
                value = _combine(value, self.term(), lambda a, b: a - b)
            else:
                return value

    def term(self) -> tuple[Fraction, bool]:
        value = self.unary()
        while True:
            if self.take("*"):
                value = _combine(value, self.unary(), lambda a, b: a * b)
            elif self.take("/"):
                value = _combine(value, self.unary(), lambda a, b: a / b)
            elif any(self.peek(token) for token in _IMPLICIT):
                # `2\pi`, `3\sqrt2`, `2(1+1)`: a product as LaTeX shows it. A bare number
                # after another (`\frac123`) is not read: LaTeX shows `½3`.
                value = _combine(value, self.power(), lambda a, b: a * b)
            else:
                return value

    def unary(self) -> tuple[Fraction, bool]:
        if self.take("-"):
            value, exact = self.unary()
            return -value, exact
        if self.take("+"):
            return self.unary()
        return self.power()

    def power(self) -> tuple[Fraction, bool]:
        base = self.atom()
        if not self.take("^"):
            return base
        self.powers += 1
        if self.powers > _MAX_POWERS:
            raise ValueError("too many powers")
        exponent, exact = self.exponent()
        if not exact or exponent.denominator not in (1, 2):
            raise ValueError("only integer and half-integer exponents")
        if abs(exponent.numerator) > _MAX_EXPONENT or self.peek("^"):
            raise ValueError("exponent too large, or a power tower")
        value, base_exact = base
        if exponent.denominator == 2:
            value, base_exact = _sqrt(value, base_exact)
        return _checked(value**exponent.numerator, base_exact)

    def exponent(self) -> tuple[Fraction, bool]:
        if self.take("{"):
            return self.group("}")
        if self.take("("):
            return self.group(")")
        sign = -1 if self.take("-") else 1
        m = re.compile(r"\d{1,2}").match(self.text, self.pos)
        if m is None:
            raise ValueError("no exponent")
        self.pos = m.end()
        return Fraction(sign * int(m.group())), True

    def argument(self) -> tuple[Fraction, bool]:
        """A LaTeX argument: a braced group, or one token (`\\frac12` is one half)."""
        self.space()
        if self.take("{"):
            return self.group("}")
        if self.pos < len(self.text) and self.text[self.pos].isdigit():
            self.pos += 1
            return Fraction(int(self.text[self.pos - 1])), True
        if self.peek("\\"):
            return self.atom()
        raise ValueError("no argument")

    def atom(self) -> tuple[Fraction, bool]:
        self.space()
        if self.take("("):
            return self.group(")")
        if self.take("{"):
            return self.group("}")
        if self.take("π") or self.take("pi"):
            return _PI, False
        if self.take("sqrt"):
            return _sqrt(*self.atom())
        m = _COMMAND.match(self.text, self.pos)
        if m is not None:
            self.pos = m.end()
            return self.command(m.group(1))
        m = _LITERAL.match(self.text, self.pos)
        if m is None:
            raise ValueError("no number")
        self.pos = m.end()
        return Fraction(m.group().replace(",", "")), True

    def command(self, name: str) -> tuple[Fraction, bool]:
        if name in ("frac", "dfrac", "tfrac"):
            numerator = self.argument()
            denominator = self.argument()
            return _combine(numerator, denominator, lambda a, b: a / b)
        if name == "sqrt":
            if self.peek("["):
                raise ValueError("only square roots")
            value, exact = self.argument()
            return _sqrt(value, exact)
        if name == "pi":
            return _PI, False
        raise ValueError(f"unknown command \\{name}")


def _combine(a: tuple[Fraction, bool], b: tuple[Fraction, bool], op: Any) -> tuple[Fraction, bool]:
    return _checked(op(a[0], b[0]), a[1] and b[1])


def _checked(value: Fraction, exact: bool) -> tuple[Fraction, bool]:
    # Bounded work: refuse what no answer is (huge magnitudes, enormous exact fractions).
    if abs(value) > _MAGNITUDE:
        raise OverflowError("too large")
    if value.numerator.bit_length() + value.denominator.bit_length() > _MAX_BITS:
        raise OverflowError("too long")
    return (value, True) if exact else (_approx(value), False)


def numbers_match(prediction: Number, gold: Number) -> bool:
    """True when an answer is the gold's number (the rule in docs/verifiers.md).

    Exact values must be equal. Inexact values (irrationals to 50 digits) equal anything
    within a relative 1e-30. An answer written as a plain decimal with at least 6
    significant digits is correct when it is exactly the gold rounded (half up or half to
    even) or cut to the places it shows, and the gold needs more places (`0.333333` for
    `1/3`, `10000.0039062` for `10000.00390625`; not `0.235295` for `4/17`, which is
    0.235294...); a gold written so stands for an irrational answer (`1.41421356` for
    `\\sqrt2`). A percentage is a share of 1 when the gold is a probability (see
    `as_share`).
    """
    prediction = as_share(prediction, gold)
    if prediction.value == gold.value:
        return True
    if not (prediction.exact and gold.exact):
        scale = max(abs(gold.value), Fraction(1))
        if abs(prediction.value - gold.value) <= _IRRATIONAL_TOL * scale:
            return True
    if _rounds(prediction, gold):
        return True
    return not prediction.exact and _rounds(gold, prediction)


def as_share(prediction: Number, gold: Number) -> Number:
    """`50%` against a gold in [0, 1] (a probability) is 0.5; otherwise the number as written."""
    if not prediction.percent or not 0 <= gold.value <= 1:
        return prediction
    decimals = None if prediction.decimals is None else prediction.decimals + 2
    return Number(
        prediction.value / 100, prediction.exact, decimals, prediction.digits, prediction.source
    )


def _places(number: Number) -> float:
    """Decimal places the exact value needs (infinite when its expansion does not end)."""
    if not number.exact or not _terminates(number.value):
        return float("inf")
    denominator, places = number.value.denominator, 0
    while denominator > 1:
        denominator //= 10 if denominator % 10 == 0 else (2 if denominator % 2 == 0 else 5)
        places += 1
    return places


def _rounds(decimal: Number, other: Number) -> bool:
    """`decimal` is `other` rounded half up, half to even, or cut, to the places it shows."""
    if decimal.decimals is None or decimal.decimals < 1 or decimal.digits < _MIN_DIGITS:
        return False
    if _places(other) <= decimal.decimals:
        return False  # `0.50000001` is not `0.5`: the decimal shows every place of both
    scale = 10**decimal.decimals
    shown = decimal.value * scale
    exact = other.value * scale
    half_up = floor(abs(exact) + Fraction(1, 2)) * (1 if exact >= 0 else -1)
    return shown in (trunc(exact), round(exact), half_up)


def _alternatives(content: str) -> list[Number | None] | None:
    """The numbers of `a or b` (`a (or b)`), or None when the content lists no alternatives."""
    parts = alternatives(content, _OR)
    return [read_number(part) for part in parts] if len(parts) >= 2 else None


def _grader(gold: Any, options: tuple[str, ...] | None) -> Grader:
    def grade(content: str, lenient: bool) -> Reading:
        content = strip_lead_in(content)
        listed = _alternatives(content)
        numbers = [n for n in listed or () if n is not None]
        if any(not _combine_numbers(n, numbers[0]) for n in numbers[1:]):
            return Reading("wrong", content, None, reason="names several numbers", hedge=True)
        # `1/2 or 0.5` names one number twice; anything else that lists is not a number.
        if listed is not None:
            number = numbers[0] if numbers and len(numbers) == len(listed) else None
        else:
            number = read_number(content)
        if number is None and negated(content, read_number):
            why = f"negated ({negation(content)!r})"
            return Reading("wrong", content, None, reason=why, negated=True)
        if number is None:
            return Reading("unparsed", None, None, reason="not a number")
        number = as_share(number, gold)
        status: Literal["correct", "wrong"] = "correct" if numbers_match(number, gold) else "wrong"
        shown = format_number(number.value) if number.exact else number.source
        return Reading(status, shown, number)

    return grade


def _combine_numbers(a: Any, b: Any) -> Any:
    return a if numbers_match(a, b) or numbers_match(b, a) else None


def _read_gold(text: str) -> tuple[str, Any] | None:
    number = read_number(tidy(text))
    if number is None:
        return None
    return _render(number), number


def _render(gold: Any) -> str:
    if isinstance(gold, Number):
        return format_number(gold.value) if gold.exact else gold.source
    return format_number(Fraction(gold))


def _check(answer: str, options: Sequence[str]) -> tuple[str, str] | None:
    if parse_numeric(answer) is None:
        return "answer", f"numeric gold must be a number, got {answer[:60]!r}"
    return None


def _canonicalize(raw: str, options: Sequence[str]) -> str:
    number = read_number(tidy(raw))
    if number is None or not number.exact:
        raise ValueError(f"gold is not an exact number: {raw.strip()[:60]!r}")
    return format_number(number.value)


KIND = AnswerKind(
    name="numeric",
    check=_check,
    canonicalize=_canonicalize,
    read_gold=_read_gold,
    grader=_grader,
    combine=_combine_numbers,
    render=_render,
)

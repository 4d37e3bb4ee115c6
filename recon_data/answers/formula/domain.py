"""Parameter domains as a gold states them (`0 < c < a, 0 < b, 2 <= n, n integer`) and exact
random points inside them.

A condition is a chain of parameters and numbers joined by `<`, `<=`, `>`, `>=`, or `NAME
integer`. Points are drawn parameter by parameter in the order the chains give (smaller
first), each inside the bounds already known, as exact Fractions with prime denominators.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from recon_data.answers.formula.lexer import FormulaError
from recon_data.answers.formula.parser import valid_name

_COMPARE = re.compile(r"\s*(<=|>=|<|>)\s*")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:/\d+)?$")
_PRIMES = (97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173)
_WIDTH = Fraction(10)  # how far past a one-sided bound points are drawn
_INT_SPAN = 8  # integers drawn from at most this many values above a one-sided bound
_MAX_NAMES = 12
_TRIES = 60


@dataclass(frozen=True)
class Domain:
    """Stated conditions on the parameters: bounds between them, numeric bounds, integers."""

    text: str
    names: tuple[str, ...]  # in sampling order
    integers: frozenset[str]
    below: dict[str, tuple[str, ...]] = field(hash=False)  # name -> names it must exceed
    low: dict[str, tuple[Fraction, bool]] = field(hash=False)  # name -> (bound, strict)
    high: dict[str, tuple[Fraction, bool]] = field(hash=False)

    def positive(self, name: str) -> bool:
        """True when the conditions make `name` positive (directly or through a chain)."""
        bound = self._lower(name, set())
        return bound is not None and bound[0] >= 0 and (bound[0] > 0 or bound[1])

    def _lower(self, name: str, seen: set[str]) -> tuple[Fraction, bool] | None:
        best = self.low.get(name)
        seen.add(name)
        for other in self.below.get(name, ()):
            if other in seen:
                continue
            bound = self._lower(other, seen)
            if bound is not None and (best is None or bound[0] >= best[0]):
                best = (bound[0], True)
        return best


def parse_domain(text: str) -> Domain:
    """Parse `0 < c < a, 0 < b, n integer` (FormulaError naming the bad condition)."""
    below: dict[str, set[str]] = {}
    low: dict[str, tuple[Fraction, bool]] = {}
    high: dict[str, tuple[Fraction, bool]] = {}
    integers: set[str] = set()
    names: set[str] = set()
    for raw in text.split(","):
        cond = raw.strip()
        if cond.endswith(" integer"):
            name = cond[: -len(" integer")].strip()
            _check_name(name, cond)
            integers.add(name)
            names.add(name)
            continue
        parts = _COMPARE.split(cond)
        if len(parts) < 3 or len(parts) % 2 == 0:
            raise FormulaError(f"condition {cond!r} is not a chain like `0 < c < a`")
        terms = [_term(p, cond) for p in parts[0::2]]
        for left, op, right in zip(terms, parts[1::2], terms[1:], strict=False):
            small, big = (left, right) if op in ("<", "<=") else (right, left)
            strict = op in ("<", ">")
            if isinstance(small, str) and isinstance(big, str):
                below.setdefault(big, set()).add(small)
            elif isinstance(small, str) and isinstance(big, Fraction):
                high[small] = _tighter(high.get(small), (big, strict), min)
            elif isinstance(small, Fraction) and isinstance(big, str):
                low[big] = _tighter(low.get(big), (small, strict), max)
            else:
                raise FormulaError(f"condition {cond!r} compares two numbers")
        names.update(t for t in terms if isinstance(t, str))
    if not names or len(names) > _MAX_NAMES:
        raise FormulaError(f"a domain names 1 to {_MAX_NAMES} parameters")
    order = _order(names, below)
    frozen = {k: tuple(sorted(v)) for k, v in below.items()}
    return Domain(text.strip(), order, frozenset(integers), frozen, low, high)


def _check_name(name: str, cond: str) -> None:
    if not valid_name(name):
        raise FormulaError(f"condition {cond!r}: {name!r} is not a parameter name")


def _term(text: str, cond: str) -> str | Fraction:
    text = text.strip()
    if _NUMBER.match(text):
        return Fraction(text)
    _check_name(text, cond)
    return text


def _tighter(
    old: tuple[Fraction, bool] | None, new: tuple[Fraction, bool], pick: object
) -> tuple[Fraction, bool]:
    if old is None or old[0] == new[0]:
        return (new[0], new[1] or (old is not None and old[1]))
    return new if pick(old[0], new[0]) == new[0] else old  # type: ignore[operator]


def _order(names: set[str], below: dict[str, set[str]]) -> tuple[str, ...]:
    # Smaller parameters first; a cycle (a < b < a) is an empty domain.
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise FormulaError(f"the conditions on {name!r} form a cycle")
        state[name] = 1
        for smaller in sorted(below.get(name, ())):
            visit(smaller)
        state[name] = 2
        done.append(name)

    for name in sorted(names):
        visit(name)
    return tuple(done)


def sample_points(domain: Domain, count: int, seed: int) -> Iterator[dict[str, Fraction]]:
    """Yield exact random points of the domain (FormulaError when it looks empty)."""
    rng = random.Random(seed)
    uppers = {n: _upper_bound(domain, n) for n in domain.names}
    for _ in range(count):
        for _attempt in range(_TRIES):
            point = _draw(domain, uppers, rng)
            if point is not None:
                yield point
                break
        else:
            raise FormulaError(f"no point satisfies {domain.text!r}")


def _upper_bound(domain: Domain, name: str) -> Fraction | None:
    # The least numeric upper bound of `name` or of any parameter it must stay below.
    best = domain.high.get(name, (None, False))[0]
    for other, smaller in domain.below.items():
        if name in smaller:
            bound = _upper_bound(domain, other)
            if bound is not None and (best is None or bound < best):
                best = bound
    return best


def _draw(
    domain: Domain, uppers: dict[str, Fraction | None], rng: random.Random
) -> dict[str, Fraction] | None:
    point: dict[str, Fraction] = {}
    for name in domain.names:
        lo = domain.low.get(name)
        for smaller in domain.below.get(name, ()):
            value = point[smaller]
            if lo is None or value >= lo[0]:
                lo = (value, True)
        hi_value = uppers[name]
        hi = None if hi_value is None else (hi_value, domain.high.get(name, (0, True))[1])
        drawn = _integer(lo, hi, rng) if name in domain.integers else _real(lo, hi, rng)
        if drawn is None:
            return None
        point[name] = drawn
    return point


def _real(
    lo: tuple[Fraction, bool] | None, hi: tuple[Fraction, bool] | None, rng: random.Random
) -> Fraction | None:
    denominator = rng.choice(_PRIMES)
    u = Fraction(rng.randrange(1, denominator), denominator)
    if lo is not None and hi is not None:
        return lo[0] + (hi[0] - lo[0]) * u if hi[0] > lo[0] else None
    if lo is not None:
        return lo[0] + _WIDTH * u
    if hi is not None:
        return hi[0] - _WIDTH * u
    return _WIDTH * (2 * u - 1)


def _integer(
    lo: tuple[Fraction, bool] | None, hi: tuple[Fraction, bool] | None, rng: random.Random
) -> Fraction | None:
    first = None if lo is None else _ceil(lo[0]) + (1 if lo[1] and lo[0].denominator == 1 else 0)
    last = None if hi is None else -_ceil(-hi[0]) - (1 if hi[1] and hi[0].denominator == 1 else 0)
    if first is None and last is None:
        first, last = -_INT_SPAN // 2, _INT_SPAN // 2
    elif first is None:
        first = last - _INT_SPAN  # type: ignore[operator]
    elif last is None:
        last = first + _INT_SPAN
    if first > last:  # type: ignore[operator]
        return None
    return Fraction(rng.randint(first, last))  # type: ignore[arg-type]


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)

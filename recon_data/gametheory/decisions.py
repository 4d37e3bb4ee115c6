"""Individual decisions: lotteries, expected value and utility, the independence axiom, discounting."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.numbers import Number, to_fraction


@dataclass(frozen=True)
class Lottery:
    """Outcomes with probabilities summing to one (merged and sorted by outcome)."""

    outcomes: tuple[tuple[Fraction, Fraction], ...]

    @classmethod
    def of(cls, pairs: Mapping[Number, Number] | Iterable[tuple[Number, Number]]) -> Lottery:
        """Lottery from {outcome: probability} or (outcome, probability) pairs; checked to sum to 1."""
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        # Keyed by (numerator, denominator): Fractions are canonical, so this is keying by
        # value, and int tuples hash far faster than Fractions.
        merged: dict[tuple[int, int], list[Fraction]] = {}
        for outcome, prob in items:
            x, p = to_fraction(outcome), to_fraction(prob)
            if p < 0:
                raise ReconDataError(f"negative probability {p} for outcome {x}")
            entry = merged.get((x.numerator, x.denominator))
            if entry is None:
                merged[x.numerator, x.denominator] = [x, p]
            else:
                entry[1] += p
        total = sum(p for _, p in merged.values())
        if total != 1:
            raise ReconDataError(f"lottery probabilities sum to {total}, not 1")
        return cls(tuple(sorted((x, p) for x, p in merged.values() if p)))

    @classmethod
    def sure(cls, outcome: Number) -> Lottery:
        """The degenerate lottery paying `outcome` for certain."""
        return cls(((to_fraction(outcome), Fraction(1)),))

    def prob(self, outcome: Number) -> Fraction:
        """Probability of one outcome (0 if absent)."""
        x = to_fraction(outcome)
        return next((p for y, p in self.outcomes if y == x), Fraction(0))


def expected_value(lottery: Lottery) -> Fraction:
    """Probability-weighted mean outcome."""
    return sum((x * p for x, p in lottery.outcomes), Fraction(0))


def expected_utility(lottery: Lottery, u: Callable[[Fraction], Any]) -> Any:
    """Probability-weighted mean utility (exact when `u` returns Fractions)."""
    return sum(u(x) * p for x, p in lottery.outcomes)


def _difference(chosen: Lottery, rejected: Lottery) -> dict[tuple[int, int], Fraction]:
    """Probability vector chosen minus rejected, over the union of outcomes.

    Outcomes are keyed by (numerator, denominator), i.e. by value, cheaply hashed.
    """
    out: dict[tuple[int, int], Fraction] = {}
    for x, p in chosen.outcomes:
        key = (x.numerator, x.denominator)
        out[key] = out[key] + p if key in out else p
    for x, p in rejected.outcomes:
        key = (x.numerator, x.denominator)
        out[key] = out[key] - p if key in out else -p
    return {x: d for x, d in out.items() if d}


def allais_consistent(first: tuple[Lottery, Lottery], second: tuple[Lottery, Lottery]) -> bool:
    """Can one expected-utility maximiser strictly prefer first[0] to first[1] and second[0] to second[1]?

    Each pair is (chosen, rejected). A strict preference A > B under expected utility means
    (p_A - p_B) . u > 0 for the utility vector u. Two such inequalities have a common solution
    unless a difference is zero or the two differences point in exactly opposite directions
    (Gordan's alternative); the Allais pattern (sure 1M over the 10%-5M gamble, then the 10%-5M
    gamble over 11%-1M) is that case: the pairs differ by a common consequence.
    """
    d1, d2 = _difference(*first), _difference(*second)
    if not d1 or not d2:
        return False
    if set(d1) != set(d2):
        return True
    x0 = next(iter(d1))
    ratio = d2[x0] / d1[x0]
    return not (ratio < 0 and all(d2[x] == ratio * d1[x] for x in d1))


def exponential_discount(delta: Number, t: Number) -> Fraction:
    """Weight delta**t of a payoff t periods ahead (t a whole number)."""
    return to_fraction(delta) ** _periods(t)


def quasi_hyperbolic_discount(beta: Number, delta: Number, t: Number) -> Fraction:
    """Beta-delta weight: 1 now, beta * delta**t for any later period."""
    periods = _periods(t)
    return Fraction(1) if periods == 0 else to_fraction(beta) * to_fraction(delta) ** periods


def hyperbolic_discount(k: Number, t: Number) -> Fraction:
    """Hyperbolic weight 1 / (1 + k t)."""
    return 1 / (1 + to_fraction(k) * to_fraction(t))


def _periods(t: Number) -> int:
    value = to_fraction(t)
    if value < 0 or value.denominator != 1:
        raise ReconDataError(f"a delay must be a whole number of periods, got {value}")
    return int(value)


Dated = tuple[Number, Number]  # (amount, delay)


def choose(options: Sequence[Dated], discount: Callable[[int], Fraction]) -> tuple[int, ...]:
    """Indices of the dated amounts with the highest discounted value (ties kept)."""
    values = [to_fraction(a) * discount(_periods(t)) for a, t in options]
    top = max(values)
    return tuple(i for i, v in enumerate(values) if v == top)


@dataclass(frozen=True)
class ReversalResult:
    """Choice between a sooner and a later amount, now and with both pushed back by `shift`."""

    now: tuple[int, ...]
    shifted: tuple[int, ...]

    @property
    def reversal(self) -> bool:
        """True when the strict choice differs once both dates move back."""
        return len(self.now) == 1 and len(self.shifted) == 1 and self.now != self.shifted

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready choices (0 sooner, 1 later; both when indifferent)."""
        return {"kind": "preference_reversal", "now": list(self.now), "shifted": list(self.shifted)}


def preference_reversal(
    sooner: Dated, later: Dated, shift: Number, discount: Callable[[int], Fraction]
) -> ReversalResult:
    """Compare the choice between two dated amounts with the choice after delaying both.

    Exponential discounting never reverses; quasi-hyperbolic discounting can (impatient now,
    patient about the future): e.g. `lambda t: quasi_hyperbolic_discount(beta, delta, t)`.
    """
    s = _periods(shift)
    now = choose([sooner, later], discount)
    moved = [(sooner[0], _periods(sooner[1]) + s), (later[0], _periods(later[1]) + s)]
    return ReversalResult(now, choose(moved, discount))

"""Exact numbers for the solvers: everything becomes a `fractions.Fraction`."""

from __future__ import annotations

from fractions import Fraction

from recon_data.errors import ReconDataError

Number = int | str | Fraction | float
# Shared Fractions of small ints (immutable, so safe to share): games hold many of them.
SMALL_INTS = {i: Fraction(i) for i in range(-1024, 1025)}


def to_fraction(x: Number) -> Fraction:
    """Return `x` as an exact Fraction ("3/4", "0.5", "-2", "1,000"; floats via their repr)."""
    if type(x) is Fraction:
        return x
    if type(x) is int:
        # Games are built from many small ints; Fractions are immutable, so share them.
        cached = SMALL_INTS.get(x)
        return cached if cached is not None else Fraction(x)
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool):
        raise ReconDataError(f"not a number: {x!r}")
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float):
        # repr is the shortest string that round-trips, so 0.1 -> "0.1" -> 1/10, not the binary value
        if x != x or x in (float("inf"), float("-inf")):
            raise ReconDataError(f"not a finite number: {x!r}")
        return Fraction(repr(x))
    if isinstance(x, str):
        text = x.strip().replace(",", "").replace("_", "")
        text = text.replace("\u2212", "-")  # typographic minus sign
        if text.startswith("$"):
            text = text[1:]
        elif text.startswith("-$"):
            text = "-" + text[2:]
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ReconDataError(f"not a number: {x!r}") from None
    raise ReconDataError(f"not a number: {x!r}")

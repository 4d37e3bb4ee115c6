"""Computed option texts: a right answer no option offered, or a wrong one for an extra right one.

Only categories whose options are numbers the audit computes exactly get them: trigger (the
least discount factor at which grim trigger is subgame perfect) and feasibility (a symmetric
payoff that every reading supports, or none does: the folk theorem and, where the question
states delta, the Nash-equilibrium payoffs at that delta, settled by `payoff_sets`). Every value is checked with the solvers before it is
returned, and written in the format of the options it joins (decimals, dollar signs, one
amount or a pair).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

# Categories whose computed right option is right under every reading the audit has (a value
# the folk theorem and the stated delta both support): an item no option of which is right
# under every reading can show it in the gold's place instead of being dropped.
RIGHT_UNDER_EVERY_READING = frozenset({"feasibility"})
_NUMBER = re.compile(r"(?<![\w.])(-?)(\$?)(\d[\d,]*)(?:\.(\d+))?(?![\w])")


def computed_option(
    category: str, options: Sequence[str], certificate: Any, right: bool, avoid: Iterable[str]
) -> tuple[str, str] | None:
    """A new option text that is `right` (or wrong) for the item, and why; None when none can
    be computed for this category or certificate."""
    taken = {_value(o) for o in [*options, *avoid]}
    if category == "trigger":
        return _trigger(options, certificate, right, taken)
    if category == "feasibility":
        return _feasibility(options, certificate, right, taken)
    return None


def _value(text: str) -> tuple[Fraction, ...]:
    return tuple(
        Fraction(f"{m[0]}{m[2].replace(',', '')}.{m[3] or 0}") for m in _NUMBER.findall(text)
    )


def render(template: str, value: Fraction) -> str:
    """`template` with each number replaced by `value`, in that number's own format."""

    def one(m: re.Match[str]) -> str:
        places = len(m.group(4) or "")
        return f"{'-' if value < 0 else ''}{m.group(2)}{fixed(abs(value), places)}"

    return _NUMBER.sub(one, template)


def fixed(x: Fraction, places: int) -> str:
    """|x| rounded half up to `places` decimals, written out."""
    n = x * 10**places
    q = n.numerator // n.denominator
    if n - q >= Fraction(1, 2):
        q += 1
    digits = str(q).rjust(places + 1, "0")
    return digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"


def _shown(template: str, value: Fraction) -> Fraction:
    """The value a rendered option shows (what the audit reads back)."""
    return _value(render(template, value))[0]


def _trigger(
    options: Sequence[str], cert: Any, right: bool, taken: set[tuple[Fraction, ...]]
) -> tuple[str, str] | None:
    from recon_data.curation.audit.repeated import round_half_up, shown_value

    least = cert.get("threshold") if isinstance(cert, dict) else None
    template = next((o for o in options if shown_value(o) is not None), None)
    if least is None or template is None:
        return None
    d = Fraction(least)
    places = shown_value(template)[1]  # type: ignore[index]
    if right:
        value = round_half_up(d, places)
        return render(
            template, value
        ), f"the least delta is {least}, {fixed(value, places)} rounded"
    for step in (7, 13, 19, -9, -15, 25, -21, 31):
        value = round_half_up(d + Fraction(step, 100), places)
        if 0 < value < 1 and abs(value - d) >= Fraction(3, 100) and (value,) not in taken:
            return render(template, value), f"not the least delta ({least})"
    return None


def _feasibility(
    options: Sequence[str], cert: Any, right: bool, taken: set[tuple[Fraction, ...]]
) -> tuple[str, str] | None:
    """A symmetric payoff the item's every reading supports (or none does): the folk theorem
    and, where the question states delta, the Nash-equilibrium payoffs at that delta."""
    from recon_data.curation.audit.feasibility import game_of, verdicts
    from recon_data.gametheory.payoff_sets import nash_payoff_bounds
    from recon_data.gametheory.polygon import at_least, diagonal, hull

    if not isinstance(cert, dict) or "stage_game" not in cert:
        return None
    game = game_of(cert["stage_game"])
    deltas = {name: Fraction(d) for name, d in cert.get("deltas", {}).items()}
    # every single-amount option is a template: the options may differ in their decimals
    templates = [o for o in options if len(set(_value(o))) == 1]
    if not templates:
        return None
    supported_wanted = right != (cert.get("asks") == "not supportable")
    minmax = [Fraction(m) for m in cert["minmax"]]
    every = at_least(hull(game.payoff(a) for a in game.profiles()), minmax)
    ranges = [diagonal(every)] + [
        diagonal(nash_payoff_bounds(game, d).inner) for d in deltas.values()
    ]
    if supported_wanted:
        if any(r is None for r in ranges):
            return None
        low = max(r[0] for r in ranges if r is not None)
        high = min(r[1] for r in ranges if r is not None)
        steps = (4, 3, 5, 2, 6, 0, 8)
        picks = [low + (high - low) * Fraction(k, 8) for k in steps] if low <= high else []
    else:
        # above the largest symmetric feasible payoff, or below the minmax
        feasible = diagonal(hull(game.payoff(a) for a in game.profiles()))
        top = feasible[1] if feasible is not None else Fraction(0)
        picks = [abs(top) * Fraction(5, 4) + 1, abs(top) * Fraction(3, 2) + 1]
        low = minmax[0]
        picks += [low / 2, low / 3] if low > 0 else [low - abs(low) / 2 - 1]
    for value, template in ((x, t) for x in picks for t in templates):
        shown = _shown(template, value)
        said = verdicts(game, deltas, (shown, shown))
        if (
            set(said.values()) == {supported_wanted}
            and _value(render(template, value)) not in taken
        ):
            why = (
                "supported under every reading: feasible, at least the mixed minmax"
                + (", and an equilibrium payoff at the stated delta" if deltas else "")
                if supported_wanted
                else "supported under no reading: infeasible or below the mixed minmax"
            )
            return render(template, value), why
    return None

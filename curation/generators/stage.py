"""Symmetric 2x2 stage games told in prose, for trigger, enforceability and feasibility.

Each scenario names a cooperative and a defecting action in words the release uses (and the
audit's reader classifies); the clauses reuse the exact action phrases so every number can
be tied to its action. Payoffs form a prisoner's dilemma: T > C > P > S.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Self

from pydantic import model_validator

if TYPE_CHECKING:
    from recon_data.gametheory.normal_form import NormalFormGame

from recon_data.curation.generators.base import GeneratorConfig, Reject, need
from recon_data.curation.generators.prompts import FIRM_STEMS, GOODS, fixed

# (plural actors, singular actor, setting, cooperative action, defecting action, period)
SCENARIOS = (
    ("firms", "firm", "sell {good} in the same market", "keep prices high", "undercut prices",
     "year"),
    ("countries", "country", "share a fishing ground", "fish sustainably", "overfish", "season"),
    ("companies", "company", "are bound by a long-term supply contract for {good}",
     "honor the contract", "breach the contract", "year"),
    ("producers", "producer", "belong to a cartel in the market for {good}", "moderate output",
     "expand output", "quarter"),
    ("laboratories", "laboratory", "can pool their research on {good}",
     "collaborate on joint research", "work separately", "year"),
    ("plants", "plant", "sit on the same river", "use clean technology", "pollute the river",
     "year"),
    ("members", "member", "run a shared maintenance fund", "contribute to the fund",
     "free-ride on the fund", "month"),
    ("nations", "nation", "trade {good} with each other", "maintain open trade",
     "impose tariffs", "year"),
)  # fmt: skip


class StageConfig(GeneratorConfig):
    """Payoff scale and format of the stage game."""

    max_payoff: int = 1000
    cents: bool = False
    dollars: bool = True

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"max_payoff": 100, "cents": False},
        "medium": {"max_payoff": 1000, "cents": False},
        "hard": {"max_payoff": 100000, "cents": True},
    }

    @model_validator(mode="after")
    def _check_stage(self) -> Self:
        """Check that the scale leaves room for four distinct payoffs."""
        need(40 <= self.max_payoff <= 10**7, "max_payoff", "max_payoff must be 40..10000000")
        return self


@dataclass(frozen=True)
class Stage:
    """A drawn stage game and the words it is told in."""

    cooperate: Fraction
    temptation: Fraction
    sucker: Fraction
    punishment: Fraction
    plural: str
    single: str
    coop: str
    defect: str
    period: str
    names: tuple[str, str]
    setting: str

    def bimatrix(self) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
        """(A, B) with action 0 = cooperate, 1 = defect."""
        c, s, t, p = self.cooperate, self.sucker, self.temptation, self.punishment
        return [[c, s], [t, p]], [[c, t], [s, p]]

    def game(self) -> NormalFormGame:
        """The stage game as a NormalFormGame."""
        from recon_data.gametheory import NormalFormGame

        a, b = self.bimatrix()
        return NormalFormGame.from_bimatrix(a, b)


def draw_amount(rng: random.Random, c: StageConfig, low: Fraction, high: Fraction) -> Fraction:
    """A payoff in (low, high) on the config's grid (whole units, or cents)."""
    scale = 100 if c.cents else 1
    return Fraction(_draw_units(rng, scale, low, high), scale)


def _draw_units(rng: random.Random, scale: int, low: Fraction | int, high: Fraction | int) -> int:
    """The payoff as a count of grid steps (1/scale): a draw in (low, high), ends excluded."""
    # int(low * scale) truncates toward zero; written on numerator/denominator (ints have
    # them too) so no Fraction is built per draw.
    lo = _trunc(low.numerator * scale, low.denominator) + 1
    hi = _trunc(high.numerator * scale, high.denominator) - 1
    if lo > hi:
        raise Reject("no room for a payoff")
    return rng.randint(lo, hi)


def _trunc(n: int, d: int) -> int:
    """n / d rounded toward zero (d > 0), as int() of the Fraction does."""
    return n // d if n >= 0 else -(-n // d)


def draw_stage(
    rng: random.Random,
    c: StageConfig,
    order: tuple[Fraction, Fraction, Fraction, Fraction] | None = None,
) -> Stage:
    """Draw a prisoner's dilemma T > C > P > S (or the given payoffs) and its scenario."""
    plural, single, setting, coop, defect, period = rng.choice(SCENARIOS)
    if order is None:
        scale = 100 if c.cents else 1
        # distinct grid counts are distinct payoffs, and ints hash and sort cheaply
        units = sorted({_draw_units(rng, scale, 0, c.max_payoff) for _ in range(4)})
        if len(units) < 4:
            raise Reject("payoffs collide")
        s, p, cc, t = (Fraction(u, scale) for u in units)
    else:
        cc, t, s, p = order
    first, second = rng.sample(FIRM_STEMS, 2)
    setting = setting.format(good=rng.choice(GOODS))
    return Stage(cc, t, s, p, plural, single, coop, defect, period, (first, second), setting)


def amount(x: Fraction, c: StageConfig) -> str:
    """Render a payoff for the prose."""
    text = fixed(x, 2 if c.cents else 0)
    return f"${text}" if c.dollars else text


def describe(st: Stage, c: StageConfig, rng: random.Random) -> str:
    """The stage game in three clauses (order varied), each ending with its payoffs."""
    both_c = f"if both {st.plural} {st.coop}, each earns {amount(st.cooperate, c)} per {st.period}"
    both_d = (
        f"if both {st.plural} {st.defect}, each earns {amount(st.punishment, c)} per {st.period}"
    )
    mixed = (
        f"if one {st.single} chooses to {st.defect} while the other chooses to {st.coop}, "
        f"the {st.single} that chose to {st.defect} earns {amount(st.temptation, c)} and the "
        f"{st.single} that chose to {st.coop} earns {amount(st.sucker, c)}"
    )
    clauses = [both_c, both_d, mixed]
    rng.shuffle(clauses)
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."


def intro(st: Stage) -> str:
    """The opening sentence naming the two players and their choice."""
    a, b = st.names
    return (
        f"Two {st.plural}, {a} and {b}, {st.setting}. Every {st.period} each of them decides "
        f"whether to {st.coop} or to {st.defect}, and this interaction repeats indefinitely."
    )

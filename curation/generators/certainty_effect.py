"""certainty_effect: the common-ratio choice consistent with an earlier sure-vs-risky choice."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any, ClassVar, Self

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, GeneratorConfig, Reject, need
from recon_data.curation.generators.prompts import FIRST_NAMES, STEER_HEAD, decimal_text

_ASSETS = (
    "a municipal bond fund", "a biotech start-up", "a real estate trust", "a commodity fund",
    "a venture syndicate", "a corporate bond", "a regional bank's shares", "a solar project",
    "a vineyard partnership", "a shipping venture",
)  # fmt: skip
_ASK = (
    "Which of the following two options should {p} choose to stay consistent with expected "
    "utility?",
    "Given the choice below, which investment option should {p} choose?",
    "Which option is consistent with the preference {p} revealed earlier?",
)


class CertaintyConfig(GeneratorConfig):
    """Amount scale and the range of the common probability ratio (in percent)."""

    max_amount: int = 5000
    min_ratio: int = 20
    max_ratio: int = 90

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"max_amount": 1000, "min_ratio": 50, "max_ratio": 50},
        "medium": {"max_amount": 5000, "min_ratio": 20, "max_ratio": 90},
        "hard": {"max_amount": 100000, "min_ratio": 5, "max_ratio": 95},
    }

    @model_validator(mode="after")
    def _check_amounts(self) -> Self:
        """Check the amount scale and the ratio window."""
        need(20 <= self.max_amount <= 10**8, "max_amount", "max_amount must be 20..100000000")
        need(1 <= self.min_ratio <= 99, "min_ratio", "min_ratio must be 1..99 (percent)")
        need(self.min_ratio <= self.max_ratio <= 99, "max_ratio", "max_ratio must be min_ratio..99")
        return self


def _pct(p: Fraction) -> str:
    return f"{decimal_text(p * 100)}%"


class CertaintyEffect(Generator[CertaintyConfig]):
    """An earlier sure-vs-gamble choice, then both scaled by one probability: keep the choice."""

    name = "certainty_effect"
    version = 1
    category = "certainty_effect"
    answer_kind = "mcq"
    config_class = CertaintyConfig
    description = "independence axiom: the common-ratio choice consistent with an earlier one"

    def draft(self, rng: random.Random) -> Draft:
        """Draw the earlier pair and a common ratio; the solver picks the consistent option."""
        from recon_data.gametheory.decisions import Lottery, allais_consistent

        c = self.config
        sure = rng.randint(10, c.max_amount // 2)
        prize = rng.randint(sure + 1, 3 * sure)
        p = Fraction(rng.randint(30, 95), 100)
        q = Fraction(rng.randint(c.min_ratio, c.max_ratio), 100)
        chose_sure = rng.random() < 0.5
        safe, risky = Lottery.sure(sure), Lottery.of([(prize, p), (0, 1 - p)])
        earlier = (safe, risky) if chose_sure else (risky, safe)
        scaled = (Lottery.of([(sure, q), (0, 1 - q)]), Lottery.of([(prize, q * p), (0, 1 - q * p)]))
        fits = [allais_consistent(earlier, (scaled[i], scaled[1 - i])) for i in range(2)]
        if fits.count(True) != 1:
            raise Reject("the solver does not single out one consistent option")
        person = rng.choice(FIRST_NAMES)
        a1, a2 = rng.sample(_ASSETS, 2)
        gamble = f"a gamble paying ${prize} with a probability of {_pct(p)} and nothing otherwise"
        if chose_sure:
            earlier_text = f"{person} chose a guaranteed payment of ${sure} instead of {gamble}."
        else:
            earlier_text = (
                f"{person} passed up a guaranteed payment of ${sure} and opted instead for "
                f"{gamble}."
            )
        question = (
            f"{earlier_text} Now {person} faces a new decision. {rng.choice(_ASK).format(p=person)}"
        )
        options = (
            f"Invest in {a1}, paying {sure} with a probability of {_pct(q)} and 0 otherwise",
            f"Invest in {a2}, paying {prize} with a probability of {_pct(q * p)} and 0 otherwise",
        )
        certificate = {
            "kind": "common_ratio",
            "earlier": {"sure": sure, "prize": prize, "p": str(p), "chose_sure": chose_sure},
            "ratio": str(q),
            "consistent": fits,
        }
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=options,
            correct=frozenset({fits.index(True)}),
            certificate=certificate,
        )

"""time_inconsistency: the delayed choice exponential discounting implies from an earlier one."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any, ClassVar, Self

from pydantic import model_validator

from recon_data.curation.generators.base import Draft, Generator, GeneratorConfig, Reject, need
from recon_data.curation.generators.prompts import STEER_HEAD

_OPEN = (
    "Suppose you were offered {a} dollars today or {b} dollars tomorrow, and you chose ${c}.",
    "Imagine that last month you were offered {a} dollars today or {b} dollars tomorrow, and "
    "you chose ${c}.",
    "A friend offered you {a} dollars today or {b} dollars tomorrow, and you chose ${c}.",
)
_ASK = (
    "If you had to choose, would you rather be given {a} dollars {t} days from now or {b} "
    "dollars {u} days from now?",
    "Now you are offered {a} dollars {t} days from now or {b} dollars {u} days from now. "
    "Which do you take, if your preferences are time-consistent?",
)


class TimeConfig(GeneratorConfig):
    """Amount scale and the longest delay in days."""

    max_amount: int = 500
    max_delay: int = 365

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"max_amount": 200, "max_delay": 30},
        "medium": {"max_amount": 500, "max_delay": 365},
        "hard": {"max_amount": 5000, "max_delay": 1000},
    }

    @model_validator(mode="after")
    def _check_amount_and_delay(self) -> Self:
        """Check the amount scale and the delay."""
        need(20 <= self.max_amount <= 10**7, "max_amount", "max_amount must be 20..10000000")
        need(2 <= self.max_delay <= 10**4, "max_delay", "max_delay must be 2..10000")
        return self


class TimeInconsistency(Generator[TimeConfig]):
    """Today-vs-tomorrow, then the same pair pushed back: exponential discounting keeps the choice."""

    name = "time_inconsistency"
    version = 1
    category = "time_inconsistency"
    answer_kind = "mcq"
    config_class = TimeConfig
    description = "the delayed choice a time-consistent (exponential) discounter makes"

    def draft(self, rng: random.Random) -> Draft:
        """Draw amounts and a delay; pick a discount factor fitting the earlier choice; re-choose."""
        from recon_data.gametheory.decisions import choose, exponential_discount

        c = self.config
        a = rng.randint(10, c.max_amount)
        b = a + rng.randint(1, max(2, a // 5))
        t = rng.randint(2, c.max_delay)
        patient = rng.random() < 0.5
        # The earlier choice bounds delta by a/b; any delta on the chosen side explains it.
        ratio = Fraction(a, b)
        delta = (ratio + 1) / 2 if patient else ratio / 2
        now = choose([(a, 0), (b, 1)], lambda k: exponential_discount(delta, k))
        if now != ((1,) if patient else (0,)):
            raise Reject("the discount factor does not reproduce the earlier choice")
        later = choose([(a, t), (b, t + 1)], lambda k: exponential_discount(delta, k))
        if len(later) != 1:
            raise Reject("indifferent after the delay")
        question = (
            f"{rng.choice(_OPEN).format(a=a, b=b, c=b if patient else a)} "
            f"{rng.choice(_ASK).format(a=a, b=b, t=t, u=t + 1)}"
        )
        options = (f"{a} dollars {t} days from now", f"{b} dollars {t + 1} days from now")
        certificate = {
            "kind": "exponential_discounting",
            "earlier": {"today": a, "tomorrow": b, "chose": b if patient else a},
            "delta": str(delta),
            "delayed_choice": list(later),
        }
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=options,
            correct=frozenset(later),
            certificate=certificate,
        )

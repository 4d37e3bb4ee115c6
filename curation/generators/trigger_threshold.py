"""trigger_threshold (closed form): the least discount factor sustaining cooperation under grim
trigger, as a formula: a prisoner's dilemma (T, R, P), n colluding Cournot firms, n colluding
Bertrand firms (`closed_forms.thresholds`). The gold is a threshold: `delta >= F`.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from recon_data.curation.generators.formula_base import (
    FormulaGenerator,
    Param,
    Posed,
    ask_sentence,
    assume_sentence,
    uniform,
)
from recon_data.curation.generators.prompts import FIRM_STEMS, GOODS


def _above(name: str) -> Any:
    def draw(rng: random.Random, drawn: dict[str, Fraction]) -> Fraction:
        return drawn[name] + rng.randint(1, 6)

    return draw


PD = (Param("S", uniform(0, 3)), Param("P", _above("S")), Param("R", _above("P")),
      Param("T", _above("R")))  # fmt: skip
PD_CHAINS = (("S", "<", "P", "<", "R", "<", "T"),)
FIRMS = (Param("n", uniform(2, 8), integer=True),)
FIRMS_CHAINS = (("2", "<=", "n"),)
_ASK = "the smallest common discount factor at which these strategies sustain cooperation"


class TriggerThreshold(FormulaGenerator):
    """Grim-trigger thresholds delta* as formulas (a lower bound on the discount factor)."""

    name = "trigger_threshold"
    version = 1
    description = "grim-trigger discount-factor thresholds delta* as a formula"

    def pose(self, rng: random.Random) -> Posed:
        """A prisoner's dilemma, or n colluding Cournot or Bertrand firms."""
        variant = rng.choice(["pd", "cournot", "bertrand"])
        params, chains = (PD, PD_CHAINS) if variant == "pd" else (FIRMS, FIRMS_CHAINS)
        extra = {"gold_label": "delta"}
        return Posed(variant, "threshold", params, chains, "δ^*", threshold=True, extra=extra)

    @classmethod
    def derive(cls, posed: Posed, values: dict[str, Any]) -> Any:
        """The incentive constraint with equality, solved for delta."""
        from recon_data.gametheory.closed_forms import thresholds
        from recon_data.gametheory.closed_forms.base import symbol

        if posed.variant == "pd":
            return thresholds.prisoners(values["R"], values["T"], values["P"])
        if posed.variant == "cournot":
            demand = symbol("a") - symbol("b") * symbol("Q")
            return thresholds.cournot_collusion(demand, symbol("c"), values["n"])
        return thresholds.bertrand_collusion(symbol("pi_M"), values["n"])

    def text(self, posed: Posed, shown: dict[str, str], domain: str, rng: random.Random) -> str:
        """The question: the stage game, the trigger strategies, what is asked."""
        if posed.variant == "pd":
            one, two = rng.sample(FIRM_STEMS, 2)
            setting = (
                f"{one} and {two} play the following prisoner's dilemma in every period, "
                f"forever. If both cooperate, each earns R = {shown['R']}; if one defects while "
                f"the other cooperates, the defector earns T = {shown['T']} and the cooperator "
                f"S = {shown['S']}; if both defect, each earns P = {shown['P']}. Both discount "
                f"future payoffs by the common discount factor δ and use grim trigger "
                f"strategies: cooperate until someone defects, then defect forever."
            )
        else:
            good = rng.choice(GOODS)
            compete = (
                "choose quantities (Cournot competition) with linear inverse demand "
                "P = a - bQ and a common constant marginal cost c < a"
            )
            if posed.variant == "bertrand":
                compete = (
                    "set prices for an identical product (Bertrand competition) with a "
                    "common constant marginal cost; the lowest price takes the whole "
                    "market, split equally on a tie"
                )
            setting = (
                f"There are {shown['n']} identical firms selling {good} that {compete}. They "
                f"interact in every period, forever, and discount future profits by the common "
                f"discount factor δ. They try to collude: each period every firm "
                f"{'produces an equal share of the monopoly output' if posed.variant == 'cournot' else 'charges the monopoly price'}"
                f", and if any firm ever deviates, all firms play the one-shot Nash equilibrium "
                f"forever after (grim trigger)."
            )
        cut = setting.replace("R = R", "R").replace("T = T", "T").replace("S = S", "S")
        cut = cut.replace("P = P", "P") if posed.variant == "pd" else cut
        return " ".join(
            p for p in (cut, assume_sentence(domain), ask_sentence(_ASK, posed.label, shown)) if p
        )

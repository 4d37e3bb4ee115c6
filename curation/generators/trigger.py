"""trigger: the least discount factor at which grim trigger sustains cooperation (4 options)."""

from __future__ import annotations

import random
from fractions import Fraction

from recon_data.curation.generators.base import Draft, Generator, Reject
from recon_data.curation.generators.prompts import STEER_HEAD, fixed, rounded
from recon_data.curation.generators.stage import StageConfig, describe, draw_stage, intro

_ASK = (
    "What is the minimum discount factor for which a grim trigger strategy is a subgame "
    "perfect Nash equilibrium that sustains cooperation?",
    "Both use grim trigger strategies (cooperate until the other deviates, then deviate "
    "forever). What is the lowest common discount factor at which cooperation can be "
    "sustained?",
    "Above which discount factor can cooperation be sustained as a subgame perfect "
    "equilibrium with grim trigger strategies?",
)
_GAP = Fraction(3, 100)  # distractors stay this far from the threshold: never a rounding of it


def two_places(x: Fraction) -> str:
    """Render a number in (0, 1) with two decimals."""
    return fixed(x, 2)


class Trigger(Generator[StageConfig]):
    """The grim-trigger threshold (T-C)/(T-P) against three wrong thresholds."""

    name = "trigger"
    version = 1
    category = "trigger"
    answer_kind = "mcq"
    config_class = StageConfig
    description = "least discount factor sustaining cooperation under grim trigger"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a dilemma, solve the threshold, build distractors from common slips."""
        from recon_data.gametheory import grim_trigger_threshold

        c = self.config
        st = draw_stage(rng, c)
        d = grim_trigger_threshold(st.cooperate, st.temptation, st.punishment)
        if d is None or not Fraction(5, 100) <= d <= Fraction(95, 100):
            raise Reject("threshold too close to 0 or 1")
        t, cc, p, s = st.temptation, st.cooperate, st.punishment, st.sucker
        slips = [(t - cc) / (t - s), (cc - p) / (t - p), 1 - d, (t - cc) / t, p / cc]
        slips += [d + k * Fraction(rng.randint(4, 15), 100) for k in (-1, 1, -2, 2)]
        gold = two_places(d)
        shown = {gold}
        wrong: list[str] = []
        for v in slips:
            text = two_places(v)
            # Fraction(rounded, 100) is the value the text shows (no parsing of the text)
            if 0 < v < 1 and abs(Fraction(rounded(v, 2), 100) - d) >= _GAP and text not in shown:
                wrong.append(text)
                shown.add(text)
        if len(wrong) < 3:
            raise Reject("not enough distinct wrong thresholds")
        wrong = rng.sample(wrong, 3)
        options = (gold, *wrong)
        question = f"{intro(st)} {describe(st, c, rng)} {rng.choice(_ASK)}"
        certificate = {
            "kind": "grim_trigger",
            "C": str(cc),
            "T": str(t),
            "S": str(s),
            "P": str(p),
            "threshold": str(d),
        }
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=options,
            correct=frozenset({0}),
            certificate=certificate,
        )

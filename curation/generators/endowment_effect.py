"""endowment_effect: a swap declined or accepted once, then the mirrored swap (Yes / No).

The release's template: "You previously answered no in the following situation: '<you
hold A, the other holds B, a swap is proposed>' You are now given a trade request in a similar
situation: <you hold B, the other holds A, the same swap>". Preferences that do not depend on
ownership answer the mirrored request the way the earlier answer revealed them: an earlier
"no" (A kept over B) accepts A now (Yes); an earlier "yes" (B taken over A) keeps B now (No).
The release states only "no" earlier, so every release gold is Yes; this generator draws both.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from recon_data.curation.generators.base import Draft, Generator, GeneratorConfig
from recon_data.curation.generators.prompts import STEER_HEAD

# (setting, what everyone is given, two items of that kind, who proposes)
SCENES = (
    ("at a family reunion", "a puzzle", ("a jigsaw puzzle", "a wooden brain teaser"),
     "your uncle"),
    ("at an office raffle", "a kitchen gadget", ("a blender", "a coffee grinder"),
     "a colleague"),
    ("at a school fair", "a book", ("a mystery novel", "a cookbook"), "a classmate"),
    ("at a neighbourhood gift exchange", "a plant", ("a small cactus", "a fern"),
     "your neighbour"),
    ("at a conference", "a souvenir mug", ("a blue mug", "a red mug"), "another attendee"),
    ("at a charity dinner", "a gift card", ("a bookstore gift card", "a cinema gift card"),
     "the guest next to you"),
    ("at a team offsite", "a water bottle", ("a steel bottle", "a glass bottle"),
     "a teammate"),
    ("at a holiday party", "a scarf", ("a wool scarf", "a silk scarf"), "a friend"),
)  # fmt: skip


class EndowmentConfig(GeneratorConfig):
    """No knobs beyond difficulty: the items are drawn from a fixed pool of scenes."""

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {"easy": {}, "medium": {}, "hard": {}}


def _situation(setting: str, kind: str, mine: str, theirs: str, who: str) -> str:
    return (
        f"You are {setting} where everyone is given {kind}. You receive {mine} while {who} "
        f"receives {theirs}. {who[0].upper()}{who[1:]} suggests a trade, do you accept the offer?"
    )


class EndowmentEffect(Generator):
    """An earlier answer to a swap, then the mirrored swap: reference-free preferences decide."""

    name = "endowment_effect"
    version = 1
    category = "endowment_effect"
    answer_kind = "mcq"
    config_class = EndowmentConfig
    description = "the mirrored swap answered the way an earlier swap revealed the preference"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a scene, which item is held first and the earlier answer; the gold follows."""
        setting, kind, items, who = rng.choice(SCENES)
        first, second = rng.sample(items, 2)
        earlier_yes = rng.random() < 0.5
        before = _situation(setting, kind, first, second, who)
        now = _situation(setting, kind, second, first, who)
        question = (
            f"You previously answered {'yes' if earlier_yes else 'no'} in the following "
            f"situation:\n'{before}'\nYou are now given a trade request in a similar situation:"
            f"\n\n\n{now}"
        )
        # an earlier yes took `second` over `first`: now holding `second`, keep it (No)
        correct = 1 if earlier_yes else 0
        certificate = {
            "kind": "reference_free_preference",
            "earlier": "accepted" if earlier_yes else "declined",
            "preferred": second if earlier_yes else first,
            "now_holding": second,
        }
        return Draft(
            question=question,
            content=STEER_HEAD + question,
            options=("Yes", "No"),
            correct=frozenset({correct}),
            certificate=certificate,
        )

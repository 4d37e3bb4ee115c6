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

# Scenes are drawn from independent parts (where, what kind of gift with several items of
# it, who proposes): a fixed list of whole scenes gave only 64 distinct problems, too few
# for `generate -n 200`.
SETTINGS = (
    "at a family reunion", "at an office raffle", "at a school fair",
    "at a neighbourhood gift exchange", "at a conference", "at a charity dinner",
    "at a team offsite", "at a holiday party", "at a wedding reception", "at a book club meeting",
    "at a company picnic", "at a birthday party", "at a community fundraiser",
    "at a museum open day", "at a graduation ceremony", "at a product launch",
)  # fmt: skip
GIFTS = (
    ("a puzzle", ("a jigsaw puzzle", "a wooden brain teaser", "a crossword book", "a Rubik's cube")),
    ("a kitchen gadget", ("a blender", "a coffee grinder", "a toaster", "a milk frother")),
    ("a book", ("a mystery novel", "a cookbook", "a travel guide", "a poetry collection")),
    ("a plant", ("a small cactus", "a fern", "an orchid", "a bonsai tree")),
    ("a souvenir mug", ("a blue mug", "a red mug", "a striped mug", "a glass mug")),
    ("a gift card", ("a bookstore gift card", "a cinema gift card", "a coffee shop gift card",
                     "a music store gift card")),
    ("a water bottle", ("a steel bottle", "a glass bottle", "a bamboo bottle",
                        "a collapsible bottle")),
    ("a scarf", ("a wool scarf", "a silk scarf", "a cotton scarf", "a cashmere scarf")),
    ("a pen", ("a fountain pen", "a ballpoint pen", "a gel pen", "a calligraphy pen")),
    ("a board game", ("a chess set", "a card game", "a trivia game", "a backgammon set")),
)  # fmt: skip
PROPOSERS = (
    "your uncle", "a colleague", "a classmate", "your neighbour", "another attendee",
    "the guest next to you", "a teammate", "a friend", "your cousin", "a stranger",
)  # fmt: skip


class EndowmentConfig(GeneratorConfig):
    """No knobs beyond difficulty: scenes are drawn from fixed pools of settings, gifts and people."""

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {"easy": {}, "medium": {}, "hard": {}}


def _situation(setting: str, kind: str, mine: str, theirs: str, who: str) -> str:
    return (
        f"You are {setting} where everyone is given {kind}. You receive {mine} while {who} "
        f"receives {theirs}. {who[0].upper()}{who[1:]} suggests a trade, do you accept the offer?"
    )


class EndowmentEffect(Generator):
    """An earlier answer to a swap, then the mirrored swap: reference-free preferences decide."""

    name = "endowment_effect"
    version = 2
    category = "endowment_effect"
    answer_kind = "mcq"
    config_class = EndowmentConfig
    description = "the mirrored swap answered the way an earlier swap revealed the preference"

    def draft(self, rng: random.Random) -> Draft:
        """Draw a scene, which item is held first and the earlier answer; the gold follows."""
        setting, (kind, items), who = rng.choice(SETTINGS), rng.choice(GIFTS), rng.choice(PROPOSERS)
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

"""backward_induction: stories whose payoffs do not fit the three-stage game they describe.

The game has four outcomes: the first mover stops, the second mover stops, and the first
mover's two final choices. Some stories pay an action that, a sentence later, the story
continues from: five outcomes (both of the second mover's actions paid, then two more in
the final round), or four with only one of them in the final round. Such a text gives one
action two different consequences; no tree is the story, and the item is ill-posed.
"""

from __future__ import annotations

import re
from typing import Any

from recon_data.curation.audit.base import IllPosed
from recon_data.curation.audit.sequential_five import FIVE
from recon_data.curation.audit.sequential_options import pair_start, pass_condition


class FiveOutcomes(IllPosed):
    """Five payoff outcomes: ill-posed unless every reading gives one answer (sequential_five)."""


_FINAL = re.compile(r"\b(?:final|third|last) (?:round|stage|phase|decision)", re.I)


def check_shape(text: str, pairs: list[Any], who: tuple[str, str]) -> None:
    """Raise IllPosed when a payoff goes to an action the story also continues from."""
    starts = [pair_start(text, clause) for _, clause in pairs]
    first_pass = pass_condition(text, who[0], who[1])
    second_pass = pass_condition(text, who[1], who[0])
    if len(pairs) == 5:
        # Pairs 2 and 3 are the second mover's two actions, 4 and 5 the final round: the
        # story goes on to the final round after one of the two paid actions.
        after_first = first_pass is None or first_pass.start() < starts[1]
        between = text[starts[2] : starts[3]]
        continued = (second_pass is not None and starts[2] < second_pass.start() < starts[3]) or (
            _FINAL.search(between) is not None
        )
        if after_first and continued:
            raise FiveOutcomes(FIVE)
    if len(pairs) == 4 and second_pass is not None and first_pass is not None:
        later = [s for s in starts if s > second_pass.start()]
        if len(later) == 1 and first_pass.start() < starts[1] < starts[2] < second_pass.start():
            raise IllPosed(
                "both of the second mover's actions are paid, one of them also leads to the "
                "final round, and the final round states only one outcome"
            )


def respective_to_actions(before: str) -> bool:
    """'decide whether to A or to B, resulting in respective payoffs of': actions, not players."""
    return (
        re.search(
            r"\bwhether to\b(?:[^.]|(?<=Dr)\.)*\bor\b(?:[^.]|(?<=Dr)\.)*\brespective "
            r"(?:payoffs|gains|rewards|outcomes|"
            r"benefits) of\s*$",
            before,
        )
        is not None
    )

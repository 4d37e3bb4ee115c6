"""permute: reorder what the answer format lets us reorder.

Matrix games reorder rows and columns (profiles renumbered); Condorcet items reorder the
ballot groups and the options; every other multiple-choice item reorders its options. No
solver reads an order, so the answer moves with its option (or row and column).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from recon_data.curation.variants import ballots, matrix, tree
from recon_data.curation.variants.base import Edit, Handler, option_order_edit

if TYPE_CHECKING:
    from recon_data.schema import Problem


def options(problem: Problem, rng: random.Random) -> Edit:
    """Show the options in a drawn new order."""
    return option_order_edit(problem, rng, problem.question)


# Multiple-choice categories whose answer is an option chosen by what it says.
OPTION_CATEGORIES = (
    "bayes_nash", "trigger", "enforceability", "feasibility", "certainty_effect",
    "time_inconsistency", "endowment_effect", "auction_risk",
)  # fmt: skip

HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(matrix.CATEGORIES, matrix.permute),
    "condorcet_criterion": ballots.permute,
    "backward_induction": tree.permute,
    **dict.fromkeys(OPTION_CATEGORIES, options),
}

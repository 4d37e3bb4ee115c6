"""rescale: payoffs under a positive affine map, amounts in another unit.

Matrix and Bayes-Nash payoffs take one affine map x -> a x + b (a > 0) per player, so every
best-response comparison keeps its sign; repeated-game and sequential payoffs, and dated
amounts, take one positive factor (their prose tells gains and losses apart by words, so
no shift); Condorcet ballots take one positive factor on every group's count. The answer
stays where it was (feasibility's offered payoffs are multiplied with the game's).
"""

from __future__ import annotations

from recon_data.curation.variants import ballots, bayes, choice, matrix, stage, tree
from recon_data.curation.variants.base import Handler

HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(matrix.CATEGORIES, matrix.rescale),
    "bayes_nash": bayes.rescale,
    "condorcet_criterion": ballots.rescale,
    "backward_induction": tree.rescale,
    **dict.fromkeys(stage.CATEGORIES, stage.rescale),
    "time_inconsistency": choice.rescale,
}

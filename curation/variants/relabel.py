"""relabel: rename players, actions and candidates (anonymous labels included).

Each category's answer names things only through these labels, so the variant's answer is
the source's with the labels carried along: a matrix game's players swapped (profiles
transposed), Bayes-Nash actions renamed, Condorcet candidates renamed, the players of a
sequential or repeated game renamed. Options keep their places.
"""

from __future__ import annotations

from recon_data.curation.variants import ballots, bayes, matrix, stage, tree
from recon_data.curation.variants.base import Handler

HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(matrix.CATEGORIES, matrix.swap_players),
    "bayes_nash": bayes.relabel,
    "condorcet_criterion": ballots.relabel,
    "backward_induction": tree.relabel,
    **dict.fromkeys(stage.CATEGORIES, stage.relabel),
}

"""anonymize: the story removed, the bare game left.

Ballots become "Candidates A, B and C are ranked by groups of voters"; a sequential game is
Player A and Player B stopping or passing; a stage game is two players who cooperate or
defect. Matrix and Bayes-Nash items are bare already (no handler: the transform would be
the identity).
"""

from __future__ import annotations

from recon_data.curation.variants import ballots, stage, tree
from recon_data.curation.variants.base import Handler

HANDLERS: dict[str, Handler] = {
    "condorcet_criterion": ballots.anonymize,
    "backward_induction": tree.anonymize,
    **dict.fromkeys(stage.CATEGORIES, stage.anonymize),
}

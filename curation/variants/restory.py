"""restory: the same instance told in another of its category's story templates.

The generators' templates (curation/generators/*) render the instance the audit read from
the source: another scenario, other names, another question sentence. The solver reads the
instance, not the story, so the answer is the option with the source answer's meaning.
"""

from __future__ import annotations

from recon_data.curation.variants import ballots, choice, stage, tree
from recon_data.curation.variants.base import Handler

HANDLERS: dict[str, Handler] = {
    "condorcet_criterion": ballots.restory,
    "backward_induction": tree.restory,
    **dict.fromkeys(stage.CATEGORIES, stage.restory),
    "time_inconsistency": choice.restory,
}

"""Rewording a prompt's defining sentence where it names a rule the golds do not follow.

The PTE prompts define the concept's elimination step as "does not Pareto-dominate those
guarantees", while the golds (and Fourny's concept the prompt names) remove the outcomes where
some player gets less than its guarantee. The answer is right under the concept the prompt
names, so the sentence is fixed, not the gold: one `reworded` change with the old and the new
sentence. Traces answering a reworded item that reason with the old rule are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from recon_data.curation.audit.matrix import IR_RULE, PARETO_RULE


def reword(rec: dict[str, Any]) -> tuple[str, str] | None:
    """Replace the PTE prompt's Pareto sentence in place; return (old, new) or None."""
    if rec["category"] != "pte":
        return None
    last = dict(rec["prompt"][-1])
    if PARETO_RULE not in last["content"]:
        return None
    last["content"] = last["content"].replace(PARETO_RULE, IR_RULE)
    rec["prompt"] = [*rec["prompt"][:-1], last]
    return PARETO_RULE, IR_RULE


def uses_old_rule(response: str) -> bool:
    """True when a trace reasons with the wording that was replaced ("Pareto-dominate")."""
    return re.search(r"pareto", response, re.I) is not None

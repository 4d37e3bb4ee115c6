"""Reading predictions per answer kind: the kinds' own readers, gathered for the verifiers.

The grammars live with their kinds in `recon_data.answers` (the registry); this module
re-exports the readers the verifiers and their users call by name.
"""

from __future__ import annotations

from recon_data.answers.mcq import option_index, options_from_prompt, read_mcq, text_key
from recon_data.answers.ordering import read_ordering
from recon_data.answers.profile_set import read_profile_set
from recon_data.answers.yes_no import read_yes_no

__all__ = [
    "option_index",
    "options_from_prompt",
    "read_mcq",
    "read_ordering",
    "read_profile_set",
    "read_yes_no",
    "text_key",
]

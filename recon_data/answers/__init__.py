"""Answer kinds: each kind's grammar, canonical form, comparison and rendering, in one place.

`recon_data.answers.registry` maps kind names to `AnswerKind`s; one module per kind holds
the rules (`mcq`, `yes_no`, `ordering`, `profile_set`, `numeric`). The schema, the build,
the verifiers and the generators all ask the registry. The names below are the stable
helpers the other layers import.
"""

from __future__ import annotations

from recon_data.answers.base import AnswerKind, Reading, normalize_unicode
from recon_data.answers.mcq import MCQ_GOLD, format_mcq, parse_mcq_gold
from recon_data.answers.numeric import Number, format_number, parse_numeric, read_number
from recon_data.answers.ordering import format_ordering, is_letter_permutation, parse_ordering
from recon_data.answers.profile_set import format_profile_set, parse_profile_set
from recon_data.answers.registry import KIND_NAMES, REGISTRY, get_kind, render

__all__ = [
    "KIND_NAMES",
    "MCQ_GOLD",
    "REGISTRY",
    "AnswerKind",
    "Number",
    "Reading",
    "format_mcq",
    "format_number",
    "format_ordering",
    "format_profile_set",
    "get_kind",
    "is_letter_permutation",
    "normalize_unicode",
    "parse_mcq_gold",
    "parse_numeric",
    "parse_ordering",
    "parse_profile_set",
    "read_number",
    "render",
]

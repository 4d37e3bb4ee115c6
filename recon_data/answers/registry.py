"""The answer-kind registry: every layer asks it about a kind instead of naming kinds itself.

Adding a kind is one module holding an `AnswerKind` named `KIND` (see
`recon_data.answers.base`) and one line in `_MODULES` below.
"""

from __future__ import annotations

from types import MappingProxyType

from recon_data.answers import expression, mcq, numeric, ordering, profile_set, yes_no
from recon_data.answers.base import AnswerKind

# The order is the order of inference: a gold of unknown kind is the first kind that reads it.
_MODULES = (mcq, yes_no, ordering, profile_set, numeric, expression)

REGISTRY = MappingProxyType({module.KIND.name: module.KIND for module in _MODULES})
KIND_NAMES: tuple[str, ...] = tuple(REGISTRY)


def get_kind(name: str) -> AnswerKind:
    """Return the registered kind called `name`; KeyError naming the known kinds otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(
            f"unknown answer kind {name!r}; expected one of {', '.join(KIND_NAMES)}"
        ) from None


def render(name: str, value: object) -> str:
    """Return the text a model should box for a gold `value` of kind `name`."""
    return get_kind(name).render(value)

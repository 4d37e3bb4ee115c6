"""Exact game-theory solvers over `fractions.Fraction`: every answer set, with a certificate.

Names load lazily from their modules, so `import recon_data.gametheory` stays cheap.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_M = "recon_data.gametheory."
_LAZY = {
    "to_fraction": _M + "numbers",
    "NormalFormGame": _M + "normal_form",
    "best_responses": _M + "equilibria",
    "pure_nash": _M + "equilibria",
    "PureNashResult": _M + "equilibria",
    "dominated_actions": _M + "dominance",
    "iterated_elimination": _M + "dominance",
    "EliminationResult": _M + "dominance",
    "pareto_optimal": _M + "pareto",
    "pareto_dominates": _M + "pareto",
    "maximin": _M + "maximin",
    "maximin_action": _M + "maximin",
    "perfectly_transparent": _M + "pte",
    "PTEResult": _M + "pte",
    "pairwise_tallies": _M + "social_choice",
    "condorcet": _M + "social_choice",
    "CondorcetResult": _M + "social_choice",
    "grim_trigger_threshold": _M + "repeated",
    "discounted_value": _M + "repeated",
    "is_feasible": _M + "repeated",
    "minmax_values": _M + "repeated",
    "individually_rational": _M + "repeated",
    "sustainable": _M + "repeated",
    "SustainResult": _M + "repeated",
    "support_enumeration": _M + "mixed",
    "MixedResult": _M + "mixed",
}

__all__ = list(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

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
    "mixed_minmax": _M + "minmax",
    "MinmaxResult": _M + "minmax",
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
    "punishment_values": _M + "repeated",
    "grim_trigger_deltas": _M + "grim",
    "GrimTrigger": _M + "grim",
    "DeltaSet": _M + "grim",
    "SustainResult": _M + "repeated",
    "support_enumeration": _M + "mixed",
    "MixedResult": _M + "mixed",
    "BayesianGame": _M + "bayesian",
    "BayesNashResult": _M + "bayesian",
    "bayes_nash": _M + "bayesian",
    "expected_game": _M + "bayesian",
    "Lottery": _M + "decisions",
    "expected_value": _M + "decisions",
    "expected_utility": _M + "decisions",
    "allais_consistent": _M + "decisions",
    "exponential_discount": _M + "decisions",
    "quasi_hyperbolic_discount": _M + "decisions",
    "hyperbolic_discount": _M + "decisions",
    "choose": _M + "decisions",
    "preference_reversal": _M + "decisions",
    "ReversalResult": _M + "decisions",
    "FORMATS": _M + "auctions",
    "auction_format": _M + "auctions",
    "strategically_equivalent": _M + "auctions",
    "revenue_ranking": _M + "auctions",
    "best_formats": _M + "auctions",
    "equilibrium_bid": _M + "auctions",
    "expected_revenue": _M + "auctions",
}

__all__ = list(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

"""Exact game-theory solvers over `fractions.Fraction`: every answer set, with a certificate.

Names load lazily from their modules, so `import recon_data.gametheory` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.gametheory.auctions import (
        FORMATS as FORMATS,
        auction_format as auction_format,
        best_formats as best_formats,
        equilibrium_bid as equilibrium_bid,
        expected_revenue as expected_revenue,
        revenue_ranking as revenue_ranking,
        strategically_equivalent as strategically_equivalent,
    )
    from recon_data.gametheory.bayesian import (
        bayes_nash as bayes_nash,
        BayesianGame as BayesianGame,
        BayesNashResult as BayesNashResult,
        expected_game as expected_game,
    )
    from recon_data.gametheory.decisions import (
        allais_consistent as allais_consistent,
        choose as choose,
        expected_utility as expected_utility,
        expected_value as expected_value,
        exponential_discount as exponential_discount,
        hyperbolic_discount as hyperbolic_discount,
        Lottery as Lottery,
        preference_reversal as preference_reversal,
        quasi_hyperbolic_discount as quasi_hyperbolic_discount,
        ReversalResult as ReversalResult,
    )
    from recon_data.gametheory.dominance import (
        dominated_actions as dominated_actions,
        EliminationResult as EliminationResult,
        iterated_elimination as iterated_elimination,
    )
    from recon_data.gametheory.equilibria import (
        best_responses as best_responses,
        pure_nash as pure_nash,
        PureNashResult as PureNashResult,
    )
    from recon_data.gametheory.grim import (
        DeltaSet as DeltaSet,
        grim_trigger_deltas as grim_trigger_deltas,
        GrimTrigger as GrimTrigger,
    )
    from recon_data.gametheory.maximin import maximin as maximin, maximin_action as maximin_action
    from recon_data.gametheory.minmax import (
        MinmaxResult as MinmaxResult,
        mixed_minmax as mixed_minmax,
    )
    from recon_data.gametheory.mixed import (
        MixedResult as MixedResult,
        support_enumeration as support_enumeration,
    )
    from recon_data.gametheory.normal_form import NormalFormGame as NormalFormGame
    from recon_data.gametheory.numbers import to_fraction as to_fraction
    from recon_data.gametheory.pareto import (
        pareto_dominates as pareto_dominates,
        pareto_optimal as pareto_optimal,
    )
    from recon_data.gametheory.pte import (
        perfectly_transparent as perfectly_transparent,
        PTEResult as PTEResult,
    )
    from recon_data.gametheory.repeated import (
        discounted_value as discounted_value,
        grim_trigger_threshold as grim_trigger_threshold,
        individually_rational as individually_rational,
        is_feasible as is_feasible,
        minmax_values as minmax_values,
        punishment_values as punishment_values,
        sustainable as sustainable,
        SustainResult as SustainResult,
    )
    from recon_data.gametheory.social_choice import (
        condorcet as condorcet,
        CondorcetResult as CondorcetResult,
        pairwise_tallies as pairwise_tallies,
    )

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

"""Exact game-theory solvers over `fractions.Fraction`: every answer set, with a certificate.

Names load lazily from their modules, so `import recon_data.gametheory` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.gametheory.auctions import (
        FORMATS as FORMATS,
    )
    from recon_data.gametheory.auctions import (
        auction_format as auction_format,
    )
    from recon_data.gametheory.auctions import (
        best_formats as best_formats,
    )
    from recon_data.gametheory.auctions import (
        equilibrium_bid as equilibrium_bid,
    )
    from recon_data.gametheory.auctions import (
        expected_revenue as expected_revenue,
    )
    from recon_data.gametheory.auctions import (
        revenue_ranking as revenue_ranking,
    )
    from recon_data.gametheory.auctions import (
        strategically_equivalent as strategically_equivalent,
    )
    from recon_data.gametheory.bayesian import (
        BayesianGame as BayesianGame,
    )
    from recon_data.gametheory.bayesian import (
        BayesNashResult as BayesNashResult,
    )
    from recon_data.gametheory.bayesian import (
        bayes_nash as bayes_nash,
    )
    from recon_data.gametheory.bayesian import (
        expected_game as expected_game,
    )
    from recon_data.gametheory.decisions import (
        Lottery as Lottery,
    )
    from recon_data.gametheory.decisions import (
        ReversalResult as ReversalResult,
    )
    from recon_data.gametheory.decisions import (
        allais_consistent as allais_consistent,
    )
    from recon_data.gametheory.decisions import (
        choose as choose,
    )
    from recon_data.gametheory.decisions import (
        expected_utility as expected_utility,
    )
    from recon_data.gametheory.decisions import (
        expected_value as expected_value,
    )
    from recon_data.gametheory.decisions import (
        exponential_discount as exponential_discount,
    )
    from recon_data.gametheory.decisions import (
        hyperbolic_discount as hyperbolic_discount,
    )
    from recon_data.gametheory.decisions import (
        preference_reversal as preference_reversal,
    )
    from recon_data.gametheory.decisions import (
        quasi_hyperbolic_discount as quasi_hyperbolic_discount,
    )
    from recon_data.gametheory.dominance import (
        EliminationResult as EliminationResult,
    )
    from recon_data.gametheory.dominance import (
        dominated_actions as dominated_actions,
    )
    from recon_data.gametheory.dominance import (
        iterated_elimination as iterated_elimination,
    )
    from recon_data.gametheory.equilibria import (
        PureNashResult as PureNashResult,
    )
    from recon_data.gametheory.equilibria import (
        best_responses as best_responses,
    )
    from recon_data.gametheory.equilibria import (
        pure_nash as pure_nash,
    )
    from recon_data.gametheory.grim import (
        DeltaSet as DeltaSet,
    )
    from recon_data.gametheory.grim import (
        GrimTrigger as GrimTrigger,
    )
    from recon_data.gametheory.grim import (
        grim_trigger_deltas as grim_trigger_deltas,
    )
    from recon_data.gametheory.maximin import maximin as maximin
    from recon_data.gametheory.maximin import maximin_action as maximin_action
    from recon_data.gametheory.minmax import (
        MinmaxResult as MinmaxResult,
    )
    from recon_data.gametheory.minmax import (
        mixed_minmax as mixed_minmax,
    )
    from recon_data.gametheory.mixed import (
        MixedResult as MixedResult,
    )
    from recon_data.gametheory.mixed import (
        support_enumeration as support_enumeration,
    )
    from recon_data.gametheory.normal_form import NormalFormGame as NormalFormGame
    from recon_data.gametheory.numbers import to_fraction as to_fraction
    from recon_data.gametheory.pareto import (
        pareto_dominates as pareto_dominates,
    )
    from recon_data.gametheory.pareto import (
        pareto_optimal as pareto_optimal,
    )
    from recon_data.gametheory.pte import (
        PTEResult as PTEResult,
    )
    from recon_data.gametheory.pte import (
        perfectly_transparent as perfectly_transparent,
    )
    from recon_data.gametheory.repeated import (
        SustainResult as SustainResult,
    )
    from recon_data.gametheory.repeated import (
        discounted_value as discounted_value,
    )
    from recon_data.gametheory.repeated import (
        grim_trigger_threshold as grim_trigger_threshold,
    )
    from recon_data.gametheory.repeated import (
        individually_rational as individually_rational,
    )
    from recon_data.gametheory.repeated import (
        is_feasible as is_feasible,
    )
    from recon_data.gametheory.repeated import (
        minmax_values as minmax_values,
    )
    from recon_data.gametheory.repeated import (
        punishment_values as punishment_values,
    )
    from recon_data.gametheory.repeated import (
        sustainable as sustainable,
    )
    from recon_data.gametheory.social_choice import (
        CondorcetResult as CondorcetResult,
    )
    from recon_data.gametheory.social_choice import (
        condorcet as condorcet,
    )
    from recon_data.gametheory.social_choice import (
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

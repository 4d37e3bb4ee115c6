"""Bayesian games and their pure Bayes-Nash equilibria through the ex-ante strategic form."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.equilibria import pure_nash
from recon_data.gametheory.normal_form import NormalFormGame, Profile
from recon_data.gametheory.numbers import Number, to_fraction

Labels = tuple[tuple[str, ...], ...]
Strategy = tuple[int, ...]  # one action per type of the player


def _labels(spec: Sequence[int | Sequence[str]], prefix: str) -> Labels:
    """Per player labels from counts (named prefix1, prefix2, ...) or explicit names."""
    out = []
    for item in spec:
        if isinstance(item, int):
            if item < 1:
                raise ReconDataError(f"each player needs at least one {prefix}")
            out.append(tuple(f"{prefix}{k + 1}" for k in range(item)))
        else:
            if not item:
                raise ReconDataError(f"each player needs at least one {prefix}")
            out.append(tuple(str(x) for x in item))
    return tuple(out)


def _at(
    payoff: Callable[[tuple[int, ...], tuple[int, ...]], Sequence[Number]],
    types: tuple[int, ...],
    actions: tuple[int, ...],
) -> Sequence[Number]:
    """Payoffs at one type profile (a picklable, typed stand-in for a closure)."""
    return payoff(types, actions)


@dataclass(frozen=True)
class BayesianGame:
    """Players with private types drawn from a common prior; payoffs depend on types and actions.

    `prior[k]` is the probability of the k-th type profile and `stage[k]` the normal-form
    game played at it (type profiles in `itertools.product` order).
    """

    type_labels: Labels
    action_labels: Labels
    prior: tuple[Fraction, ...]
    stage: tuple[NormalFormGame, ...]

    @classmethod
    def create(
        cls,
        types: Sequence[int | Sequence[str]],
        actions: Sequence[int | Sequence[str]],
        prior: Mapping[tuple[int, ...], Number] | Callable[[tuple[int, ...]], Number],
        payoff: Callable[[tuple[int, ...], tuple[int, ...]], Sequence[Number]],
    ) -> BayesianGame:
        """Build from type and action counts or labels, a prior over type profiles and a payoff function."""
        type_labels, action_labels = _labels(types, "t"), _labels(actions, "a")
        if len(type_labels) != len(action_labels):
            raise ReconDataError("types and actions must list the same players")
        shape = tuple(len(a) for a in action_labels)
        probs, stage = [], []
        for tp in itertools.product(*(range(len(t)) for t in type_labels)):
            p = to_fraction(prior(tp)) if callable(prior) else to_fraction(prior.get(tp, 0))
            if p < 0:
                raise ReconDataError(f"negative prior probability for type profile {tp}")
            probs.append(p)
            stage.append(
                NormalFormGame.from_payoffs(
                    shape, functools.partial(_at, payoff, tp), action_labels
                )
            )
        if sum(probs) != 1:
            raise ReconDataError(f"prior probabilities sum to {sum(probs)}, not 1")
        if not callable(prior):
            extra = [
                tp
                for tp in prior
                if tp not in set(itertools.product(*map(range, map(len, type_labels))))
            ]
            if extra:
                raise ReconDataError(f"prior names unknown type profiles {extra}")
        return cls(type_labels, action_labels, tuple(probs), tuple(stage))

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.type_labels)

    def strategies(self, player: int) -> tuple[Strategy, ...]:
        """Type-contingent pure strategies of a player (an action for each of its types)."""
        n_actions = len(self.action_labels[player])
        return tuple(itertools.product(range(n_actions), repeat=len(self.type_labels[player])))

    def ex_ante_game(self) -> NormalFormGame:
        """The strategic form over type-contingent strategies, payoffs in expectation over the prior."""
        per_player = [self.strategies(p) for p in range(self.n_players)]
        type_profiles = list(itertools.product(*(range(len(t)) for t in self.type_labels)))
        live = [
            (tp, q, g) for tp, q, g in zip(type_profiles, self.prior, self.stage, strict=True) if q
        ]

        def expected(profile: Profile) -> tuple[Fraction, ...]:
            chosen = [per_player[p][s] for p, s in enumerate(profile)]
            total = [Fraction(0)] * self.n_players
            for tp, q, g in live:
                pay = g.payoff(tuple(chosen[p][tp[p]] for p in range(self.n_players)))
                for i in range(self.n_players):
                    total[i] += q * pay[i]
            return tuple(total)

        labels = tuple(
            tuple(
                ",".join(
                    f"{self.type_labels[p][t]}:{self.action_labels[p][a]}" for t, a in enumerate(s)
                )
                for s in per_player[p]
            )
            for p in range(self.n_players)
        )
        return NormalFormGame.from_payoffs(tuple(len(s) for s in per_player), expected, labels)


@dataclass(frozen=True)
class BayesNashResult:
    """Every pure Bayes-Nash equilibrium: per equilibrium, per player, an action per type."""

    equilibria: tuple[tuple[Strategy, ...], ...]
    payoffs: tuple[tuple[Fraction, ...], ...]
    labels: tuple[tuple[str, ...], ...]

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready list of equilibria (type:action per player) with ex-ante payoffs."""
        return {
            "kind": "bayes_nash",
            "equilibria": [
                {"strategies": list(lab), "ex_ante_payoffs": [str(u) for u in pay]}
                for lab, pay in zip(self.labels, self.payoffs, strict=True)
            ],
        }


def bayes_nash(game: BayesianGame) -> BayesNashResult:
    """All pure Bayes-Nash equilibria, as the pure Nash equilibria of the ex-ante game.

    A type of prior probability zero constrains nothing, so every action of it appears.
    """
    ex_ante = game.ex_ante_game()
    per_player = [game.strategies(p) for p in range(game.n_players)]
    found = pure_nash(ex_ante).profiles
    equilibria = tuple(tuple(per_player[p][s] for p, s in enumerate(e)) for e in found)
    payoffs = tuple(ex_ante.payoff(e) for e in found)
    labels = tuple(tuple(ex_ante.label(p, s) for p, s in enumerate(e)) for e in found)
    return BayesNashResult(equilibria, payoffs, labels)


def expected_game(games: Sequence[NormalFormGame], probs: Sequence[Number]) -> NormalFormGame:
    """The game of expected payoffs when a state is drawn and no player observes it.

    With no private information the Bayesian game is this one game: its pure Nash
    equilibria are the pure Bayes-Nash equilibria.
    """
    weights = [to_fraction(p) for p in probs]
    if not games or len(games) != len(weights):
        raise ReconDataError("expected_game needs one probability per state game")
    if any(w < 0 for w in weights) or sum(weights) != 1:
        raise ReconDataError(f"state probabilities must be >= 0 and sum to 1, got {sum(weights)}")
    shape = games[0].shape
    if any(g.shape != shape for g in games):
        raise ReconDataError("every state game needs the same shape")
    table = tuple(
        tuple(_weighted_sum(weights, [g.table[k][i] for g in games]) for i in range(len(shape)))
        for k in range(len(games[0].table))
    )
    return NormalFormGame(shape, table, games[0].action_labels)


def _weighted_sum(weights: Sequence[Fraction], values: Sequence[Fraction]) -> Fraction:
    """sum(w * v) exactly, over one common denominator (one Fraction built, not 2n)."""
    nums = [w.numerator * v.numerator for w, v in zip(weights, values, strict=True)]
    dens = [w.denominator * v.denominator for w, v in zip(weights, values, strict=True)]
    common = math.lcm(*dens)
    return Fraction(sum(n * (common // d) for n, d in zip(nums, dens, strict=True)), common)

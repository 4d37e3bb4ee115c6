"""The three credit modes of self-play training and `games credit`: outcome, exact, rollout.

Each mode gives a decision that entered the game `q` (the chosen action's value to the
mover, payoff units), `best_q` and a credit in [0, 1] at the node (1 = the best the node
allows under the mode, 0 = the worst); our own formulation (docs/maro.md):

- `outcome` (SPIRAL's rule): `q` is the mover's final payoff, whatever the later moves
  were; `best_q` the highest payoff still reachable from the node, and the credit
  (q - lowest) / (highest - lowest) over the payoffs reachable from the node (a matrix
  game: the whole matrix). A forfeited episode has no payoff: no credit.
- `exact`: the value of the chosen action under equilibrium continuation: subgame-perfect
  play after it in a tree (`credit.action_values`, canonical SPE), the payoff against the
  opponent's actual action in a matrix game, that plus the canonical equilibrium's rounds
  in a repeated game (`repeated_solve`); `best_q` is the best action's, the credit the
  value normalised between the node's worst and best action.
- `rollout`: every legal action valued by k plays of the rest of the game under a
  continuation policy (`rollouts`); `q`, `best_q` and the credit as for `exact`.

`regret` is `best_q - q` in every mode (for `outcome`: the gap to the best reachable
payoff, not a counterfactual).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from recon_data.errors import ReconDataError
from recon_data.games.credit import action_values, normalise, payoff_range
from recon_data.games.env import Choice, Episode
from recon_data.games.play import Complete
from recon_data.games.rollouts import branch_for, rollout_values
from recon_data.games.spec import GameSpec

MODES = ("outcome", "exact", "rollout")


def check_mode(mode: str) -> str:
    """Return a known credit mode, or raise a user error naming them."""
    if mode not in MODES:
        raise ReconDataError(f"unknown credit mode {mode!r}; expected one of {', '.join(MODES)}")
    return mode


@dataclass(frozen=True)
class CreditedMove:
    """One decision under one credit mode (None where the mode gives nothing, e.g. a forfeit)."""

    choice: Choice
    mode: str
    q: Fraction | None
    best_q: Fraction | None
    credit: Fraction | None
    values: dict[str, Fraction] | None  # every legal action's value (exact, rollout)

    @property
    def regret(self) -> Fraction | None:
        """best_q - q, in payoff units."""
        return None if self.q is None or self.best_q is None else self.best_q - self.q


def _same_round_action(episode: Episode, choice: Choice) -> str | None:
    """The other seat's action in the round of `choice` (matrix and repeated games)."""
    for c in episode.choices:
        if c.player != choice.player and c.history == choice.history:
            return c.action
    return None


def exact_values(spec: GameSpec, episode: Episode, choice: Choice) -> dict[str, Fraction] | None:
    """The mover's exact value of every legal action at a decision; None when it needs the
    opponent's action in the same round and the episode ended before it came."""
    if spec.kind == "sequential":
        return action_values(spec, choice.player, choice.history)
    other = _same_round_action(episode, choice)
    if other is None:
        return None
    if spec.kind == "repeated":
        from recon_data.games.repeated_solve import exact_values as repeated_values

        return repeated_values(spec, choice.player, choice.history, other)  # type: ignore[arg-type]
    return action_values(spec, choice.player, choice.history, opponent_action=other)


def reachable_range(
    spec: GameSpec, player: int, history: tuple[str, ...]
) -> tuple[Fraction, Fraction]:
    """The mover's lowest and highest payoff over every way the game can go from the node."""
    if spec.kind == "repeated":
        from recon_data.games.repeated_solve import reachable_range as repeated_range

        return repeated_range(spec, player, history)  # type: ignore[arg-type]
    lo, hi = payoff_range(spec, player, history)
    return lo, hi


def valued(choice: Choice, mode: str, values: dict[str, Fraction] | None) -> CreditedMove:
    """A decision credited by a table of action values (exact or rollout)."""
    if values is None:
        return CreditedMove(choice, mode, None, None, None, None)
    return CreditedMove(
        choice, mode, values[choice.action], max(values.values()),
        normalise(values)[choice.action], values,
    )  # fmt: skip


def outcome_credit(spec: GameSpec, episode: Episode, choice: Choice) -> CreditedMove:
    """The episode's payoff to the mover, scaled by the payoffs reachable from the node."""
    lo, hi = reachable_range(spec, choice.player, choice.history)
    if episode.payoffs is None:
        return CreditedMove(choice, "outcome", None, hi, None, None)
    q = episode.payoffs[choice.player]
    credit = Fraction(1) if hi == lo else (q - lo) / (hi - lo)
    return CreditedMove(choice, "outcome", q, hi, credit, None)


def credit_episodes(
    pairs: Sequence[tuple[GameSpec, Episode]],
    mode: str,
    *,
    policy: Complete | None = None,
    rollouts: int = 8,
    seed: int = 0,
    think: str = "required",
    messages: bool = True,
) -> list[list[CreditedMove]]:
    """Credit every decision of every episode under one mode (rollout: `policy` continues play;
    `messages=False` when it is scripted and reads no prompts)."""
    check_mode(mode)
    if mode == "outcome":
        return [[outcome_credit(s, e, c) for c in e.choices] for s, e in pairs]
    if mode == "exact":
        return [[valued(c, mode, exact_values(s, e, c)) for c in e.choices] for s, e in pairs]
    if policy is None:
        raise ReconDataError("rollout credit needs a continuation policy")
    branches = [branch_for(s, e, c) for s, e in pairs for c in e.choices]
    tables = iter(
        rollout_values(
            branches, policy, rollouts=rollouts, seed=seed, think=think, messages=messages
        )
    )
    return [[valued(c, mode, next(tables)) for c in e.choices] for _, e in pairs]

"""Per-move credit for played episodes: our own formulation of MARO's per-move rewards.

MARO (Cai et al. 2026) publishes no formulas; these are ours. Every scheme gives each
decision that entered the game a *raw* value in payoff units and a *credit* normalised
to [0, 1] at its decision node (1 = the best the node allows, 0 = the worst):

- `terminal`: every move of a player gets that player's final payoff, normalised by the
  range of the mover's payoffs over the leaves reachable from the node (simultaneous
  games: over the whole matrix). SPIRAL's rule. Bias: a good move followed by a blunder
  (or an opponent's lucky reply) is blamed; high variance, no bias for the episode total.
  Stands for MARO mechanism 1 (decomposing the outcome) in its crudest form.
- `discounted`: the terminal credit times gamma**k, k = decisions entering the game after
  this one. Bias: early moves count less, whatever they decided. Mechanism 1, with a
  recency prior.
- `exact`: the value of the move's subgame under subgame-perfect continuation (canonical
  SPE: ties toward the first-listed action, as `gametheory.tree` states), normalised by
  the lowest and highest action value at the node. No variance; biased when the real
  opponent is not subgame-perfect (a move that only exploits a weak opponent gets no
  credit). With `opponent="empirical"` the opponent plays the action frequencies seen in
  a set of episodes (SPE where a node was never seen) and the mover best-responds later:
  less bias against a known opponent, sampling noise instead. Mechanisms 1 and 3 (each
  move's utility evaluated directly, so a noisy opponent does not corrupt the signal).

A simultaneous game has no continuation: its `exact` value is the payoff against the
opponent's actual action (the scorer's rule), or against the empirical mix of the
opponent's actions. Regret (the gap to the node's best action under the exact values,
payoff units and normalised) is reported for every scheme.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from recon_data.errors import ReconDataError
from recon_data.games.env import Choice, Episode
from recon_data.games.spec import GameSpec
from recon_data.gametheory.tree import Decision, Node, Terminal, node_at

SCHEMES = ("terminal", "discounted", "exact")
OPPONENTS = ("spe", "empirical")
DEFAULT_GAMMA = Fraction(9, 10)
# (player, history) -> action -> probability, from played episodes.
Policy = dict[tuple[int, tuple[str, ...]], dict[str, Fraction]]


@dataclass(frozen=True)
class MoveCredit:
    """One decision's credit: raw value (payoff units), credit in [0, 1], and regret."""

    choice: Choice
    scheme: str
    raw: Fraction
    credit: Fraction
    values: dict[str, Fraction]  # the mover's exact value of every legal action
    regret: Fraction  # best exact value minus the chosen action's, payoff units
    regret_normalised: Fraction  # the same over the node's value range, in [0, 1]


def normalise(values: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Map values to [0, 1] at one node: (v - lowest) / (highest - lowest); all 1 when equal."""
    lo, hi = min(values.values()), max(values.values())
    if hi == lo:
        return {a: Fraction(1) for a in values}
    return {a: (v - lo) / (hi - lo) for a, v in values.items()}


def _scale(x: Fraction, lo: Fraction, hi: Fraction) -> Fraction:
    return Fraction(1) if hi == lo else (x - lo) / (hi - lo)


def payoff_range(
    spec: GameSpec, player: int, history: tuple[str, ...] = ()
) -> tuple[Fraction, ...]:
    """The player's lowest and highest payoff over leaves reachable from the node (whole matrix)."""
    if spec.matrix is not None:
        pays = [spec.matrix.payoff(p)[player] for p in spec.matrix.profiles()]
    else:
        pays = [t.payoffs[player] for t in _leaves(node_at(spec.tree, history))]  # type: ignore[arg-type]
    return min(pays), max(pays)


def _leaves(node: Node) -> Iterable[Terminal]:
    if isinstance(node, Terminal):
        yield node
    elif isinstance(node, Decision):
        for _, child in node.actions:
            yield from _leaves(child)
    else:
        for _, _, child in node.outcomes:
            yield from _leaves(child)


def empirical_policy(episodes: Iterable[Episode]) -> Policy:
    """Action frequencies per (player, history) over every decision that entered the games."""
    counts: dict[tuple[int, tuple[str, ...]], Counter[str]] = {}
    for episode in episodes:
        for c in episode.choices:
            counts.setdefault((c.player, c.history), Counter())[c.action] += 1
    return {
        key: {a: Fraction(n, sum(cnt.values())) for a, n in sorted(cnt.items())}
        for key, cnt in counts.items()
    }


def action_values(
    spec: GameSpec,
    player: int,
    history: tuple[str, ...] = (),
    *,
    opponent: str = "spe",
    policy: Policy | None = None,
    opponent_action: str | None = None,
) -> dict[str, Fraction]:
    """The mover's exact value of each legal action at a node, against the chosen opponent model."""
    if opponent not in OPPONENTS:
        raise ReconDataError(
            f"unknown opponent {opponent!r}; expected one of {', '.join(OPPONENTS)}"
        )
    if opponent == "empirical" and policy is None:
        raise ReconDataError("opponent='empirical' needs a policy (see empirical_policy)")
    legal = spec.actions(player, history)
    if spec.matrix is not None:
        mix = _matrix_opponent(spec, player, opponent, policy, opponent_action)

        def pay(a: str, b: str) -> Fraction:
            return spec.payoffs((a, b) if player == 0 else (b, a))[player]

        return {a: sum((p * pay(a, b) for b, p in mix.items()), Fraction(0)) for a in legal}
    if opponent == "spe":
        return {a: v[player] for a, v in spec.spe.action_values[history].items()}
    return {a: _empirical(spec, player, (*history, a), policy or {}) for a in legal}


def _matrix_opponent(
    spec: GameSpec, player: int, opponent: str, policy: Policy | None, action: str | None
) -> dict[str, Fraction]:
    if opponent == "empirical":
        mix = (policy or {}).get((1 - player, ()))
        if not mix:
            raise ReconDataError(f"game {spec.name}: the empirical policy never saw the opponent")
        return mix
    if action is None:
        raise ReconDataError(
            f"game {spec.name} is simultaneous: the exact value needs the opponent's action"
        )
    return {action: Fraction(1)}


def _empirical(spec: GameSpec, me: int, history: tuple[str, ...], policy: Policy) -> Fraction:
    """Value to `me` when I best-respond at my nodes and the opponent plays its empirical mix."""
    node = node_at(spec.tree, history)  # type: ignore[arg-type]
    if isinstance(node, Terminal):
        return node.payoffs[me]
    if not isinstance(node, Decision):
        raise ReconDataError(f"game {spec.name}: chance nodes are not supported here")
    if node.player == me:
        return max(_empirical(spec, me, (*history, a), policy) for a, _ in node.actions)
    mix = policy.get((node.player, history))
    if not mix:
        # Never observed: the opponent follows the canonical subgame-perfect action.
        mix = {spec.spe.best_actions(history)[0]: Fraction(1)}
    return sum(
        (p * _empirical(spec, me, (*history, a), policy) for a, p in mix.items()), Fraction(0)
    )


def credit_episode(
    spec: GameSpec,
    episode: Episode,
    scheme: str = "exact",
    *,
    gamma: Fraction = DEFAULT_GAMMA,
    opponent: str = "spe",
    policy: Policy | None = None,
) -> list[MoveCredit]:
    """Credit every decision of an episode under a scheme (none for terminal schemes if forfeited)."""
    if scheme not in SCHEMES:
        raise ReconDataError(
            f"unknown credit scheme {scheme!r}; expected one of {', '.join(SCHEMES)}"
        )
    if not 0 < gamma <= 1:
        raise ReconDataError(f"gamma must be in (0, 1], got {gamma}")
    if scheme != "exact" and episode.payoffs is None:
        return []  # a forfeited episode has no final payoff to hand out
    out = []
    for k, c in enumerate(episode.choices):
        other = None
        if spec.kind == "simultaneous":
            if episode.outcome is None and opponent == "spe":
                continue  # the other seat forfeited: no action to value the move against
            other = episode.outcome[1 - c.player] if episode.outcome is not None else None
        values = action_values(
            spec, c.player, c.history, opponent=opponent, policy=policy, opponent_action=other
        )
        best, low = max(values.values()), min(values.values())
        regret = best - values[c.action]
        if scheme == "exact":
            raw, credit = values[c.action], normalise(values)[c.action]
        else:
            assert episode.payoffs is not None
            lo, hi = payoff_range(spec, c.player, c.history)
            later = 0 if spec.kind == "simultaneous" else len(episode.choices) - k - 1
            factor = gamma**later if scheme == "discounted" else Fraction(1)
            raw = factor * episode.payoffs[c.player]
            credit = factor * _scale(episode.payoffs[c.player], lo, hi)
        spread = 1 - _scale(values[c.action], low, best)
        out.append(MoveCredit(c, scheme, raw, credit, values, regret, spread))
    return out

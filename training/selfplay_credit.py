"""Credit, rewards, baselines and role balance for self-play samples (no torch).

Every learner reply gets a reward on the move reward's scale (`game_move_reward`): a reply
that fails the `</think>` gate -4, one that names no single legal action -5, a legal move
-3 + 8 c where c in [0, 1] is its credit at the node under the recipe's mode
(`recon_data.games.move_credit`: outcome, exact, rollout). Its advantage is the reward
minus the baseline of its role (SPIRAL's role-conditioned moving average, per game family
and seat, read before the batch updates it), times gamma^(decisions after it) under outcome
credit, times its role weight under `weights` balance. Advantages are never normalised per
turn index. `regret` (for the metrics) is the exact regret where a solver applies, else the
rollout regret under rollout credit.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from recon_data.games.env import Choice, Episode
from recon_data.games.move_credit import CreditedMove, exact_values, outcome_credit, valued
from recon_data.games.parsing import format_answer
from recon_data.games.roles import resample, role_weights
from recon_data.games.rollouts import prefix_of
from recon_data.training.selfplay_episodes import Generate, Played, Sync, TurnSample, run_rounds
from recon_data.verifiers.grade import REWARDS

WORST, BEST = float(REWARDS["wrong"]), float(REWARDS["correct"])
_GATE = frozenset(("format", "truncated"))


def _label(choice: Choice, action: str) -> str:
    """The answer label of an action (GTBench choices are recorded by name)."""
    return action if action.startswith("choice_") else f"choice_{choice.legal.index(action) + 1}"


def branch(item: Played, choice: Choice, action: str, seed: int, *, parser: str, think: str) -> Any:
    """A copy of `item`'s game with the rounds before `choice` replayed and `action` played."""
    env = item.game.new_env(parser=parser, max_retries=0, fallback="random", think=think)
    if item.game.spec is None:
        env.reset(seed, deal=item.env.episode.seed)  # the same cards, dice and deals
    else:
        env.reset(seed)
    for c, what in [
        *((c, c.action) for c in prefix_of(item.env.episode, choice)),
        (choice, action),
    ]:
        move = env.step(c.player, format_answer(_label(c, what), parser))
        if move.played != what:
            raise RuntimeError(f"replaying {item.game.name}: {what} did not enter the game")
    return env


def _state(item: Played, choice: Choice) -> tuple[Hashable, ...]:
    prefix = tuple(c.action for c in prefix_of(item.env.episode, choice))
    chance = None if item.game.spec is not None else item.env.episode.seed
    return (item.game.name, chance, prefix, choice.player, item.seats)


def rollout_tables(
    played: Sequence[Played],
    *,
    learner: Generate,
    frozen: Generate | None,
    rollouts: int,
    seed: int,
    parser: str,
    think: str,
    sync: Sync | None = None,
) -> dict[tuple[int, int], dict[str, Fraction]]:
    """Every sampled decision's legal actions valued by `rollouts` plays each, the episode's
    own seats continuing (the policy where it sat, the opponent it faced)."""
    states: dict[tuple[Hashable, ...], tuple[Played, Choice]] = {}
    wanted: dict[tuple[int, int], tuple[Hashable, ...]] = {}
    for i, item in enumerate(played):
        for s in item.samples:
            if s.choice is not None:
                choice = item.env.episode.choices[s.choice]
                key = _state(item, choice)
                states.setdefault(key, (item, choice))
                wanted[(i, s.choice)] = key
    plays: list[tuple[tuple[Hashable, ...], str, Played]] = []
    for key, (item, choice) in states.items():
        for action in choice.legal:
            for k in range(rollouts):
                play_seed = random.Random(
                    f"selfplay-rollout:{seed}:{key!r}:{action}:{k}"
                ).randrange(2**31)
                env = branch(item, choice, action, play_seed, parser=parser, think=think)
                plays.append((key, action, Played(item.game, env, item.seats)))
    run_rounds(
        [p for _, _, p in plays],
        learner=learner,
        frozen=frozen,
        parser=parser,
        record=False,
        sync=sync,
    )
    totals: dict[tuple[Hashable, ...], dict[str, Fraction]] = {}
    for key, action, p in plays:
        player = states[key][1].player
        slot = totals.setdefault(key, {})
        slot[action] = slot.get(action, Fraction(0)) + p.env.payoffs[player]
    return {
        where: {a: v / rollouts for a, v in totals[key].items()} for where, key in wanted.items()
    }


def _outcome(item: Played, choice: Choice) -> CreditedMove:
    episode: Episode = item.env.episode
    if item.game.spec is not None:
        return outcome_credit(item.game.spec, episode, choice)
    lo, hi = item.game.payoff_range(item.env, choice.player, choice.history)
    if episode.payoffs is None:
        return CreditedMove(choice, "outcome", None, hi, None, None)
    q = episode.payoffs[choice.player]
    return CreditedMove(
        choice, "outcome", q, hi, Fraction(1) if hi == lo else (q - lo) / (hi - lo), None
    )


def score_samples(
    played: Sequence[Played],
    mode: str,
    tables: dict[tuple[int, int], dict[str, Fraction]] | None = None,
) -> None:
    """Fill every sample's reward, credit and regret (see the module doc)."""
    for i, item in enumerate(played):
        episode = item.env.episode
        for s in item.samples:
            if s.choice is None:
                s.reward = float(
                    REWARDS["format_error"] if s.move.status in _GATE else REWARDS["unparsed"]
                )
                continue
            choice = episode.choices[s.choice]
            exact = (
                valued(choice, "exact", exact_values(item.game.spec, episode, choice))
                if item.game.spec
                else None
            )
            if mode == "exact":
                credited = exact
            elif mode == "outcome":
                credited = _outcome(item, choice)
            else:
                credited = valued(choice, "rollout", (tables or {})[(i, s.choice)])
            assert credited is not None  # exact credit is refused for unsolvable games
            if credited.credit is not None:
                s.credit = float(credited.credit)
                s.reward = WORST + (BEST - WORST) * s.credit
            measured = exact if exact is not None and exact.regret is not None else credited
            s.regret = None if measured.regret is None else float(measured.regret)


def key_of(s: TurnSample) -> tuple[str, str]:
    """The baseline and metrics key of a sample: its game family and seat."""
    return (s.game.family, s.role)


@dataclass
class BatchBaseline:
    """SPIRAL's role-conditioned baseline, one moving average per key, updated once a batch."""

    decay: float = 0.95
    values: dict[Hashable, float] = field(default_factory=dict)

    def read(self, key: Hashable) -> float:
        """The key's average so far (0 before its first batch)."""
        return self.values.get(key, 0.0)

    def update(self, items: Sequence[tuple[Hashable, float]]) -> None:
        """Fold each key's batch mean in, after the batch's advantages were read."""
        groups: dict[Hashable, list[float]] = {}
        for key, value in items:
            groups.setdefault(key, []).append(value)
        for key, values in groups.items():
            mean = sum(values) / len(values)
            self.values[key] = self.decay * self.read(key) + (1 - self.decay) * mean


def advantages(
    samples: Sequence[TurnSample],
    played: Sequence[Played],
    *,
    baseline: BatchBaseline | None,
    gamma: float,
    mode: str,
) -> None:
    """Reward minus the key's baseline (read before the batch updates it), discounted under outcome."""
    for s in samples:
        if s.reward is None:
            s.advantage = 0.0
            continue
        s.advantage = s.reward - (baseline.read(key_of(s)) if baseline is not None else 0.0)
        if mode == "outcome" and gamma != 1.0:
            s.advantage *= gamma ** s.later(len(played[s.episode].env.episode.choices))


def select(pool: Sequence[TurnSample], size: int, *, balance: str, seed: int) -> list[TurnSample]:
    """Exactly `size` samples: uniformly (`none`, `weights`: then weighted) or by role-balanced
    resampling (`resample`). A pool smaller than `size` is topped up by drawing again."""
    rng = random.Random(f"selfplay-select:{seed}")
    roles = [s.role for s in pool]
    good = [s.advantage > 0 for s in pool]
    if balance == "resample":
        weights = role_weights(roles, good)
        return resample(list(pool), weights, groups=roles, size=size, seed=seed)
    chosen = (
        rng.sample(list(pool), size)
        if len(pool) >= size
        else [*pool, *rng.choices(list(pool), k=size - len(pool))]
    )
    if balance == "weights":
        for s, w in zip(
            chosen,
            role_weights([s.role for s in chosen], [s.advantage > 0 for s in chosen]),
            strict=True,
        ):
            s.weight = float(w)
    return chosen


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def batch_metrics(
    chosen: Sequence[TurnSample], *, episodes: int, pool: int, baseline: BatchBaseline | None
) -> dict[str, float]:
    """Per game family and seat (and `all` games per seat): turns trained, mean reward,
    format-failure rate, mean regret, credit and advantage; role weights; baselines."""
    groups: dict[tuple[str, str], list[TurnSample]] = {}
    for s in chosen:
        for key in (key_of(s), ("all", s.role)):
            groups.setdefault(key, []).append(s)
    out: dict[str, float] = {"selfplay/episodes": float(episodes), "selfplay/pool": float(pool)}
    for (family, role), items in sorted(groups.items()):
        stem = f"selfplay/{family}/{role}"
        values = {
            "turns": float(len(items)),
            "reward": _mean([s.reward for s in items if s.reward is not None]),
            "format_failure_rate": _mean([float(s.failed) for s in items]),
            "regret": _mean([s.regret for s in items if s.regret is not None]),
            "credit": _mean([s.credit for s in items if s.credit is not None]),
            "advantage": _mean([s.advantage * s.weight for s in items]),
        }
        if family == "all":
            values["weight"] = _mean([s.weight for s in items])
        out.update({f"{stem}/{name}": v for name, v in values.items() if v is not None})
    if baseline is not None:
        for (family, role), value in sorted(baseline.values.items()):  # type: ignore[misc]
            out[f"selfplay/baseline/{family}/{role}"] = value
    return out

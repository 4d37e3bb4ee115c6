"""Rollout values: what an action is worth when the game is played on from it, k times.

MARO's third mechanism ("evaluate the utility of each behaviour directly") where no solver
applies; our own formulation. For a decision of a played episode, every legal action is
tried in a copy of the game: the episode's earlier rounds are replayed (`branch_env`), the
mover plays the action, and the rest of the game is played by a continuation policy (a
`Complete` function: a scripted policy, the action frequencies of saved episodes, or a
model), `k` times; the action's value is the mover's mean payoff over those plays.

In a tree the earlier decisions are the ones before this one; in a matrix or repeated game
the rounds before this one, so the opponent's choice in the same round comes from the
continuation policy too (the value is against the policy, not against what it happened to
play). Continuation replies that do not read as a legal action are not retried: a uniformly
random legal action stands in (`fallback="random"`), so every play reaches an outcome.
Every play has its own seed, derived from the state, the action and the play's number:
the same state always gets the same values.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from recon_data.errors import ReconDataError
from recon_data.games.env import Choice, Episode, GameEnv
from recon_data.games.envs import make_env
from recon_data.games.parsing import format_answer
from recon_data.games.play import Complete, Request, scripted
from recon_data.games.spec import GameSpec

POLICIES = ("empirical", "random", "first", "spe", "tit-for-tat")


def prefix_of(episode: Episode, choice: Choice) -> list[Choice]:
    """The decisions that entered the game before `choice`'s round (its node in a tree)."""
    return [c for c in episode.choices if len(c.history) < len(choice.history)]


def branch_env(
    spec: GameSpec,
    seed: int,
    prefix: Sequence[Choice],
    player: int,
    action: str,
    *,
    parser: str = "auto",
    think: str = "required",
) -> GameEnv:
    """A fresh copy of the game (episode seed `seed`) with `prefix` replayed and `player`
    having played `action`."""
    env = make_env(spec, parser=parser, max_retries=0, fallback="random", think=think)
    env.reset(seed)
    for who, what in [*((c.player, c.action) for c in prefix), (player, action)]:
        if who not in env.to_move():
            raise ReconDataError(f"game {spec.name}: cannot replay {what} by player {who} here")
        move = env.step(who, format_answer(what, parser))
        if move.played != what:
            raise ReconDataError(f"game {spec.name}: {what} is not legal for player {who}")
    return env


def request_for(index: int, env: GameEnv, player: int, *, messages: bool = True) -> Request:
    """The request for `player`'s reply in environment `index` (what a `Complete` answers);
    without `messages` the prompt is left empty (a scripted policy never reads it)."""
    legal = env.legal_actions(player)
    attempt = len(env.tries.get(player, []))
    prompt = env.prompt(player) if messages else []
    return Request(index, env.spec, env.episode.seed, player, env.history, legal, attempt, prompt)


def play_out(envs: Sequence[GameEnv], complete: Complete, *, messages: bool = True) -> None:
    """Play every environment to its end, all pending replies of a round in one `complete` call."""
    while True:
        requests = [
            request_for(i, env, p, messages=messages)
            for i, env in enumerate(envs)
            for p in env.to_move()
        ]
        if not requests:
            return
        replies = complete(requests)
        if len(replies) != len(requests):
            raise ReconDataError(
                f"the policy returned {len(replies)} replies for {len(requests)} requests"
            )
        for request, text in zip(requests, replies, strict=True):
            env = envs[request.index]
            if request.player in env.to_move():
                env.step(request.player, text)


@dataclass(frozen=True)
class Branch:
    """One decision to value by rollouts: the game, the replayed prefix, who moves."""

    spec: GameSpec
    prefix: tuple[Choice, ...]
    player: int
    legal: tuple[str, ...]

    @property
    def key(self) -> tuple[object, ...]:
        """The state: the game, the actions so far, the mover (these games have no chance
        moves, so the same actions always lead to the same state)."""
        return (self.spec.name, tuple(c.action for c in self.prefix), self.player)


def branch_for(spec: GameSpec, episode: Episode, choice: Choice) -> Branch:
    """The branch point of one decision of a played episode."""
    return Branch(spec, tuple(prefix_of(episode, choice)), choice.player, choice.legal)


def _play_seed(seed: int, key: tuple[object, ...], action: str, k: int) -> int:
    return random.Random(f"rollout:{seed}:{key!r}:{action}:{k}").randrange(2**31)


def rollout_values(
    branches: Sequence[Branch],
    complete: Complete,
    *,
    rollouts: int = 8,
    seed: int = 0,
    parser: str = "auto",
    think: str = "required",
    messages: bool = True,
) -> list[dict[str, Fraction]]:
    """Each branch's legal actions valued by the mover's mean payoff over `rollouts` plays
    (`messages=False`: the policy is scripted and needs no prompts)."""
    if rollouts < 1:
        raise ReconDataError(f"rollouts must be at least 1, got {rollouts}")
    unique: dict[tuple[object, ...], Branch] = {}
    for b in branches:
        unique.setdefault(b.key, b)
    plays: list[tuple[tuple[object, ...], str, GameEnv]] = []
    for key, b in unique.items():
        for action in b.legal:
            for k in range(rollouts):
                # Each play has its own seed: the random fallback and a scripted `random`
                # policy (which keys its stream by the episode seed) draw afresh in each.
                play = _play_seed(seed, key, action, k)
                env = branch_env(
                    b.spec, play, b.prefix, b.player, action, parser=parser, think=think
                )
                plays.append((key, action, env))
    play_out([env for _, _, env in plays], complete, messages=messages)
    totals: dict[tuple[object, ...], dict[str, Fraction]] = {}
    for key, action, env in plays:
        payoffs = env.payoffs
        if payoffs is None:  # cannot happen with the random fallback; kept as a guard
            raise ReconDataError(f"a rollout of {key[0]} ended without an outcome")
        slot = totals.setdefault(key, {})
        slot[action] = slot.get(action, Fraction(0)) + payoffs[unique[key].player]
    return [{a: totals[b.key][a] / rollouts for a in b.legal} for b in branches]


def empirical_complete(episodes: Iterable[Episode], parser: str = "auto") -> Complete:
    """A policy that plays the action frequencies seen in `episodes` at each (game, seat, history);
    uniformly at random where a state was never seen."""
    counts: dict[tuple[str, int, tuple[str, ...]], Counter[str]] = {}
    for e in episodes:
        for c in e.choices:
            counts.setdefault((e.game, c.player, c.history), Counter())[c.action] += 1

    def choose(r: Request) -> str:
        rng = random.Random(
            f"empirical:{r.spec.name}:{r.seed}:{r.player}:{r.history!r}:{r.attempt}"
        )
        seen = counts.get((r.spec.name, r.player, r.history))
        if not seen:
            return rng.choice(r.legal)
        actions = sorted(seen)
        return rng.choices(actions, weights=[seen[a] for a in actions])[0]

    return lambda requests: [format_answer(choose(r), parser) for r in requests]


def continuation_policy(name: str, episodes: Sequence[Episode], parser: str = "auto") -> Complete:
    """The continuation policy a name stands for: `empirical` (from `episodes`) or a scripted one."""
    if name == "empirical":
        return empirical_complete(episodes, parser)
    if name not in POLICIES:
        raise ReconDataError(
            f"unknown rollout policy {name!r}; expected one of {', '.join(POLICIES)}"
        )
    return scripted(name, parser)

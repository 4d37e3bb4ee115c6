"""Self-play batched across trials: every pending reply of every episode goes out in one call.

A `Complete` function turns a list of `Request`s into one reply text each; scripted
policies and model backends both take this shape, so one loop drives them all. A round
asks every player who must reply now (both seats of simultaneous games, the mover in trees,
retries included), so a model backend sees one large batch per round.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from recon_data.errors import ReconDataError
from recon_data.games.env import Episode, Messages
from recon_data.games.envs import make_env
from recon_data.games.parsing import format_answer
from recon_data.games.replay import PREFIX, replay_policy
from recon_data.games.spec import GameSpec
from recon_data.progress import Progress, silent

POLICIES = ("random", "first", "spe", "tit-for-tat", "replay:FILE")


@dataclass(frozen=True)
class Request:
    """One reply wanted: which episode and player, the state, and the messages to answer."""

    index: int
    spec: GameSpec
    seed: int
    player: int
    history: tuple[str, ...]
    legal: tuple[str, ...]
    attempt: int
    messages: Messages


Complete = Callable[[list[Request]], list[str]]


def play_trials(
    specs: Sequence[GameSpec],
    trials: int,
    complete: Complete,
    *,
    seed: int = 0,
    parser: str = "auto",
    max_retries: int = 2,
    fallback: str = "forfeit",
    think: str = "required",
    done: Mapping[tuple[str, int], Episode] | None = None,
    on_episode: Callable[[Episode], None] | None = None,
    progress: Progress = silent,
) -> list[Episode]:
    """Play `trials` episodes of every game (episode seeds seed, seed+1, ...); return them in order.

    Episodes in `done` (by game and seed: a resumed run's) are not played again but take their
    place in the result; `on_episode` hears of each episode as it finishes, and `progress`
    of each one (see `recon_data.progress`).

    Replies are read under the `</think>` mode `think` (`required` for a reasoning model:
    a reply without `</think>` was cut off; `optional` for a model that does not reason in
    tags). Scripted replies read the same under both.
    """
    if trials < 1:
        raise ReconDataError(f"--trials must be at least 1, got {trials}")
    done = done or {}
    order = [(spec.name, seed + trial) for spec in specs for trial in range(trials)]
    advance = progress("episodes", len(order))
    advance(sum(k in done for k in order))
    envs = []
    for spec in specs:
        for trial in range(trials):
            if (spec.name, seed + trial) in done:
                continue
            env = make_env(
                spec, parser=parser, max_retries=max_retries, fallback=fallback, think=think
            )
            env.reset(seed + trial)
            envs.append(env)
    finished: set[int] = set()

    def report_finished() -> None:
        # An episode is over when no seat is to move: hand it on once.
        for i, env in enumerate(envs):
            if i not in finished and not env.to_move():
                finished.add(i)
                if on_episode is not None:
                    on_episode(env.episode)
                advance(1)

    while True:
        report_finished()
        requests = [
            Request(
                i,
                env.spec,
                env.episode.seed,
                p,
                env.history,
                env.legal_actions(p),
                len(env.tries.get(p, [])),
                env.prompt(p),
            )
            for i, env in enumerate(envs)
            for p in env.to_move()
        ]
        if not requests:
            played = {(env.episode.game, env.episode.seed): env.episode for env in envs}
            return [done[k] if k in done else played[k] for k in order]
        replies = complete(requests)
        if len(replies) != len(requests):
            raise ReconDataError(
                f"the policy returned {len(replies)} replies for {len(requests)} requests"
            )
        for request, text in zip(requests, replies, strict=True):
            env = envs[request.index]
            # A forfeit by one seat ends the episode before the other seat's reply is read.
            if request.player in env.to_move():
                env.step(request.player, text)


def scripted(name: str, parser: str = "auto") -> Complete:
    """A scripted policy as a `Complete` function; its replies are well-formed for `parser`.

    `replay:FILE` plays the replies saved in a `games eval --out` file instead
    (`recon_data.games.replay`).
    """
    if name.startswith(PREFIX):
        return replay_policy(name[len(PREFIX) :])
    choose = CHOOSERS.get(name)
    if choose is None:
        raise ReconDataError(f"unknown policy {name!r}; expected one of {', '.join(POLICIES)}")
    return lambda requests: [format_answer(choose(r), parser) for r in requests]


def _random(r: Request) -> str:
    """Uniform over the legal actions, from a stream fixed by the episode, seat and decision."""
    rng = random.Random(f"random:{r.spec.name}:{r.seed}:{r.player}:{len(r.history)}:{r.attempt}")
    return rng.choice(r.legal)


def _first(r: Request) -> str:
    return r.legal[0]


def _spe(r: Request) -> str:
    """Trees: the canonical subgame-perfect action. Matrix games: the first pure NE, both seats."""
    if r.spec.kind == "sequential":
        return r.spec.spe.best_actions(r.history)[0]
    if not r.spec.pure_nash:
        return r.legal[0]  # no pure equilibrium: nothing to coordinate on, so the first action
    return r.legal[r.spec.pure_nash[0][r.player]]


def _tit_for_tat(r: Request) -> str:
    """Open with choice_1 (cooperate); afterwards copy the opponent's last move when legal
    (the last round's, in a repeated game)."""
    if r.spec.kind == "sequential":
        theirs = [a for k, a in enumerate(r.history) if r.spec.mover(r.history[:k]) != r.player]
        if theirs and theirs[-1] in r.legal:
            return theirs[-1]
    elif r.spec.kind == "repeated" and r.history:
        # The history holds whole rounds, Alice's choice then Bob's.
        last = r.history[-2 + (1 - r.player)]
        if last in r.legal:
            return last
    return r.legal[0]


# Each scripted policy's choice at one request (`random` draws from a fixed stream).
CHOOSERS: dict[str, Callable[[Request], str]] = {
    "random": _random,
    "first": _first,
    "spe": _spe,
    "tit-for-tat": _tit_for_tat,
}

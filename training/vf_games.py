"""The self-play episodes as a Prime Intellect `verifiers.v1` multi-agent environment.

    from recon_data.training.vf_games import classes
    built = classes()   # GameTaskset, GameTask, GamesEnvConfig, GamesEnv (verifiers.v1 types)

`GameTaskset` yields one task per (game, seed) of the self-play sources
(`training.selfplay_games`: `trees:N`, `matrices:N`, `repeated:N`, names). `GamesEnv` has
two roles, `alice` and `bob` (both the policy in self-play; pin another model to either with
`--env.bob.model`, and `trainable` says which seats train). Its `run()` is the control flow:
the game environment (`recon_data.games`) asks the seat to move, the seat answers in an
interaction of its own (one trace per decision, so every move is a training sample; a
retry's feedback is a user turn inside it), the reply is read by the one reading rule. Its
`finalize()` credits every trace (`move_credit`: outcome, exact or rollout under a scripted
policy) on the move reward's scale (-3 + 8 x credit; -4 / -5 for format and reading
failures) as the reward `move`, with `credit` and `regret` as metrics.

The classes are built on first use, so importing this module needs no `verifiers`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.env import Episode
from recon_data.games.move_credit import credit_episodes
from recon_data.games.rollouts import continuation_policy
from recon_data.training.selfplay_games import TrainingGame, resolve_games
from recon_data.training.vf_taskset import reply_text
from recon_data.verifiers.grade import REWARDS

SEATS = ("alice", "bob")
_GATE = frozenset(("format", "truncated"))


@dataclass
class PlayedGame:
    """One played game and, per decision trace, what it was: seat, reply status, choice index."""

    game: TrainingGame
    episode: Episode
    traces: list[tuple[Any, int, str, int | None]] = field(default_factory=list)


async def play_game(
    game: TrainingGame,
    seed: int,
    seats: tuple[Any, Any],
    decision_task: Any,
    *,
    parser: str = "auto",
    think: str = "required",
    max_retries: int = 1,
    fallback: str = "random",
) -> PlayedGame:
    """Play one episode with two agents: one interaction (one trace) per decision."""
    env = game.new_env(parser=parser, max_retries=max_retries, fallback=fallback, think=think)
    env.reset(seed)
    played = PlayedGame(game, env.episode)
    while not env.done:
        for player in env.to_move():
            if player not in env.to_move():
                continue  # the episode ended (a forfeit) before this seat moved
            before = len(env.episode.choices)
            async with seats[player].interaction(decision_task) as conversation:
                await conversation.turn(env.prompt(player)[0]["content"])
                move = env.step(player, reply_text(conversation.trace))
                while move.resolution == "retry":
                    await conversation.turn(move.feedback or "")
                    move = env.step(player, reply_text(conversation.trace))
            choice = before if move.resolution == "played" else None
            played.traces.append((conversation.trace, player, move.status, choice))
    return played


def credit_traces(
    played: PlayedGame, credit: str, *, policy: str = "random", rollouts: int = 4
) -> None:
    """Record each decision trace's reward `move` (and `credit`, `regret` metrics)."""
    spec = played.game.spec
    if spec is None and credit == "exact":
        raise ReconDataError(f"exact credit needs a solvable game; {played.game.name} has none")
    table = []
    if spec is not None:
        complete = continuation_policy(policy, [played.episode]) if credit == "rollout" else None
        (table,) = credit_episodes(
            [(spec, played.episode)], credit, policy=complete, rollouts=rollouts, messages=False
        )
    for trace, _, status, choice in played.traces:
        if choice is None:
            reward = REWARDS["format_error"] if status in _GATE else REWARDS["unparsed"]
            trace.record_reward("move", float(reward))
            continue
        credited = table[choice] if table else None
        if credited is None or credited.credit is None:
            continue  # no credit (a forfeited episode under outcome credit): no reward
        value = REWARDS["wrong"] + (REWARDS["correct"] - REWARDS["wrong"]) * credited.credit
        trace.record_reward("move", float(value))
        trace.record_metric("credit", float(credited.credit))
        if credited.regret is not None:
            trace.record_metric("regret", float(credited.regret))


def _tasks(games: list[str], episodes: int, held_out: bool) -> list[tuple[str, int]]:
    if episodes < 1:
        raise ReconDataError(f"episodes must be at least 1, got {episodes}")
    return [
        (g.name, seed) for g in resolve_games(games, held_out=held_out) for seed in range(episodes)
    ]


@cache
def classes() -> dict[str, type]:
    """Build (once) the verifiers.v1 task, taskset, env config and env classes."""
    try:
        import verifiers.v1 as vf
        from pydantic import Field
    except ImportError:
        raise ReconDataError(
            "the verifiers environment needs the `verifiers` package (pip install verifiers)"
        ) from None

    class GameTaskData(vf.TaskData):
        """One episode to play: the game and its seed."""

        game: str
        seed: int = 0

    class GameTask(vf.Task[GameTaskData]):
        """An episode of a two-player game; credit is given by the env's finalize()."""

        @property
        def key(self) -> str:
            """The game and seed: durable across runs."""
            return f"{self.data.game}:{self.data.seed}"

    class GameTasksetConfig(vf.TasksetConfig):
        """Which games (self-play sources) and how many episodes (seeds) of each."""

        games: list[str] = Field(default_factory=lambda: ["trees:8"])
        episodes: int = 1
        held_out: bool = False

    class GameTaskset(vf.Taskset[GameTask, GameTasksetConfig]):
        """One task per (game, seed)."""

        def load(self) -> list[GameTask]:
            """The episodes, game by game."""
            c = self.config
            return [
                GameTask(GameTaskData(game=g, seed=s, name=f"{g}:{s}"), c.task)
                for g, s in _tasks(list(c.games), c.episodes, c.held_out)
            ]

    class GamesEnvConfig(vf.EnvConfig):
        """Two seats and how moves are read and credited."""

        alice: vf.AgentConfig = vf.AgentConfig()
        bob: vf.AgentConfig = vf.AgentConfig()
        credit: str = "exact"
        rollout_policy: str = "random"
        rollouts: int = 4
        parser: str = "auto"
        think: str = "required"
        max_retries: int = 1
        fallback: str = "random"
        trainable: list[str] = Field(default_factory=lambda: list(SEATS))
        held_out: bool = False

    class GamesEnv(vf.Env[GamesEnvConfig]):
        """Self-play of a two-player game; every decision a trace with its move credit."""

        async def setup(self, agents: Any) -> None:
            """Only the seats named in `trainable` train."""
            for name in SEATS:
                getattr(agents, name).trainable = name in self.config.trainable

        async def run(self, task: Any, agents: Any) -> None:
            """Play the task's episode; keep what each trace was for finalize()."""
            (game,) = resolve_games([task.data.game], held_out=True)
            decision = type(task)(task.data.model_copy(update={"prompt": None}), task.config)
            c = self.config
            played = await play_game(
                game, task.data.seed, (agents.alice, agents.bob), decision, parser=c.parser,
                think=c.think, max_retries=c.max_retries, fallback=c.fallback,
            )  # fmt: skip
            key = uuid.uuid4().hex
            self.__dict__.setdefault("_played", {})[key] = played
            for trace, player, status, choice in played.traces:
                trace.info["selfplay"] = {
                    "episode": key,
                    "player": player,
                    "status": status,
                    "choice": choice,
                }

        async def finalize(self, task: Any, episode: Any) -> None:
            """Credit every decision trace of the episode."""
            keys = {t.info.get("selfplay", {}).get("episode") for t in episode.traces}
            for key in keys - {None}:
                played = self.__dict__.get("_played", {}).pop(key, None)
                if played is not None:
                    c = self.config
                    credit_traces(played, c.credit, policy=c.rollout_policy, rollouts=c.rollouts)

    return {
        "GameTaskData": GameTaskData,
        "GameTask": GameTask,
        "GameTasksetConfig": GameTasksetConfig,
        "GameTaskset": GameTaskset,
        "GamesEnvConfig": GamesEnvConfig,
        "GamesEnv": GamesEnv,
    }

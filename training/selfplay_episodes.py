"""Episodes of the policy's own play: every seat's every reply, ready to be a training sample.

Each episode seats the policy (`learner`) in one or both seats; the other seat, if any, is a
frozen snapshot of the policy (`frozen`) or a scripted policy (`random`, `first`, `spe`,
`tit-for-tat`). A round asks every seat that must reply in every live episode: the
learner's replies go to the generator in one batch, the snapshot's in another, scripted
replies are written at once. Replies are read by the environments (`recon_data.games`: the
one reading rule, retries with feedback, the fallback), and every learner reply becomes a
`TurnSample`: the messages that seat saw (its view, plus earlier failed tries and their
feedback), the generated token ids, and the move the environment recorded.

The generator is a function (`Generate`), so this module needs no torch; training passes
one backed by TRL (vLLM or transformers), tests pass fixed replies. Under several processes
`sync` keeps the generator calls in step: a process with nothing left to ask still calls
the generator (with one placeholder prompt, its reply dropped) while another process does,
since vLLM's server mode and ZeRO-3 generation gather across processes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from recon_data.games.env import Messages, Move
from recon_data.games.parsing import format_answer
from recon_data.games.play import CHOOSERS, Request
from recon_data.training.selfplay_games import TrainingGame

LEARNER, FROZEN = "learner", "frozen"
PLACEHOLDER: Messages = [{"role": "user", "content": "."}]


@dataclass(frozen=True)
class Generated:
    """One generated reply: the prompt and reply token ids, the text, the sampling logprobs."""

    prompt_ids: list[int]
    completion_ids: list[int]
    text: str
    logprobs: list[float] | None = None


Generate = Callable[[list[Messages]], list[Generated]]
# (this process has learner requests, this process has any request) -> the same, any process
Sync = Callable[[bool, bool], tuple[bool, bool]]


@dataclass
class TurnSample:
    """One learner reply: where it was made, what was generated, how the environment read it."""

    episode: int
    game: TrainingGame
    player: int
    generated: Generated
    move: Move
    messages: Messages
    before: int = 0  # decisions that had entered the game before this reply
    choice: int | None = None  # index in episode.choices of the action this reply entered
    # Filled by the credit step:
    reward: float | None = None
    credit: float | None = None
    regret: float | None = None
    advantage: float = 0.0
    weight: float = 1.0

    @property
    def role(self) -> str:
        """The seat's name (Alice, Bob, or a GTBench seat)."""
        return self.move.role

    def later(self, total: int) -> int:
        """Decisions that entered the game after this reply, of `total` in the episode."""
        return total - self.before - (self.choice is not None)

    @property
    def failed(self) -> bool:
        """True when the reply did not read as a legal action."""
        return self.move.status != "ok"


@dataclass
class Played:
    """One environment played to its end, its seats, and the learner's samples in it."""

    game: TrainingGame
    env: Any
    seats: tuple[str, ...]
    samples: list[TurnSample] = field(default_factory=list)


def _scripted(game: TrainingGame, env: Any, player: int, seat: str, parser: str) -> str:
    """A scripted seat's reply (GTBench games: a uniform legal move, whatever the name)."""
    if game.spec is None:
        import random

        legal = env.labels(player)
        rng = random.Random(f"{seat}:{game.name}:{env.episode.seed}:{len(env.episode.choices)}")
        return format_answer(rng.choice(legal), parser)
    request = Request(
        0, game.spec, env.episode.seed, player, env.history, env.legal_actions(player),
        len(env.tries.get(player, [])), [],
    )  # fmt: skip
    return format_answer(CHOOSERS[seat](request), parser)


def run_rounds(
    played: Sequence[Played],
    *,
    learner: Generate,
    frozen: Generate | None = None,
    parser: str = "auto",
    record: bool = True,
    sync: Sync | None = None,
) -> None:
    """Play every environment to its end; with `record`, keep each learner reply as a sample."""
    while True:
        pending = [(i, p) for i, item in enumerate(played) for p in item.env.to_move()]
        mine = [(i, p) for i, p in pending if played[i].seats[p] == LEARNER]
        any_learner, any_pending = (bool(mine), bool(pending))
        if sync is not None:
            any_learner, any_pending = sync(any_learner, any_pending)
        if not any_pending:
            return
        replies: dict[tuple[int, int], tuple[str, Generated | None, Messages]] = {}
        if any_learner:
            asked = [played[i].env.prompt(p) for i, p in mine]
            outputs = learner(asked or [PLACEHOLDER])
            for key, messages, out in zip(mine, asked, outputs, strict=False):
                replies[key] = (out.text, out, messages)
        theirs = [(i, p) for i, p in pending if played[i].seats[p] == FROZEN]
        if theirs:
            if frozen is None:
                raise RuntimeError("a frozen seat needs a frozen generator")
            asked = [played[i].env.prompt(p) for i, p in theirs]
            for key, out in zip(theirs, frozen(asked), strict=True):
                replies[key] = (out.text, None, [])
        for i, p in pending:
            item = played[i]
            if (i, p) not in replies:
                replies[(i, p)] = (
                    _scripted(item.game, item.env, p, item.seats[p], parser),
                    None,
                    [],
                )
        for i, p in pending:
            item = played[i]
            if p not in item.env.to_move():
                continue  # the episode ended (a forfeit) before this seat's reply was read
            text, generated, messages = replies[(i, p)]
            before = len(item.env.episode.choices)
            move = item.env.step(p, text)
            if record and generated is not None:
                choice = before if move.resolution == "played" else None
                item.samples.append(
                    TurnSample(i, item.game, p, generated, move, messages, before, choice)
                )


@dataclass(frozen=True)
class Plan:
    """One episode to play: the game, its seed, who sits in each seat."""

    game: TrainingGame
    seed: int
    seats: tuple[str, ...]


def play_episodes(
    plans: Sequence[Plan],
    *,
    learner: Generate,
    frozen: Generate | None = None,
    parser: str = "auto",
    think: str = "required",
    max_retries: int = 1,
    fallback: str = "random",
    sync: Sync | None = None,
) -> list[Played]:
    """Play every planned episode to its end, all of them a round at a time."""
    played = []
    for plan in plans:
        env = plan.game.new_env(
            parser=parser, max_retries=max_retries, fallback=fallback, think=think
        )
        env.reset(plan.seed)
        played.append(Played(plan.game, env, plan.seats))
    run_rounds(played, learner=learner, frozen=frozen, parser=parser, sync=sync)
    return played

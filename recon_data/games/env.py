"""The environment protocol: one interface for simultaneous and sequential two-player games.

`reset(seed)`, then while not `done`: `to_move()` (both seats at once in a simultaneous
game), `legal_actions(p)`, `prompt(p)` (chat messages, including any earlier failed replies
and their feedback), `step(p, raw_text)`. Replies are read by `parsing.read_move` (the same
rule as the move reward), under a `</think>` mode per seat. A reply that does not read as a
legal action is answered with feedback and retried up to `max_retries` times; then the
stated fallback applies: `forfeit` ends the episode without an outcome, `random` plays a
uniformly random legal action (recorded as such). Every reply is kept in `episode.moves`.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.parsing import (
    MoveReading,
    check_parser,
    check_think,
    feedback,
    read_move,
    visible_answer,
)
from recon_data.games.prompts import sequential_prompt, simultaneous_prompt
from recon_data.games.spec import GameSpec

FALLBACKS = ("forfeit", "random")
Messages = list[dict[str, str]]


def check_retry_policy(max_retries: int, fallback: str) -> None:
    """Raise a user error for a negative retry count or an unknown fallback."""
    if fallback not in FALLBACKS:
        raise ReconDataError(
            f"unknown fallback {fallback!r}; expected one of {', '.join(FALLBACKS)}"
        )
    if max_retries < 0:
        raise ReconDataError(f"max_retries must be 0 or more, got {max_retries}")


@dataclass(frozen=True)
class Move:
    """One reply of one player: what it saw, what it wrote, what was read, what happened."""

    turn: int  # decision number in the episode; both seats of a simultaneous game share turn 0
    player: int
    role: str
    history: tuple[str, ...]  # actions played before this decision (trees); () if simultaneous
    attempt: int  # 0 for the first reply to this decision, then 1, 2, ... for retries
    prompt: Messages
    completion: str
    action: str | None  # the legal action parsed from the reply, if any
    status: str  # read_move's: ok | format | truncated | missing | hedged | negated | illegal
    resolution: str  # played | retry | fallback_random | forfeit
    played: str | None  # the action that entered the game (the fallback's when it applied)
    feedback: str | None = None


@dataclass(frozen=True)
class Choice:
    """One decision as it entered the game: who, where, which action, and whether a reply chose it."""

    turn: int
    player: int
    role: str
    history: tuple[str, ...]
    legal: tuple[str, ...]
    action: str
    by_fallback: bool


@dataclass
class Episode:
    """The typed record of one play: every reply, every decision, the outcome and payoffs."""

    game: str
    kind: str
    seed: int
    parser: str
    max_retries: int
    fallback: str
    moves: list[Move] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    outcome: tuple[str, ...] | None = None  # the profile (simultaneous) or the path (tree)
    payoffs: tuple[Fraction, ...] | None = None
    forfeited_by: int | None = None
    think: tuple[str, ...] = ("required", "required")  # the `</think>` mode of each seat

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (payoffs as strings, exact)."""
        out = asdict(self)
        out["payoffs"] = None if self.payoffs is None else [str(x) for x in self.payoffs]
        return out


Tries = list[tuple[str, str]]


def seat_modes(think: str | tuple[str, ...] | list[str], seats: int = 2) -> tuple[str, ...]:
    """The `</think>` mode of every seat: one mode for all, or one per seat (checked)."""
    modes = (think,) * seats if isinstance(think, str) else tuple(think)
    if len(modes) != seats:
        raise ReconDataError(f"expected {seats} think modes, one per seat, got {len(modes)}")
    return tuple(check_think(m) for m in modes)


def retry_messages(text: str, tries: Tries, think: str = "required") -> Messages:
    """The prompt `text`, then each failed reply of this decision and the feedback it got."""
    messages = [{"role": "user", "content": text}]
    for reply, note in tries:
        answer = visible_answer(reply, think)
        # Only the answer part goes back: chat templates of reasoning models drop the rest.
        shown = "(no answer)" if answer is None else answer.strip()[-500:] or "(empty)"
        messages += [{"role": "assistant", "content": shown}, {"role": "user", "content": note}]
    return messages


@dataclass(frozen=True)
class Reply:
    """How one reply to a decision resolves: played, retried with feedback, or a fallback."""

    parsed: MoveReading
    attempt: int
    resolution: str  # played | retry | fallback_random | forfeit
    action: str | None  # the legal label that enters the game (the fallback's, if it applied)
    note: str | None


def resolve_reply(
    text: str,
    legal: tuple[str, ...],
    tries: Tries,
    *,
    parser: str,
    max_retries: int,
    fallback: str,
    rng: random.Random,
    think: str = "required",
) -> Reply:
    """Read a reply against the legal labels; a miss is retried (recorded in `tries`) or falls back."""
    parsed = read_move(text, legal, parser, think)
    attempt, note = len(tries), None
    if parsed.action is not None:
        resolution, action = "played", parsed.action
    elif attempt < max_retries:
        note = feedback(parsed, legal, parser)
        tries.append((text, note))
        resolution, action = "retry", None
    elif fallback == "random":
        resolution, action = "fallback_random", legal[rng.randrange(len(legal))]
    else:
        resolution, action = "forfeit", None
    return Reply(parsed, attempt, resolution, action, note)


class GameEnv:
    """A game being played: the environment protocol over a `GameSpec`."""

    def __init__(
        self,
        spec: GameSpec,
        *,
        parser: str = "auto",
        max_retries: int = 2,
        fallback: str = "forfeit",
        think: str | tuple[str, ...] = "required",
    ) -> None:
        check_retry_policy(max_retries, fallback)
        self.spec = spec
        self.parser = check_parser(parser)
        self.think = seat_modes(think, len(spec.players))
        self.max_retries = max_retries
        self.fallback = fallback
        self.reset(0)

    def reset(self, seed: int) -> None:
        """Start a new episode; the seed drives the random fallback."""
        self.rng = random.Random(f"{self.spec.name}:{seed}")
        self.episode = Episode(
            self.spec.name, self.spec.kind, seed, self.parser, self.max_retries, self.fallback,
            think=self.think,
        )  # fmt: skip
        self.history: tuple[str, ...] = ()
        self.pending: dict[
            int, str
        ] = {}  # simultaneous choices made so far, hidden until all are in
        self.tries: dict[int, list[tuple[str, str]]] = {}  # failed (reply, feedback) per player

    @property
    def done(self) -> bool:
        """Whether the episode is over (an outcome reached, or a forfeit)."""
        return self.episode.outcome is not None or self.episode.forfeited_by is not None

    def to_move(self) -> tuple[int, ...]:
        """The players who must reply now (both seats of a simultaneous game until each has chosen)."""
        if self.done:
            return ()
        if self.spec.kind == "simultaneous":
            return tuple(p for p in range(len(self.spec.players)) if p not in self.pending)
        mover = self.spec.mover(self.history)
        return () if mover is None else (mover,)

    def legal_actions(self, player: int) -> tuple[str, ...]:
        """The player's legal actions now."""
        self._check_turn(player)
        return self.spec.actions(player, self.history)

    def prompt(self, player: int) -> Messages:
        """The chat messages the player answers: the rules and state, then any failed tries."""
        self._check_turn(player)
        if self.spec.kind == "simultaneous":
            text = simultaneous_prompt(self.spec, player, self.parser)
        else:
            text = sequential_prompt(self.spec, player, self.history, self.parser)
        return retry_messages(text, self.tries.get(player, []), self.think[player])

    def step(self, player: int, text: str) -> Move:
        """Read one reply of `player`; return the recorded move (its resolution says what happened)."""
        legal = self.legal_actions(player)
        prompt = self.prompt(player)
        reply = resolve_reply(
            text, legal, self.tries.setdefault(player, []), parser=self.parser,
            max_retries=self.max_retries, fallback=self.fallback, rng=self.rng,
            think=self.think[player],
        )  # fmt: skip
        parsed, attempt, resolution = reply.parsed, reply.attempt, reply.resolution
        played, note = reply.action, reply.note
        turn = 0 if self.spec.kind == "simultaneous" else len(self.history)
        move = Move(
            turn, player, self.spec.players[player], self.history, attempt, prompt, text,
            parsed.action, parsed.status, resolution, played, note,
        )  # fmt: skip
        self.episode.moves.append(move)
        if resolution == "forfeit":
            self.episode.forfeited_by = player
        elif played is not None:
            self.tries.pop(player, None)
            self.episode.choices.append(
                Choice(turn, player, move.role, self.history, legal, played, resolution != "played")
            )
            self._advance(player, played)
        return move

    def _advance(self, player: int, action: str) -> None:
        if self.spec.kind == "simultaneous":
            self.pending[player] = action
            if len(self.pending) == len(self.spec.players):
                profile = tuple(self.pending[p] for p in range(len(self.spec.players)))
                self.episode.outcome = profile
                self.episode.payoffs = self.spec.payoffs(profile)
            return
        self.history = (*self.history, action)
        if self.spec.mover(self.history) is None:
            self.episode.outcome = self.history
            self.episode.payoffs = self.spec.payoffs(self.history)

    @property
    def payoffs(self) -> tuple[Fraction, ...] | None:
        """Final payoffs (None before the end, or after a forfeit)."""
        return self.episode.payoffs

    def _check_turn(self, player: int) -> None:
        if player not in self.to_move():
            raise ReconDataError(f"game {self.spec.name}: it is not player {player}'s turn")

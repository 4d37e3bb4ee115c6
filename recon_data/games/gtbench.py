"""GTBench-style competitive games through OpenSpiel, in the same environment protocol.

`GTBenchEnv` offers `reset(seed)`, `to_move()`, `legal_actions(p)`, `prompt(p)`,
`step(p, raw_text)`, `done`, `payoffs` and an `Episode` record, like `GameEnv`. Legal actions
are listed as `choice_k: what it does`, so the shared move reader, retries with feedback and
the stated fallback apply unchanged. Chance is drawn from a generator seeded by the deal
seed (shared by the two seat-swapped matches of a pair); the random fallback and the scripted
agents by the match's own seed.

OpenSpiel (`open-spiel`, Python >= 3.11) is imported on first use only, so the core package
imports without it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.env import (
    Choice,
    Episode,
    Messages,
    Move,
    check_retry_policy,
    resolve_reply,
    retry_messages,
    seat_modes,
)
from recon_data.games.gtbench_games import BY_NAME, CHANCE, GameDef, Log
from recon_data.games.parsing import (
    check_parser,
    format_answer,
    instruction,
)  # fmt: skip

INSTALL_HINT = "GTBench games need OpenSpiel: pip install open-spiel (it needs Python >= 3.11)"


def pyspiel_module() -> Any:
    """Import pyspiel (and register OpenSpiel's Python games), or raise a one-line user error."""
    try:
        import pyspiel  # type: ignore[import-not-found,import-untyped,unused-ignore]
        from open_spiel.python import (  # type: ignore[import-untyped,unused-ignore]
            games,  # noqa: F401  (registers the iterated PD)
        )
    except ImportError as exc:
        raise ReconDataError(INSTALL_HINT) from exc
    return pyspiel


@cache
def _load(spec: str) -> Any:
    return pyspiel_module().load_game(spec)


def game_def(name: str) -> GameDef:
    """A GTBench game by name, or a user error listing them."""
    if name not in BY_NAME:
        raise ReconDataError(f"unknown GTBench game {name!r}; expected one of {', '.join(BY_NAME)}")
    return BY_NAME[name]


class GTBenchEnv:
    """One OpenSpiel match behind the environment protocol; players reply in text."""

    def __init__(
        self,
        name: str,
        *,
        parser: str = "auto",
        max_retries: int = 2,
        fallback: str = "forfeit",
        think: str | tuple[str, ...] = "required",
    ) -> None:
        check_retry_policy(max_retries, fallback)
        self.game = game_def(name)
        self.parser = check_parser(parser)
        self.think = seat_modes(think)
        self.max_retries = max_retries
        self.fallback = fallback
        self.reset(0)

    def reset(self, seed: int, *, deal: int | None = None) -> None:
        """Start a new match: `deal` (default `seed`) fixes chance, `seed` the random fallback."""
        g = self.game
        deal = seed if deal is None else deal
        if "{seed}" in g.load:
            # The game object holds the RNG its states draw from (negotiation): a fresh one per
            # match, or a match's deal would depend on the matches loaded before it.
            self.spiel_game = pyspiel_module().load_game(g.load.format(seed=deal))
        else:
            self.spiel_game = _load(g.load)
        self.state = self.spiel_game.new_initial_state()
        self.chance_rng = random.Random(f"gtbench-chance:{g.name}:{deal}")
        self.fallback_rng = random.Random(f"gtbench-fallback:{g.name}:{seed}")
        self.log: Log = []
        self.pending: dict[int, int] = {}  # simultaneous choices made, hidden until all are in
        self.tries: dict[int, list[tuple[str, str]]] = {}
        self.episode = Episode(
            g.name, g.kind, seed, self.parser, self.max_retries, self.fallback, think=self.think
        )
        self._settle()

    @property
    def done(self) -> bool:
        """Whether the match is over (a terminal state, or a forfeit)."""
        return self.state.is_terminal() or self.episode.forfeited_by is not None

    def to_move(self) -> tuple[int, ...]:
        """The players who must reply now (both seats at a simultaneous node until each has chosen)."""
        if self.done:
            return ()
        if self.state.is_simultaneous_node():
            return tuple(p for p in range(2) if p not in self.pending)
        return (self.state.current_player(),)

    def action_ids(self, player: int) -> list[int]:
        """OpenSpiel's legal action ids for the player, in the order the prompt lists them."""
        self._check_turn(player)
        return list(self.state.legal_actions(player))

    def legal_actions(self, player: int) -> tuple[str, ...]:
        """The player's legal actions in words (the prompt lists them as choice_1, choice_2, ...)."""
        return tuple(self._name(player, a) for a in self.action_ids(player))

    def labels(self, player: int) -> tuple[str, ...]:
        """The answer labels choice_1 ... choice_k of the legal actions."""
        return tuple(f"choice_{k}" for k in range(1, len(self.action_ids(player)) + 1))

    def prompt(self, player: int) -> Messages:
        """The chat messages the player answers: rules, its view of the state, legal actions, retries."""
        g = self.game
        names = self.legal_actions(player)
        options = "\n".join(f"choice_{k}: {n}" for k, n in enumerate(names, start=1))
        text = (
            f"You are playing {g.title} against one opponent, as {g.seats[player]}.\n"
            f"Rules: {g.rules}\n\n{g.describe(self.state, player, self.log)}\n\n"
            f"Your legal actions:\n{options}\n\n{instruction(self.parser)}"
        )
        return retry_messages(text, self.tries.get(player, []), self.think[player])

    def step(self, player: int, text: str) -> Move:
        """Read one reply of `player`; return the recorded move (its resolution says what happened)."""
        ids, names, labels = (
            self.action_ids(player),
            self.legal_actions(player),
            self.labels(player),
        )
        prompt = self.prompt(player)
        reply = resolve_reply(
            text, labels, self.tries.setdefault(player, []), parser=self.parser,
            max_retries=self.max_retries, fallback=self.fallback, rng=self.fallback_rng,
            think=self.think[player],
        )  # fmt: skip
        parsed, attempt, resolution, note = (
            reply.parsed,
            reply.attempt,
            reply.resolution,
            reply.note,
        )
        chosen = None if reply.action is None else labels.index(reply.action)
        history = tuple(f"{p}:{a}" for p, a in self.log)
        turn = sum(p != CHANCE for p, _ in self.log)
        read = None if parsed.action is None else names[labels.index(parsed.action)]
        played = None if chosen is None else names[chosen]
        move = Move(
            turn, player, self.game.seats[player], history, attempt, prompt, text, read,
            parsed.status, resolution, played, note,
        )  # fmt: skip
        self.episode.moves.append(move)
        if resolution == "forfeit":
            self.episode.forfeited_by = player
        elif chosen is not None:
            self.tries.pop(player, None)
            self.episode.choices.append(
                Choice(
                    turn, player, move.role, history, names, names[chosen], resolution != "played"
                )
            )
            self._apply(player, ids[chosen])
        return move

    @property
    def payoffs(self) -> tuple[Fraction, ...] | None:
        """Final returns of both seats (None before the end, or after a forfeit)."""
        return self.episode.payoffs

    def _name(self, player: int, action: int) -> str:
        return self.game.action(self.state.action_to_string(player, action))

    def _apply(self, player: int, action: int) -> None:
        if not self.state.is_simultaneous_node():
            self.log.append((player, self.state.action_to_string(player, action)))
            self.state.apply_action(action)
        else:
            self.pending[player] = action
            if len(self.pending) < 2:
                return
            joint = [self.pending[0], self.pending[1]]
            self.log += [(p, self.state.action_to_string(p, a)) for p, a in enumerate(joint)]
            self.pending = {}
            self.state.apply_actions(joint)
        self._settle()

    def _settle(self) -> None:
        """Draw chance outcomes from the seeded generator; record the end of the match."""
        while self.state.is_chance_node():
            outcomes = self.state.chance_outcomes()
            actions = [a for a, _ in outcomes]
            pick = self.chance_rng.choices(actions, weights=[w for _, w in outcomes])[0]
            self.log.append((CHANCE, self.state.action_to_string(CHANCE, pick)))
            self.state.apply_action(pick)
        if self.state.is_terminal():
            self.episode.outcome = tuple(f"{p}:{a}" for p, a in self.log)
            # Returns are small decimals (whole numbers in these games): exact via their repr.
            self.episode.payoffs = tuple(Fraction(repr(float(r))) for r in self.state.returns())

    def _check_turn(self, player: int) -> None:
        if player not in self.to_move():
            raise ReconDataError(f"game {self.game.name}: it is not player {player}'s turn")


@dataclass(frozen=True)
class GTRequest:
    """One reply wanted: which match and seat, the environment (scripted agents read it), the messages."""

    index: int
    game: str
    seed: int
    player: int
    attempt: int
    env: GTBenchEnv
    messages: Messages


Agent = Callable[[list[GTRequest]], list[str]]
SCRIPTED = ("random", "first", "mcts")


def mcts_supported(name: str) -> bool:
    """Whether OpenSpiel's MCTS bot can play the game (sequential moves, terminal rewards)."""
    return BY_NAME[name].kind == "sequential"


def scripted_agent(
    name: str, parser: str = "auto", *, simulations: int = 1000, uct_c: float = 2.0
) -> Agent:
    """A scripted agent: `random` (uniform), `first`, or `mcts` (random rollouts).

    Random draws and MCTS rollouts are seeded by the match's own seed (and the seat), so the
    two seat-swapped matches of a pair are two plays, not one play mirrored.
    """
    if name not in SCRIPTED:
        raise ReconDataError(
            f"unknown scripted agent {name!r}; expected one of {', '.join(SCRIPTED)}"
        )
    if name == "mcts" and simulations < 1:
        raise ReconDataError(f"--mcts-simulations must be at least 1, got {simulations}")
    bots: dict[tuple[int, int, int], Any] = {}

    def choose(r: GTRequest) -> int:
        k = len(r.env.action_ids(r.player))
        if name == "first":
            return 0
        if name == "random":
            turn = len(r.env.log)
            return random.Random(
                f"gtb-random:{r.game}:{r.seed}:{r.player}:{turn}:{r.attempt}"
            ).randrange(k)
        key = (r.index, r.player, r.seed)
        if key not in bots:
            bots[key] = _mcts_bot(r.env.spiel_game, r.seed * 2 + r.player, simulations, uct_c)
        # The bot searches the true state: in imperfect-information games it sees hidden cards,
        # as GTBench's MCTS agent did. docs/gtbench.md says so.
        return r.env.action_ids(r.player).index(bots[key].step(r.env.state))

    return lambda requests: [format_answer(f"choice_{choose(r) + 1}", parser) for r in requests]


def _mcts_bot(game: Any, seed: int, simulations: int, uct_c: float) -> Any:
    import numpy as np
    from open_spiel.python.algorithms import mcts  # type: ignore[import-untyped,unused-ignore]

    rng = np.random.RandomState(seed % 2**32)
    evaluator = mcts.RandomRolloutEvaluator(n_rollouts=1, random_state=rng)
    return mcts.MCTSBot(game, uct_c, simulations, evaluator, solve=True, random_state=rng)

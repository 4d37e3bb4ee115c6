"""One seat of a game as an environment for TRL's `environment_factory` (tool calls).

TRL (1.16) makes one environment per rollout, calls `reset(**row)` and appends the text it
returns to the row's last user message, exposes the public methods as tools and, when the
environment has `get_reward()`, uses it as a reward. Here the row names the game, the seat
the policy plays and the scripted opponent; the policy plays by calling `move(action)`; the
opponent answers at once; `get_reward()` is the mean over the policy's moves of the move
reward under exact (or outcome) credit: -3 + 8 x credit, -4 / -5 for a failed reading.

TRL's environments train one sequence per rollout (the whole conversation, tool results
masked), so a move's credit cannot reach only that move's tokens there: per-move samples
are what `recon-data train selfplay` does. TRL has no self-play either: one seat, one
scripted opponent. The tool argument is read by the one reading rule (`read_move`, `bare`
parser, no `</think>` needed).
"""

from __future__ import annotations

from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.catalog import get_game
from recon_data.games.envs import make_env
from recon_data.games.move_credit import check_mode, credit_episodes
from recon_data.games.parsing import format_answer
from recon_data.games.play import CHOOSERS, Request
from recon_data.verifiers.grade import REWARDS

_GATE = frozenset(("format", "truncated"))


class GameSeatEnv:
    """A game where the policy holds one seat and a scripted policy the other."""

    def __init__(self, credit: str = "exact") -> None:
        self.credit = check_mode(credit)
        if credit == "rollout":
            raise ReconDataError("GameSeatEnv credits by outcome or exact values")
        self.env: Any = None
        self.seat = 0
        self.opponent = "spe"

    def reset(
        self,
        game: str = "escalation",
        seat: int = 0,
        opponent: str = "spe",
        seed: int = 0,
        **_: Any,
    ) -> str:
        """Start an episode of `game` with the policy in `seat`; return what it sees first."""
        if opponent not in CHOOSERS:
            raise ReconDataError(
                f"unknown opponent {opponent!r}; expected one of {', '.join(CHOOSERS)}"
            )
        spec = get_game(game)
        if seat not in (0, 1):
            raise ReconDataError(f"seat must be 0 or 1, got {seat!r}")
        self.env = make_env(spec, parser="bare", max_retries=0, fallback="random", think="optional")
        self.env.reset(seed)
        self.seat, self.opponent = seat, opponent
        self._opponent_moves()
        return self._view()

    def move(self, action: str) -> str:
        """Play your action in the game.

        Args:
            action: The action to play, for example choice_1.

        Returns:
            What happened after the move: the new state to answer, or the end of the game.
        """
        if self.env is None:
            raise ReconDataError("call reset() before move()")
        if self.env.done:
            return "The game is over."
        reply = self.env.step(self.seat, str(action))
        note = (
            ""
            if reply.status == "ok"
            else f"{action!r} was not read as a legal action; a random one was played. "
        )
        self._opponent_moves()
        return note + self._view()

    def get_reward(self) -> float:
        """The mean move reward of the policy's moves (-4 / -5 for a failed reading)."""
        if self.env is None or not self.env.episode.moves:
            return float(REWARDS["unparsed"])
        mine = [m for m in self.env.episode.moves if m.player == self.seat]
        (credited,) = credit_episodes(
            [(self.env.spec, self.env.episode)], self.credit, messages=False
        )
        by_history = {
            (c.choice.history, c.choice.player): c for c in credited if not c.choice.by_fallback
        }
        rewards = []
        for m in mine:
            got = by_history.get((m.history, m.player)) if m.status == "ok" else None
            if got is None or got.credit is None:
                rewards.append(
                    REWARDS["format_error"] if m.status in _GATE else REWARDS["unparsed"]
                )
            else:
                rewards.append(
                    REWARDS["wrong"] + (REWARDS["correct"] - REWARDS["wrong"]) * float(got.credit)
                )
        return float(sum(rewards) / len(rewards))

    def _opponent_moves(self) -> None:
        env = self.env
        # In a matrix or repeated game the opponent chooses first; its choice stays hidden
        # until the policy's is in, so choosing first tells it nothing.
        while not env.done and (1 - self.seat) in env.to_move():
            p = 1 - self.seat
            request = Request(
                0, env.spec, env.episode.seed, p, env.history, env.legal_actions(p),
                len(env.tries.get(p, [])), [],
            )  # fmt: skip
            env.step(p, format_answer(CHOOSERS[self.opponent](request), "bare"))

    def _view(self) -> str:
        env = self.env
        if env.done:
            pays = ", ".join(str(x) for x in env.episode.payoffs or ())
            return f"The game is over. Payoffs (Alice, Bob): {pays}."
        text: str = env.prompt(self.seat)[0]["content"]
        return text.replace(
            "Reason as you need, then end with your action alone, for example choice_1.",
            'Call the move tool with your action, for example move(action="choice_1").',
        )

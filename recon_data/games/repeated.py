"""Finitely repeated games with visible history: a stage matrix game played for R rounds.

`rep-<stage>-r<R>` names a game: `rep-prisoners_dilemma-r5` is the Hua et al. Prisoner's
Dilemma played five times, `rep-nf2x2-s3-r4` a generated 2x2 stage played four times. In
every round both seats choose at once; after the round both see both choices, and the
prompt lists every earlier round with its payoffs. A seat's payoff is the sum over rounds
(no discounting).

The history of an episode is flat: Alice's and Bob's choices of round 1, then of round 2,
and so on (`len(history) == 2 * rounds played`); both seats of a round share the turn number
`len(history)`, as both seats of a matrix game share turn 0.

The equilibria (pure strategies, perfect monitoring) are computed by
`recon_data.games.repeated_solve`; nothing is typed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from recon_data.errors import ReconDataError
from recon_data.games.env import GameEnv, Messages, retry_messages
from recon_data.games.parsing import instruction
from recon_data.games.spec import GameSpec, choice_labels

MAX_ROUNDS = 8
MAX_STAGE_PROFILES = 16  # up to 4x4 stages: the solver's sets stay small
# The `repeated` suite: a fixed set, so results are comparable across runs.
DEFAULT = ("rep-prisoners_dilemma-r5", "rep-stag_hunt-r5")
_NAME = re.compile(r"rep-(.+)-r([0-9]{1,3})")


@dataclass(frozen=True)
class RepeatedSpec(GameSpec):
    """A stage matrix game (`matrix`) played `rounds` times with every earlier round visible."""

    rounds: int = 1
    stage: str = ""  # the stage game's name

    def __post_init__(self) -> None:
        if self.kind != "repeated" or self.matrix is None or self.tree is not None:
            raise ReconDataError(f"game {self.name}: a repeated game needs a stage matrix")
        if not 1 <= self.rounds <= MAX_ROUNDS:
            raise ReconDataError(
                f"game {self.name}: repeated games have 1-{MAX_ROUNDS} rounds, got {self.rounds}"
            )
        if len(self.matrix.table) > MAX_STAGE_PROFILES:
            raise ReconDataError(
                f"game {self.name}: stage games of up to {MAX_STAGE_PROFILES} profiles can be "
                f"repeated, {self.stage} has {len(self.matrix.table)}"
            )

    def actions(self, player: int, history: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The stage actions of `player`, in any round before the last one ends."""
        if len(history) >= 2 * self.rounds or len(history) % 2:
            raise ReconDataError(
                f"game {self.name}: player {player} does not move after {list(history)}"
            )
        assert self.matrix is not None
        return choice_labels(self.matrix.shape[player])

    def stage_payoffs(self, a: str, b: str) -> tuple[Fraction, ...]:
        """Both seats' payoffs of one round where Alice plays `a` and Bob `b`."""
        assert self.matrix is not None
        return self.matrix.payoff((_index(a), _index(b)))

    def payoffs(self, actions: tuple[str, ...]) -> tuple[Fraction, ...]:
        """Total payoffs of a complete path (every round's two choices, in order)."""
        if len(actions) != 2 * self.rounds:
            raise ReconDataError(f"game {self.name}: path {list(actions)} does not end the game")
        return self.partial_payoffs(actions)

    def partial_payoffs(self, history: tuple[str, ...]) -> tuple[Fraction, ...]:
        """Payoffs summed over the complete rounds of `history`."""
        total = [Fraction(0), Fraction(0)]
        for k in range(0, len(history) - 1, 2):
            for p, x in enumerate(self.stage_payoffs(history[k], history[k + 1])):
                total[p] += x
        return tuple(total)

    def mover(self, history: tuple[str, ...]) -> int | None:
        """Not defined: both seats move in every round (play it with `envs.make_env`)."""
        raise ReconDataError(
            f"game {self.name} is repeated: both seats move every round (use envs.make_env)"
        )


def _index(label: str) -> int:
    return int(label.split("_")[1]) - 1


def repeated_game(stage: GameSpec, rounds: int) -> RepeatedSpec:
    """`stage` (a matrix game) played `rounds` times with visible history."""
    if stage.kind != "simultaneous" or stage.matrix is None:
        raise ReconDataError(f"only a matrix game can be repeated, not {stage.name} ({stage.kind})")
    return RepeatedSpec(
        f"rep-{stage.name}-r{rounds}",
        f"{stage.title}, repeated {rounds} times",
        "repeated",
        "repeated",
        matrix=stage.matrix,
        rounds=rounds,
        stage=stage.name,
        players=stage.players,
    )


def parse_name(name: str) -> tuple[str, int] | None:
    """The stage game's name and the rounds of `rep-<stage>-r<R>`; None for any other name."""
    match = _NAME.fullmatch(name)
    return None if match is None else (match[1], int(match[2]))


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def repeated_prompt(spec: RepeatedSpec, player: int, history: tuple[str, ...], parser: str) -> str:
    """What one seat sees before choosing in the current round: rules, payoffs, every earlier round."""
    assert spec.matrix is not None
    me, other = spec.players[player], spec.players[1 - player]
    mine, theirs = spec.actions(player, history), spec.actions(1 - player, history)
    lines = [
        f"You are {me}, playing a repeated game against {other} for {spec.rounds} rounds. In "
        f"every round you and {other} each choose one action at the same time; after the "
        "round both of you see both choices. Your total payoff is the sum of your payoffs "
        "over all rounds.",
        f"Your actions: {', '.join(mine)}. {other}'s actions: {', '.join(theirs)}.",
        "The outcomes of one round:",
    ]
    for profile in sorted(spec.matrix.profiles(), key=lambda q: (q[player], q[1 - player])):
        pay = spec.matrix.payoff(profile)
        you, them = mine[profile[player]], theirs[profile[1 - player]]
        lines.append(
            f"- If you choose {you} and {other} chooses {them}, you get {_num(pay[player])} "
            f"and {other} gets {_num(pay[1 - player])}."
        )
    done = len(history) // 2
    if done:
        lines.append("The rounds so far:")
        for r in range(done):
            a, b = history[2 * r], history[2 * r + 1]
            pay = spec.stage_payoffs(a, b)
            you, them = (a, b) if player == 0 else (b, a)
            lines.append(
                f"- Round {r + 1}: you chose {you} and {other} chose {them}; you got "
                f"{_num(pay[player])} and {other} got {_num(pay[1 - player])}."
            )
        total = spec.partial_payoffs(history)
        lines.append(
            f"Your total so far: {_num(total[player])}; {other}'s: {_num(total[1 - player])}."
        )
    lines.append(
        f"This is round {done + 1} of {spec.rounds}. You want the highest total payoff for "
        "yourself. Choose your action for this round."
    )
    lines.append(instruction(parser))
    return "\n".join(lines)


class RepeatedEnv(GameEnv):
    """The environment protocol over a repeated game: both seats reply in every round."""

    spec: RepeatedSpec

    def to_move(self) -> tuple[int, ...]:
        """The seats that have not chosen yet in the current round."""
        if self.done:
            return ()
        return tuple(p for p in range(len(self.spec.players)) if p not in self.pending)

    def prompt(self, player: int) -> Messages:
        """The rules, the payoff table, every earlier round, then any failed tries of this round."""
        self._check_turn(player)
        text = repeated_prompt(self.spec, player, self.history, self.parser)
        return retry_messages(text, self.tries.get(player, []), self.think[player])

    def _advance(self, player: int, action: str) -> None:
        # A round's choices stay hidden until both are in; then they join the history.
        self.pending[player] = action
        if len(self.pending) < len(self.spec.players):
            return
        self.history = (*self.history, self.pending[0], self.pending[1])
        self.pending = {}
        if len(self.history) == 2 * self.spec.rounds:
            self.episode.outcome = self.history
            self.episode.payoffs = self.spec.payoffs(self.history)

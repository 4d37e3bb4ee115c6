"""Strict and weak dominance between pure actions, and iterated elimination."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame

Surviving = tuple[tuple[int, ...], ...]


def _bases(game: NormalFormGame, player: int, surviving: Surviving) -> list[int]:
    """Flat indices of every surviving context of the others, with `player` at action 0."""
    strides = game.strides
    offsets = [[a * strides[q] for a in surviving[q]] for q in range(game.n_players) if q != player]
    if len(offsets) == 1:  # two players: the other's offsets are the contexts
        return offsets[0]
    return [sum(c) for c in itertools.product(*offsets)]


def _dominators(
    game: NormalFormGame, player: int, surviving: Surviving, strict: bool
) -> dict[int, int | None]:
    """For each surviving action of `player`, the lowest surviving action dominating it."""
    bases = _bases(game, player, surviving)
    stride = game.strides[player]
    values = game.int_payoffs[player]  # one common scale per player: same order as Fractions
    actions = surviving[player]
    rows = {a: [values[b + a * stride] for b in bases] for a in actions}
    out: dict[int, int | None] = {}
    for action in actions:
        mine = rows[action]
        out[action] = None
        for rival in actions:
            if rival == action:
                continue
            theirs = rows[rival]
            # map(operator.gt, ...) compares in C; `theirs != mine` with all >= means one >
            if strict:
                if all(map(operator.gt, theirs, mine)):
                    out[action] = rival
                    break
            elif all(map(operator.ge, theirs, mine)) and theirs != mine:
                out[action] = rival
                break
    return out


def dominated_actions(
    game: NormalFormGame,
    player: int,
    strict: bool = True,
    surviving: Sequence[Sequence[int]] | None = None,
) -> tuple[int, ...]:
    """Actions of `player` dominated by another pure action (within `surviving` if given).

    Only domination by pure actions is checked, not by mixtures.
    """
    if not 0 <= player < game.n_players:
        raise ReconDataError(f"player {player} out of range for a {game.n_players}-player game")
    alive = _surviving(game, surviving)
    return tuple(a for a, by in _dominators(game, player, alive, strict).items() if by is not None)


@dataclass(frozen=True)
class EliminationResult:
    """Actions surviving iterated elimination, per player, and the elimination trace."""

    surviving: Surviving
    steps: tuple[dict[str, Any], ...]
    strict: bool

    @property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready trace: per round, each removed action and the action dominating it."""
        return {
            "kind": "iterated_elimination",
            "dominance": "strict" if self.strict else "weak",
            "steps": list(self.steps),
            "surviving": [list(s) for s in self.surviving],
        }


def iterated_elimination(game: NormalFormGame, strict: bool = True) -> EliminationResult:
    """Remove dominated pure actions round by round until none is left to remove.

    Each round removes every dominated action of every player at once (against the previous
    round's survivors). For strict dominance the result does not depend on the order; for
    weak dominance it can, and this simultaneous order is the convention used.
    """
    alive = _surviving(game, None)
    steps: list[dict[str, Any]] = []
    while True:
        removed = []
        for p in range(game.n_players):
            for a, by in _dominators(game, p, alive, strict).items():
                if by is not None:
                    removed.append({"player": p, "action": a, "dominated_by": by})
        if not removed:
            break
        gone = {(r["player"], r["action"]) for r in removed}
        alive = tuple(tuple(a for a in acts if (p, a) not in gone) for p, acts in enumerate(alive))
        steps.append({"round": len(steps) + 1, "removed": removed})
    return EliminationResult(alive, tuple(steps), strict)


def _surviving(game: NormalFormGame, surviving: Sequence[Sequence[int]] | None) -> Surviving:
    """Normalise a per-player action subset (all actions if None)."""
    if surviving is None:
        return tuple(tuple(range(k)) for k in game.shape)
    if len(surviving) != game.n_players or any(not s for s in surviving):
        raise ReconDataError("surviving needs a non-empty action list for every player")
    return tuple(tuple(sorted(set(s))) for s in surviving)

"""Best responses and every pure Nash equilibrium of an n-player normal-form game."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame, Profile, _layout


def best_responses(game: NormalFormGame, player: int, profile: Profile) -> frozenset[int]:
    """Best actions of `player` against the other players' actions in `profile`."""
    if not 0 <= player < game.n_players:
        raise ReconDataError(f"player {player} out of range for a {game.n_players}-player game")
    base = game.index(profile) - profile[player] * game.strides[player]
    step = game.strides[player]
    values = game.int_payoffs[player]
    column = [values[base + a * step] for a in range(game.shape[player])]
    top = max(column)
    return frozenset(a for a, v in enumerate(column) if v == top)


@dataclass(frozen=True)
class PureNashResult:
    """All pure Nash equilibria (sorted) and, lazily, the best-response table behind them."""

    profiles: tuple[Profile, ...]
    game: NormalFormGame = field(repr=False, compare=False)

    @cached_property
    def certificate(self) -> dict[str, Any]:
        """JSON-ready best-response table: per player, each opponents' context and its best actions."""
        game = self.game
        table = []
        for p, (groups, contexts) in enumerate(
            zip(game.deviation_groups, _contexts(game.shape), strict=True)
        ):
            values = game.int_payoffs[p]
            rows = []
            for group, context in zip(groups, contexts, strict=True):
                column = [values[i] for i in group]
                top = max(column)
                best = [a for a, v in enumerate(column) if v == top]
                rows.append(
                    {
                        "against": list(context),
                        "best": best,
                        "value": str(game.table[group[best[0]]][p]),
                    }
                )
            table.append(rows)
        return {
            "kind": "pure_nash",
            "shape": list(game.shape),
            "best_responses": table,
            "equilibria": [list(x) for x in self.profiles],
        }


def pure_nash(game: NormalFormGame) -> PureNashResult:
    """Every pure Nash equilibrium: profiles where each player's action is a best response."""
    ok = bytearray(b"\x01") * len(game.table)
    for values, groups in zip(game.int_payoffs, game.deviation_groups, strict=True):
        for group in groups:
            # a group is a range of flat indices: one tuple slice reads its payoffs
            column = values[group.start : group.stop : group.step]
            top = max(column)
            for i, v in zip(group, column, strict=True):
                if v != top:
                    ok[i] = 0
    profiles = game.all_profiles
    return PureNashResult(tuple(profiles[i] for i, flag in enumerate(ok) if flag), game)


@lru_cache(maxsize=64)
def _contexts(shape: tuple[int, ...]) -> tuple[tuple[Profile, ...], ...]:
    """Per player, the others' actions of each deviation group (shared by every game of a shape)."""
    _, profiles, groups, _ = _layout(shape)
    return tuple(
        tuple(profiles[g[0]][:p] + profiles[g[0]][p + 1 :] for g in player_groups)
        for p, player_groups in enumerate(groups)
    )

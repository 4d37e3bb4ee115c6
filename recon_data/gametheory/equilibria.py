"""Best responses and every pure Nash equilibrium of an n-player normal-form game."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame, Profile


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
        for p, groups in enumerate(game.deviation_groups):
            values = game.int_payoffs[p]
            rows = []
            for group in groups:
                top = max(values[i] for i in group)
                best = [a for a, i in enumerate(group) if values[i] == top]
                context = list(game.all_profiles[group[0]])
                del context[p]
                rows.append(
                    {
                        "against": context,
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
            top = max([values[i] for i in group])
            for i in group:
                if values[i] != top:
                    ok[i] = 0
    profiles = game.all_profiles
    return PureNashResult(tuple(profiles[i] for i, flag in enumerate(ok) if flag), game)

"""Pure security levels (maximin values), optionally over a surviving set of profiles."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from recon_data.errors import ReconDataError
from recon_data.gametheory.normal_form import NormalFormGame, Profile


def maximin(
    game: NormalFormGame, player: int, profiles: Iterable[Profile] | None = None
) -> Fraction:
    """Best worst case of `player` over pure actions: max over its actions of the min payoff.

    With `profiles`, only those profiles count: an action's worst case is over the surviving
    profiles where the player takes it, and actions with no surviving profile are skipped.
    """
    if not 0 <= player < game.n_players:
        raise ReconDataError(f"player {player} out of range for a {game.n_players}-player game")
    worst: dict[int, Fraction] = {}
    pool = game.all_profiles if profiles is None else profiles
    for profile in pool:
        value = game.payoff(profile)[player]
        action = profile[player]
        if action not in worst or value < worst[action]:
            worst[action] = value
    if not worst:
        raise ReconDataError("maximin needs at least one profile")
    return max(worst.values())


def maximin_action(
    game: NormalFormGame, player: int, profiles: Iterable[Profile] | None = None
) -> tuple[int, ...]:
    """The pure actions achieving the player's maximin value (sorted)."""
    pool = tuple(game.all_profiles if profiles is None else profiles)
    level = maximin(game, player, pool)
    worst: dict[int, Fraction] = {}
    for profile in pool:
        value = game.payoff(profile)[player]
        if profile[player] not in worst or value < worst[profile[player]]:
            worst[profile[player]] = value
    return tuple(sorted(a for a, v in worst.items() if v == level))

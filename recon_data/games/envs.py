"""One constructor for every game kind's environment: matrix games, trees, repeated games."""

from __future__ import annotations

from typing import Any

from recon_data.games.env import GameEnv
from recon_data.games.spec import GameSpec


def make_env(spec: GameSpec, **options: Any) -> GameEnv:
    """The environment that plays `spec` (`RepeatedEnv` for a repeated game), same options as `GameEnv`."""
    if spec.kind == "repeated":
        from recon_data.games.repeated import RepeatedEnv

        return RepeatedEnv(spec, **options)
    return GameEnv(spec, **options)

"""Game environments for measuring strategic play: the Hua et al. games and generated ones.

Core layer: no torch or transformers. Names load lazily from their modules.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_M = "recon_data.games."
_LAZY: dict[str, str] = {
    "GameSpec": _M + "spec",
    "GameEnv": _M + "env",
    "Episode": _M + "env",
    "Move": _M + "env",
    "Choice": _M + "env",
    "read_move": _M + "parsing",
    "MoveReading": _M + "parsing",
    "PARSERS": _M + "parsing",
    "get_game": _M + "catalog",
    "hua_games": _M + "catalog",
    "all_games": _M + "catalog",
    "select_games": _M + "catalog",
    "random_matrix_game": _M + "generated",
    "random_tree_game": _M + "generated",
    "play_trials": _M + "play",
    "scripted": _M + "play",
    "Request": _M + "play",
    "POLICIES": _M + "play",
    "score_games": _M + "scoring",
    "expected_scores": _M + "expected",
    "move_values": _M + "scoring",
    "build_report": _M + "report",
}

__all__ = list(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

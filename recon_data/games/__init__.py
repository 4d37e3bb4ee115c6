"""Game environments for measuring strategic play: the Hua et al. games and generated ones.

Core layer: no torch or transformers. Names load lazily from their modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.games.catalog import all_games as all_games
    from recon_data.games.catalog import get_game as get_game
    from recon_data.games.catalog import hua_games as hua_games
    from recon_data.games.catalog import select_games as select_games
    from recon_data.games.env import Choice as Choice
    from recon_data.games.env import Episode as Episode
    from recon_data.games.env import GameEnv as GameEnv
    from recon_data.games.env import Move as Move
    from recon_data.games.expected import expected_scores as expected_scores
    from recon_data.games.generated import random_matrix_game as random_matrix_game
    from recon_data.games.generated import random_tree_game as random_tree_game
    from recon_data.games.parsing import PARSERS as PARSERS
    from recon_data.games.parsing import MoveReading as MoveReading
    from recon_data.games.parsing import read_move as read_move
    from recon_data.games.play import POLICIES as POLICIES
    from recon_data.games.play import Request as Request
    from recon_data.games.play import play_trials as play_trials
    from recon_data.games.play import scripted as scripted
    from recon_data.games.report import build_report as build_report
    from recon_data.games.scoring import move_values as move_values
    from recon_data.games.scoring import score_games as score_games
    from recon_data.games.spec import GameSpec as GameSpec

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

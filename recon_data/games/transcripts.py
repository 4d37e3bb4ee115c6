"""Saved episodes read back: a `games eval --out` file as typed, checked `Episode`s.

Each line is `Episode.to_dict()`. Reading checks every decision against the game's rules
(the seat that moves, the history, the legal actions) and the payoffs against the outcome,
so a file that was edited, truncated or written for other rules is refused with the line
and field at fault, never credited silently.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.env import Choice, Episode, Move
from recon_data.games.spec import GameSpec


class _Where:
    """The file and line a field error is reported against."""

    def __init__(self, source: str, line: int) -> None:
        self.source, self.record = source, f"line {line}"

    def fail(self, message: str, field: str) -> ReconDataError:
        return ReconDataError(message, file=self.source, record=self.record, field=field)


def where(source: str, line: int) -> _Where:
    """The place (file, line) errors about one saved episode are reported against."""
    return _Where(source, line)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _labels(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _choice(raw: Any, k: int, at: _Where) -> Choice:
    name = f"choices[{k}]"
    if not isinstance(raw, dict):
        raise at.fail("a choice must be an object", name)
    ints = all(_int(raw.get(f)) for f in ("turn", "player"))
    if not ints or not _labels(raw.get("history")) or not _labels(raw.get("legal")):
        raise at.fail("a choice needs integer turn and player and lists history and legal", name)
    if not isinstance(raw.get("action"), str) or not isinstance(raw.get("by_fallback"), bool):
        raise at.fail("a choice needs an action string and a by_fallback flag", name)
    return Choice(
        raw["turn"], raw["player"], str(raw.get("role", "")), tuple(raw["history"]),
        tuple(raw["legal"]), raw["action"], raw["by_fallback"],
    )  # fmt: skip


def _move(raw: Any, k: int, at: _Where) -> Move:
    name = f"moves[{k}]"
    if not isinstance(raw, dict):
        raise at.fail("a move must be an object", name)
    if not all(_int(raw.get(f)) for f in ("turn", "player", "attempt")):
        raise at.fail("a move needs integer turn, player and attempt", name)
    if not isinstance(raw.get("completion"), str) or not isinstance(raw.get("status"), str):
        raise at.fail("a move needs a completion and a status string", name)
    history = raw.get("history", [])
    prompt = raw.get("prompt", [])
    if not _labels(history) or not isinstance(prompt, list):
        raise at.fail("a move's history and prompt must be lists", name)
    return Move(
        raw["turn"], raw["player"], str(raw.get("role", "")), tuple(history), raw["attempt"],
        prompt, raw["completion"], raw.get("action"), raw["status"],
        str(raw.get("resolution", "")), raw.get("played"), raw.get("feedback"),
    )  # fmt: skip


def _fractions(raw: Any, at: _Where) -> tuple[Fraction, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, (str, int)) for x in raw):
        raise at.fail("payoffs must be a list of numbers written as strings", "payoffs")
    try:
        return tuple(Fraction(str(x)) for x in raw)
    except (ValueError, ZeroDivisionError):
        raise at.fail(f"payoffs {raw!r} are not exact numbers", "payoffs") from None


def _check_rules(spec: GameSpec, episode: Episode, at: _Where) -> None:
    """Every decision is legal where it was made, and the payoffs are the outcome's."""
    for k, c in enumerate(episode.choices):
        name = f"choices[{k}]"
        try:
            legal = spec.actions(c.player, c.history)
        except ReconDataError:
            raise at.fail(
                f"player {c.player} does not move after {list(c.history)} in {spec.name}", name
            ) from None
        if spec.kind == "sequential" and spec.mover(c.history) != c.player:
            raise at.fail(f"player {c.player} does not move after {list(c.history)}", name)
        if tuple(c.legal) != legal or c.action not in legal:
            raise at.fail(
                f"{c.action} among {list(c.legal)} does not match the legal actions "
                f"{list(legal)} of {spec.name}",
                name,
            )
    if episode.outcome is not None:
        try:
            expected = spec.payoffs(episode.outcome)
        except ReconDataError as exc:
            raise at.fail(str(exc), "outcome") from None
        if episode.payoffs != expected:
            shown = None if episode.payoffs is None else [str(x) for x in episode.payoffs]
            raise at.fail(
                f"payoffs {shown} are not the game's payoffs "
                f"{[str(x) for x in expected]} for outcome {list(episode.outcome)}",
                "payoffs",
            )
        played = tuple(c.action for c in episode.choices)
        if spec.kind != "simultaneous" and played != episode.outcome:
            raise at.fail("the decisions do not add up to the outcome", "outcome")


def episode_from_dict(row: Any, at: _Where) -> tuple[GameSpec, Episode]:
    """One saved line as (game, episode), checked."""
    from recon_data.games.catalog import get_game
    from recon_data.games.gtbench_games import BY_NAME

    if not isinstance(row, dict):
        raise at.fail("an episode must be an object", "episode")
    if "episode" in row and isinstance(row["episode"], dict):
        raise at.fail(
            "GTBench matches cannot be credited: no exact or enumerable values", "episode"
        )
    game, seed = row.get("game"), row.get("seed")
    if not isinstance(game, str) or not _int(seed):
        raise at.fail("an episode needs a game name and an integer seed", "game")
    assert isinstance(seed, int)
    if game in BY_NAME:
        raise at.fail(f"GTBench game {game} cannot be credited: no exact values", "game")
    try:
        spec = get_game(game)
    except ReconDataError as exc:
        raise at.fail(exc.reason, "game") from None
    choices, moves = row.get("choices"), row.get("moves", [])
    if not isinstance(choices, list) or not isinstance(moves, list):
        raise at.fail("choices and moves must be lists", "choices")
    outcome = row.get("outcome")
    if outcome is not None and not _labels(outcome):
        raise at.fail("outcome must be a list of action labels or null", "outcome")
    retries = row.get("max_retries", 0)
    if not _int(retries):
        raise at.fail("max_retries must be an integer", "max_retries")
    episode = Episode(
        game, spec.kind, seed, str(row.get("parser", "auto")), retries,
        str(row.get("fallback", "forfeit")),
        moves=[_move(m, k, at) for k, m in enumerate(moves)],
        choices=[_choice(c, k, at) for k, c in enumerate(choices)],
        outcome=None if outcome is None else tuple(outcome),
        payoffs=_fractions(row.get("payoffs"), at),
        forfeited_by=row["forfeited_by"] if _int(row.get("forfeited_by")) else None,
    )  # fmt: skip
    _check_rules(spec, episode, at)
    return spec, episode


def read_episodes(path: Path | str) -> list[tuple[GameSpec, Episode]]:
    """Every episode of a `games eval --out` file, in file order, each checked against its game."""
    from recon_data.storage import iter_jsonl

    source = str(path)
    if not Path(path).is_file():
        raise ReconDataError("transcripts file not found", file=source)
    out = [episode_from_dict(row, _Where(source, n)) for n, row in iter_jsonl(Path(path))]
    if not out:
        raise ReconDataError("the transcripts file holds no episodes", file=source)
    return out

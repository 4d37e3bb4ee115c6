"""The `replay:FILE` policy: play the replies of a saved run again, in the order they were given.

A file written by `games eval --out` holds one episode a line (`Episode.to_dict`: game, seed
and every reply with its player, turn and attempt). Replaying it re-reads every reply with
the rules in force now, so a saved run is re-scored after a rule change, and any reply can be
tried through the whole environment. A request gets the saved reply of the same game, seed,
player, turn and attempt; a decision the file holds no reply for (a reply that used to be
read and now is not, asking for a retry) gets an empty reply, which the reader refuses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from recon_data.errors import ReconDataError

if TYPE_CHECKING:
    from recon_data.games.play import Complete, Request

PREFIX = "replay:"
# (game, seed, player, turn, attempt): the reply given there.
Key = tuple[str, int, int, int, int]


def load_replies(path: Path | str) -> tuple[dict[Key, str], set[tuple[str, int]]]:
    """Read a saved run: every reply by (game, seed, player, turn, attempt), and its episodes."""
    from recon_data.storage import iter_jsonl

    source = str(path)
    if not Path(path).is_file():
        raise ReconDataError("replay file not found", file=source)
    replies: dict[Key, str] = {}
    episodes: set[tuple[str, int]] = set()
    for line_no, row in iter_jsonl(Path(path)):
        record = f"line {line_no}"
        episode = row.get("episode", row)  # GTBench lines nest the episode
        if not isinstance(episode, dict):
            raise ReconDataError(
                "episode must be an object", file=source, record=record, field="episode"
            )
        game, seed = episode.get("game"), episode.get("seed")
        if not isinstance(game, str) or not isinstance(seed, int) or isinstance(seed, bool):
            raise ReconDataError(
                "an episode needs a game name and an integer seed",
                file=source, record=record, field="game" if not isinstance(game, str) else "seed",
            )  # fmt: skip
        moves = episode.get("moves")
        if not isinstance(moves, list):
            raise ReconDataError("moves must be a list", file=source, record=record, field="moves")
        episodes.add((game, seed))
        for k, move in enumerate(moves):
            where = f"{record}, move {k}"
            if not isinstance(move, dict):
                raise ReconDataError("a move must be an object", file=source, record=where)
            player, turn, attempt = (move.get(f) for f in ("player", "turn", "attempt"))
            completion = move.get("completion")
            if not (_is_int(player) and _is_int(turn) and _is_int(attempt)) or not isinstance(
                completion, str
            ):
                raise ReconDataError(
                    "a move needs integer player, turn and attempt and a completion string",
                    file=source, record=where, field="moves",
                )  # fmt: skip
            replies[(game, seed, player, turn, attempt)] = completion
    if not episodes:
        raise ReconDataError("the replay file holds no episodes", file=source)
    return replies, episodes


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def replay_policy(path: Path | str) -> Complete:
    """A `Complete` function that answers each request with the saved reply for it."""
    replies, episodes = load_replies(path)

    def complete(requests: list[Request]) -> list[str]:
        out = []
        for r in requests:
            if (r.spec.name, r.seed) not in episodes:
                raise ReconDataError(
                    f"no episode of game {r.spec.name!r} with seed {r.seed} "
                    "(was it saved with other --games, --seed or --trials?)",
                    file=str(path),
                )
            turn = 0 if r.spec.kind == "simultaneous" else len(r.history)
            out.append(replies.get((r.spec.name, r.seed, r.player, turn, r.attempt), ""))
        return out

    return complete

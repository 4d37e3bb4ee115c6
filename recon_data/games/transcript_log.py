"""`games eval --out`: episodes appended as they finish, and a run resumed from what was kept.

Each finished episode is written as one JSON line and flushed at once, so Ctrl-C or a killed
process loses only the episodes still being played. `--resume` reads the file back (a last
line cut off mid-write is dropped: it is the one episode that was not finished), plays only
the missing episodes, and at the end the file is rewritten in the order an uninterrupted run
writes it, so both runs leave the same file and the same report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from recon_data.errors import ReconDataError
from recon_data.games.env import Episode
from recon_data.games.transcripts import episode_from_dict, where

# The settings an episode records that must match the run that resumes it.
_SETTINGS = ("parser", "max_retries", "fallback")


def key(episode: Episode) -> tuple[str, int]:
    """An episode's place in a run: its game and seed."""
    return episode.game, episode.seed


def read_kept(path: Path, settings: dict[str, Any]) -> dict[tuple[str, int], Episode]:
    """The finished episodes of an interrupted run, checked against this run's settings."""
    kept: dict[tuple[str, int], Episode] = {}
    lines = path.read_text("utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            if n == len(lines):
                break  # cut off mid-write when the run stopped: that episode is played again
            raise ReconDataError("not JSON", file=str(path), record=f"line {n}") from None
        _, episode = episode_from_dict(row, where(str(path), n))
        for name in _SETTINGS:
            if getattr(episode, name) != settings[name]:
                raise ReconDataError(
                    f"the saved run used {name} {getattr(episode, name)!r}, this one "
                    f"{settings[name]!r}; resume with the same settings or start over with --force",
                    file=str(path),
                    record=f"line {n}",
                )
        kept[key(episode)] = episode
    return kept


class TranscriptLog:
    """An open `--out` file: each finished episode appended and flushed."""

    def __init__(self, path: Path, *, append: bool) -> None:
        self.path = path
        # Appending after a line cut off mid-write would glue two records: end it first.
        needs_newline = append and path.exists() and not path.read_bytes().endswith(b"\n")
        try:
            self._fh: IO[str] = open(path, "a" if append else "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise ReconDataError(f"cannot write: {exc.strerror}", file=str(path)) from None
        if needs_newline and path.stat().st_size:
            self._fh.write("\n")

    def add(self, episode: Episode) -> None:
        """Append one finished episode and push it to the operating system at once."""
        from recon_data.storage import dumps_record

        self._fh.write(dumps_record(episode.to_dict()) + "\n")
        self._fh.flush()

    def finish(self, episodes: list[Episode]) -> None:
        """Close the log and rewrite the file with every episode in run order, atomically."""
        from recon_data.storage import atomic_write_text, dumps_record

        self._fh.close()
        atomic_write_text(self.path, "".join(dumps_record(e.to_dict()) + "\n" for e in episodes))

    def close(self) -> None:
        """Close without rewriting (an interrupted run keeps what it appended)."""
        self._fh.close()

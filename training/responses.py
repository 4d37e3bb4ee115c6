"""The `eval --out` file: responses saved as they arrive, and read back to resume a run.

An evaluation appends one JSON line per graded response the moment its completion arrives,
so an interrupted run (a crash, Ctrl-C, a server that stopped answering) keeps everything
it had. `--resume` reads the file back and skips the ids it already holds; a line cut off
mid-write at the end of the file is dropped. When the run finishes, the file is rewritten
atomically in corpus order.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from recon_data.errors import ReconDataError


@dataclass
class Graded:
    """One response with its verdict."""

    id: str
    category: str
    answer_kind: str
    answer: str
    response: str
    correct: bool  # the paper's sense: equal to the gold, or the same option number
    # Table 3's own check: the first box anywhere (else `Option N`), compared as raw strings.
    release_correct: bool
    status: str
    reward: float
    verdict: dict[str, Any] = field(default_factory=dict)


def read_earlier(path: Path, wanted: Iterable[str]) -> dict[str, str]:
    """Return {id: response} saved in an earlier run's file; ids must belong to this run."""
    if not path.is_file():
        return {}
    ids = set(wanted)
    lines = path.read_text(encoding="utf-8").splitlines()
    out: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key, response = row["id"], row["response"]
        except (json.JSONDecodeError, KeyError, TypeError):
            if number == len(lines):  # the last line, cut off when the run was stopped
                continue
            raise ReconDataError(
                "not a saved response (JSON with id and response)", file=str(path), record=number
            ) from None
        if key not in ids:
            raise ReconDataError(
                f"id {key!r} is not a problem of this evaluation (another corpus, split or "
                "--limit?); pass --force to start over",
                file=str(path),
                record=number,
            )
        out[str(key)] = str(response)
    return out


class ResponseLog:
    """Appends graded responses to the `--out` file, one flushed line each, thread-safe."""

    def __init__(self, path: Path, *, keep: list[Graded]) -> None:
        self.path = path
        self.keep = keep  # rows of the earlier run, written back first (without a torn line)
        self._file: IO[str] | None = None
        self._lock = threading.Lock()

    def append(self, record: Graded) -> None:
        """Save one graded response now (the file is started at the first one)."""
        from recon_data.storage import dumps_record

        with self._lock:
            if self._file is None:
                # Only now is an existing file replaced: a run that fails before its first
                # response leaves it as it was.
                write_records(self.path, self.keep)
                self._file = self.path.open("a", encoding="utf-8")
            self._file.write(dumps_record(asdict(record)) + "\n")
            self._file.flush()

    def close(self) -> None:
        """Close the file if it was opened."""
        if self._file is not None:
            self._file.close()
            self._file = None


def write_records(path: Path, records: list[Graded]) -> Path:
    """Write graded responses as JSON Lines in the given order, atomically."""
    from recon_data.storage import atomic_write_text, dumps_record

    atomic_write_text(path, "".join(dumps_record(asdict(r)) + "\n" for r in records))
    return path

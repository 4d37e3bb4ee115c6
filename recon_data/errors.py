"""The one exception type for errors a user can cause."""

from __future__ import annotations


class ReconDataError(Exception):
    """A user-caused error (bad file, bad field, missing corpus, offline Hub).

    The message names the file, the record and the field where they are known; the CLI
    prints it on one line and exits 1.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: str | int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.reason = message
        super().__init__(self.format())

    def format(self) -> str:
        """Return the one-line message: `file: record N: field F: reason`."""
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        prefix = ": ".join(parts)
        text = " ".join(self.reason.split())
        return f"{prefix}: {text}" if prefix else text


class SourceUnavailable(ReconDataError):
    """A corpus or dataset source that is neither on disk nor reachable on the Hub.

    `target` is what was asked for; the CLI adds the options that fix it for the command at
    hand (each command takes its source through a different option).
    """

    def __init__(self, message: str, *, target: str) -> None:
        self.target = target
        super().__init__(message)

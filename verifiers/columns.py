"""What every reward function shares: reading TRL's columns, and warning once.

TRL passes each dataset column as one value per completion, a scalar where a setting is the
same for the whole batch. These helpers turn either into one entry per completion, and
`warn_once` names a data problem without flooding a long run's log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

_log = logging.getLogger(__name__)
_warned: set[str] = set()
# Past this many distinct warnings the log is noise; keep memory bounded on long runs.
_MAX_WARNINGS = 1000


def as_list(value: Any) -> list[Any]:
    """A column as a list: a scalar (text, a mapping) is one entry; None or a non-iterable none."""
    if value is None or isinstance(value, (str, bytes, Mapping)):
        return [] if value is None else [value]
    try:
        return list(value)
    except TypeError:
        return []


def per_row(value: Any, n: int) -> list[Any]:
    """One setting per completion (`parser`, `think`), or one value for the whole batch."""
    return value if isinstance(value, list) and len(value) == n else [value] * n


def warn_once(message: str) -> None:
    """Log `message` once per process (at most a thousand distinct messages)."""
    if message not in _warned and len(_warned) < _MAX_WARNINGS:
        _warned.add(message)
        _log.warning("recon_data.verifiers: %s", message)

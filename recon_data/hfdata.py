"""Loading a dataset through `datasets.load_dataset`, with its failures turned into user errors."""

from __future__ import annotations

from typing import Any

from recon_data.errors import ReconDataError


def looks_local(text: str) -> bool:
    """True when `text` reads as a filesystem path rather than a Hub id (`name` or `org/name`)."""
    return text.startswith((".", "/", "~")) or text.count("/") > 1 or "\\" in text


def load_hf_dataset(target: str, *, label: str | None = None, offline_hint: str) -> Any:
    """Return `datasets.load_dataset(target)`; any failure is one ReconDataError naming `label`."""
    import datasets

    label = label or target
    try:
        return datasets.load_dataset(target)
    except FileNotFoundError as exc:
        raise ReconDataError(f"dataset not found: {exc}", file=label) from None
    except (ConnectionError, OSError) as exc:
        raise ReconDataError(
            f"cannot load from the Hub ({type(exc).__name__}); {offline_hint}", file=label
        ) from None
    except Exception as exc:  # datasets raises many types for unreachable or malformed repos
        raise ReconDataError(
            f"cannot load dataset: {type(exc).__name__}: {exc}", file=label
        ) from None

"""Loading a dataset through `datasets.load_dataset`, with its failures turned into user errors."""

from __future__ import annotations

import os
import socket
from typing import Any
from urllib.parse import urlparse

from recon_data.errors import ReconDataError, SourceUnavailable

_TRUE = {"1", "true", "yes", "on"}


def looks_local(text: str) -> bool:
    """True when `text` reads as a filesystem path rather than a Hub id (`name` or `org/name`)."""
    return text.startswith((".", "/", "~")) or text.count("/") > 1 or "\\" in text


def hub_offline(*also: str) -> bool:
    """True when the user switched the Hub off (`HF_HUB_OFFLINE`, or any of the `also` flags)."""
    return any(
        os.environ.get(name, "").strip().lower() in _TRUE for name in ("HF_HUB_OFFLINE", *also)
    )


def hub_reachable(timeout: float = 3.0) -> bool:
    """True when a TCP connection to the Hub endpoint (`HF_ENDPOINT`) opens within `timeout`."""
    if any(os.environ.get(k) for k in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return True  # behind a proxy only the real request can tell
    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    port = endpoint.port or (80 if endpoint.scheme == "http" else 443)
    try:
        socket.create_connection((endpoint.hostname or "huggingface.co", port), timeout).close()
    except OSError:
        return False
    return True


def require_hub(target: str, *, timeout: float = 3.0) -> None:
    """Fail at once, in one line, when the Hub cannot be reached (instead of a minute of retries).

    Offline mode (`HF_HUB_OFFLINE`) is left to the Hub libraries, which then read their cache.
    """
    if hub_offline() or hub_reachable(timeout):
        return
    host = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co").hostname
    raise SourceUnavailable(
        f"no local file or folder {target!r}, and the Hub at {host} cannot be reached to "
        "load it as a dataset id; check the path, or set HF_HUB_OFFLINE=1 to use cached copies",
        target=target,
    )


def load_hf_dataset(target: str, *, label: str | None = None, offline_hint: str) -> Any:
    """Return `datasets.load_dataset(target)`; any failure is one ReconDataError naming `label`."""
    label = label or target
    require_hub(target)
    import datasets

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

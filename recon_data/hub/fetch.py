"""Find an exported dataset named by a local path or a Hub id, downloading Hub files into the HF cache."""

from __future__ import annotations

import re
from pathlib import Path

from recon_data.errors import ReconDataError
from recon_data.hub.layout import (
    CARD,
    export_paths,
    is_export_dir,
    is_export_metadata,
    read_card_metadata,
)
from recon_data.hub.sources import RELEASE_ID

# `name` or `org/name` with the Hub's characters; paths (./x, /x, ~/x, a/b/c) never match.
_HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$")


def looks_like_hub_id(text: str) -> bool:
    """Tell whether text reads as a Hub dataset id rather than a filesystem path."""
    return bool(_HUB_ID.match(text)) and ".." not in text


def locate_export(source: str | Path) -> Path | None:
    """Return a local folder holding the export `source` names, or None when it is not an export."""
    text = str(source)
    path = Path(text).expanduser()
    if path.exists():
        return path if path.is_dir() and is_export_dir(path) else None
    # The raw release is not an export: it is built into a corpus by `cached_build`.
    if text == RELEASE_ID or not looks_like_hub_id(text):
        return None
    return fetch_export(text)


def fetch_export(repo_id: str, revision: str | None = None) -> Path | None:
    """Download an exported dataset's files from the Hub (or the cache); None if the repo is not an export."""
    from recon_data.hfdata import require_hub

    require_hub(repo_id)
    from huggingface_hub import errors, hf_hub_download, snapshot_download

    try:
        card = hf_hub_download(repo_id, CARD, repo_type="dataset", revision=revision)
    except errors.LocalEntryNotFoundError as exc:
        raise _load_error(repo_id, exc) from None
    except errors.EntryNotFoundError:
        return None  # a dataset without a card was not written by `recon-data export`
    except Exception as exc:
        raise _load_error(repo_id, exc) from None
    if not is_export_metadata(read_card_metadata(Path(card))):
        return None
    try:
        folder = snapshot_download(
            repo_id, repo_type="dataset", revision=revision, allow_patterns=export_paths()
        )
    except Exception as exc:
        raise _load_error(repo_id, exc) from None
    return Path(folder)


def _load_error(repo_id: str, exc: BaseException) -> ReconDataError:
    from recon_data.hub.failures import classify

    failure = classify(exc)
    if failure is None:
        reason = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
    elif failure.kind == "offline":
        reason = f"{failure.reason}; pass a local corpus or export folder instead"
    elif failure.kind == "not_found":
        reason = f"{failure.reason}, and no local folder has this name"
    else:
        reason = failure.reason
    return ReconDataError(f"cannot load dataset {repo_id!r} from the Hub: {reason}")

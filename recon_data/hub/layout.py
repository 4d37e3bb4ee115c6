"""The file layout of a Hub export, and how to recognise one from its dataset card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CARD = "README.md"
# Not `manifest.json`: a folder holding that name is taken for a JSONL corpus folder.
MANIFEST_COPY = "corpus_manifest.json"
# Card metadata keys that mark a dataset as written by `recon-data export`.
SCHEMA_KEY = "recon_data_schema_version"
MANIFEST_KEY = "recon_data_manifest"

# One Parquet shard per config and split, named the way `push_to_hub` names them.
DATA_FILES: dict[str, dict[str, str]] = {
    "problems": {
        "train": "problems/train-00000-of-00001.parquet",
        "eval": "problems/eval-00000-of-00001.parquet",
    },
    "cot": {"train": "cot/train-00000-of-00001.parquet"},
}


def read_card_metadata(card: Path) -> dict[str, Any]:
    """Return the YAML front matter of a dataset card as a dict (empty when there is none)."""
    import yaml
    from huggingface_hub import DatasetCard

    try:
        return DatasetCard.load(card).data.to_dict()
    except (OSError, ValueError, yaml.YAMLError) as exc:
        from recon_data.errors import ReconDataError

        reason = " ".join(str(exc).split())
        raise ReconDataError(f"unreadable dataset card: {reason}", file=str(card)) from None


def is_export_metadata(meta: dict[str, Any]) -> bool:
    """Tell whether card metadata describes a `recon-data export` (marker key and both configs)."""
    if SCHEMA_KEY not in meta:
        return False
    configs = meta.get("configs")
    if not isinstance(configs, list):
        return False
    names = {c.get("config_name") for c in configs if isinstance(c, dict)}
    # Configs without rows are left off the card (see card_metadata); problems always has some.
    return "problems" in names


def is_export_dir(path: Path | str) -> bool:
    """Tell whether a local folder holds a dataset written by `recon-data export`."""
    from recon_data.errors import ReconDataError

    card = Path(path) / CARD
    if not card.is_file():
        return False
    try:
        return is_export_metadata(read_card_metadata(card))
    except ReconDataError:
        # A folder with a broken card is not ours; the caller's other readers report on it.
        return False


def export_paths() -> list[str]:
    """Return every file an export holds, relative to its root, card first."""
    return [
        CARD,
        MANIFEST_COPY,
        *(p for split_files in DATA_FILES.values() for p in split_files.values()),
    ]

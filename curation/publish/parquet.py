"""Deterministic Parquet files for one split, carrying the `datasets` features in their schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datasets

# Pinned so the same rows give the same bytes whatever pyarrow's defaults become; only
# the `created_by` string (the pyarrow version) can still differ between installs.
WRITER_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "row_group_size": 500,
    "data_page_size": 1 << 20,
    "version": "2.6",
    "data_page_version": "1.0",
    "store_schema": True,
    "write_page_index": False,
}


def write_split(dataset: datasets.Dataset, path: Path) -> int:
    """Write one split as Parquet at `path`; return its in-memory Arrow size in bytes."""
    import pyarrow.parquet as pq

    # Slicing through the arrow format honours an indices mapping (after select/shuffle).
    table = dataset.with_format("arrow")[:]
    # `datasets` rebuilds ClassLabel and nested types from this key when it reads the file,
    # so the typed columns survive even where the card's `dataset_info` is ignored.
    metadata = {
        "huggingface": json.dumps(
            {"info": {"features": dataset.features.to_dict()}}, sort_keys=True
        )
    }
    table = table.replace_schema_metadata(metadata)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, **WRITER_OPTIONS)
    return int(table.nbytes)

"""The corpus manifest: schema version, counts per split and category, sha256 per file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from recon_data.categories import CATEGORY_SLUGS
from recon_data.storage import MANIFEST, PROBLEM_FILES, TRACE_FILES

FORMAT = "recon-data-corpus"


def file_digest(path: Path) -> tuple[str, int]:
    """Return (sha256 hex, size in bytes) of a file, read in chunks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def count_block(categories: list[str]) -> dict[str, Any]:
    """Return `{"total": N, "by_category": {slug: n}}` with every slug present, in table order."""
    by = dict.fromkeys(CATEGORY_SLUGS, 0)
    for c in categories:
        by[c] = by.get(c, 0) + 1
    return {"total": len(categories), "by_category": by}


def build_manifest(
    root: Path,
    *,
    schema_version: str,
    counts: dict[str, Any],
    records: dict[str, int],
    source: dict[str, Any],
    builder: str,
) -> dict[str, Any]:
    """Assemble the manifest for the corpus files already written under `root`."""
    files = {}
    for rel in [*PROBLEM_FILES.values(), *TRACE_FILES.values()]:
        digest, size = file_digest(root / rel)
        files[rel.as_posix()] = {
            "sha256": digest,
            "bytes": size,
            "records": records[rel.as_posix()],
        }
    return {
        "format": FORMAT,
        "schema_version": schema_version,
        "builder": builder,
        "source": source,
        "files": files,
        "counts": counts,
    }


def write_manifest(root: Path, manifest: dict[str, Any]) -> None:
    """Write manifest.json (sorted keys, 2-space indent, trailing newline) into `root`."""
    (root / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def read_manifest(root: Path) -> dict[str, Any]:
    """Load manifest.json from a corpus folder (raises ValueError / OSError)."""
    data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("manifest must be a JSON object")
    return data

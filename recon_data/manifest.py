"""The corpus manifest: schema version, counts per split and category, sha256 per file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from recon_data.categories import CATEGORY_SLUGS, PAPER_SLUGS
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
    """Return `{"total": N, "by_category": {slug: n}}`, in table order.

    Every paper category is listed (0 when absent); a generated-only category only when the
    records have it, so a release manifest reads exactly as it did before those existed.
    """
    by = dict.fromkeys(PAPER_SLUGS, 0)
    for c in categories:
        by[c] = by.get(c, 0) + 1
    order = {slug: i for i, slug in enumerate(CATEGORY_SLUGS)}
    return {
        "total": len(categories),
        "by_category": dict(sorted(by.items(), key=lambda kv: order.get(kv[0], len(order)))),
    }


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


def corpus_counts(
    problems: dict[str, list[dict[str, Any]]], traces: list[dict[str, Any]]
) -> dict[str, Any]:
    """Return the manifest's `counts` block for problem records by split and trace records."""
    counts: dict[str, Any] = {
        "problems": {s: count_block([r["category"] for r in recs]) for s, recs in problems.items()},
        "cot": {"train": count_block([t["category"] for t in traces if t.get("category")])},
    }
    counts["cot"]["train"]["matched"] = sum(1 for t in traces if t.get("problem_id") is not None)
    return counts


def write_corpus(
    out: Path,
    problems: dict[str, list[dict[str, Any]]],
    traces: list[dict[str, Any]],
    *,
    source: dict[str, Any],
    builder: str,
    force: bool = False,
    verbatim: dict[str, Path] | None = None,
    manifest_extra: dict[str, Any] | None = None,
    side_files: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Write a corpus folder atomically (JSON Lines per split, then the manifest); return its counts.

    `verbatim` maps a problem split to a file whose bytes are copied instead of re-serialising
    that split's records (which must be the file's records), so an untouched split stays identical.
    `manifest_extra` adds top-level manifest keys; `side_files` (name -> text) are written
    beside the manifest, outside its checksummed `files` (a report about the corpus, not data).
    """
    import shutil

    from recon_data.schema_version import SCHEMA_VERSION
    from recon_data.storage import atomic_dir, write_jsonl

    counts = corpus_counts(problems, traces)
    with atomic_dir(out, force=force) as tmp:
        records = {}
        for split, recs in problems.items():
            if verbatim and split in verbatim:
                (tmp / PROBLEM_FILES[split]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(verbatim[split], tmp / PROBLEM_FILES[split])
            else:
                write_jsonl(tmp / PROBLEM_FILES[split], recs)
            records[PROBLEM_FILES[split].as_posix()] = len(recs)
        write_jsonl(tmp / TRACE_FILES["train"], traces)
        records[TRACE_FILES["train"].as_posix()] = len(traces)
        manifest = build_manifest(
            tmp,
            schema_version=SCHEMA_VERSION,
            counts=counts,
            records=records,
            source=source,
            builder=builder,
        )
        manifest.update(manifest_extra or {})
        write_manifest(tmp, manifest)
        for name, text in (side_files or {}).items():
            (tmp / name).write_text(text, encoding="utf-8")
    return counts


def verify_files(root: Path) -> None:
    """Raise ReconDataError when a record file no longer matches the manifest's sha256."""
    from recon_data.errors import ReconDataError

    try:
        listed = read_manifest(root).get("files")
    except (OSError, ValueError) as exc:
        raise ReconDataError(f"unreadable manifest: {exc}", file=str(root / MANIFEST)) from None
    if not isinstance(listed, dict):
        raise ReconDataError("the manifest lists no files", file=str(root / MANIFEST))
    for rel, info in sorted(listed.items()):
        path = root / rel
        expected = info.get("sha256") if isinstance(info, dict) else None
        if not path.is_file():
            raise ReconDataError("listed in the manifest but missing", file=str(path))
        if file_digest(path)[0] != expected:
            raise ReconDataError(
                "changed since the manifest was written (sha256 differs); rebuild the corpus "
                "or run `recon-data validate` on it",
                file=str(path),
            )

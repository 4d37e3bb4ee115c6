"""Load an exported dataset back: `datasets` for a DatasetDict, or a verified JSONL corpus folder."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.errors import ReconDataError
from recon_data.hub.layout import DATA_FILES, MANIFEST_COPY, export_paths
from recon_data.storage import read_json_file

if TYPE_CHECKING:
    import datasets


def read_export_manifest(folder: Path) -> dict[str, Any]:
    """Return the corpus manifest embedded in an export."""
    path = folder / MANIFEST_COPY
    data = read_json_file(path, "embedded manifest")
    if not isinstance(data, dict) or not isinstance(data.get("counts"), dict):
        raise ReconDataError(
            "the embedded manifest has no `counts`", file=str(path), field="counts"
        )
    return data


def export_digest(folder: Path) -> str:
    """Return a sha256 over the card, the embedded manifest and the Parquet files of an export."""
    from recon_data.manifest import file_digest

    digest = hashlib.sha256()
    for rel in export_paths():
        path = folder / rel
        if not path.is_file():
            raise ReconDataError(f"the export is missing {rel}", file=str(folder))
        digest.update(f"{rel}\x1f{file_digest(path)[0]}\x1e".encode())
    return digest.hexdigest()


def load_export(folder: Path | str, config: str) -> datasets.DatasetDict:
    """Load one config of an export folder with `datasets`, typed, and check its row counts."""
    import datasets

    from recon_data.cache import cache_home
    from recon_data.features import problem_features, trace_features

    folder = Path(folder)
    if config not in DATA_FILES:
        raise ReconDataError(f"unknown config {config!r}; expected one of {', '.join(DATA_FILES)}")
    features = problem_features() if config == "problems" else trace_features()
    # `datasets` keys its cache of a local folder on file mtimes, which can miss a rewrite
    # within the clock's resolution; keying our cache folder on content cannot go stale.
    cache_dir = cache_home() / "datasets" / export_digest(folder)[:16]
    expected = _expected_rows(read_export_manifest(folder), config)
    # `datasets` cannot read a split of zero rows (a generated corpus has no traces, recon-fresh
    # no train split): read only the splits that hold rows, and make the empty ones here.
    empty = {split for split, rows in expected.items() if rows == 0}
    loaded: dict[str, Any] = {
        split: datasets.Dataset.from_dict(
            {name: [] for name in features}, features=features, split=split
        )
        for split in empty
    }
    if len(empty) < len(expected):
        files = None
        if empty:
            files = {s: p for s, p in DATA_FILES[config].items() if s not in empty}
        try:
            loaded.update(
                datasets.load_dataset(
                    str(folder),
                    config,
                    features=features,
                    cache_dir=str(cache_dir),
                    data_files=files,
                )
            )
        except Exception as exc:  # datasets raises many types for a malformed folder or card
            reason = " ".join(str(exc).split())[:300]
            raise ReconDataError(
                f"cannot load the exported dataset: {type(exc).__name__}: {reason}",
                file=str(folder),
            ) from None
    for split, rows in expected.items():
        if split not in loaded:
            raise ReconDataError(f"config {config!r} has no {split!r} split", file=str(folder))
        if loaded[split].num_rows != rows:
            raise ReconDataError(
                f"config {config!r} split {split!r} has {loaded[split].num_rows} rows; its manifest says {rows}",
                file=str(folder),
            )
    return datasets.DatasetDict({split: loaded[split] for split in DATA_FILES[config]})


def _expected_rows(manifest: dict[str, Any], config: str) -> dict[str, int]:
    try:
        return {
            split: int(manifest["counts"][config][split]["total"]) for split in DATA_FILES[config]
        }
    except (KeyError, TypeError, ValueError):
        raise ReconDataError(
            f"the embedded manifest has no counts for {config!r}", file=MANIFEST_COPY
        ) from None


def materialise_export(folder: Path | str) -> Path:
    """Return a cached JSONL corpus folder rebuilt from an export, verified against its manifest."""
    from recon_data.cache import cache_home
    from recon_data.manifest import file_digest
    from recon_data.schema import Problem, Trace
    from recon_data.storage import MANIFEST, PROBLEM_FILES, TRACE_FILES, atomic_dir, write_jsonl

    folder = Path(folder)
    manifest = read_export_manifest(folder)
    manifest_bytes = (folder / MANIFEST_COPY).read_bytes()
    target = cache_home() / f"export-{export_digest(folder)[:16]}"
    if (target / MANIFEST).is_file():
        return target
    problems = load_export(folder, "problems")
    traces = load_export(folder, "cot")
    with atomic_dir(target, force=True) as tmp:
        for split, rel in PROBLEM_FILES.items():
            write_jsonl(tmp / rel, _records(problems[split], Problem, folder))
        write_jsonl(tmp / TRACE_FILES["train"], _records(traces["train"], Trace, folder))
        files = manifest.get("files")
        listed: dict[str, Any] = files if isinstance(files, dict) else {}
        for rel in [*PROBLEM_FILES.values(), *TRACE_FILES.values()]:
            info = listed.get(rel.as_posix())
            if not isinstance(info, dict) or file_digest(tmp / rel)[0] != info.get("sha256"):
                raise ReconDataError(
                    f"the records of {rel.as_posix()} do not match the embedded manifest's sha256; "
                    "the export was changed after it was written",
                    file=str(folder),
                )
        (tmp / MANIFEST).write_bytes(manifest_bytes)
    return target


def _records(ds: datasets.Dataset, model: Any, folder: Path) -> list[dict[str, Any]]:
    from pydantic import ValidationError

    names = ds.features["category"]
    out = []
    for row in ds:
        if row["category"] is not None:
            row["category"] = names.int2str(row["category"])
        if "generation" in row:
            row["generation"] = _generation(row, folder)
        try:
            record = model.model_validate(row).model_dump(mode="json")
        except ValidationError as exc:
            err = exc.errors()[0]
            # Cross-field rules report no location; RuleError names the field instead.
            field = ".".join(str(p) for p in err["loc"]) or getattr(
                err.get("ctx", {}).get("error"), "field", None
            )
            raise ReconDataError(
                err["msg"], file=str(folder), record=str(row.get("id")), field=field
            ) from None
        # The corpus writes `release_answer` only where the canonical gold differs from the release.
        if record["provenance"].get("release_answer") is None:
            record["provenance"].pop("release_answer", None)
        # Schema 1.1: release records carry no generation block at all.
        if "generation" in record and record["generation"] is None:
            del record["generation"]
        out.append(record)
    return out


def _generation(row: dict[str, Any], folder: Path) -> Any:
    """Parse the JSON string column `generation` of a problem row back into its block."""
    import json

    text = row["generation"]
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        raise ReconDataError(
            "the generation column is not a JSON object",
            file=str(folder),
            record=str(row.get("id")),
            field="generation",
        ) from None

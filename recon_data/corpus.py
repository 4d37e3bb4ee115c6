"""Loading the corpus as `datasets.DatasetDict` with typed features, and the cached default build."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.categories import CATEGORY_SLUGS
from recon_data.errors import ReconDataError
from recon_data.storage import MANIFEST, read_problems, read_traces

if TYPE_CHECKING:
    import datasets

CONFIGS = ("problems", "cot")


def problem_features() -> datasets.Features:
    """Return the `datasets` features of a problem row (category is a ClassLabel)."""
    from datasets import ClassLabel, Features, List, Value

    return Features(
        {
            "id": Value("string"),
            "split": Value("string"),
            "category": ClassLabel(names=list(CATEGORY_SLUGS)),
            "source": Value("string"),
            "answer_kind": Value("string"),
            "question": Value("string"),
            "options": List(Value("string")),
            "answer": Value("string"),
            "prompt": List({"role": Value("string"), "content": Value("string")}),
            "provenance": {
                "file": Value("string"),
                "row": Value("int64"),
                "release_answer": Value("string"),
            },
        }
    )


def trace_features() -> datasets.Features:
    """Return the `datasets` features of a CoT trace row."""
    from datasets import ClassLabel, Features, Value

    return Features(
        {
            "id": Value("string"),
            "problem_id": Value("string"),
            "category": ClassLabel(names=list(CATEGORY_SLUGS)),
            "prompt": Value("string"),
            "response": Value("string"),
            "answer": Value("string"),
            "provenance": {
                "file": Value("string"),
                "row": Value("int64"),
                "release_answer": Value("string"),
            },
        }
    )


def load_corpus(path: str | Path | None = None, config: str = "problems") -> datasets.DatasetDict:
    """Load the corpus as a DatasetDict: `problems` (train, eval) or `cot` (train).

    `path` is a corpus folder, a folder or Hub id written by `recon-data export`/`push`
    (read with `datasets.load_dataset`), a raw release folder or Hub id such as
    `MasterZhou/Recon` (built once and cached), or None for the default release.
    """
    if config not in CONFIGS:
        raise ReconDataError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
    export = find_export(path)
    if export is not None:
        from recon_data.hub.load import load_export

        return load_export(export, config)
    root = _corpus_or_build(path)
    from datasets import Dataset, DatasetDict

    if config == "problems":
        problems = read_problems(root)
        features = problem_features()
        return DatasetDict(
            {
                split: Dataset.from_list(
                    [_row(p) for p in problems if p.split == split], features=features, split=split
                )
                for split in ("train", "eval")
            }
        )
    traces = read_traces(root)
    rows = [_row(t) for t in traces]
    return DatasetDict({"train": Dataset.from_list(rows, features=trace_features(), split="train")})


def _row(record: Any) -> dict[str, Any]:
    row = record.model_dump(mode="json")
    row["provenance"].setdefault("release_answer", None)
    return row


def resolve_corpus(path: str | Path | None) -> Path:
    """Return a corpus folder for a corpus path, an export (folder or Hub id), a release, or the default."""
    export = find_export(path)
    if export is not None:
        from recon_data.hub.load import materialise_export

        return materialise_export(export)
    return _corpus_or_build(path)


def _corpus_or_build(path: str | Path | None) -> Path:
    # Everything that is not an export: a corpus folder as is, else a cached build of a release.
    if path is None:
        return default_corpus_dir()
    p = Path(path)
    if p.is_dir() and (p / MANIFEST).is_file():
        return p
    return cached_build(str(path))


def find_export(path: str | Path | None) -> Path | None:
    """Return the local folder of the `recon-data export` that `path` names (Hub ids are fetched), else None."""
    if path is None:
        return None
    p = Path(path)
    if p.is_dir() and (p / MANIFEST).is_file():
        return None
    from recon_data.hub.fetch import locate_export

    return locate_export(path)


def cache_home() -> Path:
    """Return the folder holding cached builds (`RECON_DATA_HOME`, else ~/.cache/recon_data)."""
    env = os.environ.get("RECON_DATA_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "recon_data"


def default_source() -> str:
    """Return the release source used by default: `RECON_DATA_SOURCE`, else the Hub dataset."""
    from recon_data.curation.release import DEFAULT_SOURCE

    return os.environ.get("RECON_DATA_SOURCE") or DEFAULT_SOURCE


def default_corpus_dir() -> Path:
    """Return the cached build of the default source, building it on first use."""
    return cached_build(default_source())


def cached_build(source: str) -> Path:
    """Return the cached corpus built from `source` (a release folder or Hub id), building if needed."""
    from recon_data import __version__
    from recon_data.manifest import file_digest
    from recon_data.schema import SCHEMA_VERSION

    src = Path(source)
    ident = source
    if src.is_dir():
        # Key a local release by its bytes, so an edited release is rebuilt, not served stale.
        digests = [file_digest(f)[0] for f in sorted(src.rglob("*")) if f.is_file()]
        ident = "\x1f".join([str(src.resolve()), *digests])
    key = hashlib.sha256(f"{ident}\x1f{SCHEMA_VERSION}\x1f{__version__}".encode()).hexdigest()[:16]
    target = cache_home() / f"corpus-{key}"
    if (target / MANIFEST).is_file():
        return target
    from recon_data.curation.build import build_corpus

    build_corpus(target, source, force=True)
    return target

"""Opening corpora that exist: a corpus folder, an export (folder or Hub id), or a cached build.

Building a raw release is curation's job (`recon_data.curation.resolve`); the core only opens
what is already a corpus, so the verifiers can read one without depending on the builder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.cache import cache_home, cached_build_dir, default_source
from recon_data.errors import ReconDataError
from recon_data.features import problem_features, trace_features
from recon_data.storage import MANIFEST, read_problems, read_traces

if TYPE_CHECKING:
    import datasets

CONFIGS = ("problems", "cot")

__all__ = [
    "CONFIGS",
    "cache_home",
    "default_source",
    "default_target",
    "find_export",
    "load_corpus_folder",
    "open_corpus",
    "problem_features",
    "trace_features",
]


# The folder `bash scripts/setup.sh` (the quick start) builds, relative to where commands run.
QUICKSTART_CORPUS = Path("corpus")


def default_target() -> Path | None:
    """Return the corpus a command uses when none is named: `./corpus` if it is one, else None.

    `RECON_DATA_SOURCE` wins when set, so a configured source is never shadowed by the folder.
    """
    if not os.environ.get("RECON_DATA_SOURCE") and is_corpus_dir(QUICKSTART_CORPUS):
        return QUICKSTART_CORPUS.resolve()
    return None


def is_corpus_dir(path: str | Path) -> bool:
    """Tell whether `path` is a JSONL corpus folder (it holds a manifest)."""
    p = Path(path)
    return p.is_dir() and (p / MANIFEST).is_file()


def find_export(path: str | Path | None) -> Path | None:
    """Return the local folder of the `recon-data export` that `path` names (Hub ids are fetched), else None."""
    if path is None or is_corpus_dir(path):
        return None
    from recon_data.hub.fetch import locate_export

    return locate_export(path)


def open_corpus(path: str | Path | None, build: Callable[[str], Path] | None = None) -> Path:
    """Return the corpus folder for a corpus folder, an export, or an already cached release build.

    Anything else is a raw release: `build` (curation's cached builder, passed in by
    `recon_data.curation.resolve.resolve_corpus`) turns it into a corpus; without one, a
    release that was never built is refused with the call that builds it.
    """
    if path is None:
        path = default_target()
    if path is not None and is_corpus_dir(path):
        return Path(path)
    export = find_export(path)
    if export is not None:
        from recon_data.hub.load import materialise_export

        return materialise_export(export)
    source = default_source() if path is None else str(path)
    if build is not None:
        return build(source)
    cached = cached_build_dir(source)
    if is_corpus_dir(cached):
        return cached
    raise ReconDataError(
        f"{source!r} is not a corpus folder or an export, and no build of it is cached; "
        "build it first (`recon-data build --source SOURCE --out DIR`) or open it with "
        "recon_data.load_corpus, which builds releases"
    )


def load_corpus_folder(root: str | Path, config: str = "problems") -> datasets.DatasetDict:
    """Load one config of a JSONL corpus folder as a typed DatasetDict."""
    if config not in CONFIGS:
        raise ReconDataError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
    from datasets import DatasetDict

    if config == "problems":
        problems = read_problems(root)
        features = problem_features()
        return DatasetDict(
            {
                split: _dataset(
                    [problem_row(p) for p in problems if p.split == split], features, split
                )
                for split in ("train", "eval")
            }
        )
    traces = read_traces(root)
    rows = [_row(t) for t in traces]
    return DatasetDict({"train": _dataset(rows, trace_features(), "train")})


def _dataset(rows: list[dict[str, Any]], features: Any, split: str) -> datasets.Dataset:
    from datasets import Dataset

    if not rows:  # from_list cannot infer columns from no rows (an eval-only corpus's train)
        return Dataset.from_dict({name: [] for name in features}, features=features, split=split)
    return Dataset.from_list(rows, features=features, split=split)


def problem_row(problem: Any) -> dict[str, Any]:
    """Return a `Problem` as a row of `problem_features()` (generation as a JSON string or None)."""
    from recon_data.storage import dumps_record

    row = _row(problem)
    generation = row.get("generation")
    row["generation"] = None if generation is None else dumps_record(generation)
    return row


def _row(record: Any) -> dict[str, Any]:
    row = record.model_dump(mode="json")
    row["provenance"].setdefault("release_answer", None)
    return row

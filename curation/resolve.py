"""The one corpus resolver: any corpus argument becomes a local corpus folder.

An argument is a corpus folder, an export folder or Hub id written by `recon-data export`,
a raw release folder or Hub id (built once into the cache), or None for the default: the
source named by `RECON_DATA_SOURCE`, else the `./corpus` folder the quick start builds, else
the Hub release. Every command and API call that takes a corpus goes through `resolve_corpus`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from recon_data.cache import cached_build_dir, default_source
from recon_data.corpus import (
    CONFIGS,
    default_target,
    find_export,
    is_corpus_dir,
    load_corpus_folder,
    open_corpus,
)
from recon_data.errors import ReconDataError
from recon_data.storage import MANIFEST

if TYPE_CHECKING:
    import datasets


def resolve_corpus(path: str | Path | None) -> Path:
    """Return a corpus folder for a corpus path, an export (folder or Hub id), a release, or the default."""
    return open_corpus(path, build=cached_build)


def load_corpus(path: str | Path | None = None, config: str = "problems") -> datasets.DatasetDict:
    """Load the corpus as a DatasetDict: `problems` (train, eval) or `cot` (train).

    `path` is a corpus folder, a folder or Hub id written by `recon-data export`/`push`
    (read with `datasets.load_dataset`), a raw release folder or Hub id such as
    `MasterZhou/Recon` (built once and cached), or None for the default release.
    """
    if config not in CONFIGS:
        raise ReconDataError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
    if path is None:
        path = default_target()
    if path is None or not is_corpus_dir(path):
        export = find_export(path)
        if export is not None:
            from recon_data.hub.load import load_export

            return load_export(export, config)
    return load_corpus_folder(resolve_corpus(path), config)


def default_corpus_dir() -> Path:
    """Return the cached build of the default source, building it on first use."""
    return cached_build(default_source())


def cached_build(source: str) -> Path:
    """Return the cached corpus built from `source` (a release folder or Hub id), building if needed."""
    target = cached_build_dir(source)
    if (target / MANIFEST).is_file():
        return target
    from recon_data.curation.build import build_corpus

    build_corpus(target, source, force=True)
    return target

"""Where cached corpora live, and the cache key of a release source."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# The Hub dataset of the Recon release: the default source when nothing else is named.
DEFAULT_SOURCE = "MasterZhou/Recon"


def cache_home() -> Path:
    """Return the folder holding cached builds (`RECON_DATA_HOME`, else ~/.cache/recon_data)."""
    env = os.environ.get("RECON_DATA_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "recon_data"


def default_source() -> str:
    """Return the release source used by default: `RECON_DATA_SOURCE`, else the Hub dataset."""
    return os.environ.get("RECON_DATA_SOURCE") or DEFAULT_SOURCE


def cached_build_dir(source: str) -> Path:
    """Return the folder where the build of `source` (a release folder or Hub id) is cached."""
    from recon_data import __version__
    from recon_data.manifest import file_digest
    from recon_data.schema_version import SCHEMA_VERSION

    src = Path(source)
    ident = source
    if src.is_dir():
        # Key a local release by its bytes, so an edited release is rebuilt, not served stale.
        digests = [file_digest(f)[0] for f in sorted(src.rglob("*")) if f.is_file()]
        ident = "\x1f".join([str(src.resolve()), *digests])
    key = hashlib.sha256(f"{ident}\x1f{SCHEMA_VERSION}\x1f{__version__}".encode()).hexdigest()[:16]
    return cache_home() / f"corpus-{key}"

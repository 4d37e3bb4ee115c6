"""recon-data: the Recon economic-reasoning corpus as a typed, validated, versioned package.

Heavy modules (pydantic models, datasets) load on first use so `import recon_data` stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Problem": "recon_data.schema",
    "Trace": "recon_data.schema",
    "SCHEMA_VERSION": "recon_data.schema",
    "load_corpus": "recon_data.corpus",
    "build_corpus": "recon_data.curation.build",
    "validate_path": "recon_data.validate",
    "corpus_stats": "recon_data.stats",
    "CATEGORIES": "recon_data.categories",
    "CATEGORY_SLUGS": "recon_data.categories",
    "ReconDataError": "recon_data.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'recon_data' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

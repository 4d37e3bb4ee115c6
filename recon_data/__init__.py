"""recon-data: the Recon economic-reasoning corpus as a typed, validated, versioned package.

Heavy modules (pydantic models, datasets) load on first use so `import recon_data` stays fast.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

__version__ = "0.1.0"

_LAZY = {
    "Problem": "recon_data.schema",
    "Trace": "recon_data.schema",
    "SCHEMA_VERSION": "recon_data.schema",
    "load_corpus": "recon_data.curation.resolve",
    "build_corpus": "recon_data.curation.build",
    "validate_path": "recon_data.validate",
    "corpus_stats": "recon_data.stats",
    "CATEGORIES": "recon_data.categories",
    "CATEGORY_SLUGS": "recon_data.categories",
    "ReconDataError": "recon_data.errors",
}

__all__ = ["__version__", *_LAZY]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

"""recon-data: the Recon economic-reasoning corpus as a typed, validated, versioned package.

Heavy modules (pydantic models, datasets) load on first use so `import recon_data` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

__version__ = "0.1.0"

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.categories import CATEGORIES as CATEGORIES
    from recon_data.categories import CATEGORY_SLUGS as CATEGORY_SLUGS
    from recon_data.curation.build import build_corpus as build_corpus
    from recon_data.curation.resolve import load_corpus as load_corpus
    from recon_data.errors import ReconDataError as ReconDataError
    from recon_data.schema import Problem as Problem
    from recon_data.schema import Trace as Trace
    from recon_data.schema_version import SCHEMA_VERSION as SCHEMA_VERSION
    from recon_data.stats import corpus_stats as corpus_stats
    from recon_data.validate import validate_path as validate_path

_LAZY = {
    "Problem": "recon_data.schema",
    "Trace": "recon_data.schema",
    "SCHEMA_VERSION": "recon_data.schema_version",
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

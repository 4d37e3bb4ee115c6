"""The cleaned corpus: options permuted, wrong golds corrected or dropped, dups and leaks removed."""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_LAZY = {
    "clean_corpus": "recon_data.curation.clean.run",
    "CleanResult": "recon_data.curation.clean.run",
    "read_changes": "recon_data.curation.clean.run",
    "comparison": "recon_data.curation.clean.baselines",
    "permutation": "recon_data.curation.clean.permute",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

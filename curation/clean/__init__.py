"""The cleaned corpus: options permuted, wrong golds corrected or dropped, dups and leaks removed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.clean.baselines import comparison as comparison
    from recon_data.curation.clean.permute import permutation as permutation
    from recon_data.curation.clean.run import CleanResult as CleanResult
    from recon_data.curation.clean.run import clean_corpus as clean_corpus
    from recon_data.curation.clean.run import read_changes as read_changes

_LAZY = {
    "clean_corpus": "recon_data.curation.clean.run",
    "CleanResult": "recon_data.curation.clean.run",
    "read_changes": "recon_data.curation.clean.run",
    "comparison": "recon_data.curation.clean.baselines",
    "permutation": "recon_data.curation.clean.permute",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

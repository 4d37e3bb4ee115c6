"""Raw release -> corpus: parsing, classifying, decontamination. Heavy parts load on first use."""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_LAZY = {"decontaminate": "recon_data.curation.decontam"}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

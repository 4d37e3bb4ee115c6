"""Game environments for measuring strategic play: the Hua et al. games and generated ones.

Core layer: no torch or transformers. Names load lazily from their modules.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_M = "recon_data.games."
_LAZY: dict[str, str] = {}

__all__ = list(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

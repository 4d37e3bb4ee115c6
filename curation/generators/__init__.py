"""Procedural generators of fresh problems with exact golds from `recon_data.gametheory`.

One module per family; `registry` holds `create(name, **config)`, `list()` and weighted
mixtures; `corpus` writes a generated corpus folder (with the decontamination scan against
the release); `fresh` builds the fixed held-out set `recon-fresh`; `rg_adapter` exposes the
generators through reasoning-gym's dataset interface when reasoning-gym is installed.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_R = "recon_data.curation.generators.registry"
_LAZY = {
    "create": _R,
    "list": _R,
    "mixture": _R,
    "Mixture": _R,
    "GENERATORS": _R,
    "NEW_FAMILIES": _R,
    "generator_class": _R,
    "Generator": "recon_data.curation.generators.base",
    "Config": "recon_data.curation.generators.base",
    "Sample": "recon_data.curation.generators.base",
    "DIFFICULTIES": "recon_data.curation.generators.base",
    "generate_corpus": "recon_data.curation.generators.corpus",
    "GenerateReport": "recon_data.curation.generators.corpus",
    "build_fresh": "recon_data.curation.generators.fresh",
    "FRESH_VERSION": "recon_data.curation.generators.fresh",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

"""Procedural generators of fresh problems with exact golds from `recon_data.gametheory`.

One module per family; `registry` holds `create(name, **config)`, `list()` and weighted
mixtures; `corpus` writes a generated corpus folder (with the decontamination scan against
the release); `fresh` builds the fixed held-out set `recon-fresh`; `rg_adapter` exposes the
generators through reasoning-gym's dataset interface when reasoning-gym is installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.generators.base import DIFFICULTIES as DIFFICULTIES
    from recon_data.curation.generators.base import Generator as Generator
    from recon_data.curation.generators.base import GeneratorConfig as GeneratorConfig
    from recon_data.curation.generators.base import Sample as Sample
    from recon_data.curation.generators.corpus import GenerateReport as GenerateReport
    from recon_data.curation.generators.corpus import generate_corpus as generate_corpus
    from recon_data.curation.generators.fresh import FRESH_VERSION as FRESH_VERSION
    from recon_data.curation.generators.fresh import build_fresh as build_fresh
    from recon_data.curation.generators.registry import GENERATORS as GENERATORS
    from recon_data.curation.generators.registry import NEW_FAMILIES as NEW_FAMILIES
    from recon_data.curation.generators.registry import Mixture as Mixture
    from recon_data.curation.generators.registry import create as create
    from recon_data.curation.generators.registry import generator_class as generator_class
    from recon_data.curation.generators.registry import list as list
    from recon_data.curation.generators.registry import mixture as mixture

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
    "GeneratorConfig": "recon_data.curation.generators.base",
    "Sample": "recon_data.curation.generators.base",
    "DIFFICULTIES": "recon_data.curation.generators.base",
    "generate_corpus": "recon_data.curation.generators.corpus",
    "GenerateReport": "recon_data.curation.generators.corpus",
    "build_fresh": "recon_data.curation.generators.fresh",
    "FRESH_VERSION": "recon_data.curation.generators.fresh",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

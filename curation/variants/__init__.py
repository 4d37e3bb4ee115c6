"""Invariance suites: variants of an item, proven equivalent, told differently.

One module per transform (`relabel`, `permute`, `rescale`, `restory`, `anonymize`), one
per family of instances they edit (`matrix`, `ballots`, `bayes`, `tree`, `stage`,
`choice`), `solve` for the gold of a variant and its checks, `driver` for the corpus
folder, `suite` for the fixed held-out invariance suite. docs/variants.md explains each
transform and why it keeps the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.variants.base import TRANSFORM_NAMES as TRANSFORM_NAMES
    from recon_data.curation.variants.driver import VariantReport as VariantReport
    from recon_data.curation.variants.driver import make_variants as make_variants
    from recon_data.curation.variants.registry import support as support

_LAZY = {
    "TRANSFORM_NAMES": "recon_data.curation.variants.base",
    "make_variants": "recon_data.curation.variants.driver",
    "VariantReport": "recon_data.curation.variants.driver",
    "support": "recon_data.curation.variants.registry",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

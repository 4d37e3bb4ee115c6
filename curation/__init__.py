"""Raw release -> corpus: parsing, classifying, decontamination. Heavy parts load on first use."""

from __future__ import annotations

if __name__ != "recon_data.curation":
    # Imported as a bare top-level name from the checkout's root: hand the name back.
    from recon_data._shadow import step_aside

    step_aside(__name__, __file__)

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.curation.decontam import decontaminate as decontaminate

_LAZY = {"decontaminate": "recon_data.curation.decontam"}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

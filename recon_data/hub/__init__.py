"""Reading what the Hub holds: exported datasets (local folders or Hub ids) and their layout.

Publishing (export, dataset card, push) builds on curation's findings and lives in
`recon_data.curation.publish`. Submodules import `datasets` and `huggingface_hub` inside
their functions, so importing this package stays as cheap as `import recon_data`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.hub.layout import is_export_dir as is_export_dir
    from recon_data.hub.load import load_export as load_export

_LAZY = {
    "load_export": "recon_data.hub.load",
    "is_export_dir": "recon_data.hub.layout",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

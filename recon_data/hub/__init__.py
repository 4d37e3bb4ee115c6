"""Reading what the Hub holds: exported datasets (local folders or Hub ids) and their layout.

Publishing (export, dataset card, push) builds on curation's findings and lives in
`recon_data.curation.publish`. Submodules import `datasets` and `huggingface_hub` inside
their functions, so importing this package stays as cheap as `import recon_data`.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_LAZY = {
    "load_export": "recon_data.hub.load",
    "is_export_dir": "recon_data.hub.layout",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

"""Publishing the corpus to the Hugging Face Hub: Parquet export, dataset card, push, and loading back.

Submodules import `datasets`, `pyarrow` and `huggingface_hub` inside their functions, so
importing this package stays as cheap as `import recon_data`.
"""

from __future__ import annotations

from recon_data._lazy import lazy_exports

_LAZY = {
    "export_corpus": "recon_data.hub.export",
    "ExportReport": "recon_data.hub.export",
    "push_corpus": "recon_data.hub.push",
    "PushReport": "recon_data.hub.push",
    "render_card": "recon_data.hub.card",
    "load_export": "recon_data.hub.load",
    "is_export_dir": "recon_data.hub.layout",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

"""Publishing the corpus to the Hugging Face Hub: Parquet export, dataset card, push, and loading back.

Submodules import `datasets`, `pyarrow` and `huggingface_hub` inside their functions, so
importing this package stays as cheap as `import recon_data`.
"""

from __future__ import annotations

from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'recon_data.hub' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

"""Raw release -> corpus: parsing, classifying, decontamination. Heavy parts load on first use."""

from __future__ import annotations

from typing import Any

_LAZY = {"decontaminate": "recon_data.curation.decontam"}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'recon_data.curation' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

"""Raw release -> corpus: parsing, classifying, decontamination. Heavy parts load on first use."""

from __future__ import annotations

if __name__ != "recon_data.curation":
    # Run from a checkout's root, this folder is on sys.path as a top-level `curation` and would
    # shadow any installed package of that name (PyPI has a `verifiers`). Step aside: load what
    # the name means without the checkout's root on the path, or fail exactly as if this folder
    # were not there. (A module may replace itself in sys.modules while it is imported.)
    def _step_aside(name: str, here: str) -> None:
        import importlib.util
        import os
        import sys

        root = os.path.dirname(os.path.dirname(os.path.abspath(here)))
        del sys.modules[name]
        saved = sys.path[:]
        sys.path[:] = [p for p in saved if os.path.abspath(p or os.curdir) != root]
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.path[:] = saved
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise

    _step_aside(__name__, __file__)

from recon_data._lazy import lazy_exports

_LAZY = {"decontaminate": "recon_data.curation.decontam"}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

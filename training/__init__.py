"""Thin TRL trainers that rebuild the Recon models, and the evaluation harness.

Importing this package is cheap: torch, transformers, trl, peft, vllm and datasets load
inside the functions that need them.
"""

from __future__ import annotations

if __name__ != "recon_data.training":
    # Run from a checkout's root, this folder is on sys.path as a top-level `training` and would
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

_LAZY = {
    "load_recipe": "recon_data.training.recipes",
    "list_recipes": "recon_data.training.recipes",
    "parse_overrides": "recon_data.training.recipes",
    "Recipe": "recon_data.training.recipes",
    "ReconArguments": "recon_data.training.recipes",
    "train_sft": "recon_data.training.sft",
    "train_grpo": "recon_data.training.grpo",
    "TrainResult": "recon_data.training.runs",
    "evaluate": "recon_data.training.evaluation",
    "EvalReport": "recon_data.training.evaluation",
    "write_responses": "recon_data.training.evaluation",
    "PAPER_TABLE3": "recon_data.training.evaluation",
    "GenerationConfig": "recon_data.training.backends",
    "save_tiny_model": "recon_data.training.tiny",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

"""Thin TRL trainers that rebuild the Recon models, and the evaluation harness.

Importing this package is cheap: torch, transformers, trl, peft, vllm and datasets load
inside the functions that need them.
"""

from __future__ import annotations

if __name__ != "recon_data.training":
    # Imported as a bare top-level name from the checkout's root: hand the name back.
    from recon_data._shadow import step_aside

    step_aside(__name__, __file__)

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

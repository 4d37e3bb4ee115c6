"""Thin TRL trainers that rebuild the Recon models, and the evaluation harness.

Importing this package is cheap: torch, transformers, trl, peft, vllm and datasets load
inside the functions that need them.
"""

from __future__ import annotations

if __name__ != "recon_data.training":
    # Imported as a bare top-level name from the checkout's root: hand the name back.
    from recon_data._shadow import step_aside

    step_aside(__name__, __file__)

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.training.evaluation import EvalReport as EvalReport
    from recon_data.training.evaluation import evaluate as evaluate
    from recon_data.training.evaluation import write_responses as write_responses
    from recon_data.training.generation import GenerationConfig as GenerationConfig
    from recon_data.training.grpo import train_grpo as train_grpo
    from recon_data.training.recipes import Recipe as Recipe
    from recon_data.training.recipes import ReconArguments as ReconArguments
    from recon_data.training.recipes import list_recipes as list_recipes
    from recon_data.training.recipes import load_recipe as load_recipe
    from recon_data.training.recipes import parse_overrides as parse_overrides
    from recon_data.training.runs import TrainResult as TrainResult
    from recon_data.training.sft import train_sft as train_sft
    from recon_data.training.tiny import save_tiny_model as save_tiny_model

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
    "GenerationConfig": "recon_data.training.generation",
    "save_tiny_model": "recon_data.training.tiny",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

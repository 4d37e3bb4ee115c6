"""Recon-RL: TRL's GRPOTrainer on the train split, rewarded by recon_data.verifiers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.training import checks, data, modelio, runs
from recon_data.training.recipes import Recipe


def reward_functions(names: list[str]) -> list[Callable[..., list[float | None]]]:
    """Look reward functions up in recon_data.verifiers.REWARD_FUNCTIONS, by key or function name."""
    from recon_data.verifiers import REWARD_FUNCTIONS

    # Only the registry: other callables of recon_data.verifiers (grade, grade_batch) do not
    # follow TRL's reward contract and would fail deep inside the trainer.
    known: dict[str, Callable[..., list[float | None]]] = {}
    for key, func in REWARD_FUNCTIONS.items():
        known[key] = func
        known.setdefault(func.__name__, func)
    funcs = []
    for name in names:
        if name not in known:
            choices = ", ".join(f"{f.__name__} (or {k})" for k, f in REWARD_FUNCTIONS.items())
            raise ReconDataError(
                f"unknown reward function {name!r}; choose from {choices}", field="reward_funcs"
            )
        funcs.append(known[name])
    if not funcs:
        raise ReconDataError("GRPO needs at least one reward function", field="reward_funcs")
    return funcs


def drop_long_prompts(
    rows: list[dict[str, Any]], tokenizer: Any, limit: int | None
) -> tuple[list[dict], int]:
    """Leave out prompts whose chat-templated length exceeds `limit` tokens (TRL no longer truncates)."""
    if limit is None:
        return rows, 0
    kept = []
    for row in rows:
        text = tokenizer.apply_chat_template(
            row["prompt"], tokenize=False, add_generation_prompt=True
        )
        if len(tokenizer(text, add_special_tokens=False)["input_ids"]) <= limit:
            kept.append(row)
    return kept, len(rows) - len(kept)


def train_grpo(
    recipe: Recipe, *, resume: bool = False, force: bool = False, console: Any = None
) -> runs.TrainResult:
    """Run GRPO as the recipe says, starting from an SFT output (merged model or adapter)."""
    rewards = reward_functions(recipe.recon.reward_funcs)
    prepared = runs.preflight(recipe, resume=resume, force=force)
    for note in recipe.notes:
        runs.say(console, f"[yellow]note:[/] {note}")
    if "use_vllm" in recipe.values:
        if recipe.args.use_vllm:
            checks.resolve_generation("vllm")
    else:
        recipe.args.use_vllm = checks.resolve_generation(recipe.recon.generation)
    rows = data.grpo_rows(prepared.corpus, split=recipe.recon.split, limit=recipe.recon.train_limit)

    from trl import GRPOTrainer

    tokenizer = modelio.load_tokenizer(prepared.model_ref, padding_side="left")
    rows, dropped = drop_long_prompts(rows, tokenizer, recipe.recon.max_prompt_length)
    if not rows:
        raise ReconDataError(
            f"every prompt is longer than max_prompt_length={recipe.recon.max_prompt_length} tokens",
            field="max_prompt_length",
        )
    generator = "vLLM (colocated)" if recipe.args.use_vllm else "transformers generate"
    runs.say(
        console,
        f"GRPO on {len(rows)} {recipe.recon.split} prompts ({dropped} over max_prompt_length left out), "
        f"{recipe.args.num_generations} completions each via {generator}; loss_type={recipe.args.loss_type} "
        f"beta={recipe.args.beta}",
    )
    return runs.run_trainer(
        GRPOTrainer,
        recipe,
        prepared,
        model=runs.load_policy(recipe, prepared),
        tokenizer=tokenizer,
        rows=rows,
        console=console,
        extra={
            "prompts": len(rows),
            "dropped_long_prompts": dropped,
            "use_vllm": recipe.args.use_vllm,
        },
        reward_funcs=rewards,
    )

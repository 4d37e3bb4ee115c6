"""Self-play GRPO through TRL: `recon-data train selfplay` (recipes `selfplay`, `selfplay-smoke`).

TRL's `GRPOTrainer` runs the objective (clipped ratio, KL to the reference, its loss types,
vLLM weight sync); `SelfPlayRollout` plays the episodes through its `rollout_func` and
returns one sample per learner turn; `selfplay_reward` hands TRL each sample's credit-based
reward and logs the per-role metrics. One change to GRPO: the advantage of each sample is
the self-play credit's (reward minus the role's baseline, discounted, role-weighted:
`selfplay_credit`), not TRL's group-relative one, since the samples of a batch come from
different states (`SelfPlayGRPOTrainer` overrides only that field of the batch).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.training import checks, modelio, runs
from recon_data.training.recipes import Recipe
from recon_data.training.selfplay_args import check_selfplay, parse_opponents
from recon_data.training.selfplay_games import TrainingGame, check_credit, resolve_games
from recon_data.training.selfplay_rollout import SelfPlayRollout, episode_row

SELFPLAY_CORPUS = "games:selfplay"  # no corpus: the episodes are played, not read


def selfplay_reward(
    prompts: Any = None,
    completions: Any = None,
    selfplay_reward: Any = None,
    selfplay_metrics: Any = None,
    log_metric: Any = None,
    **kwargs: Any,
) -> list[float | None]:
    """TRL reward: the credit-based reward the rollout gave each sample; logs the metrics."""
    rewards = list(selfplay_reward or [])
    metrics = (
        selfplay_metrics[0] if isinstance(selfplay_metrics, list) and selfplay_metrics else None
    )
    if callable(log_metric) and isinstance(metrics, dict):
        for name, value in metrics.items():
            log_metric(name, float(value))
    return [None if r is None else float(r) for r in rewards]


@cache
def trainer_class() -> type:
    """`GRPOTrainer` with the self-play credit's advantages (built on first use: TRL is heavy)."""
    import torch
    from trl import GRPOTrainer

    class SelfPlayGRPOTrainer(GRPOTrainer):
        """GRPO whose advantages are the self-play credit's, one per turn sample."""

        def _generate_and_score_completions(self, inputs: list[dict[str, Any]]) -> dict[str, Any]:
            output = super()._generate_and_score_completions(inputs)
            given = output["advantages"]
            # The rollout's extra fields were merged into every input row by TRL.
            mine = [float(row["selfplay_advantage"]) for row in inputs]
            output["advantages"] = torch.tensor(mine, dtype=given.dtype, device=given.device)
            return output

    return SelfPlayGRPOTrainer


def state_file_callback() -> Any:
    """A callback writing trainer_state.json (the log history) into the output folder at the end."""
    from transformers import TrainerCallback

    class StateFile(TrainerCallback):
        def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if state.is_world_process_zero:
                Path(args.output_dir).mkdir(parents=True, exist_ok=True)
                state.save_to_json(str(Path(args.output_dir) / "trainer_state.json"))

    return StateFile()


def dataset_rows(games: list[Any], unique_per_batch: int, seed: int) -> list[dict[str, Any]]:
    """One row per game, repeated until a generation batch can draw its games (TRL drops a
    batch it cannot fill), shuffled with the recipe's seed."""
    import random

    rows = [episode_row(g) for g in games]
    while len(rows) < 4 * unique_per_batch:
        rows += [episode_row(g) for g in games]
    random.Random(f"selfplay-rows:{seed}").shuffle(rows)
    return rows


def _zero3(recipe: Recipe) -> bool:
    import os

    deepspeed = os.environ.get("ACCELERATE_USE_DEEPSPEED", "").lower() in ("1", "true", "yes")
    return deepspeed and os.environ.get("ACCELERATE_DEEPSPEED_ZERO_STAGE", "") == "3"


def train_selfplay(
    recipe: Recipe,
    *,
    resume: bool = False,
    force: bool = False,
    console: Any = None,
    games: list[TrainingGame] | None = None,
) -> runs.TrainResult:
    """Run self-play GRPO as the recipe says (see the module doc); return what it left behind.

    `games` (library use) replaces the recipe's `selfplay_games` with games built in Python.
    """
    options: Any = recipe.recon  # SelfPlayFields joined to ReconArguments (recipes.recon_class)
    check_selfplay({f.name: getattr(options, f.name) for f in dataclasses.fields(options)})
    if games is None:
        games = resolve_games(list(options.selfplay_games), held_out=options.selfplay_held_out)
    if not games:
        raise ReconDataError("no games to play", field="selfplay_games")
    check_credit(games, options.selfplay_credit)
    opponents = parse_opponents(list(options.selfplay_opponents))
    if "frozen" in opponents and _zero3(recipe):
        raise ReconDataError(
            "a frozen opponent generates with whole weights on each process; ZeRO-3 shards "
            "them: use DDP or drop frozen from selfplay_opponents",
            field="selfplay_opponents",
        )
    options.corpus = options.corpus or SELFPLAY_CORPUS
    prepared = runs.preflight(recipe, resume=resume, force=force)
    for note in recipe.notes:
        runs.say(console, f"[yellow]note:[/] {note}")
    if "use_vllm" in recipe.values:
        if recipe.args.use_vllm:
            checks.resolve_generation("vllm")
    else:
        recipe.args.use_vllm = checks.resolve_generation(options.generation)
    if recipe.args.use_vllm and "frozen" in opponents:
        runs.say(console, "[yellow]note:[/] the frozen opponent generates through transformers")
    tokenizer = modelio.load_tokenizer(prepared.model_ref, padding_side="left")
    groups = recipe.args.generation_batch_size // recipe.args.num_generations
    rows = dataset_rows(games, groups, recipe.args.seed)
    rollout = SelfPlayRollout(games, options, recipe.args.seed)
    families = sorted({g.family for g in games})
    generator = "vLLM (colocated)" if recipe.args.use_vllm else "transformers generate"
    runs.say(
        console,
        f"self-play GRPO on {len(games)} games ({', '.join(families)[:120]}), "
        f"{options.selfplay_credit} credit, opponents "
        f"{', '.join(f'{k}:{v:g}' for k, v in opponents.items())}, role balance "
        f"{options.selfplay_role_balance}; {recipe.args.generation_batch_size} turns a step via "
        f"{generator}",
    )
    return runs.run_trainer(
        trainer_class(),
        recipe,
        prepared,
        model=runs.load_policy(recipe, prepared),
        tokenizer=tokenizer,
        rows=rows,
        console=console,
        extra={
            "games": [g.name for g in games],
            "credit": options.selfplay_credit,
            "use_vllm": recipe.args.use_vllm,
        },
        reward_funcs=[selfplay_reward],
        rollout_func=rollout,
        callbacks=[state_file_callback()],
    )

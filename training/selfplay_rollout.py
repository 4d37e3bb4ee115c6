"""TRL's `rollout_func` for self-play GRPO: whole episodes in, one training sample per turn out.

TRL hands the hook the prompts of a generation batch (each dataset row names a game:
`self-play episode: NAME`, repeated `num_generations` times) and wants exactly as many
samples back. The hook plays one episode of each named game per wave (the policy in one or
both seats, opponents drawn from the recipe's mix), until the learner's replies fill the
batch (at most `MAX_WAVES` waves; a short pool is topped up by drawing again). Each reply
is a sample: prompt = what that seat saw, completion = the tokens it generated, so the loss
covers the model's own tokens only (no environment text is ever in a completion). Rewards
and advantages come from `selfplay_credit`; the per-role metrics ride along to the reward
function, which logs them through TRL's `log_metric`.

Generation goes through the trainer (`_tokenize_prompts`, `_generate_single_turn`): vLLM
when the recipe uses it, else transformers, with the trainer's sampling settings. A frozen
snapshot generates through transformers with its saved weights swapped in.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.training.selfplay_args import parse_opponents
from recon_data.training.selfplay_credit import (
    BatchBaseline,
    advantages,
    batch_metrics,
    key_of,
    rollout_tables,
    score_samples,
    select,
)
from recon_data.training.selfplay_episodes import (
    FROZEN,
    LEARNER,
    Generate,
    Generated,
    Plan,
    Sync,
    TurnSample,
    play_episodes,
)
from recon_data.training.selfplay_games import TrainingGame

PREFIX = "self-play episode: "
MAX_WAVES = 8


def episode_row(game: TrainingGame) -> dict[str, Any]:
    """The dataset row that asks for one episode of `game`."""
    return {"prompt": [{"role": "user", "content": PREFIX + game.name}], "game": game.name}


def game_named(prompt: Any) -> str:
    """The game a row's prompt asks for."""
    content = prompt[-1]["content"] if isinstance(prompt, list) else str(prompt)
    if not content.startswith(PREFIX):
        raise ReconDataError(f"not a self-play row: {content[:60]!r}")
    return content[len(PREFIX) :]


def learner_generator(trainer: Any) -> Generate:
    """Replies of the policy being trained, through TRL's own generation path."""

    def generate(conversations: list[Any]) -> list[Generated]:
        prompt_ids, _, _ = trainer._tokenize_prompts(conversations)
        completion_ids, logprobs = trainer._generate_single_turn(prompt_ids, None, {}, 1)
        texts = trainer.processing_class.batch_decode(completion_ids, skip_special_tokens=True)
        return [
            Generated(list(p), list(c), t, None if logprobs is None else list(lp))
            for p, c, t, lp in zip(
                prompt_ids, completion_ids, texts, logprobs or [None] * len(texts), strict=True
            )
        ]

    return generate


class FrozenSnapshot:
    """The policy's trainable weights at some step, swapped in to generate a frozen opponent."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.state: dict[str, Any] | None = None
        self.taken_at = 0

    def refresh(self, trainer: Any) -> None:
        """Take the snapshot at the start, then every `every` steps (never again when 0)."""
        step = trainer.state.global_step
        if self.state is not None and (not self.every or step - self.taken_at < self.every):
            return
        model = trainer.accelerator.unwrap_model(trainer.model)
        self.state = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}
        self.taken_at = step

    @contextlib.contextmanager
    def applied(self, model: Any) -> Iterator[None]:
        """Generate with the snapshot's weights; the policy's come back afterwards."""
        assert self.state is not None
        params = dict(model.named_parameters())
        kept = {n: params[n].data for n in self.state}
        try:
            for n, tensor in self.state.items():
                params[n].data = tensor
            yield
        finally:
            for n, tensor in kept.items():
                params[n].data = tensor

    def generator(self, trainer: Any) -> Generate:
        """Replies of the snapshot (transformers generate, the trainer's sampling settings)."""
        import torch
        from transformers import GenerationConfig

        tokenizer = trainer.processing_class
        config = GenerationConfig(
            max_new_tokens=trainer.max_completion_length, do_sample=True,
            temperature=trainer.temperature, top_p=trainer.top_p, top_k=trainer.top_k,
            pad_token_id=tokenizer.pad_token_id, eos_token_id=trainer.eos_token_ids,
        )  # fmt: skip

        def generate(conversations: list[Any]) -> list[Generated]:
            prompt_ids, _, _ = trainer._tokenize_prompts(conversations)
            width = max(len(p) for p in prompt_ids)
            pad = tokenizer.pad_token_id
            ids = torch.tensor([[pad] * (width - len(p)) + list(p) for p in prompt_ids])
            mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompt_ids])
            model = trainer.accelerator.unwrap_model(trainer.model)
            device = next(model.parameters()).device
            with torch.no_grad(), self.applied(model):
                out = model.generate(
                    input_ids=ids.to(device),
                    attention_mask=mask.to(device),
                    generation_config=config,
                )
            results = []
            for p, row in zip(prompt_ids, out[:, width:].tolist(), strict=True):
                ends = [k for k, t in enumerate(row) if t in trainer.eos_token_ids]
                completion = row[: ends[0] + 1] if ends else row
                text = tokenizer.decode(completion, skip_special_tokens=True)
                results.append(Generated(list(p), completion, text))
            return results

        return generate


def make_sync(trainer: Any) -> Sync | None:
    """Across processes: does any process still ask the learner, does any still play?"""
    if trainer.accelerator.num_processes <= 1:
        return None
    import torch

    def sync(learner: bool, pending: bool) -> tuple[bool, bool]:
        flags = torch.tensor([int(learner), int(pending)], device=trainer.accelerator.device)
        gathered = trainer.accelerator.gather(flags).view(-1, 2).amax(dim=0).tolist()
        return bool(gathered[0]), bool(gathered[1])

    return sync


class SelfPlayRollout:
    """The `rollout_func`: see the module doc. One instance lives as long as the trainer."""

    def __init__(self, games: list[TrainingGame], options: Any, seed: int) -> None:
        self.games = {g.name: g for g in games}
        self.options = options
        self.seed = seed
        self.calls = 0
        self.opponents = parse_opponents(list(options.selfplay_opponents))
        self.baseline = (
            BatchBaseline(options.selfplay_baseline_decay)
            if options.selfplay_baseline == "role_ema"
            else None
        )
        self.snapshot = (
            FrozenSnapshot(options.selfplay_frozen_refresh) if FROZEN in self.opponents else None
        )
        self.last_metrics: dict[str, float] = {}

    def seats(self, rng: random.Random, slot: int) -> tuple[str, ...]:
        """Who sits where in one episode: the policy in both seats, or in one (alternating)."""
        kinds = list(self.opponents)
        kind = rng.choices(kinds, weights=[self.opponents[k] for k in kinds])[0]
        if kind == "self":
            return (LEARNER, LEARNER)
        other = FROZEN if kind == FROZEN else kind
        return (LEARNER, other) if slot % 2 == 0 else (other, LEARNER)

    def __call__(self, prompts: list[Any], trainer: Any) -> dict[str, Any]:
        """Play episodes until the batch is full; return TRL's fields plus rewards and advantages."""
        o = self.options
        size, group = len(prompts), max(1, int(trainer.num_generations))
        names = [game_named(p) for p in prompts[::group]] or [game_named(prompts[0])]
        games = [self.games[n] for n in names]
        rank, step, call = trainer.accelerator.process_index, trainer.state.global_step, self.calls
        self.calls += 1
        learner = learner_generator(trainer)
        frozen = None
        if self.snapshot is not None:
            self.snapshot.refresh(trainer)
            frozen = self.snapshot.generator(trainer)
        sync = make_sync(trainer)
        stem = f"{self.seed}:{step}:{rank}:{call}"
        pool: list[TurnSample] = []
        items: list[tuple[Any, float]] = []
        episodes = 0
        for wave in range(MAX_WAVES):
            more = len(pool) < size
            if sync is not None:
                more = sync(more, more)[0]
            if not more:
                break
            rng = random.Random(f"selfplay-seats:{stem}:{wave}")
            plans = [
                Plan(
                    game,
                    random.Random(f"ep:{stem}:{wave}:{k}").randrange(2**31),
                    self.seats(rng, k),
                )
                for k, game in enumerate(games)
            ]
            played = play_episodes(
                plans, learner=learner, frozen=frozen, parser=o.selfplay_parser,
                think=o.selfplay_think, max_retries=o.selfplay_max_retries,
                fallback=o.selfplay_fallback, sync=sync,
            )  # fmt: skip
            tables = None
            if o.selfplay_credit == "rollout":
                tables = rollout_tables(
                    played, learner=learner, frozen=frozen, rollouts=o.selfplay_rollouts,
                    seed=self.seed, parser=o.selfplay_parser, think=o.selfplay_think, sync=sync,
                )  # fmt: skip
            score_samples(played, o.selfplay_credit, tables)
            samples = [s for item in played for s in item.samples if s.reward is not None]
            advantages(
                samples, played, baseline=self.baseline, gamma=o.selfplay_gamma,
                mode=o.selfplay_credit,
            )  # fmt: skip
            pool += samples
            items += [(key_of(s), float(s.reward)) for s in samples if s.reward is not None]
            episodes += len(played)
        if not pool:
            raise RuntimeError("self-play produced no learner reply to train on")
        if self.baseline is not None:
            # Every process folds in every process's rewards, in the same order: the
            # baselines stay identical across processes.
            if sync is not None:
                from accelerate.utils import gather_object

                items = list(gather_object(items))
            self.baseline.update(items)
        pick = random.Random(f"selfplay-select:{stem}").randrange(2**31)
        chosen = select(pool, size, balance=o.selfplay_role_balance, seed=pick)
        metrics = batch_metrics(chosen, episodes=episodes, pool=len(pool), baseline=self.baseline)
        self.last_metrics = metrics
        logprobs = [s.generated.logprobs for s in chosen]
        return {
            "prompt_ids": [s.generated.prompt_ids for s in chosen],
            "completion_ids": [s.generated.completion_ids for s in chosen],
            "logprobs": None if any(lp is None for lp in logprobs) else logprobs,
            "selfplay_reward": [s.reward for s in chosen],
            "selfplay_advantage": [s.advantage * s.weight for s in chosen],
            "selfplay_metrics": metrics,
        }

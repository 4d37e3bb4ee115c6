"""TRL's own `trl sft` and `trl grpo` train on an export's `sft` and `grpo` configs as they are.

The scripts behind `trl sft|grpo` run in-process (`trl.scripts.sft|grpo`: the same parser and
`main` the CLI launches through accelerate), on the tiny model, for one optimizer step.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from _support import require_module

# Slow: trains tiny models through TRL's own CLI. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

trl = require_module("trl")


@pytest.fixture(scope="module")
def export(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release corpus exported with the TRL configs."""
    from recon_data.curation.publish.export import export_corpus

    out = tmp_path_factory.mktemp("export") / "recon"
    report = export_corpus(corpus_dir, out, trl_configs=True)
    assert {"sft/train-00000-of-00001.parquet", "grpo/eval-00000-of-00001.parquet"} <= {
        f.path for f in report.files
    }
    return out


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Qwen2 model with the R1-Distill tokenizer and chat template."""
    from recon_data.training.tiny import save_tiny_model

    return save_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def _run(script: str, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run `trl SCRIPT ARGV` in-process; return the trainer it built (after training)."""
    module = importlib.import_module(f"trl.scripts.{script}")
    trainer_cls = trl.SFTTrainer if script == "sft" else trl.GRPOTrainer
    seen: list[Any] = []
    real = trainer_cls.train

    def train(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(trainer_cls, "train", train)
    parsed = module.make_parser().parse_args_and_config(argv, fail_with_unknown_args=False)
    module.main(*parsed)
    return seen[0]


def _common(model: Path, export: Path, out: Path, config: str) -> list[str]:
    return [
        "--model_name_or_path", str(model), "--dataset_name", str(export),
        "--dataset_config", config, "--output_dir", str(out), "--max_steps", "1",
        "--report_to", "none", "--use_cpu", "true", "--save_strategy", "no",
    ]  # fmt: skip


def test_export_configs_load_with_plain_datasets(export: Path, corpus_dir: Path) -> None:
    import datasets

    from recon_data.storage import read_problems, read_traces

    cache = str(export.parent / "ds-cache")
    sft = datasets.load_dataset(str(export), "sft", cache_dir=cache)["train"]
    traces = read_traces(corpus_dir)
    assert len(sft) == len(traces)
    first = sft[0]
    assert first["prompt"] == [{"role": "user", "content": traces[0].prompt}]
    assert first["completion"] == [{"role": "assistant", "content": traces[0].response}]
    grpo = datasets.load_dataset(str(export), "grpo", cache_dir=cache)
    problems = read_problems(corpus_dir, "eval")
    assert len(grpo["eval"]) == len(problems)
    row = grpo["eval"][0]
    assert (row["answer"], row["answer_kind"], row["options"]) == (
        problems[0].answer,
        problems[0].answer_kind,
        list(problems[0].options),
    )
    # The default config and load_corpus's configs are unchanged.
    assert set(datasets.load_dataset(str(export), cache_dir=cache)) == {"train", "eval"}


def test_trl_sft_trains_on_the_whole_trace(
    export: Path, tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stock R1-Distill template deletes the reasoning of an assistant turn; TRL's training
    # copy of it keeps it, and is what the docs tell R1-Distill users to pass.
    template = Path(trl.__file__).parent / "chat_templates" / "deepseek_r1_distill_training.jinja"
    argv = _common(tiny_model, export, tmp_path / "sft", "sft")
    argv += ["--max_length", "512", "--per_device_train_batch_size", "1"]
    trainer = _run("sft", [*argv, "--chat_template_path", str(template)], monkeypatch)
    assert trainer.state.global_step == 1 and (tmp_path / "sft" / "model.safetensors").is_file()
    row = trainer.train_dataset[0]
    tokenizer = trainer.processing_class
    loss = [i for i, label in zip(row["input_ids"], row["labels"], strict=True) if label != -100]
    masked = [i for i, label in zip(row["input_ids"], row["labels"], strict=True) if label == -100]
    # The prompt (up to the generation prompt) carries no loss; the reasoning does.
    assert tokenizer.decode(masked).endswith("<｜Assistant｜><think>\n")
    reasoning = row["completion"][0]["content"].removeprefix("<think>\n")
    assert tokenizer.decode(loss).startswith(reasoning[:40])


def test_trl_grpo_trains_with_our_reward(
    export: Path, tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = _common(tiny_model, export, tmp_path / "grpo", "grpo")
    argv += [
        "--reward_funcs", "recon_data.verifiers.hierarchical_reward",
        "--per_device_train_batch_size", "2", "--num_generations", "2",
        "--max_completion_length", "8", "--logging_steps", "1",
    ]  # fmt: skip
    trainer = _run("grpo", argv, monkeypatch)
    assert trainer.state.global_step == 1
    from recon_data.verifiers import REWARDS, hierarchical_reward

    assert trainer.reward_funcs == [hierarchical_reward]
    logged = next(h for h in trainer.state.log_history if "reward" in h)
    # A random model's 8 tokens never close </think>: our reward scores each a format error,
    # which it can only do having read the gold columns (without them it grades nothing).
    assert logged["rewards/hierarchical_reward/mean"] == pytest.approx(REWARDS["format_error"])

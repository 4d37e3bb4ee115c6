"""Recipes, overrides and the checks that run before any heavy work (no training here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _support import require_module

require_module("torch")
require_module("trl")
require_module("peft")

from recon_data.errors import ReconDataError  # noqa: E402
from recon_data.storage import write_jsonl  # noqa: E402
from recon_data.training.recipes import (  # noqa: E402
    RECIPES_DIR,
    config_classes,
    list_recipes,
    load_recipe,
    parse_overrides,
    parse_values,
)

# Slow: loads TRL's config classes (transformers and torch). `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

# The paper recipes need CUDA; these two overrides let their TRL configs build on a CPU machine.
ON_CPU = {"requires_cuda": False, "use_cpu": True}
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random model folder (config + weights + tokenizer)."""
    from recon_data.training.tiny import save_tiny_model

    return save_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


@pytest.fixture
def empty_corpus(tmp_path: Path) -> Path:
    """A corpus folder with a manifest and no records."""
    write_jsonl(tmp_path / "corpus" / "problems" / "train.jsonl", [])
    (tmp_path / "corpus" / "manifest.json").write_text("{}", encoding="utf-8")
    return tmp_path / "corpus"


def test_sft_recipe_is_appendix_a4() -> None:
    recipe = load_recipe("sft", trainer="sft", overrides=ON_CPU)
    args, model = recipe.args, recipe.model
    assert model.model_name_or_path == "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
    assert (model.use_peft, model.lora_r, model.lora_alpha) == (True, 8, 8)
    assert sorted(model.lora_target_modules) == sorted(LORA_TARGETS)
    assert args.per_device_train_batch_size * args.gradient_accumulation_steps == 8
    assert (args.per_device_train_batch_size, args.gradient_accumulation_steps) == (2, 4)
    assert args.learning_rate == pytest.approx(2e-4)
    assert str(args.lr_scheduler_type.value) == "linear"
    assert args.warmup_steps == 5
    assert args.weight_decay == pytest.approx(0.01)
    assert args.max_length == 6144
    assert args.assistant_only_loss is True
    assert args.bf16 is True
    assert args.max_steps == 2700
    assert recipe.recon.drop_eval_overlap is False  # the paper kept every trace


def test_grpo_recipe_is_appendix_a4_with_explicit_objective() -> None:
    recipe = load_recipe("grpo", trainer="grpo", overrides=ON_CPU)
    args = recipe.args
    assert args.num_generations == 8
    assert (args.per_device_train_batch_size, args.gradient_accumulation_steps) == (8, 4)
    # 32 completions per optimizer step = 4 prompts x 8 generations.
    assert args.generation_batch_size == 32
    assert args.learning_rate == pytest.approx(5e-6)
    assert str(args.lr_scheduler_type.value) == "cosine"
    assert args.warmup_steps == pytest.approx(0.1)
    assert args.weight_decay == pytest.approx(0.1)
    assert (args.adam_beta1, args.adam_beta2) == (0.9, 0.99)
    assert args.max_grad_norm == pytest.approx(0.1)
    assert args.max_completion_length == 5120
    assert args.max_steps == 2250
    assert recipe.recon.max_prompt_length == 1024
    assert recipe.recon.reward_funcs == ["hierarchical_reward"]
    # Set explicitly because TRL's defaults moved (dapo, beta 0) since the paper's TRL 0.15.
    assert recipe.values["loss_type"] == "grpo" and args.loss_type == "grpo"
    assert recipe.values["beta"] == 0.04 and args.beta == pytest.approx(0.04)
    assert sorted(recipe.model.lora_target_modules) == sorted(LORA_TARGETS)


def test_every_shipped_recipe_builds_trl_configs() -> None:
    names = list_recipes()
    assert {"sft", "grpo", "sft-smoke", "grpo-smoke"} <= set(names)
    for name in names:
        # Each recipe says its trainer (maro-smoke is a GRPO recipe without the prefix).
        recipe = load_recipe(name, overrides=ON_CPU)
        kind = recipe.trainer
        assert kind == ("grpo" if name.startswith("grpo") else kind)
        assert type(recipe.args).__name__ == ("SFTConfig" if kind == "sft" else "GRPOConfig")
        assert names[name], f"recipe {name} has no description"


def test_overrides_are_typed_like_the_config_fields() -> None:
    values = parse_overrides(
        [
            "learning_rate=3e-4",
            "lora_target_modules=q_proj,v_proj",
            "bf16=false",
            "max_steps=7",
            "seed=11",
        ]
    )
    recipe = load_recipe("sft-smoke", trainer="sft", overrides=values)
    # PyYAML reads 3e-4 as text; the field type turns it into a float.
    assert recipe.args.learning_rate == pytest.approx(3e-4)
    assert recipe.model.lora_target_modules == ["q_proj", "v_proj"]
    assert recipe.args.bf16 is False
    assert (recipe.args.max_steps, recipe.args.seed) == (7, 11)


def test_trls_parser_types_optional_lists_and_rejects_wrong_types() -> None:
    classes = config_classes("sft")
    typed = parse_values(
        {
            "train_limit": None,
            "max_steps": "4",
            "learning_rate": 2,
            "lora_target_modules": "a, b",
            "bf16": "yes",
            "report_to": ["tensorboard"],
            "lr_scheduler_kwargs": {"num_cycles": 2},
        },
        classes,
        source="test",
    )
    assert typed["train_limit"] is None and typed["max_steps"] == 4
    assert typed["learning_rate"] == 2.0 and isinstance(typed["learning_rate"], float)
    assert typed["lora_target_modules"] == ["a", "b"] and typed["bf16"] is True
    assert typed["report_to"] == ["tensorboard"]
    for bad in ({"bf16": "maybe"}, {"max_steps": True}, {"max_steps": None}, {"seed": [1, 2]}):
        with pytest.raises(ReconDataError) as err:
            parse_values(bad, classes, source="test")
        assert err.value.field == next(iter(bad))


def test_unknown_field_is_named_with_a_suggestion() -> None:
    with pytest.raises(ReconDataError) as err:
        load_recipe("sft-smoke", trainer="sft", overrides={"learning_rat": 0.1})
    assert err.value.field == "learning_rat"
    assert "learning_rate" in str(err.value)


def test_bad_value_names_the_field() -> None:
    with pytest.raises(ReconDataError) as err:
        load_recipe("sft-smoke", trainer="sft", overrides={"max_steps": "many"})
    assert err.value.field == "max_steps"


def test_recipe_for_the_other_trainer_is_refused() -> None:
    with pytest.raises(ReconDataError, match="grpo recipe"):
        load_recipe("grpo-smoke", trainer="sft")


def test_yaml_file_recipe_and_unknown_name(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("description: my own\nbf16: false\nlearning_rate: 5.0e-5\nnum_generations: 4\n")
    # Without a `trainer` key the recipe belongs to the command that runs it.
    recipe = load_recipe(str(path), trainer="grpo")
    assert recipe.trainer == "grpo" and type(recipe.args).__name__ == "GRPOConfig"
    assert recipe.args.learning_rate == pytest.approx(5e-5) and recipe.args.num_generations == 4
    with pytest.raises(ReconDataError, match="sft-smoke"):
        load_recipe("no-such-recipe")
    path.write_text("- not\n- a mapping\n")
    with pytest.raises(ReconDataError, match="mapping"):
        load_recipe(str(path))


def test_paper_recipe_without_cuda_points_to_the_smoke_recipe(cli) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    code, _, err = cli("train", "sft")
    assert code == 1
    assert "CUDA" in err and "sft-smoke" in err
    assert "Traceback" not in err and err.count("\n") == 1
    code, _, err = cli("train", "grpo")
    assert code == 1 and "grpo-smoke" in err


def test_missing_model_and_missing_corpus_fail_before_loading(
    cli, tmp_path: Path, tiny_model: Path
) -> None:
    code, _, err = cli("train", "sft", "--recipe", "sft-smoke", "--model", str(tmp_path / "nope"))
    assert code == 1 and "model folder not found" in err and "Traceback" not in err
    code, _, err = cli("train", "sft", "--recipe", "sft-smoke")
    assert code == 1 and "no model given" in err and "tiny-model" in err
    code, _, err = cli(
        "train",
        "sft",
        "--recipe",
        "sft-smoke",
        "--model",
        str(tiny_model),
        "--corpus",
        str(tmp_path / "none"),
    )
    assert code == 1 and "corpus folder not found" in err


def test_not_a_model_folder(cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = cli(
        "train", "grpo", "--recipe", "grpo-smoke", "--model", str(tmp_path / "empty")
    )
    assert code == 1 and "not a model folder" in err


def test_incompatible_options_are_one_line_errors(
    cli, tiny_model: Path, empty_corpus: Path
) -> None:
    base = ["--recipe", "grpo-smoke", "--model", str(tiny_model), "--corpus", str(empty_corpus)]
    # 8 completions per step cannot be split into groups of 3.
    code, _, err = cli("train", "grpo", *base, "--set", "num_generations=3")
    assert code == 1 and "incompatible options" in err and "num_generations" in err
    code, _, err = cli("train", "grpo", *base, "--set", "reward_funcs=[no_such_reward]")
    assert code == 1 and "no_such_reward" in err
    # A callable of recon_data.verifiers that is no reward function (TRL would crash on it).
    code, _, err = cli("train", "grpo", *base, "--set", "reward_funcs=[grade_batch]")
    assert code == 1 and "grade_batch" in err and "hierarchical_reward" in err and "format" in err
    assert "Traceback" not in err and err.count("\n") == 1
    code, _, err = cli(
        "train",
        "sft",
        "--recipe",
        "sft-smoke",
        "--model",
        str(tiny_model),
        "--corpus",
        str(empty_corpus),
        "--set",
        "max_steps=0",
    )
    assert code == 1 and "nothing to train" in err
    code, _, err = cli(
        "train",
        "sft",
        "--recipe",
        "sft-smoke",
        "--model",
        str(tiny_model),
        "--corpus",
        str(empty_corpus),
        "--output-dir",
        str(empty_corpus / "out"),
        "--resume",
    )
    assert code == 1 and "no checkpoint" in err
    code, _, err = cli(
        "eval",
        "--model",
        "served",
        "--adapter",
        str(tiny_model),
        "--backend",
        "openai",
        "--corpus",
        str(empty_corpus),
    )
    assert code == 1 and "--adapter does not apply" in err


def test_vllm_asked_for_but_unusable(cli, tiny_model: Path, empty_corpus: Path) -> None:
    from recon_data.training.checks import cuda_available, is_installed

    if is_installed("vllm") and cuda_available():
        pytest.skip("vLLM is usable here")
    code, _, err = cli(
        "train",
        "grpo",
        "--recipe",
        "grpo-smoke",
        "--model",
        str(tiny_model),
        "--corpus",
        str(empty_corpus),
        "--set",
        "generation=vllm",
    )
    assert code == 1 and "vllm" in err and "generation=transformers" in err
    code, _, err = cli(
        "eval", "--model", str(tiny_model), "--backend", "vllm", "--corpus", str(empty_corpus)
    )
    assert code == 1 and "--backend transformers" in err


def test_recipes_command_lists_recipes_and_accelerate_configs(cli) -> None:
    code, out, _ = cli("train", "recipes")
    assert code == 0
    for name in ("sft", "grpo", "sft-smoke", "grpo-smoke", "ddp.yaml", "zero2.yaml", "zero3.yaml"):
        assert name in out
    code, out, _ = cli("train", "recipes", "grpo")
    assert code == 0 and "loss_type: grpo" in out


def test_accelerate_configs_load_in_accelerate() -> None:
    require_module("accelerate")
    from accelerate.commands.config.config_args import load_config_from_file

    folder = RECIPES_DIR.parent / "accelerate"
    ddp = load_config_from_file(str(folder / "ddp.yaml"))
    assert str(ddp.distributed_type.value) == "MULTI_GPU" and str(ddp.mixed_precision) == "bf16"
    for name, stage in (("zero2.yaml", 2), ("zero3.yaml", 3)):
        config = load_config_from_file(str(folder / name))
        assert str(config.distributed_type.value) == "DEEPSPEED"
        assert config.deepspeed_config["zero_stage"] == stage


def test_cli_and_package_import_without_the_training_stack() -> None:
    code = (
        "import sys, recon_data, recon_data.training, recon_data.cli.train, recon_data.cli;"
        "heavy = [m for m in ('torch', 'transformers', 'trl', 'peft', 'vllm', 'datasets') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out.strip().replace("'", '"')) == []


def test_drop_eval_overlap_defaults_to_keeping_the_traces(tmp_path: Path) -> None:
    from recon_data.training.recipes import ReconArguments

    assert ReconArguments().drop_eval_overlap is False
    path = tmp_path / "mine.yaml"
    path.write_text("trainer: sft\nbf16: false\n")
    assert load_recipe(str(path), trainer="sft").recon.drop_eval_overlap is False
    # The smoke recipe asks for it explicitly.
    assert load_recipe("sft-smoke", trainer="sft").recon.drop_eval_overlap is True


def test_reward_functions_come_from_the_registry_by_key_or_name() -> None:
    from recon_data.training.grpo import reward_functions
    from recon_data.verifiers import REWARD_FUNCTIONS

    assert reward_functions(["hierarchical", "format_reward", "accuracy_reward"]) == [
        REWARD_FUNCTIONS["hierarchical"],
        REWARD_FUNCTIONS["format"],
        REWARD_FUNCTIONS["accuracy"],
    ]
    for name in ("grade_batch", "grade", "REWARD_FUNCTIONS", "parse_gold"):
        with pytest.raises(ReconDataError, match="choose from hierarchical_reward") as err:
            reward_functions([name])
        assert err.value.field == "reward_funcs"
    with pytest.raises(ReconDataError, match="at least one"):
        reward_functions([])


def _lora_recipe(model: Path, targets: object):
    return load_recipe(
        "sft-smoke",
        trainer="sft",
        overrides={"model_name_or_path": str(model), "lora_target_modules": targets},
    )


def test_lora_targets_are_checked_against_the_architecture(tiny_model: Path) -> None:
    from recon_data.training.runs import check_lora_targets

    for targets in (
        ["q_proj", "v_proj"],
        ["q_proj"],
        ["self_attn.o_proj"],
        ["all-linear"],
        r".*\.k_proj",
    ):
        check_lora_targets(_lora_recipe(tiny_model, targets), str(tiny_model))
    with pytest.raises(ReconDataError, match=r"'foo_proj'.*q_proj, k_proj") as err:
        check_lora_targets(_lora_recipe(tiny_model, ["q_proj", "foo_proj"]), str(tiny_model))
    assert err.value.field == "lora_target_modules"
    with pytest.raises(ReconDataError, match="Qwen2MLP modules, which LoRA cannot wrap"):
        check_lora_targets(_lora_recipe(tiny_model, ["mlp"]), str(tiny_model))
    # A regular expression goes to peft itself (on the empty model), whose complaint is kept.
    with pytest.raises(ReconDataError, match="not found in the base model"):
        check_lora_targets(_lora_recipe(tiny_model, r"nothing\..*"), str(tiny_model))


def test_one_lora_target_stays_a_name_not_a_regex(tiny_model: Path) -> None:
    from peft import get_peft_model
    from transformers import AutoModelForCausalLM

    from recon_data.training.runs import peft_config

    recipe = _lora_recipe(tiny_model, ["q_proj"])
    # TRL turns a one-item list into a string, which peft would read as a full-name regex.
    assert recipe.model.lora_target_modules == ["q_proj"]
    assert _lora_recipe(tiny_model, ["all-linear"]).model.lora_target_modules == "all-linear"
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_model), peft_config(recipe))
    wrapped = [n for n, m in model.named_modules() if n.endswith("q_proj") and hasattr(m, "lora_A")]
    assert len(wrapped) == 2  # one per layer of the tiny model


def test_lora_target_errors_come_before_loading(
    cli, tiny_model: Path, empty_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recon_data.training import modelio

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(modelio, "load_model", no_loading)
    for kind in ("sft", "grpo"):
        code, _, err = cli(
            "train",
            kind,
            "--recipe",
            f"{kind}-smoke",
            "--model",
            str(tiny_model),
            "--corpus",
            str(empty_corpus),
            "--set",
            "lora_target_modules=[foo_proj]",
        )
        assert code == 1 and "foo_proj" in err and "q_proj" in err, err
        assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("max_new_tokens", 0),
        ("temperature", -0.1),
        ("temperature", ".nan"),
        ("top_p", 0),
        ("top_p", 1.5),
        ("batch_size", 0),
        ("concurrency", 0),
        ("tensor_parallel_size", 0),
        ("gpu_memory_utilization", 0),
        ("max_model_len", 0),
        ("request_timeout", 0),
        ("dtype", "int8"),
        ("base_url", "localhost:8000/v1"),
    ],
)
def test_generation_settings_out_of_range_are_refused(key: str, value: object) -> None:
    from recon_data.training.evaluation import generation_config

    with pytest.raises(ReconDataError) as err:
        generation_config(parse_overrides([f"{key}={value}"]))
    assert err.value.field == key


def test_generation_defaults_and_edge_values_pass() -> None:
    from recon_data.training.evaluation import generation_config

    assert generation_config(None).max_new_tokens == 6144
    edge = generation_config(
        parse_overrides(
            [
                "max_new_tokens=1",
                "temperature=0",
                "top_p=1",
                "max_model_len=null",
                "base_url=https://example.org/v1",
                "dtype=bfloat16",
            ]
        )
    )
    assert (edge.max_new_tokens, edge.temperature, edge.max_model_len) == (1, 0.0, None)


def test_eval_bad_generation_setting_is_one_line_before_loading(
    cli, tiny_model: Path, empty_corpus: Path
) -> None:
    code, _, err = cli(
        "eval",
        "--model",
        str(tiny_model),
        "--backend",
        "transformers",
        "--corpus",
        str(empty_corpus),
        "--set",
        "max_new_tokens=0",
    )
    assert code == 1 and "max_new_tokens" in err and "at least 1" in err
    assert "Traceback" not in err and err.count("\n") == 1

"""A wrong `train` argument is refused before torch, transformers or TRL load (issue 20)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _support import require_module

from recon_data.training.precheck import recipe_field_names

# Each case: the arguments after `recon-data train sft`, and what the one line must say.
CASES = [
    (["--recipe", "sft-smoke", "--set", "learnin_rate=3"], "did you mean learning_rate"),
    (["--recipe", "sft-smoke", "--model", "/no/such/model"], "model folder not found"),
    (["--recipe", "grpo-smoke"], "is a grpo recipe"),
    (["--recipe", "nope"], "unknown recipe 'nope'"),
    (["--max-steps", "-1"], "--max-steps"),
    (["--max-steps", "0"], "--max-steps"),
]


@pytest.mark.slow  # subprocesses or whole-corpus work; CI runs it
def test_wrong_arguments_are_refused_without_the_ml_stack(tmp_path: Path) -> None:
    # One subprocess per case: exit 1, one line, and neither torch nor transformers' trainer
    # code (nor TRL's configs) imported to get there.
    code = textwrap.dedent(
        """
        import json, sys
        from recon_data.cli import main
        try:
            main(sys.argv[1:])
        except SystemExit as exc:
            code = exc.code
        heavy = [m for m in ("torch", "transformers.training_args", "trl.trainer.sft_config")
                 if m in sys.modules]
        sys.stdout.write(json.dumps({"code": code, "heavy": heavy}))
        """
    )
    for args, message in CASES:
        out = subprocess.run(
            [sys.executable, "-c", code, "train", "sft", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        result = json.loads(out.stdout)
        assert result == {"code": 1, "heavy": []}, (args, out.stderr)
        assert out.stderr.count("\n") == 1 and message in out.stderr, (args, out.stderr)


def test_a_gpu_recipe_is_refused_at_once_without_a_driver(cli, monkeypatch) -> None:
    monkeypatch.setattr("recon_data.training.precheck.nvidia_driver_present", lambda: False)
    code, _, err = cli("train", "sft", "--recipe", "sft", "--model", "/tmp")
    assert code == 1 and "needs a CUDA GPU" in err and "sft-smoke" in err


def test_a_missing_local_corpus_is_named(cli, tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    code, _, err = cli(
        "train", "sft", "--recipe", "sft-smoke", "--model", str(model), "--corpus", "./gone"
    )
    assert code == 1 and "corpus folder not found" in err and "gone" in err


@pytest.mark.slow
@pytest.mark.parametrize("trainer", ["sft", "grpo"])
def test_field_names_read_from_source_are_trls_own(trainer: str) -> None:
    # The names come from TRL's and transformers' source via ast; they must be exactly the
    # init fields of the classes the full parse builds, or a typo check would drift.
    require_module("trl")
    from trl import GRPOConfig, ModelConfig, SFTConfig

    config = SFTConfig if trainer == "sft" else GRPOConfig
    real = {f.name for cls in (ModelConfig, config) for f in dataclasses.fields(cls) if f.init}
    assert recipe_field_names(trainer) == real

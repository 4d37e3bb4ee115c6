"""The GPU benchmark (recon_data.training.gpu_bench), on a machine without a GPU.

Everything but the CUDA calls is checked here: the Qwen2.5-7B shape (counted from its config
and built on the meta device, which allocates nothing), the padded tokenizer, the refusal
without CUDA, the options, the report files, the part runner's isolation and budgets, and
(marked slow) the three parts for real on a tiny model through the same code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from recon_data.errors import ReconDataError
from recon_data.training.gpu_bench import gpumem, options, run, runner

# Slow: runs the benchmark's parts in subprocesses. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gpu_bench.sh"


def _env(**extra: str) -> dict[str, str]:
    # No GPU for the child whatever the machine has, and this checkout's code first.
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "HF_HUB_OFFLINE": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("OUT", None)
    env.update(extra)
    return env


# ---------------------------------------------------------------- the model and its tokenizer


@pytest.fixture(scope="module")
def qwen() -> tuple[Any, Any]:
    """The padded tokenizer and the Qwen2.5-7B config built from it."""
    pytest.importorskip("transformers")
    from recon_data.training.gpu_bench import model

    tokenizer = model.bench_tokenizer(model.QWEN25_7B["vocab_size"])
    return tokenizer, model.model_config(model.shape(tiny=False), tokenizer)


def test_config_is_qwen25_7b_and_matches_the_r1_distill_shape(qwen: tuple[Any, Any]) -> None:
    from recon_data.training.tiny import QWEN2_7B

    _, config = qwen
    assert (config.hidden_size, config.intermediate_size, config.num_hidden_layers) == (
        3584,
        18944,
        28,
    )
    assert (config.num_attention_heads, config.num_key_value_heads, config.vocab_size) == (
        28,
        4,
        152064,
    )
    assert config.rope_parameters["rope_theta"] == 1e6
    assert config.max_position_embeddings == 32768
    assert config.tie_word_embeddings is False and config.use_sliding_window is False
    # tiny.py's R1-Distill-Qwen-7B shape was written separately: every dimension agrees.
    for key in (
        "vocab_size",
        "hidden_size",
        "intermediate_size",
        "num_hidden_layers",
        "num_attention_heads",
        "num_key_value_heads",
        "tie_word_embeddings",
    ):
        assert getattr(config, key) == QWEN2_7B[key], key


def test_parameter_count_matches_the_model_built_on_meta(qwen: tuple[Any, Any]) -> None:
    import torch

    from recon_data.training.gpu_bench.model import build_model, parameter_count

    _, config = qwen
    counted = parameter_count(config)
    # The model card: 7.61B parameters, 6.53B of them outside the embedding and the LM head.
    assert 7.61e9 <= counted["total"] < 7.62e9
    assert round(counted["non_embedding"] / 1e9, 2) == 6.53
    assert counted["total"] == counted["non_embedding"] + counted["embedding"]
    # The builder itself, on the meta device: shapes and dtype without allocating anything.
    built = build_model(config, device="meta", dtype=torch.bfloat16)
    params = list(built.parameters())
    assert sum(p.numel() for p in params) == counted["total"] == 7_615_616_512
    assert {p.device.type for p in params} == {"meta"}
    assert {p.dtype for p in params} == {torch.bfloat16}
    layer = built.model.layers[0]
    attn, mlp = layer.self_attn, layer.mlp
    assert tuple(attn.q_proj.weight.shape) == (3584, 3584) and attn.q_proj.bias is not None
    assert tuple(attn.k_proj.weight.shape) == (512, 3584) and attn.k_proj.bias is not None
    assert tuple(attn.v_proj.weight.shape) == (512, 3584)
    assert tuple(attn.o_proj.weight.shape) == (3584, 3584) and attn.o_proj.bias is None
    assert tuple(mlp.gate_proj.weight.shape) == (18944, 3584)
    assert tuple(mlp.down_proj.weight.shape) == (3584, 18944)
    assert tuple(built.lm_head.weight.shape) == (152064, 3584)
    assert built.lm_head.weight is not built.model.embed_tokens.weight


def test_padded_tokenizer_encodes_as_before_and_decodes_every_id(
    qwen: tuple[Any, Any], tmp_path: Path
) -> None:
    from transformers import AutoTokenizer

    from recon_data.training.gpu_bench.model import pad_tokenizer
    from recon_data.training.tiny import build_tokenizer

    padded, _ = qwen
    plain = build_tokenizer()
    assert len(padded) == 152064
    chat = [{"role": "user", "content": "Which option? Option 1: Yes."}]
    text = plain.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)
    text += "<think>\ncompare payoffs\n</think>\n\\boxed{Option 1}"
    assert padded(text)["input_ids"] == plain(text)["input_ids"]
    assert padded.convert_tokens_to_ids(["<think>", "</think>"]) == plain.convert_tokens_to_ids(
        ["<think>", "</think>"]
    )
    # Every id a random model can sample has a token, and filler decodes to plain text.
    assert None not in padded.convert_ids_to_tokens(list(range(len(padded))))
    assert padded.decode([151999]) == " tok151999"
    assert (padded.bos_token, padded.eos_token, padded.pad_token) == (
        plain.bos_token,
        plain.eos_token,
        plain.pad_token,
    )
    # vLLM and TRL load it from a folder.
    padded.save_pretrained(tmp_path)
    again = AutoTokenizer.from_pretrained(tmp_path)
    assert len(again) == 152064 and again(text)["input_ids"] == plain(text)["input_ids"]
    with pytest.raises(ReconDataError, match="smaller than the tokenizer"):
        pad_tokenizer(plain, 10)


def test_synthetic_text_has_the_asked_length_and_differs_per_prompt() -> None:
    pytest.importorskip("transformers")
    from recon_data.training.gpu_bench.common import text_of_tokens
    from recon_data.training.tiny import build_tokenizer

    tokenizer = build_tokenizer()
    texts = [text_of_tokens(tokenizer, 256, i) for i in range(3)]
    for text in texts:
        assert 250 <= len(tokenizer(text, add_special_tokens=False)["input_ids"]) <= 262
    assert len(set(texts)) == 3
    assert len(tokenizer(text_of_tokens(tokenizer, 1), add_special_tokens=False)["input_ids"]) <= 3


# ---------------------------------------------------------------- refusing, options, errors


def test_refuses_without_cuda_in_one_line_before_any_heavy_import(tmp_path: Path) -> None:
    # Python's own import log (on stderr, each line "import time: ...") shows what was loaded.
    env = _env(PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run(
        ["bash", str(SCRIPT)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stdout == ""
    imports = [
        ln.split("|")[-1].strip()
        for ln in done.stderr.splitlines()
        if ln.startswith("import time:")
    ]
    lines = [ln for ln in done.stderr.splitlines() if not ln.startswith("import time:")]
    assert len(lines) == 1 and lines[0].startswith("error: no CUDA GPU is visible (torch "), lines
    assert "--device cpu --tiny" in lines[0]
    assert "torch" in imports and "recon_data.training.gpu_bench.run" in imports
    heavy = {"transformers", "trl", "peft", "datasets", "vllm", "accelerate"}
    assert heavy.isdisjoint(imports)
    assert list(tmp_path.iterdir()) == []  # no report, no logs


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--parts", "sft,train"], "unknown part train"),
        (["--parts", ","], "unknown part"),
        (["--steps", "0"], "--steps must be at least 1, got 0"),
        (["--steps", "two"], "--steps: expected a number, got 'two'"),
        (["--budget", "-5"], "--budget"),
        (["--budget", "nan"], "--budget"),
        (["--max-length", "0"], "--max-length"),
        (["--warmup", "-1"], "--warmup must be 0 or more"),
        (["--device", "tpu"], "--device"),
        (["--generation", "sglang"], "--generation"),
        (["--device", "cpu"], "--device cpu needs --tiny"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    ],
)
def test_bad_options_are_one_line(
    argv: list[str], names: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run.main([*argv, "--out", str(tmp_path / "r.json")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and names in err, err
    assert not (tmp_path / "r.json").exists()


def test_defaults_are_the_recipes_and_table3_settings() -> None:
    sft = yaml.safe_load((ROOT / "training/recipes/sft.yaml").read_text(encoding="utf-8"))
    grpo = yaml.safe_load((ROOT / "training/recipes/grpo.yaml").read_text(encoding="utf-8"))
    got = options.parse_options([])
    assert (got.max_length, sft["max_length"]) == (6144, 6144)
    assert (got.completion_length, grpo["max_completion_length"]) == (5120, 5120)
    assert got.max_new_tokens == 6144  # Table 3: up to 6,144 new tokens
    assert got.parts == ("sft", "eval", "grpo") and (got.sft_steps, got.grpo_steps) == (2, 1)
    assert got.device == "cuda" and got.generation == "vllm" and got.budget == 450
    small = options.parse_options(
        ["--tiny", "--device", "cpu", "--parts", "grpo,sft", "--steps", "3", "--max-length", "96"]
    )
    assert small.parts == ("sft", "grpo") and (small.sft_steps, small.grpo_steps) == (3, 3)
    assert (
        small.max_length == 96
        and small.completion_length == options.TINY_SIZES["completion_length"]
    )
    assert options.BenchOptions.from_json(json.loads(json.dumps(small.to_json()))) == small


def test_bench_options_is_the_library_route_with_the_same_checks() -> None:
    got = options.bench_options(parts=["grpo", "eval"], device="cpu", tiny=True, steps=2)
    assert got == options.parse_options(
        ["--parts", "eval,grpo", "--device", "cpu", "--tiny", "--steps", "2"]
    )
    for bad, words in [
        ({"device": "tpu"}, "--device must be cuda or cpu"),
        ({"generation": "sglang"}, "--generation must be vllm or transformers"),
        ({"parts": []}, "--parts: unknown part"),
        ({"budget": float("inf")}, "--budget must be a number of seconds above 0"),
        ({"eval_prompts": -3}, "--eval-prompts must be at least 1, got -3"),
        ({"prompt_tokens": 0}, "--prompt-tokens must be at least 1"),
    ]:
        with pytest.raises(ReconDataError, match=words):
            options.bench_options(**bad)


# ---------------------------------------------------------------- the report


def _report() -> dict[str, Any]:
    return {
        "benchmark": "recon-data gpu_bench",
        "parts": {"sft": {"status": "ok", "tokens_per_second": 1.5}},
    }


def test_report_goes_to_out_and_to_the_out_env_folder(tmp_path: Path) -> None:
    out = tmp_path / "here" / "bench.json"
    paths = run.write_report(_report(), out, env={"OUT": str(tmp_path / "device_out")})
    assert paths == [out, tmp_path / "device_out" / "gpu_bench.json"]
    assert json.loads(out.read_text()) == json.loads(paths[1].read_text()) == _report()
    # Without $OUT only --out; with --out already $OUT/gpu_bench.json, one file.
    assert run.write_report(_report(), tmp_path / "a.json", env={}) == [tmp_path / "a.json"]
    same = tmp_path / "o" / "gpu_bench.json"
    assert run.write_report(_report(), same, env={"OUT": str(tmp_path / "o")}) == [same]
    assert run.log_dir(out, {}) == tmp_path / "here" / "bench_logs"
    assert run.log_dir(out, {"OUT": "/x"}) == Path("/x/gpu_bench_logs")
    assert not list(tmp_path.rglob(".*.tmp"))


def test_unwritable_report_paths_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(ReconDataError, match=r"folder\.json: cannot write the report"):
        run.write_report(_report(), tmp_path / "folder.json", env={})
    (tmp_path / "file").write_text("x")
    with pytest.raises(ReconDataError, match=r"gpu_bench\.json: cannot write the report"):
        run.write_report(_report(), tmp_path / "r.json", env={"OUT": str(tmp_path / "file")})


# ---------------------------------------------------------------- running parts in isolation


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie waiting for init to reap it is dead


FAKE = {
    # Crashes before writing a result.
    "sft": "import sys; print('loading', flush=True); sys.stderr.write('RuntimeError: CUDA out of memory\\n'); sys.exit(1)",
    # Writes a result, as a part does.
    "eval": "import json, os, sys; open(sys.argv[1], 'w').write(json.dumps("
    "{'status': 'ok', 'tokens_per_second': 123.0, 'model': {'shape': 'fake'}, "
    "'offline': os.environ.get('HF_HUB_OFFLINE')}))",
    # Hangs, with a process of its own in its group (as vLLM's engine would be).
    "grpo": "import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', "
    "'import time; time.sleep(600)']); open(sys.argv[2], 'w').write(str(p.pid)); time.sleep(600)",
}


def test_one_failing_or_hanging_part_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "grandchild.pid"

    def command(name: str, result: Path, deadline: float) -> list[str]:
        assert deadline > time.time()
        return [sys.executable, "-c", FAKE[name], str(result), str(pids)]

    opts = options.parse_options(
        [
            "--device",
            "cpu",
            "--tiny",
            "--generation",
            "transformers",
            "--budget",
            "8",
            "--out",
            str(tmp_path / "r.json"),
        ]
    )
    start = time.monotonic()
    report = run.run_benchmark(opts, device={"requested": "cpu"}, env=_env(), command_for=command)
    assert time.monotonic() - start < 8 + 3 * runner.GRACE
    parts = report["parts"]
    assert parts["sft"]["status"] == "error"
    assert parts["sft"]["error"] == "exited with status 1: RuntimeError: CUDA out of memory"
    assert parts["eval"]["status"] == "ok" and parts["eval"]["tokens_per_second"] == 123.0
    assert parts["eval"]["error"] is None and "model" not in parts["eval"]
    assert report["model"]["shape"] == "fake"  # what a part learnt about the model
    assert report["model"]["config"]["num_hidden_layers"] == 2  # what the run knew before
    assert parts["grpo"]["status"] == "timeout" and "ran past its budget" in parts["grpo"]["error"]
    assert _gone(int(pids.read_text()))  # the part's whole process group was stopped
    assert report["status"] == "incomplete"
    assert json.loads((tmp_path / "r.json").read_text())["parts"] == json.loads(json.dumps(parts))
    assert (tmp_path / "r_logs" / "sft.log").read_text().startswith("loading")
    assert (
        parts["sft"]["budget_seconds"]
        < parts["eval"]["budget_seconds"]
        < parts["grpo"]["budget_seconds"]
    )


def test_signals_and_silent_exits_are_reported(tmp_path: Path) -> None:
    def part(code: str) -> runner.PartRun:
        return runner.PartRun(
            "p", [sys.executable, "-c", code], 30.0, tmp_path / "r.json", tmp_path / "p.log"
        )

    segv = runner.run_part(part("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"))
    assert (segv["status"], segv["error"]) == ("error", "killed by signal SIGSEGV")
    quiet = runner.run_part(part("pass"))
    assert (quiet["status"], quiet["error"]) == ("error", "exited without reporting a result")
    result = str(tmp_path / "r.json")
    written = runner.run_part(
        part(
            f"import json; open({result!r}, 'w').write(json.dumps({{'status': 'error', 'error': 'ValueError: x'}})); "
            "raise SystemExit(1)"
        )
    )
    assert (written["status"], written["error"], written["exit_status"]) == (
        "error",
        "ValueError: x",
        1,
    )
    missing = runner.run_part(
        runner.PartRun("p", [str(tmp_path / "nope")], 5, tmp_path / "r.json", tmp_path / "p.log")
    )
    assert missing["status"] == "error" and missing["error"].startswith("cannot start:")


def test_an_interrupted_run_stops_its_part_and_says_so(tmp_path: Path) -> None:
    import signal

    pids = tmp_path / "grandchild.pid"

    def command(name: str, result: Path, deadline: float) -> list[str]:
        return [sys.executable, "-c", FAKE["grpo"], str(result), str(pids)]

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # what Ctrl-C, or SIGTERM under main(), raises

    opts = options.parse_options(
        [
            "--device",
            "cpu",
            "--tiny",
            "--generation",
            "transformers",
            "--out",
            str(tmp_path / "r.json"),
        ]
    )
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 3.0)
    try:
        with pytest.raises(KeyboardInterrupt):
            run.run_benchmark(opts, device={"requested": "cpu"}, env=_env(), command_for=command)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert _gone(int(pids.read_text()))
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["status"] == "interrupted" and report["parts"]["sft"] == {"status": "pending"}


def test_parts_without_vllm_or_time_are_skipped_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = {**run.versions(), "vllm": "not installed"}
    monkeypatch.setattr(run, "versions", lambda: found)
    ran: list[str] = []

    def command(name: str, result: Path, deadline: float) -> list[str]:
        ran.append(name)
        return [sys.executable, "-c", FAKE["eval"], str(result)]

    opts = options.parse_options(["--parts", "sft,grpo,eval", "--out", str(tmp_path / "r.json")])
    env = _env()
    del env["HF_HUB_OFFLINE"]
    report = run.run_benchmark(opts, device={"requested": "cuda"}, env=env, command_for=command)
    assert ran == ["sft"]
    assert report["parts"]["sft"]["offline"] == "1"  # parts never wait on the Hub
    for name in ("eval", "grpo"):
        assert report["parts"][name] == {
            "status": "skipped",
            "seconds": 0.0,
            "error": "vllm: not installed",
        }
    assert report["versions"]["vllm"] == "not installed" and report["status"] == "incomplete"
    # --generation transformers needs no vLLM; a spent budget skips what is left.
    opts = options.parse_options(
        ["--budget", "0.01", "--generation", "transformers", "--out", str(tmp_path / "r.json")]
    )
    report = run.run_benchmark(opts, device={"requested": "cuda"}, env=_env(), command_for=command)
    assert {p["error"] for p in report["parts"].values()} == {"no time left in the budget"}


def test_budget_shares_give_what_is_left_to_later_parts() -> None:
    order = options.PARTS
    assert runner.share(options.WEIGHTS, order, "sft", 450) == pytest.approx(90)
    assert runner.share(options.WEIGHTS, order[1:], "eval", 400) == pytest.approx(400 * 0.35 / 0.8)
    assert runner.share(options.WEIGHTS, order[2:], "grpo", 123) == pytest.approx(123)


def test_step_clock_stops_before_the_deadline_but_after_a_measured_step() -> None:
    pytest.importorskip("transformers")
    from types import SimpleNamespace

    from recon_data.training.gpu_bench.clock import StepClock, step_summary

    seen: list[int] = []
    clock = StepClock(
        "cpu", warmup=1, deadline=time.time() - 1, on_step=lambda t: seen.append(len(t))
    )
    state, control = (
        SimpleNamespace(global_step=1, max_steps=5),
        SimpleNamespace(should_training_stop=False),
    )
    clock.on_step_begin(None, state, control)
    clock.on_step_end(None, state, control)
    assert not control.should_training_stop  # a warm-up step measures nothing: go on
    state.global_step = 2
    clock.on_step_begin(None, state, control)
    clock.on_step_end(None, state, control)
    assert control.should_training_stop and clock.stopped_early and seen == [1, 2]
    summary = step_summary(clock, 1000.0)
    assert summary["measured_steps"] == 1 and summary["warmup_steps"] == 1
    assert summary["tokens_per_second"] == pytest.approx(1000.0 / clock.times[1], rel=1e-3)
    assert step_summary(StepClock("cpu", warmup=2, deadline=0.0), 5.0)["tokens_per_second"] is None
    assert step_summary(clock, None)["tokens_per_second"] is None


# ---------------------------------------------------------------- GPU memory from nvidia-smi


def test_peak_sampler_keeps_the_largest_reading() -> None:
    readings = iter([1.0 * gpumem.GIB, 5.0 * gpumem.GIB, None, 2.0 * gpumem.GIB] + [None] * 1000)
    with gpumem.PeakSampler(read=lambda: next(readings), interval=0.01) as sampler:
        time.sleep(0.2)
    got = sampler.summary()
    assert got["peak_device_used_gib"] == 5.0 and got["device_used_before_gib"] == 1.0
    assert got["device_samples"] == 3
    with gpumem.PeakSampler(read=lambda: None) as nothing:
        pass
    assert nothing.summary() == {
        "peak_device_used_gib": None,
        "device_used_before_gib": None,
        "device_samples": 0,
    }


def test_nvidia_smi_readings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert gpumem.used_bytes() is None and gpumem.device_info() is None  # no nvidia-smi at all
    fake = tmp_path / "nvidia-smi"
    fake.write_text(
        textwrap.dedent("""\
        #!/bin/sh
        case "$1" in
          --query-gpu=memory.used) echo "40960" ;;
          --query-gpu=name,*) echo "NVIDIA H100 80GB HBM3, 81559, 550.54.15" ;;
        esac
        """)
    )
    fake.chmod(0o755)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3,1")
    assert gpumem.visible_index() == "3"
    assert gpumem.used_bytes() == 40960 * gpumem.MIB
    assert gpumem.device_info() == {
        "name": "NVIDIA H100 80GB HBM3",
        "memory_total_gib": 79.65,
        "driver": "550.54.15",
    }
    fake.write_text("#!/bin/sh\necho '[N/A]'\n")
    assert gpumem.used_bytes() is None
    fake.write_text("#!/bin/sh\nexit 9\n")
    assert gpumem.used_bytes() is None and gpumem.device_info() is None
    assert gpumem.parse_csv(" a , b \n\n c,d\n") == [["a", "b"], ["c", "d"]]


# ---------------------------------------------------------------- the parts, for real, on a tiny model


@pytest.mark.slow  # three processes that each load torch, transformers and TRL (about 30 s of CPU)
def test_tiny_run_measures_every_part_through_the_real_code(tmp_path: Path) -> None:
    pytest.importorskip("trl")
    out = tmp_path / "device_out"
    done = subprocess.run(
        [
            "bash",
            str(SCRIPT),
            "--device",
            "cpu",
            "--tiny",
            "--generation",
            "transformers",
            "--out",
            "r.json",
        ],
        cwd=tmp_path,
        env=_env(OUT=str(out)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert json.loads((out / "gpu_bench.json").read_text()) == report
    assert report["status"] == "ok" and report["device"]["requested"] == "cpu"
    assert set(report["versions"]) >= {"torch", "transformers", "trl", "peft", "vllm"}
    model = report["model"]
    sft, grpo, evals = (report["parts"][p] for p in ("sft", "grpo", "eval"))
    # The analytic count is the count of the model each part built.
    assert model["parameters"]["total"] == sft["parameters_built"] == grpo["parameters_built"]
    assert model["vocab"]["model"] == model["vocab"]["tokenizer"]
    for part in (sft, grpo, evals):
        assert part["status"] == "ok" and part["error"] is None
        assert part["tokens_per_second"] > 0 and part["peak_rss_gib"] > 0
        assert Path(part["log"]).is_file() and Path(part["log"]).parent == out / "gpu_bench_logs"
    assert sft["tokens_per_sample"] == {"min": 64, "max": 64}  # every sample cut to max length
    assert sft["measured_steps"] == 2 and len(sft["step_seconds"]) == 3
    assert sft["settings"]["samples_per_step"] == 8 and sft["settings"]["lora"]["r"] == 8
    assert sft["tokens_per_step"] == 8 * 64
    assert sft["trainable_parameters"] > 0
    assert grpo["settings"]["completions_per_step"] == 4 and grpo["measured_steps"] == 1
    assert 0 < grpo["mean_completion_tokens"] <= 16 and len(grpo["generate_seconds"]) == 1
    assert evals["generated_tokens"] == 4 * 16 and evals["completion_tokens"] == {
        "min": 16,
        "max": 16,
    }


@pytest.mark.slow  # loads the training stack in a part process (about 8 s of CPU)
def test_tiny_eval_reads_prompts_from_a_corpus(tmp_path: Path, corpus_dir: Path) -> None:
    pytest.importorskip("trl")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "recon_data.training.gpu_bench",
            "--device",
            "cpu",
            "--tiny",
            "--generation",
            "transformers",
            "--parts",
            "eval",
            "--corpus",
            str(corpus_dir),
            "--eval-prompts",
            "15",
            "--max-new-tokens",
            "2",
            "--out",
            "r.json",
        ],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    part = json.loads((tmp_path / "r.json").read_text())["parts"]["eval"]
    assert part["status"] == "ok" and part["settings"]["prompts"] == 15
    assert part["settings"]["prompt_source"].endswith("(eval split)")
    assert part["generated_tokens"] == 15 * 2
    # Real Recon-Eval prompts, rendered with the chat template: hundreds of tokens, not synthetic 24.
    assert part["settings"]["prompt_tokens"]["mean"] > 200

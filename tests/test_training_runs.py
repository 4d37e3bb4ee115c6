"""SFT, GRPO and evaluation end to end on CPU, on a tiny random model and a tiny corpus.

The chain mirrors the paper: a base model (here a tiny random one, first taught the answer
format by a short full fine-tune so that GRPO sees rewards that differ), LoRA SFT on the
traces, GRPO from the SFT adapter with the real hierarchical reward, and evaluation of the
result with the real graders.
"""

from __future__ import annotations

import json
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from _support import require_module

torch = require_module("torch")
require_module("trl")
require_module("peft")
safetensors_torch = require_module("safetensors.torch")

from recon_data.schema import Problem, Trace  # noqa: E402
from recon_data.storage import write_jsonl  # noqa: E402
from recon_data.training.recipes import load_recipe  # noqa: E402

# Slow: trains tiny models (torch, transformers, TRL). `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

INSTRUCTION = " Think it through, then give your final answer inside \\boxed{}."


def _mcq(i: int, split: str) -> Problem:
    options = ("keep cooperating", "defect once", "defect forever")
    question = f"Round {i} of a repeated game: what should the patient player do?"
    listed = " ".join(f"Option {k + 1}: {o}" for k, o in enumerate(options))
    return Problem(
        id=f"{split}-mcq-{i}",
        split=split,
        category="enforceability",
        source="steer",
        answer_kind="mcq",
        question=question,
        options=options,
        answer=f"Option {i % 3 + 1}: {options[i % 3]}",
        prompt=({"role": "user", "content": f"{question} {listed}{INSTRUCTION}"},),
        provenance={"file": "made-up.csv", "row": i},
    )


def _yes_no(i: int, split: str) -> Problem:
    question = f"Event {i}: the central bank raises rates. Does borrowing fall?"
    return Problem(
        id=f"{split}-nli-{i}",
        split=split,
        category="econnli",
        source="econnli",
        answer_kind="yes_no",
        question=question,
        answer="Yes" if i % 2 else "No",
        prompt=({"role": "user", "content": question + INSTRUCTION},),
        provenance={"file": "made-up.csv", "row": 100 + i},
    )


def _trace(problem: Problem, row: int) -> Trace:
    return Trace(
        id=f"cot-{problem.id}",
        problem_id=problem.id,
        category=problem.category,
        prompt=problem.prompt[0].content,
        response=f"<think>\nCompare the payoffs.\n</think>\n\\boxed{{{problem.answer}}}",
        answer=problem.answer,
        provenance={"file": "made-up-cot.csv", "row": row},
    )


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread() -> Any:
    """Run this module's training on one torch thread, then restore the previous count.

    The model is so small that a second intra-op thread buys nothing, and on a busy machine
    the threads spin against each other: the 80-step fine-tune took 15-85 s on two threads
    and under 5 s on one. The steps, data and assertions are the same either way.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight train and six eval problems (mcq and yes/no), traces for the train ones plus one eval leak."""
    root = tmp_path_factory.mktemp("corpus")
    train = [(_mcq if i % 2 else _yes_no)(i, "train") for i in range(8)]
    evals = [(_mcq if i % 2 else _yes_no)(i, "eval") for i in range(10, 16)]
    traces = [_trace(p, k) for k, p in enumerate([*train, evals[0]])]
    write_jsonl(root / "problems" / "train.jsonl", [p.model_dump(mode="json") for p in train])
    write_jsonl(root / "problems" / "eval.jsonl", [p.model_dump(mode="json") for p in evals])
    write_jsonl(root / "cot" / "train.jsonl", [t.model_dump(mode="json") for t in traces])
    (root / "manifest.json").write_text("{}", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def problems(corpus: Path) -> dict[str, Problem]:
    """Every problem of the tiny corpus by its user text."""
    from recon_data.storage import read_problems

    return {p.prompt[-1].content: p for p in read_problems(corpus)}


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Qwen2 model with the R1-Distill tokenizer format."""
    from recon_data.training.tiny import save_tiny_model

    return save_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


@pytest.fixture(scope="module")
def format_model(tiny_model: Path, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The tiny model fully fine-tuned on the traces until it writes `</think>` then a box."""
    from recon_data.training.sft import train_sft

    out = tmp_path_factory.mktemp("format") / "model"
    recipe = load_recipe(
        "sft-smoke",
        trainer="sft",
        overrides={
            "model_name_or_path": str(tiny_model),
            "corpus": str(corpus),
            "output_dir": str(out),
            "use_peft": False,
            "max_steps": 80,
            "per_device_train_batch_size": 8,
            "learning_rate": 1e-2,
            "save_strategy": "no",
            "logging_steps": 5,
            "drop_eval_overlap": True,
        },
    )
    return train_sft(recipe)


@pytest.fixture(scope="module")
def sft_out(format_model: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sft-smoke recipe run through the CLI: LoRA on the format model, TensorBoard on."""
    from typer.testing import CliRunner

    from recon_data.cli import build_app

    out = tmp_path_factory.mktemp("sft") / "out"
    args = [
        "train",
        "sft",
        "--recipe",
        "sft-smoke",
        "--model",
        str(format_model.output_dir),
        "--corpus",
        str(corpus),
        "--output-dir",
        str(out),
        "--max-steps",
        "3",
        "--report-to",
        "tensorboard",
    ]
    result = CliRunner().invoke(build_app(args), args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def grpo_run(
    sft_out: Path, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """GRPO (grpo-smoke) from the SFT adapter, with a spy around the real hierarchical reward."""
    import recon_data.verifiers as verifiers
    from recon_data.training.grpo import train_grpo

    real = verifiers.hierarchical_reward
    calls: list[dict[str, Any]] = []

    def spy(prompts: list, completions: list, answer: list, **kwargs: Any) -> list[float]:
        rewards = real(prompts, completions, answer, **kwargs)
        calls.append(
            {
                "prompts": prompts,
                "completions": completions,
                "answer": list(answer),
                "answer_kind": list(kwargs["answer_kind"]),
                "rewards": list(rewards),
            }
        )
        return rewards

    spy.__name__ = "hierarchical_reward"  # TRL names the reward metrics after the function
    out = tmp_path_factory.mktemp("grpo") / "out"
    recipe = load_recipe(
        "grpo-smoke",
        trainer="grpo",
        overrides={
            "model_name_or_path": str(sft_out),
            "corpus": str(corpus),
            "output_dir": str(out),
            "max_steps": 2,
            "max_completion_length": 48,
        },
    )
    with pytest.MonkeyPatch.context() as patch:
        # GRPO looks rewards up in the registry only, so the spy goes there.
        patch.setitem(verifiers.REWARD_FUNCTIONS, "hierarchical", spy)
        result = train_grpo(recipe)
    return {"result": result, "calls": calls, "out": out, "recipe": recipe}


def _lora_tensors(folder: Path) -> dict[str, Any]:
    tensors = safetensors_torch.load_file(str(folder / "adapter_model.safetensors"))
    assert tensors, f"no adapter weights in {folder}"
    return tensors


def test_full_fine_tune_learns_the_answer_format(format_model: Any) -> None:
    losses = [h["loss"] for h in format_model.log_history if "loss" in h]
    assert all(math.isfinite(x) for x in losses)
    assert losses[-1] < 0.5 * losses[0], losses
    weights = safetensors_torch.load_file(str(format_model.output_dir / "model.safetensors"))
    assert any(name.endswith("embed_tokens.weight") for name in weights)


def test_sft_lora_updates_only_the_adapter(sft_out: Path, format_model: Any) -> None:
    record = json.loads((sft_out / "recon_run.json").read_text())
    assert record["global_step"] == 3 and record["trainer"] == "sft"
    # The trace that answers an eval problem is found and left out (sft-smoke drops the overlap).
    assert (record["traces"], record["eval_overlap"], record["dropped"]) == (8, 1, 1)
    losses = [h["loss"] for h in record["log_history"] if "loss" in h]
    assert len(losses) == 3 and all(math.isfinite(x) for x in losses)
    tensors = _lora_tensors(sft_out)
    # LoRA's B matrices start at zero: any non-zero entry is a trained update.
    lora_b = [t for name, t in tensors.items() if "lora_B" in name]
    assert lora_b and any(t.abs().sum() > 0 for t in lora_b)
    assert all("lora_" in name for name in tensors), "only adapter weights are saved"
    config = json.loads((sft_out / "adapter_config.json").read_text())
    assert Path(config["base_model_name_or_path"]) == format_model.output_dir.resolve()
    assert (config["r"], config["lora_alpha"]) == (8, 8)
    assert list((sft_out / "runs").rglob("events.out.tfevents.*")), "TensorBoard wrote no events"


def test_sft_trains_on_the_assistant_turn_with_its_reasoning() -> None:
    from trl.chat_template_utils import get_training_chat_template

    from recon_data.training.tiny import build_tokenizer

    tokenizer = build_tokenizer()
    response = "<think>\nCompare the payoffs.\n</think>\n\\boxed{Yes}"
    messages = [
        {"role": "user", "content": "Does borrowing fall?"},
        {"role": "assistant", "content": response},
    ]
    # What SFTTrainer does with assistant_only_loss: the R1 template is swapped for TRL's training one.
    template = get_training_chat_template(tokenizer)
    assert template is not None
    encoded = tokenizer.apply_chat_template(
        messages,
        tokenize=True,
        return_dict=True,
        return_assistant_tokens_mask=True,
        chat_template=template,
    )
    masked = [t for t, m in zip(encoded["input_ids"], encoded["assistant_masks"], strict=True) if m]
    trained = tokenizer.decode(masked)
    # The reasoning stays in the target (the stock R1 template would drop everything before </think>)
    # and the user turn is left out of the loss.
    assert "Compare the payoffs." in trained and trained.endswith("<｜end▁of▁sentence｜>")
    assert "Does borrowing fall?" not in trained


def test_grpo_reward_gets_the_gold_of_each_completion(
    grpo_run: dict[str, Any], problems: dict
) -> None:
    calls, recipe = grpo_run["calls"], grpo_run["recipe"]
    assert len(calls) == 2  # one generation batch per optimizer step
    per_step = recipe.args.per_device_train_batch_size
    for call in calls:
        assert len(call["prompts"]) == len(call["answer"]) == len(call["completions"]) == per_step
        texts = [p[-1]["content"] for p in call["prompts"]]
        # Each prompt appears num_generations times: 8 completions = 2 prompts x 4.
        assert sorted(texts.count(t) for t in set(texts)) == [4, 4]
        for text, gold, kind in zip(texts, call["answer"], call["answer_kind"], strict=True):
            assert problems[text].split == "train"
            assert gold == problems[text].answer and kind == problems[text].answer_kind


def test_grpo_rewards_reach_the_trainer_and_move_the_adapter(grpo_run: dict[str, Any]) -> None:
    from recon_data.verifiers import REWARDS

    calls, result = grpo_run["calls"], grpo_run["result"]
    logged = [
        h["rewards/hierarchical_reward/mean"]
        for h in result.log_history
        if "rewards/hierarchical_reward/mean" in h
    ]
    expected = [sum(c["rewards"]) / len(c["rewards"]) for c in calls]
    assert logged == pytest.approx(expected)
    assert all(math.isfinite(h["loss"]) for h in result.log_history if "loss" in h)
    groups = [c["rewards"][i : i + 4] for c in calls for i in range(0, len(c["rewards"]), 4)]
    assert any(len(set(g)) > 1 for g in groups), f"no group with differing rewards: {groups}"
    # The format-trained model answers, so the reward tells right from wrong (not only format errors).
    assert {REWARDS["correct"], REWARDS["wrong"]} <= {r for g in groups for r in g}, groups
    # With differing rewards the advantages are non-zero, so the fresh adapter's B matrices move.
    lora_b = [t for name, t in _lora_tensors(grpo_run["out"]).items() if "lora_B" in name]
    assert any(t.abs().sum() > 0 for t in lora_b)


def test_grpo_adapter_records_the_sft_adapter_as_its_base(
    grpo_run: dict[str, Any], sft_out: Path
) -> None:
    out = grpo_run["out"]
    for folder in (out, *sorted(out.glob("checkpoint-*"))):
        config = json.loads((folder / "adapter_config.json").read_text())
        assert config["base_model_name_or_path"] == str(sft_out.resolve())


def test_eval_json_matches_the_saved_responses(
    grpo_run: dict[str, Any], corpus: Path, problems: dict, cli, tmp_path: Path
) -> None:
    from recon_data.verifiers import grade
    from recon_data.verifiers.release import release_is_correct

    by_id = {p.id: p for p in problems.values()}
    saved = tmp_path / "responses.jsonl"
    code, out, err = cli(
        "eval",
        "--model",
        str(grpo_run["out"]),
        "--backend",
        "transformers",
        "--corpus",
        str(corpus),
        "--set",
        "max_new_tokens=48",
        "--set",
        "batch_size=4",
        "--json",
        "--out",
        str(saved),
    )
    assert code == 0, err
    summary = json.loads(out)
    rows = [json.loads(line) for line in saved.read_text().splitlines()]
    assert summary["total"] == len(rows) == 6
    assert summary["correct"] == sum(r["correct"] for r in rows)
    assert summary["accuracy"] == pytest.approx(summary["correct"] / 6)
    # The format-trained chain answers some right and some wrong, so both verdicts are exercised.
    assert 0 < summary["correct"] < 6, summary
    for slug, block in summary["by_category"].items():
        mine = [r for r in rows if r["category"] == slug]
        ours, release = sum(r["correct"] for r in mine), sum(r["release_correct"] for r in mine)
        assert block == {
            "correct": ours,
            "total": len(mine),
            "accuracy": pytest.approx(ours / len(mine)),
            "release_correct": release,
            "release_accuracy": pytest.approx(release / len(mine)),
        }
    assert summary["release_correct"] == sum(r["release_correct"] for r in rows)
    assert summary["release_accuracy"] == pytest.approx(summary["release_correct"] / 6)
    assert all(r["response"] for r in rows), "every problem got a response"
    for row in rows:
        problem = by_id[row["id"]]
        assert (row["answer"], row["category"]) == (problem.answer, problem.category)
        again = grade(
            row["response"],
            problem.answer,
            kind=problem.answer_kind,
            options=list(problem.options) or None,
        )
        assert again.paper_correct == row["correct"] and again.reward == row["reward"]
        assert row["release_correct"] == release_is_correct(row["response"], problem.answer)
        assert row["verdict"]["status"] == again.status == row["status"]


def test_sft_resumes_from_its_last_checkpoint(
    tiny_model: Path, corpus: Path, cli, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    base = [
        "train",
        "sft",
        "--recipe",
        "sft-smoke",
        "--model",
        str(tiny_model),
        "--corpus",
        str(corpus),
        "--output-dir",
        str(out),
        "--set",
        "save_steps=1",
    ]
    code, _, err = cli(*base, "--max-steps", "2")
    assert code == 0, err
    first = json.loads((out / "recon_run.json").read_text())["log_history"]
    code, _, err = cli(*base, "--max-steps", "3", "--resume")
    assert code == 0, err
    second = json.loads((out / "recon_run.json").read_text())["log_history"]
    steps = [h["step"] for h in second if "loss" in h]
    assert steps == [1, 2, 3]
    # Steps 1-2 come back from checkpoint-2's state instead of being trained again.
    assert [h["loss"] for h in second if "loss" in h][:2] == [
        h["loss"] for h in first if "loss" in h
    ]
    assert (out / "checkpoint-3").is_dir()


def _wrong_answer(problem: Problem) -> str:
    if problem.answer_kind == "yes_no":
        return "No" if problem.answer == "Yes" else "Yes"
    other = next(k for k, text in enumerate(problem.options) if not problem.answer.endswith(text))
    return f"Option {other + 1}: {problem.options[other]}"


class _FakeServer(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat endpoint that answers from a table of canned replies."""

    replies: ClassVar[dict[str, dict[str, str | None]]] = {}
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        message = dict(self.replies[body["messages"][-1]["content"]])
        finish = message.pop("finish_reason", "stop")
        choice = {"message": {"role": "assistant", **message}, "finish_reason": finish}
        payload = json.dumps({"choices": [choice]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        """Keep the test output quiet."""


def test_eval_openai_backend_counts_what_the_server_says(
    corpus: Path, problems: dict, cli, tmp_path: Path
) -> None:
    evals = [p for p in problems.values() if p.split == "eval"]
    replies, expected = {}, {}
    for k, p in enumerate(evals):
        right, wrong = p.answer, _wrong_answer(p)
        if k % 3 == 0:  # right answer, reasoning split off by the server's parser
            replies[p.prompt[-1].content] = {
                "reasoning_content": "Compare.",
                "content": f"\\boxed{{{right}}}",
            }
        elif k % 3 == 1:  # right answer in plain content
            replies[p.prompt[-1].content] = {"content": f"Compare.\n</think>\n\n\\boxed{{{right}}}"}
        else:
            replies[p.prompt[-1].content] = {"content": f"Compare.\n</think>\n\n\\boxed{{{wrong}}}"}
        expected[p.id] = k % 3 != 2
    _FakeServer.replies, _FakeServer.seen = replies, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        saved = tmp_path / "openai.jsonl"
        code, out, err = cli(
            "eval",
            "--model",
            "recon-rl",
            "--backend",
            "openai",
            "--corpus",
            str(corpus),
            "--json",
            "--out",
            str(saved),
            "--set",
            f"base_url=http://127.0.0.1:{server.server_address[1]}/v1",
        )
    finally:
        server.shutdown()
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["correct"], summary["total"]) == (sum(expected.values()), len(evals))
    rows = {json.loads(line)["id"]: json.loads(line) for line in saved.read_text().splitlines()}
    assert {k: r["correct"] for k, r in rows.items()} == expected
    # The Table 3 protocol: greedy, up to 6,144 new tokens, the model named as given.
    assert {(b["model"], b["temperature"], b["max_tokens"]) for b in _FakeServer.seen} == {
        ("recon-rl", 0.0, 6144)
    }


def test_eval_table_shows_the_paper_numbers(corpus: Path, problems: dict, cli) -> None:
    _FakeServer.replies = {
        p.prompt[-1].content: {"content": "</think>\\boxed{Yes}"} for p in problems.values()
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, out, err = cli(
            "eval",
            "--model",
            "m",
            "--backend",
            "openai",
            "--corpus",
            str(corpus),
            "--limit",
            "2",
            "--set",
            f"base_url=http://127.0.0.1:{server.server_address[1]}/v1",
        )
    finally:
        server.shutdown()
    assert code == 0, err
    for text in (
        "EconNLI",
        "Enforceability",
        "overall",
        "release rule",
        "Recon-SFT",
        "179/300",
        "Recon-RL",
        "186/300",
        "145/300",
    ):
        assert text in out


def _serve(replies: dict[str, dict[str, str | None]]) -> ThreadingHTTPServer:
    _FakeServer.replies, _FakeServer.seen = replies, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_eval_openai_reasoning_cut_off_at_the_token_limit_stays_open(
    corpus: Path, problems: dict, cli, tmp_path: Path
) -> None:
    evals = sorted((p for p in problems.values() if p.split == "eval"), key=lambda p: p.id)
    cut, empty, answered, *rest = evals
    replies: dict[str, dict[str, str | None]] = {
        # Cut off while reasoning, after a box the release's check reads anywhere.
        cut.prompt[-1].content: {
            "reasoning_content": f"Maybe \\boxed{{{cut.answer}}}, but check again",
            "content": None,
            "finish_reason": "length",
        },
        # The reasoning ended and nothing followed it.
        empty.prompt[-1].content: {
            "reasoning_content": "Compare.",
            "content": "",
            "finish_reason": "stop",
        },
        # Content means the parser saw `</think>`, even if the answer then ran into the limit.
        answered.prompt[-1].content: {
            "reasoning_content": "Compare.",
            "content": f"\\boxed{{{answered.answer}}}",
            "finish_reason": "length",
        },
    }
    for p in rest:
        replies[p.prompt[-1].content] = {
            "content": f"Compare.\n</think>\n\n\\boxed{{{_wrong_answer(p)}}}"
        }
    server = _serve(replies)
    try:
        saved = tmp_path / "cut.jsonl"
        code, out, err = cli(
            "eval",
            "--model",
            "m",
            "--backend",
            "openai",
            "--corpus",
            str(corpus),
            "--json",
            "--out",
            str(saved),
            "--set",
            f"base_url=http://127.0.0.1:{server.server_address[1]}/v1",
        )
    finally:
        server.shutdown()
    assert code == 0, err
    rows = {json.loads(line)["id"]: json.loads(line) for line in saved.read_text().splitlines()}
    assert "</think>" not in rows[cut.id]["response"]
    assert (rows[cut.id]["status"], rows[cut.id]["correct"], rows[cut.id]["release_correct"]) == (
        "format_error",
        False,
        True,
    )
    assert rows[empty.id]["response"].startswith("Compare.\n</think>")
    assert (rows[empty.id]["status"], rows[empty.id]["release_correct"]) == ("unparsed", False)
    assert (rows[answered.id]["status"], rows[answered.id]["correct"]) == ("correct", True)
    assert rows[answered.id]["release_correct"] is True
    summary = json.loads(out)
    # Table 3's rule credits the cut-off box; ours does not.
    assert (summary["correct"], summary["release_correct"], summary["total"]) == (1, 2, 6)
    assert summary["release_accuracy"] == pytest.approx(2 / 6)


@pytest.mark.parametrize(
    ("message", "finish", "expected"),
    [
        ({"reasoning_content": "R", "content": None}, "length", "R"),
        ({"reasoning_content": "R", "content": ""}, "length", "R"),
        (
            {"reasoning_content": "R", "content": "\\boxed{Yes}"},
            "length",
            "R\n</think>\n\n\\boxed{Yes}",
        ),
        ({"reasoning_content": "R", "content": ""}, "stop", "R\n</think>\n\n"),
        ({"reasoning": "R", "content": "\\boxed{Yes}"}, None, "R\n</think>\n\n\\boxed{Yes}"),
        ({"content": "x"}, "length", "x"),
    ],
)
def test_completion_text_closes_only_reasoning_that_ended(
    message: dict[str, Any], finish: str | None, expected: str
) -> None:
    from recon_data.training.openai_backend import completion_text

    # A server that sends no finish_reason is taken to have finished.
    choice = {"message": message, **({"finish_reason": finish} if finish else {})}
    assert completion_text({"choices": [choice]}) == expected


def test_summary_and_table_report_both_rules() -> None:
    from io import StringIO

    from rich.console import Console

    from recon_data.training.evaluation import EvalReport, Graded, render

    def graded(i: int, category: str, correct: bool, release: bool) -> Graded:
        return Graded(
            id=str(i),
            category=category,
            answer_kind="yes_no",
            answer="Yes",
            response="",
            correct=correct,
            release_correct=release,
            status="correct" if correct else "wrong",
            reward=0.0,
        )

    records = [
        graded(1, "econnli", True, True),
        graded(
            2, "econnli", True, False
        ),  # e.g. \boxed{Yes.}: ours normalises, the release does not
        graded(3, "econnli", False, True),  # e.g. cut off after a box in the reasoning
        graded(4, "enforceability", False, True),
    ]
    report = EvalReport(
        model="m",
        adapter=None,
        backend="openai",
        split="eval",
        config={"temperature": 0.0, "max_new_tokens": 8},
        records=records,
    )
    summary = report.summary()
    assert (summary["correct"], summary["release_correct"], summary["total"]) == (2, 3, 4)
    assert summary["accuracy"] == pytest.approx(0.5) and summary[
        "release_accuracy"
    ] == pytest.approx(0.75)
    assert summary["by_category"]["econnli"] == {
        "correct": 2,
        "total": 3,
        "accuracy": pytest.approx(2 / 3),
        "release_correct": 2,
        "release_accuracy": pytest.approx(2 / 3),
    }
    assert summary["by_category"]["enforceability"]["release_correct"] == 1
    assert summary["by_category"]["enforceability"]["correct"] == 0
    buffer = StringIO()
    render(report, Console(file=buffer, width=200))
    table = buffer.getvalue()
    overall = next(line for line in table.splitlines() if "overall" in line)
    assert "2/4" in overall and "50.0%" in overall and "3/4" in overall and "75.0%" in overall
    # The paper's counts sit in the release-rule columns, the rule Table 3 was counted with.
    paper = next(line for line in table.splitlines() if "Recon-SFT" in line)
    # Right-aligned: the paper's count ends where the overall release-rule count ends.
    assert paper.index("179/300") + len("179/300") == overall.index("3/4") + len("3/4")

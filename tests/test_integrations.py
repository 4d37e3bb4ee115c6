"""The lm-eval task and the verifiers.v1 taskset: Table 3 protocol, our grading, fixed replies."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from recon_data.schema import Problem
from recon_data.storage import write_jsonl

# Slow: runs lm-eval and the verifiers taskset on a tiny model. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

OPTIONS = ("keep cooperating", "defect once", "defect forever")


def _mcq(i: int) -> Problem:
    question = f"Round {i} of a repeated game: what should the patient player do?"
    listed = " ".join(f"Option {k + 1}: {o}" for k, o in enumerate(OPTIONS))
    return Problem(
        id=f"eval-mcq-{i}",
        split="eval",
        category="enforceability",
        source="steer",
        answer_kind="mcq",
        question=question,
        options=OPTIONS,
        answer=f"Option {i % 3 + 1}: {OPTIONS[i % 3]}",
        prompt=({"role": "user", "content": f"{question} {listed} Answer in \\boxed{{}}."},),
        provenance={"file": "made-up.csv", "row": i},
    )


def _yes_no(i: int) -> Problem:
    question = f"Event {i}: the central bank raises rates. Does borrowing fall?"
    return Problem(
        id=f"eval-nli-{i}",
        split="eval",
        category="econnli",
        source="econnli",
        answer_kind="yes_no",
        question=question,
        answer="Yes" if i % 2 else "No",
        prompt=({"role": "user", "content": question + " Answer in \\boxed{}."},),
        provenance={"file": "made-up.csv", "row": 100 + i},
    )


PROBLEMS = [_mcq(i) for i in range(3)] + [_yes_no(i) for i in range(3)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six eval problems in two categories (an mcq and a yes/no one)."""
    root = tmp_path_factory.mktemp("corpus")
    write_jsonl(root / "problems" / "eval.jsonl", [p.model_dump(mode="json") for p in PROBLEMS])
    write_jsonl(root / "problems" / "train.jsonl", [])
    (root / "manifest.json").write_text("{}", encoding="utf-8")
    return root


def _right(p: Problem) -> str:
    return f"Compare.\n</think>\n\n\\boxed{{{p.answer}}}"


# --- lm-eval -----------------------------------------------------------------------------


def test_lm_eval_task_files_say_the_table3_protocol(corpus: Path, tmp_path: Path, cli) -> None:
    import yaml

    code, out, err = cli("train", "lm-eval-task", str(tmp_path / "task"), "--corpus", str(corpus))
    assert code == 0, err
    folder = Path(out.splitlines()[0])
    assert "--apply_chat_template" in out and "--tasks recon_eval" in out
    group = yaml.safe_load((folder / "_recon_eval.yaml").read_text())
    assert group["task"] == ["recon_eval_enforceability", "recon_eval_econnli"]
    assert [m["metric"] for m in group["aggregate_metric_list"]] == ["accuracy", "release_accuracy"]
    assert all(m["weight_by_size"] for m in group["aggregate_metric_list"])
    text = (folder / "recon_eval_econnli.yaml").read_text().replace("!function ", "")
    task = yaml.safe_load(text)
    # Greedy, 6,144 new tokens, no stop string but the end of sequence.
    assert task["generation_kwargs"] == {
        "until": [], "max_gen_toks": 6144, "do_sample": False, "temperature": 0.0,
    }  # fmt: skip
    lines = Path(task["dataset_kwargs"]["data_files"]["test"]).read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == [p.id for p in PROBLEMS if p.category == "econnli"]


def test_lm_eval_process_results_grades_both_ways() -> None:
    from recon_data.training.lmeval import doc_to_text, process_results

    p = PROBLEMS[1]
    doc = {"answer": p.answer, "answer_kind": p.answer_kind, "options": list(p.options)}
    assert process_results(doc, [_right(p)]) == {"accuracy": 1.0, "release_accuracy": 1.0}
    # Cut off inside the reasoning after a box: the release's rule credits it, ours does not.
    cut = f"Maybe \\boxed{{{p.answer}}} but check"
    assert process_results(doc, [cut]) == {"accuracy": 0.0, "release_accuracy": 1.0}
    # Our normalisation: the option's number alone names the gold.
    assert process_results(doc, [f"</think>\\boxed{{Option {1 % 3 + 1}}}"])["accuracy"] == 1.0
    assert doc_to_text({"prompt": "Q?"}) == "Q?"


@pytest.mark.skipif(importlib.util.find_spec("lm_eval") is None, reason="lm-eval not installed")
def test_lm_eval_runs_the_task_on_the_tiny_model(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    import lm_eval
    from lm_eval.tasks import TaskManager

    from recon_data.training.evaluation import grade_response
    from recon_data.training.lmeval import write_task
    from recon_data.training.tiny import save_tiny_model

    model = save_tiny_model(tmp_path / "tiny")
    folder = write_task(corpus, tmp_path / "task")
    result = lm_eval.simple_evaluate(
        model="hf",
        model_args=f"pretrained={model},dtype=float32",
        tasks=["recon_eval"],
        task_manager=TaskManager(include_path=str(folder)),
        apply_chat_template=True,
        limit=2,
        gen_kwargs="max_gen_toks=4",
        log_samples=True,
        batch_size=4,
        device="cpu",
    )
    scores = result["results"]
    for name in ("recon_eval", "recon_eval_enforceability", "recon_eval_econnli"):
        assert {"accuracy,none", "release_accuracy,none"} <= set(scores[name]), name
    by_id = {p.id: p for p in PROBLEMS}
    graded = []
    for task in ("recon_eval_enforceability", "recon_eval_econnli"):
        for sample in result["samples"][task]:
            context, kwargs = sample["arguments"][0]
            # The model's chat template with its generation prompt; only EOS stops generation.
            assert context.endswith("<｜Assistant｜><think>\n") and kwargs["until"] == []
            ours = grade_response(by_id[sample["doc"]["id"]], sample["resps"][0][0])
            assert sample["accuracy"] == float(ours.correct)
            assert sample["release_accuracy"] == float(ours.release_correct)
            graded.append(ours.correct)
    # The group row is the overall score: the size-weighted mean of the categories.
    assert scores["recon_eval"]["accuracy,none"] == pytest.approx(sum(graded) / len(graded))


# --- verifiers.v1 ------------------------------------------------------------------------


def _trace(task: Any, content: str | None, reasoning: str | None, finish: str) -> Any:
    import verifiers.v1 as vf
    from verifiers.v1.graph import MessageNode
    from verifiers.v1.trace import AgentInfo, ModelCall, Trace, TraceTask

    reply = vf.AssistantMessage(content=content, reasoning_content=reasoning)
    return Trace(
        task=TraceTask(type="ReconTask", data=task.data),
        agent=AgentInfo(config=vf.AgentConfig()),
        nodes=[
            MessageNode(message=vf.UserMessage(content=task.data.prompt_text)),
            MessageNode(parent=0, sampled=True, message=reply),
        ],
        calls=[ModelCall(node=1, finish_reason=finish)],
    )


@pytest.mark.skipif(
    importlib.util.find_spec("verifiers") is None
    or importlib.util.find_spec("verifiers.v1") is None,
    reason="verifiers (with verifiers.v1) not installed",
)
def test_verifiers_taskset_scores_fixed_replies(corpus: Path) -> None:
    from recon_data.training.vf_taskset import load_taskset
    from recon_data.verifiers import REWARDS

    tasks = list(load_taskset(corpus, split="eval"))
    assert [t.key for t in tasks] == [p.id for p in PROBLEMS]
    assert tasks[0].data.prompt[0].content == PROBLEMS[0].prompt[0].content
    assert len(list(load_taskset(corpus, limit=2))) == 2
    task, p = tasks[1], PROBLEMS[1]
    wrong = next(f"Option {k + 1}" for k in range(3) if not p.answer.startswith(f"Option {k + 1}"))
    cases = [
        # (content, reasoning the server split off, finish) -> reward, correct, release rule
        (_right(p), None, "stop", REWARDS["correct"], 1.0, 1.0),
        (f"\\boxed{{{p.answer}}}", "Compare.", "stop", REWARDS["correct"], 1.0, 1.0),
        (None, f"Maybe \\boxed{{{p.answer}}}", "length", REWARDS["format_error"], 0.0, 1.0),
        (f"\\boxed{{{wrong}}}", "Compare.", "stop", REWARDS["wrong"], 0.0, 0.0),
    ]
    for content, reasoning, finish, reward, correct, release in cases:
        trace = _trace(task, content, reasoning, finish)
        asyncio.run(task.score(trace))
        assert trace.rewards["reward"].score == reward, (content, reasoning)
        assert trace.metrics == {"correct": correct, "release_correct": release}

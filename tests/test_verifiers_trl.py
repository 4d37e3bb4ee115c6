"""Issue 19: the rewards through TRL's own reward step (`GRPOTrainer._calculate_rewards`).

TRL 1.16 turns a None reward into NaN and leaves a row whose every reward is NaN out of the
loss and the reward statistics; `log_extra` columns go to the completions table. This runs
TRL's real method on a stand-in trainer (no model), so a change on either side shows here.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

import pytest

from recon_data.verifiers import hierarchical_reward
from recon_data.verifiers.game_reward import game_move_reward

pytestmark = pytest.mark.slow  # imports torch and TRL (several seconds)

trl = pytest.importorskip("trl")
torch = pytest.importorskip("torch")


def _trainer(funcs: list) -> SimpleNamespace:
    """The attributes `_calculate_rewards` reads, on a CPU accelerator."""
    from accelerate import Accelerator
    from trl import GRPOTrainer

    stub = SimpleNamespace(
        accelerator=Accelerator(cpu=True),
        args=SimpleNamespace(report_to=[]),
        state=SimpleNamespace(global_step=0),
        reward_funcs=funcs,
        reward_processing_classes=[None] * len(funcs),
        reward_func_names=[f.__name__ for f in funcs],
        environments=None,
        _pending_extra_logs=defaultdict(list),
        _pending_metrics=defaultdict(list),
    )
    stub._log_completion_extra = lambda c, v: GRPOTrainer._log_completion_extra(stub, c, v)
    stub._log_metric = lambda n, v: GRPOTrainer._log_metric(stub, n, v)
    return stub


def _rewards(stub: SimpleNamespace, inputs: list[dict], completions: list) -> torch.Tensor:
    from trl import GRPOTrainer

    prompts = [row["prompt"] for row in inputs]
    return GRPOTrainer._calculate_rewards(stub, inputs, prompts, completions, [[1]] * len(inputs))


def test_a_bad_gold_is_skipped_and_the_reading_reaches_the_completions_table() -> None:
    prompt = [{"role": "user", "content": "Does it? Answer Yes or No."}]
    rows = [
        {
            "prompt": prompt,
            "answer": "Yes",
            "answer_kind": "yes_no",
            "options": [],
            "problem_id": "a",
        },
        {
            "prompt": prompt,
            "answer": "Yes",
            "answer_kind": "yes_no",
            "options": [],
            "problem_id": "a",
        },
        {
            "prompt": prompt,
            "answer": "Perhaps",
            "answer_kind": "yes_no",
            "options": [],
            "problem_id": "b",
        },
    ]
    completions = [
        [{"role": "assistant", "content": "x</think>\\boxed{Yes}"}],
        [{"role": "assistant", "content": "x</think>\\boxed{Yes (or No)}"}],
        [{"role": "assistant", "content": "x</think>\\boxed{Yes}"}],
    ]
    stub = _trainer([hierarchical_reward])
    rewards = _rewards(stub, rows, completions)
    assert rewards[0, 0].item() == 5.0 and rewards[1, 0].item() == -3.0
    assert torch.isnan(rewards[2, 0])  # the bad gold's row: TRL's unscorable mask drops it
    assert torch.isnan(rewards).all(dim=1).tolist() == [False, False, True]
    logs = stub._pending_extra_logs
    assert logs["hierarchical/status"] == ["correct", "wrong", "skipped"]
    assert logs["hierarchical/reading"] == ["answered", "hedged", "bad row"]
    assert logs["hierarchical/gold"] == ["Yes", "Yes", None]
    assert all(len(v) == len(rows) for v in logs.values())
    assert stub._pending_metrics["hierarchical/reading/hedged"] == [1 / 3]


def test_two_reward_functions_keep_their_own_columns() -> None:
    rows = [
        {"prompt": "p", "legal_actions": ["choice_1", "choice_2"], "action_values": ["0", "1"],
         "parser": "auto", "think": "required", "answer": "Yes"},
    ] * 2  # fmt: skip
    completions = ["x</think><s>choice_2</s>", "x</think><s>choice_1, 2</s>"]
    stub = _trainer([game_move_reward, hierarchical_reward])
    rewards = _rewards(stub, rows, completions)
    assert rewards[:, 0].tolist() == [5.0, -5.0]
    logs = stub._pending_extra_logs
    assert logs["game_move/status"] == ["ok", "hedged"]
    assert logs["hierarchical/status"] == ["unparsed", "unparsed"]  # no box: the other reward

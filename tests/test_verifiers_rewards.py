"""The reward functions honour TRL's GRPO contract and never raise."""

from __future__ import annotations

import importlib
import logging

import pytest

from recon_data.verifiers import accuracy_reward, format_reward, hierarchical_reward
from recon_data.verifiers.rewards import REWARD_FUNCTIONS

OPTIONS = ["Both firms cooperate", "Both firms defect", "They alternate"]
MCQ_PROMPT = "Which is enforceable?\n\nOptions:\n" + "\n".join(
    f"Option {i}: {t}" for i, t in enumerate(OPTIONS, 1)
)


def box(content: str) -> str:
    """A well-formed completion boxing `content`."""
    return f"<think>reasoning</think>\n\\boxed{{{content}}}"


def as_chat(text: str) -> list[dict[str, str]]:
    """A completion in TRL's conversational form."""
    return [{"role": "assistant", "content": text}]


def trl_batch() -> dict[str, object]:
    """Two prompts with two generations each, columns repeated per generation as TRL does."""
    chat_mcq = [{"role": "user", "content": MCQ_PROMPT}]
    chat_yn = [{"role": "user", "content": "Does the premise lead to the hypothesis?"}]
    return {
        "prompts": [chat_mcq, chat_mcq, chat_yn, chat_yn],
        "completions": [
            as_chat(box("Option 2: Both firms defect")),
            as_chat(box("Both firms cooperate")),
            as_chat(box("No")),
            as_chat("<think>unsure"),
        ],
        "completion_ids": [[1, 2], [3], [4], [5, 6]],
        "answer": ["Option 2: Both firms defect"] * 2 + ["No"] * 2,
        "answer_kind": ["mcq"] * 2 + ["yes_no"] * 2,
        "id": ["p1", "p1", "p2", "p2"],
        "category": ["trigger", "trigger", "econnli", "econnli"],
        "trainer_state": object(),
        "log_extra": lambda *a, **k: None,
    }


def test_one_gold_per_completion_with_trl_keywords() -> None:
    batch = trl_batch()
    assert hierarchical_reward(**batch) == [5.0, -3.0, 5.0, -4.0]
    assert accuracy_reward(**batch) == [1.0, 0.0, 1.0, 0.0]
    assert format_reward(**batch) == [1.0, 1.0, 1.0, 0.0]


def test_never_uses_the_first_gold_for_the_batch() -> None:
    completions = [box("Yes"), box("No"), box("No"), box("Yes")]
    answers = ["Yes", "No", "Yes", "No"]
    assert hierarchical_reward(prompts=[""] * 4, completions=completions, answer=answers) == [
        5.0,
        5.0,
        -3.0,
        -3.0,
    ]


def test_string_completions_and_string_prompts() -> None:
    rewards = hierarchical_reward(
        prompts=[MCQ_PROMPT, MCQ_PROMPT],
        completions=[box("They alternate"), box("Option 3: They alternate")],
        answer=["Option 3: They alternate", "Option 3: They alternate"],
    )
    assert rewards == [2.0, 5.0]


def test_options_column_overrides_the_prompt() -> None:
    # With the options column, text alone that is no option's is unparsed (-5), not wrong (-3).
    kwargs = {
        "prompts": ["no options here"],
        "completions": [box("Something else")],
        "answer": ["Option 1: Both firms cooperate"],
    }
    assert hierarchical_reward(**kwargs) == [-3.0]
    assert hierarchical_reward(**kwargs, options=[OPTIONS]) == [-5.0]


def test_scalar_columns_apply_to_every_completion() -> None:
    assert hierarchical_reward(prompts=None, completions=[box("Yes"), box("No")], answer="Yes") == [
        5.0,
        -3.0,
    ]


def test_returns_floats() -> None:
    rewards = hierarchical_reward(**trl_batch())
    assert all(type(r) is float for r in rewards)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"completions": None},
        {"completions": [box("Yes")], "answer": None},
        {"completions": [box("Yes")], "answer": [None]},
        {"completions": [box("Yes")], "answer": [42]},
        {"completions": [box("Yes")], "answer": ["not a gold of any kind"]},
        {"completions": [box("Yes")], "answer": ["Yes"], "answer_kind": ["essay"]},
        {"completions": [box("Yes"), box("No")], "answer": ["Yes"]},  # length mismatch
        {"completions": [12, None, {"content": None}], "answer": ["Yes"] * 3},
        {"completions": [box("Option 2")], "answer": ["Option 2: x"], "options": [17]},
        {"completions": [box("Option 2")], "answer": ["Option 2: x"], "prompts": [object()]},
        {"completions": 5, "answer": 5},
    ],
)
def test_bad_input_never_raises(
    kwargs: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for fn in (hierarchical_reward, accuracy_reward, format_reward):
        rewards = fn(**kwargs)
        assert isinstance(rewards, list)
        assert all(r is None or isinstance(r, float) for r in rewards)
        assert set(hierarchical_reward(**kwargs)) <= {-5.0, -4.0, -3.0, 2.0, 5.0, None}


def test_ungradeable_rows_are_skipped_with_one_warning_naming_the_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A gold that does not parse is the data's fault: None (TRL skips the row), not -5."""
    caplog.set_level(logging.WARNING)
    batch = {
        "prompts": ["", "", ""],
        "completions": [box("Yes"), box("Yes"), box("No")],
        "answer": ["Yes", "gold nobody can parse 1", "gold nobody can parse 1"],
        "problem_id": ["p-ok", "p-broken", "p-broken"],
    }
    assert hierarchical_reward(**batch) == [5.0, None, None]
    assert accuracy_reward(**batch) == [1.0, None, None]
    assert format_reward(**batch) == [1.0, None, None]
    warnings = [r.getMessage() for r in caplog.records if "p-broken" in r.getMessage()]
    assert len(warnings) == 1 and "skips" in warnings[0]
    assert "p-ok" not in caplog.text


def test_answer_gold_and_status_reach_trls_completions_table() -> None:
    extra: dict[str, list] = {}
    metrics: dict[str, float] = {}
    completions = [box("Yes"), box("not Yes"), "no think block", box("Yes")]
    rewards = hierarchical_reward(
        completions=completions,
        answer=["Yes", "Yes", "Yes", "gold nobody can parse"],
        log_extra=lambda column, values: extra.setdefault(column, []).extend(values),
        log_metric=lambda name, value: metrics.__setitem__(name, value),
    )
    assert rewards == [5.0, -3.0, -4.0, None]
    assert extra["hierarchical/answer"] == ["Yes", "not Yes", None, None]
    assert extra["hierarchical/gold"] == ["Yes", "Yes", "Yes", None]
    assert extra["hierarchical/status"] == ["correct", "wrong", "format_error", "skipped"]
    assert extra["hierarchical/reading"] == ["answered", "negated", "truncated", "bad row"]
    assert all(len(v) == len(completions) for v in extra.values())
    assert metrics["hierarchical/reading/negated"] == 0.25
    assert metrics["hierarchical/skipped"] == 0.25


def test_format_reward_without_answers_checks_shape_only() -> None:
    completions = [
        box("anything"),
        box(""),
        "<think>x</think> no box",
        "\\boxed{1}</think>\\boxed{1}",
    ]
    assert format_reward(completions=completions) == [1.0, 0.0, 0.0, 0.0]


def test_format_reward_rejects_hedging_and_the_unboxed_fallback() -> None:
    completions = [box("Yes") + "\\boxed{No}", "<think>x</think> Option 1", box("No")]
    answers = ["Yes", "Option 1: Both firms cooperate", "Yes"]
    assert format_reward(completions=completions, answer=answers) == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("name", ["hierarchical_reward", "accuracy_reward", "format_reward"])
def test_importable_by_dotted_path(name: str) -> None:
    # TRL's CLI resolves `--reward_funcs module.function` with import_module + getattr.
    module_path, func_name = f"recon_data.verifiers.{name}".rsplit(".", 1)
    fn = getattr(importlib.import_module(module_path), func_name)
    assert fn.__name__ == name
    assert fn(prompts=[""], completions=[box("Yes")], answer=["Yes"]) in ([5.0], [1.0])


def test_registry_names_the_functions() -> None:
    from recon_data.verifiers.game_reward import game_move_reward

    assert REWARD_FUNCTIONS["hierarchical"] is hierarchical_reward
    assert REWARD_FUNCTIONS["game_move"] is game_move_reward
    assert set(REWARD_FUNCTIONS) == {"hierarchical", "accuracy", "format", "game_move"}

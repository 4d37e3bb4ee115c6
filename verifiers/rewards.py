"""GRPO reward functions with TRL's contract: one gold per completion, never raising.

TRL calls `reward_func(prompts=..., completions=..., completion_ids=..., <dataset
columns>..., trainer_state=..., log_extra=..., log_metric=...)` with every column repeated
once per generation, and logs each function under its `__name__`. These functions read the
`answer`, `answer_kind`, `options` (and `problem_id`, for messages) columns, take the i-th
entry for the i-th completion, and ignore every other keyword.

A row whose gold cannot be graded (a gold that does not parse, a missing column, lengths
that do not match) is a data error, not the model's: its reward is None, so TRL leaves the
row out of the loss and the reward statistics, and a warning names it once. With TRL's
hooks, every completion's parsed answer, parsed gold, status and reading go to the
completions table (`log_extra`), and the share of each reading to the metrics (`log_metric`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from recon_data.verifiers import extract
from recon_data.verifiers.columns import as_list as _as_list
from recon_data.verifiers.columns import warn_once as _warn_once
from recon_data.verifiers.gold import parse_gold
from recon_data.verifiers.grade import Verdict, grade_gold, resolve_options
from recon_data.verifiers.reading import READINGS

_ANSWERED = frozenset(("correct", "partial", "wrong"))
Rewards = list[float | None]


def hierarchical_reward(
    prompts: Any = None,
    completions: Any = None,
    answer: Any = None,
    answer_kind: Any = None,
    options: Any = None,
    **kwargs: Any,
) -> Rewards:
    """The paper's hierarchical reward with normalised comparison: +5/+2/-3/-5/-4; None for bad rows."""
    verdicts = grade_batch(
        prompts, completions, answer, answer_kind, options, kwargs.get("problem_id")
    )
    log_verdicts("hierarchical", verdicts, kwargs)
    return [v.reward if v is not None else None for v in verdicts]


def accuracy_reward(
    prompts: Any = None,
    completions: Any = None,
    answer: Any = None,
    answer_kind: Any = None,
    options: Any = None,
    **kwargs: Any,
) -> Rewards:
    """1.0 for a fully correct answer, else 0.0; None for a row that cannot be graded."""
    verdicts = grade_batch(
        prompts, completions, answer, answer_kind, options, kwargs.get("problem_id")
    )
    log_verdicts("accuracy", verdicts, kwargs)
    return [None if v is None else 1.0 if v.status == "correct" else 0.0 for v in verdicts]


def format_reward(
    prompts: Any = None,
    completions: Any = None,
    answer: Any = None,
    answer_kind: Any = None,
    options: Any = None,
    **kwargs: Any,
) -> Rewards:
    """1.0 when the completion passes the `</think>` gate and boxes one answer of its kind.

    Right or wrong does not matter here; hedging, negation, an unparseable or missing box,
    or the unboxed `Option N` fallback score 0.0. Without an `answer` column any non-empty
    box after a well-formed `</think>` counts.
    """
    if answer is None:
        return [_shape_only(c) for c in _as_list(completions)]
    verdicts = grade_batch(
        prompts, completions, answer, answer_kind, options, kwargs.get("problem_id")
    )
    log_verdicts("format", verdicts, kwargs)
    return [
        None
        if v is None
        else 1.0
        if v.boxed and v.reading == "answered" and v.status in _ANSWERED
        else 0.0
        for v in verdicts
    ]


def grade_batch(
    prompts: Any,
    completions: Any,
    answer: Any,
    answer_kind: Any = None,
    options: Any = None,
    problem_id: Any = None,
) -> list[Verdict | None]:
    """Grade a TRL batch: the i-th completion against the i-th gold; None where a row is bad."""
    items = _as_list(completions)
    n = len(items)
    golds = _column(answer, n, "answer")
    kinds = _column(answer_kind, n, "answer_kind")
    ids = _column(problem_id, n, "problem_id", quiet=True)
    option_lists = _options_column(options, n)
    prompt_list = _prompt_column(prompts, n)
    out: list[Verdict | None] = []
    for i, completion in enumerate(items):
        gold_text = golds[i]
        try:
            if not isinstance(gold_text, str):
                raise TypeError(f"answer must be a string, got {type(gold_text).__name__}")
            gold = parse_gold(gold_text, kinds[i] or None)
            chosen = resolve_options(gold, option_lists[i], prompt_list[i])
            out.append(grade_gold(extract.message_text(completion), gold, chosen))
        except Exception as exc:  # a reward function must never stop the trainer
            who = f"problem {ids[i]!r}" if ids[i] is not None else f"gold {str(gold_text)[:80]!r}"
            _warn_once(f"{who}: cannot grade ({exc}); reward None, so TRL skips the row")
            out.append(None)
    return out


def log_verdicts(name: str, verdicts: list[Verdict | None], hooks: Mapping[str, Any]) -> None:
    """Send each completion's answer, gold, status and reading to TRL's completions table.

    `hooks` are the reward function's keyword arguments: TRL passes `log_extra(column,
    values)` and `log_metric(name, value)`; without them (a direct call) nothing is logged.
    Columns are prefixed with `name`, so two reward functions never share a column.
    """
    log_extra, log_metric = hooks.get("log_extra"), hooks.get("log_metric")
    try:
        if callable(log_extra):
            log_extra(f"{name}/answer", [v.prediction if v else None for v in verdicts])
            log_extra(f"{name}/gold", [v.gold if v else None for v in verdicts])
            log_extra(f"{name}/status", [v.status if v else "skipped" for v in verdicts])
            log_extra(f"{name}/reading", [v.reading if v else "bad row" for v in verdicts])
        if callable(log_metric) and verdicts:
            for reading in READINGS:
                share = sum(v is not None and v.reading == reading for v in verdicts)
                log_metric(f"{name}/reading/{reading}", share / len(verdicts))
            log_metric(f"{name}/skipped", sum(v is None for v in verdicts) / len(verdicts))
    except Exception as exc:  # logging must never stop the trainer either
        _warn_once(f"cannot log to the trainer: {exc}")


def _column(value: Any, n: int, name: str, *, quiet: bool = False) -> list[Any]:
    if value is None or isinstance(value, str):
        return [value] * n  # a scalar applies to every completion
    values = _as_list(value)
    if len(values) != n:
        if not quiet:
            _warn_once(
                f"column {name!r} has {len(values)} entries for {n} completions; not grading"
            )
        return [None] * n
    return values


def _options_column(value: Any, n: int) -> list[Any]:
    values = _as_list(value)
    # A flat list of strings is one option list shared by the batch, not one per row.
    if values and all(isinstance(v, str) for v in values):
        return [values] * n
    return _column(value, n, "options")


def _prompt_column(value: Any, n: int) -> list[Any]:
    values = _as_list(value)
    # A list of message dicts is one chat prompt shared by the batch.
    if values and all(isinstance(v, Mapping) for v in values):
        return [values] * n
    if value is None or isinstance(value, str) or len(values) == n:
        return _column(value, n, "prompts")
    return [None] * n  # prompts only supply options; a mismatch just means none


def _shape_only(completion: Any) -> float:
    try:
        section, _ = extract.answer_section(extract.message_text(completion))
        if section is None:
            return 0.0
        boxes = extract.find_boxes(section, limit=1)
        return 1.0 if boxes and boxes[0] is not None and extract.clean_box(boxes[0]) else 0.0
    except Exception:  # a reward function must never stop the trainer
        return 0.0


REWARD_FUNCTIONS: dict[str, Callable[..., Rewards]] = {
    "hierarchical": hierarchical_reward,
    "accuracy": accuracy_reward,
    "format": format_reward,
}

# MARO's move reward on game decision nodes (verifiers/game_reward.py) joins the registry.
from recon_data.verifiers.game_reward import game_move_reward  # noqa: E402

REWARD_FUNCTIONS["game_move"] = game_move_reward

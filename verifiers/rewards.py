"""GRPO reward functions with TRL's contract: one gold per completion, never raising.

TRL calls `reward_func(prompts=..., completions=..., completion_ids=..., <dataset
columns>..., trainer_state=...)` with every column repeated once per generation, and logs
each function under its `__name__`. These functions read the `answer`, `answer_kind` and
`options` columns, take the i-th entry for the i-th completion, ignore every other
keyword, and turn any internal failure into the unparsed reward for that completion
(logged once per distinct problem) so a bad row never stops a training run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from recon_data.verifiers import extract
from recon_data.verifiers.gold import parse_gold
from recon_data.verifiers.grade import REWARDS, Verdict, grade_gold, resolve_options

_log = logging.getLogger(__name__)
_UNPARSED = REWARDS["unparsed"]
_ANSWERED = frozenset(("correct", "partial", "wrong"))
_warned: set[str] = set()
# Past this many distinct warnings the log is noise; keep memory bounded on long runs.
_MAX_WARNINGS = 1000


def hierarchical_reward(
    prompts: Any = None,
    completions: Any = None,
    answer: Any = None,
    answer_kind: Any = None,
    options: Any = None,
    **kwargs: Any,
) -> list[float]:
    """The paper's hierarchical reward with normalised comparison: +5/+2/-3/-5/-4 per completion."""
    verdicts = grade_batch(prompts, completions, answer, answer_kind, options)
    return [v.reward if v is not None else _UNPARSED for v in verdicts]


def accuracy_reward(
    prompts: Any = None,
    completions: Any = None,
    answer: Any = None,
    answer_kind: Any = None,
    options: Any = None,
    **kwargs: Any,
) -> list[float]:
    """1.0 for a fully correct answer, else 0.0."""
    verdicts = grade_batch(prompts, completions, answer, answer_kind, options)
    return [1.0 if v is not None and v.status == "correct" else 0.0 for v in verdicts]


def format_reward(
    prompts: Any = None,
    completions: Any = None,
    answer: Any = None,
    answer_kind: Any = None,
    options: Any = None,
    **kwargs: Any,
) -> list[float]:
    """1.0 when the completion passes the `</think>` gate and boxes one answer of its kind.

    Right or wrong does not matter here; hedging, an unparseable or missing box, or the
    unboxed `Option N` fallback score 0.0. Without an `answer` column any non-empty box
    after a well-formed `</think>` counts.
    """
    if answer is None:
        return [_shape_only(c) for c in _as_list(completions)]
    verdicts = grade_batch(prompts, completions, answer, answer_kind, options)
    return [
        1.0 if v is not None and v.boxed and not v.hedged and v.status in _ANSWERED else 0.0
        for v in verdicts
    ]


def grade_batch(
    prompts: Any, completions: Any, answer: Any, answer_kind: Any = None, options: Any = None
) -> list[Verdict | None]:
    """Grade a TRL batch: the i-th completion against the i-th gold; None where grading failed."""
    items = _as_list(completions)
    n = len(items)
    golds = _column(answer, n, "answer")
    kinds = _column(answer_kind, n, "answer_kind")
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
            _warn_once(f"cannot grade against gold {str(gold_text)[:80]!r}: {exc}")
            out.append(None)
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None or isinstance(value, (str, bytes, Mapping)):
        return [] if value is None else [value]
    try:
        return list(value)
    except TypeError:
        return []


def _column(value: Any, n: int, name: str) -> list[Any]:
    if value is None or isinstance(value, str):
        return [value] * n  # a scalar applies to every completion
    values = _as_list(value)
    if len(values) != n:
        _warn_once(f"column {name!r} has {len(values)} entries for {n} completions; not grading")
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


def _warn_once(message: str) -> None:
    if message not in _warned and len(_warned) < _MAX_WARNINGS:
        _warned.add(message)
        _log.warning("recon_data.verifiers: %s", message)


REWARD_FUNCTIONS: dict[str, Callable[..., list[float]]] = {
    "hierarchical": hierarchical_reward,
    "accuracy": accuracy_reward,
    "format": format_reward,
}

# MARO's move reward on game decision nodes (verifiers/game_reward.py) joins the registry.
from recon_data.verifiers.game_reward import game_move_reward  # noqa: E402

REWARD_FUNCTIONS["game_move"] = game_move_reward

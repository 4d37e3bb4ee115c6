"""The move reward for GRPO on game decision nodes (MARO-style, our own formulation).

TRL calls `game_move_reward(prompts=..., completions=..., <dataset columns>...)`; this
reads the `legal_actions` and `action_values` columns that
`recon_data.training.game_data` writes (the mover's exact value of each legal action,
as fraction strings) and the optional `parser` column. Scored like the hierarchical
reward: a completion failing the `</think>` gate gets the format-error reward (-4), one
whose answer names no single legal action the unparsed reward (-5), and a legal move
-3 + 8 v, where v in [0, 1] is its value normalised at the node (the best action +5, the
worst -3). So every parsed move outranks every failure, and moves rank exactly as their
values do. Never raises: a bad row scores as unparsed and is logged once.

Usable by dotted path: `trl grpo --reward_funcs recon_data.verifiers.game_reward.game_move_reward`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from recon_data.games.credit import normalise
from recon_data.games.parsing import parse_action
from recon_data.verifiers import extract
from recon_data.verifiers.grade import REWARDS

_log = logging.getLogger(__name__)
WORST, BEST = REWARDS["wrong"], REWARDS["correct"]
_warned: set[str] = set()


def move_reward(
    completion: Any, legal: list[str], values: list[Any], parser: str | None = None
) -> float:
    """Score one completion at one decision node (raises on a malformed row)."""
    if len(legal) != len(values) or not legal:
        raise ValueError(f"{len(legal)} legal actions for {len(values)} values")
    section, _ = extract.answer_section(extract.message_text(completion))
    if section is None:
        return REWARDS["format_error"]
    parsed = parse_action(section, tuple(str(a) for a in legal), parser or "auto")
    if parsed.action is None:
        return REWARDS["unparsed"]
    scores = normalise({str(a): Fraction(str(v)) for a, v in zip(legal, values, strict=True)})
    return WORST + (BEST - WORST) * float(scores[parsed.action])


def game_move_reward(
    prompts: Any = None,
    completions: Any = None,
    legal_actions: Any = None,
    action_values: Any = None,
    parser: Any = None,
    **kwargs: Any,
) -> list[float]:
    """GRPO reward for decision-node rows: -3 + 8 x the move's normalised exact value, -4/-5 failures."""
    items = _as_list(completions)
    n = len(items)
    legal_col = _rows(legal_actions, n)
    value_col = _rows(action_values, n)
    parser_col = parser if isinstance(parser, list) and len(parser) == n else [parser] * n
    out = []
    for i, completion in enumerate(items):
        try:
            out.append(move_reward(completion, legal_col[i], value_col[i], parser_col[i]))
        except Exception as exc:  # a reward function must never stop the trainer
            _warn_once(f"cannot score a move against legal={legal_col[i]!r}: {exc}")
            out.append(REWARDS["unparsed"])
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None or isinstance(value, (str, Mapping)):
        return [] if value is None else [value]
    try:
        return list(value)
    except TypeError:
        return []


def _rows(value: Any, n: int) -> list[Any]:
    """One list per completion; a single flat list of scalars is shared by the whole batch."""
    values = _as_list(value)
    if values and not any(isinstance(v, (list, tuple)) for v in values):
        return [values] * n
    if len(values) != n:
        return [None] * n
    return values


def _warn_once(message: str) -> None:
    if message not in _warned and len(_warned) < 1000:
        _warned.add(message)
        _log.warning("recon_data.verifiers: %s", message)

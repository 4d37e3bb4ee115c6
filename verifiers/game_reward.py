"""The move reward for GRPO on game decision nodes (MARO-style, our own formulation).

TRL calls `game_move_reward(prompts=..., completions=..., <dataset columns>...)`; this
reads the `legal_actions` and `action_values` columns that
`recon_data.training.game_data` writes (the mover's exact value of each legal action,
as fraction strings) and the optional `parser` and `think` columns. A reply is read by
`recon_data.games.parsing.read_move`, the rule `games eval` plays by, so training and
evaluation read every reply alike. Scored like the hierarchical reward: a reply failing
the `</think>` gate (`format`, `truncated`) gets the format-error reward (-4), one that
names no single legal action (`missing`, `hedged`, `negated`, `illegal`) the unparsed
reward (-5), and a legal move -3 + 8 v, where v in [0, 1] is its value normalised at the
node (the best action +5, the worst -3). So every move outranks every failure, and moves
rank exactly as their values do. A malformed row is a data error: its reward is None (TRL
skips it) and a warning names it once. Never raises.

Usable by dotted path: `trl grpo --reward_funcs recon_data.verifiers.game_reward.game_move_reward`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from recon_data.games.credit import normalise
from recon_data.games.parsing import MOVE_STATUSES, MoveReading, read_move
from recon_data.verifiers import extract
from recon_data.verifiers.columns import as_list as _as_list
from recon_data.verifiers.columns import per_row as _scalars
from recon_data.verifiers.columns import warn_once as _warn_once
from recon_data.verifiers.grade import REWARDS

WORST, BEST = REWARDS["wrong"], REWARDS["correct"]
_GATE = frozenset(("format", "truncated"))


@dataclass(frozen=True)
class MoveScore:
    """One reply at one node: how it read, and its reward."""

    reading: MoveReading
    reward: float
    best: tuple[str, ...]  # the node's best actions (the move reward's "gold")


def score_move(
    completion: Any,
    legal: list[str],
    values: list[Any],
    parser: str | None = None,
    think: str | None = None,
) -> MoveScore:
    """Read and score one completion at one decision node (raises on a malformed row)."""
    if len(legal) != len(values) or not legal:
        raise ValueError(f"{len(legal)} legal actions for {len(values)} values")
    labels = tuple(str(a) for a in legal)
    scores = normalise({a: Fraction(str(v)) for a, v in zip(labels, values, strict=True)})
    best = tuple(a for a in labels if scores[a] == 1)
    text = extract.message_text(completion)
    reading = read_move(text, labels, parser or "auto", think or "required")
    if reading.action is None:
        reward = REWARDS["format_error"] if reading.status in _GATE else REWARDS["unparsed"]
        return MoveScore(reading, reward, best)
    return MoveScore(reading, WORST + (BEST - WORST) * float(scores[reading.action]), best)


def move_reward(
    completion: Any,
    legal: list[str],
    values: list[Any],
    parser: str | None = None,
    think: str | None = None,
) -> float:
    """Score one completion at one decision node (raises on a malformed row)."""
    return score_move(completion, legal, values, parser, think).reward


def game_move_reward(
    prompts: Any = None,
    completions: Any = None,
    legal_actions: Any = None,
    action_values: Any = None,
    parser: Any = None,
    think: Any = None,
    **kwargs: Any,
) -> list[float | None]:
    """GRPO reward for decision-node rows: -3 + 8 x the move's normalised value, -4/-5 failures."""
    items = _as_list(completions)
    n = len(items)
    legal_col = _rows(legal_actions, n)
    value_col = _rows(action_values, n)
    parser_col = _scalars(parser, n)
    think_col = _scalars(think, n)
    scored: list[MoveScore | None] = []
    for i, completion in enumerate(items):
        try:
            scored.append(
                score_move(completion, legal_col[i], value_col[i], parser_col[i], think_col[i])
            )
        except Exception as exc:  # a reward function must never stop the trainer
            _warn_once(f"cannot score a move against legal={legal_col[i]!r}: {exc}; reward None")
            scored.append(None)
    _log_moves(scored, kwargs)
    return [s.reward if s is not None else None for s in scored]


def _log_moves(scored: list[MoveScore | None], hooks: Mapping[str, Any]) -> None:
    """The read move, the node's best actions, and the status, to TRL's completions table."""
    log_extra, log_metric = hooks.get("log_extra"), hooks.get("log_metric")
    try:
        if callable(log_extra):
            log_extra(
                "game_move/answer",
                [s.reading.action or s.reading.seen if s else None for s in scored],
            )
            log_extra("game_move/gold", [", ".join(s.best) if s else None for s in scored])
            log_extra("game_move/status", [s.reading.status if s else "bad row" for s in scored])
        if callable(log_metric) and scored:
            for status in MOVE_STATUSES:
                hits = sum(s is not None and s.reading.status == status for s in scored)
                log_metric(f"game_move/status/{status}", hits / len(scored))
    except Exception as exc:  # logging must never stop the trainer either
        _warn_once(f"cannot log to the trainer: {exc}")


def _rows(value: Any, n: int) -> list[Any]:
    """One list per completion; a single flat list of scalars is shared by the whole batch."""
    values = _as_list(value)
    if values and not any(isinstance(v, (list, tuple)) for v in values):
        return [values] * n
    if len(values) != n:
        return [None] * n
    return values



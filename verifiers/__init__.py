"""Answer extraction, normalisation and grading for every Recon answer kind.

`read_answer` reads the final answer of a completion (or says why it has none); `grade`
grades one completion through it; `hierarchical_reward`, `accuracy_reward` and
`format_reward` are GRPO reward functions (`trl grpo --reward_funcs
recon_data.verifiers.hierarchical_reward`). Each answer kind's grammar lives in the
answer-kind registry (`recon_data.answers`). Importing this package loads no third-party
package: only the standard library and core modules (the answer kinds, and the game
environments and tree solver the per-move reward needs); the scoring report (`score_file`)
loads on first use.
"""

from __future__ import annotations

if __name__ != "recon_data.verifiers":
    # Imported as a bare top-level name from the checkout's root: hand the name back.
    from recon_data._shadow import step_aside

    step_aside(__name__, __file__)

from typing import TYPE_CHECKING

from recon_data._lazy import lazy_exports
from recon_data.verifiers.gold import GoldError, infer_kind, parse_gold
from recon_data.verifiers.grade import REWARDS, VERDICT_STATUSES, Status, Verdict, grade
from recon_data.verifiers.reading import READINGS, AnswerReading, read_answer
from recon_data.verifiers.rewards import (
    REWARD_FUNCTIONS,
    accuracy_reward,
    format_reward,
    grade_batch,
    hierarchical_reward,
)

if TYPE_CHECKING:  # the real names for type checkers and IDEs; at run time they load lazily
    from recon_data.verifiers.score import ScoreReport as ScoreReport
    from recon_data.verifiers.score import score_file as score_file
    from recon_data.verifiers.score import score_records as score_records

_LAZY = {
    "score_file": "recon_data.verifiers.score",
    "score_records": "recon_data.verifiers.score",
    "ScoreReport": "recon_data.verifiers.score",
}

__all__ = [
    "READINGS",
    "REWARDS",
    "REWARD_FUNCTIONS",
    "VERDICT_STATUSES",
    "AnswerReading",
    "GoldError",
    "Status",
    "Verdict",
    "accuracy_reward",
    "format_reward",
    "grade",
    "grade_batch",
    "hierarchical_reward",
    "infer_kind",
    "parse_gold",
    "read_answer",
    *_LAZY,
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

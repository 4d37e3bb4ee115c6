"""The row a GRPO trainer feeds our rewards: the prompt plus the columns the rewards read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recon_data.schema import Problem


def grpo_row(problem: Problem) -> dict[str, Any]:
    """Return a problem as a GRPO row: chat `prompt` and the gold columns the rewards take."""
    return {
        "prompt": [{"role": m.role, "content": m.content} for m in problem.prompt],
        "answer": problem.answer,
        "answer_kind": problem.answer_kind,
        "options": list(problem.options),
        "problem_id": problem.id,
        "category": problem.category,
    }

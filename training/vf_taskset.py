"""A `verifiers.v1` taskset over any Recon corpus split, scored by recon_data.verifiers.

    from recon_data.training.vf_taskset import load_taskset
    taskset = load_taskset("corpus/", split="eval")       # ReconTaskset, one task per problem

Each task carries the released chat prompt and the gold (`answer`, `answer_kind`,
`options`); its reward is our hierarchical reward (`Verdict.reward`: 5 correct, 2 partial,
-3 wrong, -5 unparsed, -4 format error) and its metrics are `correct` (ours) and
`release_correct` (Table 3's rule). A server whose reasoning parser split the `<think>` part
off (`reasoning_content`) has it put back before grading, closed with `</think>` only where
the reasoning ended, exactly as the `openai` evaluation backend does.

The classes are built on first use, so importing this module needs no `verifiers`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError


def reply_text(trace: Any) -> str:
    """The model's last reply as our graders read it: split-off reasoning put back."""
    from recon_data.training.openai_backend import completion_text

    replies = trace.assistant_messages
    if not replies:
        return ""
    last = replies[-1]
    calls = [c for c in trace.calls if c.error is None]
    finish = calls[-1].finish_reason if calls else None
    message = {"content": last.content, "reasoning_content": last.reasoning_content}
    return completion_text({"choices": [{"message": message, "finish_reason": finish}]})


def grade_trace(data: Any, trace: Any) -> Any:
    """Grade a trace's last reply against the task's gold; return the Verdict."""
    from recon_data.verifiers import grade

    options = list(data.options) or None
    return grade(reply_text(trace), data.answer, kind=data.answer_kind, options=options)


@cache
def classes() -> dict[str, type]:
    """Build (once) the verifiers.v1 data, task, config and taskset classes."""
    try:
        import verifiers.v1 as vf
        from pydantic import Field
    except ImportError:
        raise ReconDataError(
            "the verifiers taskset needs the `verifiers` package (pip install verifiers)"
        ) from None

    class ReconData(vf.TaskData):
        """One Recon problem: the released prompt and its gold."""

        answer: str
        answer_kind: str
        options: list[str] = Field(default_factory=list)
        category: str = ""

    class ReconTask(vf.Task[ReconData]):
        """A Recon problem scored by recon_data.verifiers."""

        @property
        def key(self) -> str:
            """The problem id: durable across runs (the content hash changes with idx)."""
            return str(self.data.id)

        @vf.reward(weight=1.0)
        async def reward(self, trace: vf.Trace) -> float:
            """Our hierarchical reward for the last reply."""
            return float(grade_trace(self.data, trace).reward)

        @vf.metric
        async def correct(self, trace: vf.Trace) -> float:
            """1.0 when the answer after `</think>` equals the gold (Table 3's sense)."""
            return float(bool(grade_trace(self.data, trace).paper_correct))

        @vf.metric
        async def release_correct(self, trace: vf.Trace) -> float:
            """1.0 under the release's own rule (first box anywhere, raw text)."""
            from recon_data.verifiers.release import release_is_correct

            return float(release_is_correct(reply_text(trace), self.data.answer))

    class ReconTasksetConfig(vf.TasksetConfig):
        """Which corpus and split; `limit` draws from every category in proportion."""

        corpus: str | None = None
        split: str = "eval"
        limit: int | None = None

    class ReconTaskset(vf.Taskset[ReconTask, ReconTasksetConfig]):
        """Every problem of a corpus split as a task."""

        def load(self) -> list[ReconTask]:
            """One task per problem, in corpus order."""
            from recon_data.training.data import eval_problems, resolve_corpus

            config = self.config
            root = resolve_corpus(config.corpus)
            problems = eval_problems(root, split=config.split, limit=config.limit)
            return [
                ReconTask(
                    ReconData(
                        id=p.id,
                        name=p.id,
                        prompt=[{"role": m.role, "content": m.content} for m in p.prompt],
                        answer=p.answer,
                        answer_kind=p.answer_kind,
                        options=list(p.options),
                        category=p.category,
                    ),
                    config.task,
                )
                for p in problems
            ]

    return {
        "ReconData": ReconData,
        "ReconTask": ReconTask,
        "ReconTasksetConfig": ReconTasksetConfig,
        "ReconTaskset": ReconTaskset,
    }


def load_taskset(
    corpus: str | Path | None = None, *, split: str = "eval", limit: int | None = None
) -> Any:
    """Return a ReconTaskset over a corpus split (the cached build of the release by default)."""
    built = classes()
    config = built["ReconTasksetConfig"](
        corpus=None if corpus is None else str(corpus), split=split, limit=limit
    )
    return built["ReconTaskset"](config)

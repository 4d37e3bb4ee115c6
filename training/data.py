"""Corpus records in the shapes TRL's trainers and the evaluation harness read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.errors import ReconDataError

if TYPE_CHECKING:
    from recon_data.schema import Problem, Trace


def resolve_corpus(corpus: str | Path | None) -> Path:
    """Return the corpus folder to read: a built corpus, an export, a release folder or Hub id, or the default."""
    from recon_data.curation.resolve import resolve_corpus as resolve
    from recon_data.hfdata import looks_local
    from recon_data.storage import require_corpus

    if corpus is None:
        return require_corpus(resolve(None))
    if str(corpus).split(":")[0] == "games":  # the decision-node dataset (training/game_data.py)
        return Path(str(corpus))
    local = Path(corpus).expanduser()
    # A Hub id (`org/name`) is resolved like everywhere else; a missing path fails before any work.
    if not local.exists() and (looks_local(str(corpus)) or local.suffix):
        raise ReconDataError("corpus folder not found (check --corpus)", file=str(corpus))
    path = resolve(local if local.exists() else str(corpus))
    return require_corpus(path)


def _norm(text: str) -> str:
    return " ".join(text.split())


def user_text(problem: Problem) -> str:
    """Return the text of the problem's (last) user message."""
    users = [m.content for m in problem.prompt if m.role == "user"]
    return users[-1] if users else ""


@dataclass(frozen=True)
class SFTData:
    """The SFT rows plus what was left out and why."""

    rows: list[dict[str, Any]]
    eval_overlap: int
    dropped: int


def sft_rows(corpus: Path, *, drop_eval_overlap: bool = False, limit: int | None = None) -> SFTData:
    """Build conversational SFT rows (`messages`: user prompt, assistant trace) from Recon-CoT."""
    from recon_data.storage import read_problems, read_traces

    traces: list[Trace] = read_traces(corpus)
    evals = read_problems(corpus, "eval")
    eval_ids = {p.id for p in evals}
    eval_texts = {_norm(user_text(p)) for p in evals}
    rows: list[dict[str, Any]] = []
    overlap = dropped = 0
    for trace in traces:
        # A trace whose prompt is an eval prompt leaks Recon-Eval into training (a release defect).
        leaks = trace.problem_id in eval_ids or _norm(trace.prompt) in eval_texts
        overlap += leaks
        if leaks and drop_eval_overlap:
            dropped += 1
            continue
        rows.append(
            {
                "messages": [
                    {"role": "user", "content": trace.prompt},
                    {"role": "assistant", "content": trace.response},
                ]
            }
        )
    if limit is not None:
        rows = rows[:limit]
    if not rows:
        raise ReconDataError("no CoT traces to train on", file=str(corpus))
    return SFTData(rows=rows, eval_overlap=overlap, dropped=dropped)


def grpo_rows(
    corpus: Path, *, split: str = "train", limit: int | None = None
) -> list[dict[str, Any]]:
    """Build GRPO rows: the released chat prompt plus the columns the reward reads (gold, kind, options)."""
    from recon_data.storage import read_problems

    if str(corpus).split(":")[0] == "games":  # MARO: decision nodes of generated games
        from recon_data.training.game_data import recipe_rows

        return recipe_rows(str(corpus), limit=limit)
    problems = read_problems(corpus, split)
    if limit is not None:
        problems = problems[:limit]
    if not problems:
        raise ReconDataError(f"no {split} problems to train on", file=str(corpus))
    from recon_data.verifiers.rows import grpo_row

    return [grpo_row(p) for p in problems]


def stratified(problems: list[Problem], limit: int) -> list[Problem]:
    """Pick `limit` problems with each category's share as in the whole list (largest remainders).

    Within a category the first problems are taken, and the result keeps corpus order, so the
    same corpus and limit always give the same problems.
    """
    if limit >= len(problems):
        return list(problems)
    by_category: dict[str, list[int]] = {}
    for i, p in enumerate(problems):
        by_category.setdefault(p.category, []).append(i)
    total = len(problems)
    quotas = {c: limit * len(ix) // total for c, ix in by_category.items()}
    # Seats left after the whole parts go to the largest remainders; ties to the earlier category.
    order = sorted(by_category, key=lambda c: -((limit * len(by_category[c])) % total))
    for c in order[: limit - sum(quotas.values())]:
        quotas[c] += 1
    chosen = sorted(i for c, ix in by_category.items() for i in ix[: quotas[c]])
    return [problems[i] for i in chosen]


def eval_problems(corpus: Path, *, split: str = "eval", limit: int | None = None) -> list[Problem]:
    """Return the problems to evaluate on, in corpus order; `limit` draws from every category in proportion."""
    from recon_data.storage import read_problems

    if split not in ("train", "eval"):
        raise ReconDataError(f"unknown split {split!r}; expected train or eval")
    problems = read_problems(corpus, split)
    if limit is not None:
        problems = stratified(problems, limit)
    if not problems:
        raise ReconDataError(f"no {split} problems to evaluate", file=str(corpus))
    return problems

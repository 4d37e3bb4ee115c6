"""Scoring a file of model outputs: grade each line against its gold, count by category."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.answers.registry import KIND_NAMES, REGISTRY
from recon_data.categories import CATEGORY_SLUGS
from recon_data.errors import ReconDataError
from recon_data.verifiers.extract import message_text
from recon_data.verifiers.gold import Gold, GoldError, parse_gold
from recon_data.verifiers.grade import VERDICT_STATUSES, Verdict, grade_gold, resolve_options

# A corpus for `open_corpus`, or a zero-argument callable returning its folder.
CorpusArg = Path | str | None | Callable[[], Path]

if TYPE_CHECKING:
    from recon_data.schema import Problem

UNCATEGORIZED = "uncategorized"
# `completion` is ours; `response` is what `recon-data eval --out` writes.
COMPLETION_FIELDS: tuple[str, ...] = ("completion", "response")


@dataclass
class Tally:
    """Counts for one group of graded lines."""

    total: int = 0
    correct: int = 0
    paper_correct: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICT_STATUSES, 0))

    @property
    def accuracy(self) -> float:
        """Share of fully correct answers (0.0 for an empty group)."""
        return self.correct / self.total if self.total else 0.0

    @property
    def paper_accuracy(self) -> float:
        """Share counted correct by the paper's rule (equal, or the same option number)."""
        return self.paper_correct / self.total if self.total else 0.0

    def add(self, verdict: Verdict) -> None:
        """Count one verdict."""
        self.total += 1
        self.correct += verdict.status == "correct"
        self.paper_correct += verdict.paper_correct
        self.by_status[verdict.status] += 1

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as plain JSON-ready values."""
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": self.accuracy,
            "paper_correct": self.paper_correct,
            "paper_accuracy": self.paper_accuracy,
            "by_status": dict(self.by_status),
        }


@dataclass
class ScoreReport:
    """The grades of a completions file: overall and per category."""

    source: str
    overall: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=dict)
    # Lines whose id the corpus does not hold, skipped on request (`skip_unknown`).
    unknown_ids: list[str] = field(default_factory=list)
    # On a variant corpus: `{"overall": ..., "by_category": ...}` (verifiers/consistency.py).
    consistency: dict[str, Any] | None = None

    @property
    def correct(self) -> int:
        """Number of fully correct lines."""
        return self.overall.correct

    @property
    def total(self) -> int:
        """Number of graded lines."""
        return self.overall.total

    @property
    def accuracy(self) -> float:
        """Overall share of fully correct lines."""
        return self.overall.accuracy

    def add(self, category: str, verdict: Verdict) -> None:
        """Count one verdict overall and under its category."""
        self.overall.add(verdict)
        self.by_category.setdefault(category, Tally()).add(verdict)

    def categories(self) -> list[str]:
        """Categories present, in the paper's order, then any others sorted."""
        known = [c for c in CATEGORY_SLUGS if c in self.by_category]
        return known + sorted(c for c in self.by_category if c not in CATEGORY_SLUGS)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as the `--json` object."""
        out = self.overall.to_dict()
        by_status = out.pop("by_status")
        out["by_category"] = {c: self.by_category[c].to_dict() for c in self.categories()}
        out["by_status"] = by_status
        out["skipped_unknown_ids"] = len(self.unknown_ids)
        from recon_data.verifiers.consistency import attach

        return attach(out, self.consistency)


def score_file(
    path: Path | str, corpus: CorpusArg = None, *, skip_unknown: bool = False
) -> ScoreReport:
    """Grade every line of a completions JSONL file.

    Each line is `{"id": PROBLEM_ID, "completion": TEXT_OR_MESSAGES}` (`response` is read
    as another name for `completion`, so `recon-data eval --out` files score as they are)
    with the gold taken from the corpus, or carries `answer` (and optionally `answer_kind`,
    `options`, `category`, `prompt`) inline. The corpus is anything `open_corpus` opens
    (a corpus folder, an export, a release already built into the cache), else the cached
    default build, or a callable returning a corpus folder (the CLI passes the resolver
    that builds releases), and is read only when some line needs it. Bad lines raise
    ReconDataError.
    """
    from recon_data.storage import iter_jsonl

    return score_records(
        iter_jsonl(Path(path)), corpus, source=str(path), skip_unknown=skip_unknown
    )


def score_records(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    corpus: CorpusArg = None,
    *,
    source: str = "<records>",
    skip_unknown: bool = False,
) -> ScoreReport:
    """Grade (line number, record) pairs as `score_file` does; `source` names them in errors.

    An id the corpus does not hold is an error, or with `skip_unknown` is left ungraded and
    listed in `report.unknown_ids`.
    """
    from recon_data.verifiers.consistency import Tracker

    report = ScoreReport(source=source)
    problems: dict[str, Problem] | None = None
    variants: Tracker | None = None  # the variant groups of the corpus, once it is read

    def corpus_problems() -> dict[str, Problem]:
        nonlocal problems
        if problems is None:
            problems = _load_problems(corpus)
        return problems

    for line_no, row in rows:
        record = f"line {line_no}"
        field_name = next((f for f in COMPLETION_FIELDS if row.get(f) is not None), None)
        if field_name is None:
            raise ReconDataError(
                "missing completion (or response)", file=source, record=record, field="completion"
            )
        completion = row[field_name]
        if not isinstance(completion, (str, list)):
            raise ReconDataError(
                f"{field_name} must be a string or a list of chat messages",
                file=source,
                record=record,
                field=field_name,
            )
        if "answer" in row:
            # Inline golds need no corpus; one given explicitly still supplies the options
            # that `eval --out` lines leave out (see `_inline_options`).
            lookup = corpus_problems if corpus is not None else None
            category, verdict = _grade_inline(row, completion, source, record, lookup)
            if lookup is not None and isinstance(row.get("id"), str):
                # `eval --out` lines carry their gold: tracked when it is the corpus's.
                variants = variants if variants is not None else Tracker(corpus_problems())
                variants.add(row["id"], message_text(completion), verdict.correct, row["answer"])
        else:
            problem_id = row.get("id")
            if skip_unknown and isinstance(problem_id, str) and problem_id not in corpus_problems():
                report.unknown_ids.append(problem_id)
                continue
            category, verdict = _grade_from_corpus(
                row, completion, corpus_problems(), source, record
            )
            variants = variants if variants is not None else Tracker(corpus_problems())
            variants.add(row["id"], message_text(completion), verdict.correct)
        report.add(category, verdict)
    if variants:
        report.consistency = variants.result()
    return report


def _grade_inline(
    row: Mapping[str, Any],
    completion: Any,
    source: str,
    record: str,
    lookup: Callable[[], Mapping[str, Problem]] | None = None,
) -> tuple[str, Verdict]:
    answer = row["answer"]
    if not isinstance(answer, str) or not answer.strip():
        raise ReconDataError(
            "answer must be a non-empty string", file=source, record=record, field="answer"
        )
    kind = row.get("answer_kind")
    if kind is not None and kind not in KIND_NAMES:
        raise ReconDataError(
            f"unknown answer kind {kind!r}; expected one of {', '.join(KIND_NAMES)}",
            file=source,
            record=record,
            field="answer_kind",
        )
    options = row.get("options")
    if options is not None and (
        not isinstance(options, list) or not all(isinstance(o, str) for o in options)
    ):
        raise ReconDataError(
            "options must be a list of strings", file=source, record=record, field="options"
        )
    category = row.get("category") or UNCATEGORIZED
    if not isinstance(category, str):
        raise ReconDataError(
            "category must be a string", file=source, record=record, field="category"
        )
    try:
        gold = parse_gold(answer, kind)
    except GoldError as exc:
        raise ReconDataError(str(exc), file=source, record=record, field="answer") from None
    prompt = row.get("prompt")
    if (
        REGISTRY[gold.kind].has_options
        and options is None
        and prompt is None
        and lookup is not None
    ):
        options = _inline_options(row, answer, lookup())
    chosen = resolve_options(gold, options, prompt)
    return category, _grade(completion, gold, chosen)


def _inline_options(
    row: Mapping[str, Any], answer: str, problems: Mapping[str, Problem]
) -> list[str] | None:
    """Return the corpus options of the line's problem when its gold is the line's answer."""
    # `eval --out` lines carry the gold but not the options, and without options an mcq
    # text alone grades differently from how eval graded it. The answer must match, so a
    # line from another corpus version is graded without options rather than with the
    # wrong ones.
    problem = problems.get(row["id"]) if isinstance(row.get("id"), str) else None
    if problem is None or problem.answer.strip() != answer.strip() or not problem.options:
        return None
    return list(problem.options)


def _grade_from_corpus(
    row: Mapping[str, Any],
    completion: Any,
    problems: Mapping[str, Problem],
    source: str,
    record: str,
) -> tuple[str, Verdict]:
    problem_id = row.get("id")
    if not isinstance(problem_id, str):
        raise ReconDataError(
            "needs a problem id (or an inline answer)", file=source, record=record, field="id"
        )
    problem = problems.get(problem_id)
    if problem is None:
        raise ReconDataError(
            f"unknown problem id {problem_id!r} (not in the corpus; --skip-unknown grades the rest)",
            file=source,
            record=record,
            field="id",
        )
    try:
        gold = parse_gold(problem.answer, problem.answer_kind)
    except GoldError as exc:
        raise ReconDataError(
            str(exc), file=source, record=f"{record} ({problem_id})", field="answer"
        ) from None
    options = tuple(problem.options) if REGISTRY[problem.answer_kind].has_options else None
    if not options:
        prompt = [{"role": m.role, "content": m.content} for m in problem.prompt]
        options = resolve_options(gold, None, prompt)
    return problem.category, _grade(completion, gold, options)


def _grade(completion: Any, gold: Gold, options: tuple[str, ...] | None) -> Verdict:
    return grade_gold(message_text(completion), gold, options)


def _load_problems(corpus: CorpusArg) -> dict[str, Problem]:
    from recon_data.corpus import open_corpus
    from recon_data.storage import read_problems

    # Verifiers sit below curation, so they open corpora but never build a release; a
    # caller above them passes a resolver, called only when some line needs the corpus.
    if callable(corpus):
        corpus = corpus()
    return {p.id: p for p in read_problems(open_corpus(corpus))}

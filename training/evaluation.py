"""The Table 3 protocol: generate on Recon-Eval, grade with recon_data.verifiers, report accuracy."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.categories import BY_SLUG, CATEGORY_SLUGS, GENERATED_SOURCE
from recon_data.paper import PAPER_TABLE3
from recon_data.training import backends, data, modelio
from recon_data.training.generation import GenerationConfig, parse_generation
from recon_data.training.responses import Graded

if TYPE_CHECKING:
    from recon_data.schema import Problem


@dataclass
class EvalReport:
    """Every graded response of one evaluation run, and the accuracy they add up to."""

    model: str
    adapter: str | None
    backend: str
    split: str
    config: dict[str, Any]
    records: list[Graded]
    # On a variant corpus: consistency across variants (recon_data.verifiers.consistency).
    consistency: dict[str, Any] | None = None
    # Only the release's own problems compare with the paper's Table 3 (not recon-fresh, say).
    release_problems: bool = True

    def summary(self) -> dict[str, Any]:
        """Return the counts (ours and the release rule's) overall and by category, as `--json` prints them."""
        from recon_data.verifiers.consistency import attach

        return attach(summarize(self.records), self.consistency)


def summarize(records: list[Graded]) -> dict[str, Any]:
    """Count correct answers overall and by category (categories in the paper's order), both rules."""
    by_category: dict[str, dict[str, Any]] = {}
    for slug in CATEGORY_SLUGS:
        rows = [r for r in records if r.category == slug]
        if rows:
            by_category[slug] = _counts(rows)
    return {**_counts(records), "by_category": by_category}


def _counts(rows: list[Graded]) -> dict[str, Any]:
    total = len(rows)
    correct = sum(r.correct for r in rows)
    release = sum(r.release_correct for r in rows)
    return {
        "correct": correct,
        "total": total,
        "accuracy": correct / total if total else 0.0,
        "release_correct": release,
        "release_accuracy": release / total if total else 0.0,
    }


def grade_response(problem: Problem, response: str) -> Graded:
    """Grade one response against the problem's gold with recon_data.verifiers."""
    from recon_data.verifiers import grade
    from recon_data.verifiers.release import release_is_correct

    verdict = grade(
        response, problem.answer, kind=problem.answer_kind, options=list(problem.options) or None
    )
    return Graded(
        id=problem.id,
        category=problem.category,
        answer_kind=problem.answer_kind,
        answer=problem.answer,
        response=response,
        # Table 3 counts an answer that equals the gold or names the gold's option number.
        correct=bool(verdict.paper_correct),
        release_correct=release_is_correct(response, problem.answer),
        status=verdict.status,
        reward=float(verdict.reward),
        verdict=json.loads(json.dumps(asdict(verdict), default=str)),
    )


def generation_config(overrides: dict[str, Any] | None) -> GenerationConfig:
    """Build the generation settings from `--set` overrides, checking names and types."""
    return parse_generation(overrides or {}, source="--set")


def evaluate(
    model: str,
    *,
    adapter: str | None = None,
    corpus: str | Path | None = None,
    split: str = "eval",
    backend: str | None = None,
    limit: int | None = None,
    overrides: dict[str, Any] | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    console: Any = None,
) -> EvalReport:
    """Generate a response for every problem of a split and grade it (checks run before loading).

    With `out`, every graded response is appended to that JSON Lines file as it arrives and
    the file is rewritten in corpus order at the end; with `resume`, problems whose ids the
    file already holds are graded from the saved responses instead of generated again.
    """
    from recon_data.errors import ReconDataError
    from recon_data.training import responses

    config = generation_config(overrides)
    if limit is not None and limit < 1:
        raise ReconDataError("--limit must be at least 1")
    if resume and out is None:
        raise ReconDataError("--resume needs --out (the file of the run to continue)")
    chosen = backends.pick_backend(backend)
    backends.check_backend(chosen, adapter=adapter, model=model)
    model_ref = model if chosen == "openai" else modelio.check_model_ref(model)
    adapter_ref = modelio.check_model_ref(adapter, option="--adapter") if adapter else None
    if adapter_ref is not None and not modelio.is_adapter_dir(adapter_ref):
        raise ReconDataError(
            "--adapter must be a folder with adapter_config.json", file=adapter_ref
        )
    problems = data.eval_problems(data.resolve_corpus(corpus), split=split, limit=limit)
    path = Path(out) if out is not None else None
    saved = responses.read_earlier(path, (p.id for p in problems)) if path and resume else {}
    graded = {p.id: grade_response(p, saved[p.id]) for p in problems if p.id in saved}
    todo = [p for p in problems if p.id not in saved]
    log = responses.ResponseLog(path, keep=list(graded.values())) if path else None

    def arrived(index: int, text: str) -> None:
        record = grade_response(todo[index], text)
        graded[record.id] = record
        if log is not None:
            log.append(record)

    if todo:
        _generate(chosen, model_ref, adapter_ref, config, todo, arrived, console)
    if log is not None:
        log.close()
    from recon_data.verifiers.consistency import measure

    records = [graded[p.id] for p in problems]
    report = EvalReport(
        model=model_ref,
        adapter=adapter_ref,
        backend=chosen,
        split=split,
        config=config.model_dump(),
        records=records,
        consistency=measure(problems, ((r.id, r.response, r.correct) for r in records)),
        release_problems=all(p.source != GENERATED_SOURCE for p in problems),
    )
    if path is not None:
        responses.write_records(path, report.records)
    return report


def _generate(
    backend: str,
    model_ref: str,
    adapter_ref: str | None,
    config: GenerationConfig,
    problems: list[Problem],
    arrived: Any,
    console: Any,
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(f"[bold blue]{backend}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("generate", total=len(problems))
        with backends.load_generator(backend, model_ref, config, adapter=adapter_ref) as generate:
            generate(
                [[{"role": m.role, "content": m.content} for m in p.prompt] for p in problems],
                progress=lambda n: bar.advance(task, n),
                on_result=arrived,
            )


def write_responses(report: EvalReport, path: str | Path) -> Path:
    """Save every response with its verdict as JSON Lines (one object per problem), atomically."""
    from recon_data.training.responses import write_records

    return write_records(Path(path), report.records)


def render(report: EvalReport, console: Any) -> None:
    """Print accuracy by category and overall, ours and the release rule's, next to the paper's Table 3."""
    from rich.table import Table

    summary = report.summary()
    name = report.model + (f" + {report.adapter}" if report.adapter else "")
    table = Table(title=f"Recon {report.split} accuracy: {name}")
    table.add_column("category")
    table.add_column("correct", justify="right")
    table.add_column("accuracy", justify="right")
    table.add_column("release rule", justify="right")
    table.add_column("release accuracy", justify="right")

    def cells(row: dict[str, Any], style: str = "") -> list[str]:
        return [
            f"{style}{row['correct']}/{row['total']}",
            f"{style}{row['accuracy']:.1%}",
            f"{style}{row['release_correct']}/{row['total']}",
            f"{style}{row['release_accuracy']:.1%}",
        ]

    for slug, row in summary["by_category"].items():
        table.add_row(BY_SLUG[slug].name, *cells(row))
    table.add_section()
    table.add_row("[bold]overall", *cells(summary, "[bold]"))
    table.add_section()
    # Table 3 was counted with the release's check, so the paper's numbers sit in those columns.
    for name, (correct, total, printed) in PAPER_TABLE3.items() if report.release_problems else ():
        table.add_row(
            f"[dim]paper: {name}",
            "[dim]-",
            "[dim]-",
            f"[dim]{correct}/{total}",
            f"[dim]{printed:.1%}",
        )
    console.print(table)
    console.print(
        f"backend {report.backend}, temperature {report.config['temperature']}, "
        f"up to {report.config['max_new_tokens']} new tokens",
        highlight=False,
    )
    console.print(
        "[dim]correct: the answer after </think>, normalised (recon_data.verifiers.grade); release rule: "
        "Table 3's check, the first box anywhere or `Option N`, as raw text[/]",
        highlight=False,
    )
    if not report.release_problems:
        console.print(
            "[dim]no paper numbers: these are generated problems, not the Recon release's, "
            "so Table 3 does not compare[/]"
        )
    elif report.split != "eval" or summary["total"] != 300:
        console.print(
            f"[dim]the paper's numbers are on all 300 eval problems; this run graded {summary['total']} "
            f"{report.split} problems[/]"
        )

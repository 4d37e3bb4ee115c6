"""Build the corpus folder from the raw release: classify, canonicalise, link traces, write."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data import __version__
from recon_data.categories import expected_counts
from recon_data.curation.classify import UnclassifiedError, classify
from recon_data.curation.problems import assign_ids, problem_record
from recon_data.curation.release import RawProblem, RawRelease, read_release
from recon_data.errors import ReconDataError
from recon_data.manifest import write_corpus
from recon_data.storage import check_output_dir
from recon_data.textnorm import match_key
from recon_data.verifiers.extract import answer_section, find_boxes


@dataclass
class BuildReport:
    """What a build wrote and the release defects it found on the way."""

    out: Path
    counts: dict[str, Any]
    duplicate_prompts: dict[str, list[list[str]]] = field(default_factory=dict)
    cross_split_prompts: list[tuple[str, str]] = field(default_factory=list)
    conflicting_golds: list[list[str]] = field(default_factory=list)
    cot_in_eval: list[tuple[str, str]] = field(default_factory=list)
    cot_unmatched: list[str] = field(default_factory=list)
    cot_loose_matches: int = 0
    cot_format_defects: list[str] = field(default_factory=list)
    off_table6: list[str] = field(default_factory=list)
    changed_golds: int = 0


def build_corpus(
    out: Path | str, source: str | Path | None = None, *, force: bool = False
) -> BuildReport:
    """Build the corpus from a release source into `out` (atomically; `force` replaces it)."""
    local = [source] if source is not None and Path(source).exists() else []
    out = check_output_dir(out, force=force, inputs=local)
    release = read_release(source)
    problems = {
        "train": _problems(release.train, "train"),
        "eval": _problems(release.eval, "eval"),
    }
    traces, trace_report = _traces(release, problems)
    report = BuildReport(out=out, counts={}, **trace_report)
    _find_defects(problems, report)
    report.changed_golds = sum(
        1 for recs in problems.values() for r in recs if "release_answer" in r["provenance"]
    )
    _validate(problems, traces)

    report.counts = write_corpus(
        out,
        problems,
        traces,
        source=release.source,
        builder=f"recon-data {__version__}",
        force=force,
    )
    for split in ("train", "eval"):
        got = report.counts["problems"][split]["by_category"]
        report.off_table6 += [
            f"{split}/{slug}: {got[slug]} (paper {n})"
            for slug, n in expected_counts(split).items()
            if got[slug] != n
        ]
    return report


def _classify(content: str, file: str, row: int) -> str:
    try:
        return classify(content)
    except UnclassifiedError as exc:
        raise ReconDataError(
            f"no category fits: {exc}", file=file, record=f"row {row}", field="prompt"
        ) from None


def _problems(rows: list[RawProblem], split: str) -> list[dict[str, Any]]:
    cats = [_classify(r.content, r.file, r.row) for r in rows]
    ids = assign_ids(split, ((r.content, r.answer) for r in rows))
    recs = [problem_record(r, split, c, i) for r, c, i in zip(rows, cats, ids, strict=False)]
    # Files are sorted by id so the output does not depend on the release's row order.
    return sorted(recs, key=lambda rec: rec["id"])


def _traces(
    release: RawRelease, problems: dict[str, list[dict[str, Any]]]
) -> tuple[list[dict[str, Any]], dict]:
    exact: dict[str, dict[str, str]] = {"train": {}, "eval": {}}
    loose: dict[str, dict[str, str]] = {"train": {}, "eval": {}}
    for split in ("train", "eval"):
        for rec in problems[split]:  # sorted by id: the first id wins among repeats
            content = rec["prompt"][-1]["content"]
            exact[split].setdefault(content, rec["id"])
            loose[split].setdefault(match_key(content), rec["id"])
    ids = assign_ids("cot", ((t.prompt, t.response) for t in release.cot))
    traces = []
    report: dict[str, Any] = {
        "cot_in_eval": [],
        "cot_unmatched": [],
        "cot_loose_matches": 0,
        "cot_format_defects": [],
    }
    for raw, trace_id in zip(release.cot, ids, strict=False):
        category = _classify(raw.prompt, raw.file, raw.row)
        problem_id = exact["train"].get(raw.prompt)
        if problem_id is None:
            problem_id = loose["train"].get(match_key(raw.prompt))
            if problem_id is not None:
                report["cot_loose_matches"] += 1
        eval_id = exact["eval"].get(raw.prompt) or loose["eval"].get(match_key(raw.prompt))
        if eval_id is not None:
            report["cot_in_eval"].append((trace_id, eval_id))
            problem_id = problem_id or eval_id
        if problem_id is None:
            report["cot_unmatched"].append(trace_id)
        answer, well_formed = trace_answer(raw.response)
        if not well_formed:
            report["cot_format_defects"].append(trace_id)
        traces.append(
            {
                "id": trace_id,
                "problem_id": problem_id,
                "category": category,
                "prompt": raw.prompt,
                "response": raw.response,
                "answer": answer,
                "provenance": {"file": raw.file, "row": raw.row},
            }
        )
    traces.sort(key=lambda t: str(t["id"]))
    for key in ("cot_in_eval", "cot_unmatched", "cot_format_defects"):
        report[key].sort()
    return traces, report


def trace_answer(response: str) -> tuple[str, bool]:
    """Return (what the trace's box says, whether the response passes the reward's format gate)."""
    section, _ = answer_section(response)
    if section is not None:
        boxes = [b for b in find_boxes(section) if b is not None]
        if boxes:
            return boxes[0].strip(), True
    # Malformed traces box their answer inside or before the thinking: keep the last box.
    boxes = [b for b in find_boxes(response, limit=1 << 16) if b is not None]
    return (boxes[-1].strip() if boxes else ""), False


def _find_defects(problems: dict[str, list[dict[str, Any]]], report: BuildReport) -> None:
    by_content: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for split, recs in problems.items():
        for rec in recs:
            by_content[rec["prompt"][-1]["content"]][split].append(rec)
    report.duplicate_prompts = {"train": [], "eval": []}
    for splits in by_content.values():
        for split, recs in splits.items():
            if len(recs) > 1:
                report.duplicate_prompts[split].append([r["id"] for r in recs])
        if "train" in splits and "eval" in splits:
            report.cross_split_prompts.append((splits["train"][0]["id"], splits["eval"][0]["id"]))
        golds = Counter(r["answer"] for recs in splits.values() for r in recs)
        if len(golds) > 1:
            report.conflicting_golds.append(
                sorted(r["id"] for recs in splits.values() for r in recs)
            )
    for lst in report.duplicate_prompts.values():
        lst.sort()
    report.cross_split_prompts.sort()
    report.conflicting_golds.sort()


def _validate(problems: dict[str, list[dict[str, Any]]], traces: list[dict[str, Any]]) -> None:
    from pydantic import BaseModel, ValidationError

    from recon_data.rules import error_field
    from recon_data.schema import Problem, Trace

    checks: list[tuple[type[BaseModel], list[dict[str, Any]]]] = [
        (Problem, problems["train"]),
        (Problem, problems["eval"]),
        (Trace, traces),
    ]
    for model, recs in checks:
        for rec in recs:
            try:
                model.model_validate(rec)
            except ValidationError as exc:
                err = exc.errors()[0]
                prov = rec["provenance"]
                raise ReconDataError(
                    f"built record is invalid: {err['msg']}",
                    file=prov["file"],
                    record=f"row {prov['row']}",
                    field=error_field(err),
                ) from None

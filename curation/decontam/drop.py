"""`--drop`: write a cleaned copy of a corpus without the flagged training records.

What goes (see docs/decontamination.md): every train problem or CoT trace that overlaps an
eval problem or a benchmark row, or was found in a scanned document; all but one member of each group of same-task duplicates
inside train, inside the CoT set and (only with `drop_eval`) inside eval; and every trace
whose problem was dropped. Eval problems stay unless `drop_eval` is set, and then the CLI says so
loudly. The copy is written atomically with a fresh manifest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.curation.decontam.findings import End, Report
from recon_data.curation.decontam.sources import COT_SPLIT
from recon_data.errors import ReconDataError
from recon_data.storage import (
    PROBLEM_FILES,
    TRACE_FILES,
    check_output_dir,
    iter_jsonl,
    require_corpus,
)

TRAINING_SPLITS = ("train", COT_SPLIT)


@dataclass
class DropResult:
    """Where the cleaned corpus went, what was removed (with why), and what was kept."""

    out: Path
    removed: list[tuple[End, str]] = field(default_factory=list)
    kept: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: output folder, kept counts and removed records with reasons."""
        return {
            "out": str(self.out),
            "kept": self.kept,
            "removed": [{**end.to_dict(), "reason": why} for end, why in self.removed],
        }


def plan_drops(
    report: Report, *, drop_eval: bool = False, categories: dict[End, str | None] | None = None
) -> dict[End, str]:
    """Return {record: reason} for every corpus record the cleaned copy leaves out.

    Duplicates inside a split are only grouped when they ask the same task (category), so
    the same game asked once for its Nash equilibria and once for its PTE keeps both items.
    """
    droppable = set(TRAINING_SPLITS) | ({"eval"} if drop_eval else set())
    # A record without a category (None) groups like one not listed: .get gives None too.
    categories = categories or {}
    reasons: dict[End, str] = {}
    links: dict[End, set[End]] = defaultdict(set)
    for f in report.findings:
        a, b = f.a, f.b
        if a.is_corpus and b.is_corpus and a.split == b.split:
            if categories.get(a) == categories.get(b):
                links[a].add(b)
                links[b].add(a)
            continue
        # A cross pair: the training side leaks the other side (eval record or benchmark row).
        for end, other in ((a, b), (b, a)):
            leaks_into_eval = other.is_corpus and other.split == "eval" and end.split != "eval"
            if (
                end.is_corpus
                and end.split in droppable
                and (not other.is_corpus or leaks_into_eval)
            ):
                reasons.setdefault(end, f"{f.kind} {f.score:.2f} with {other.label()}")
    # Items found in scanned documents (pretraining data) go like items found in a benchmark.
    for f in report.scan.as_findings() if report.scan is not None else []:
        if f.a.split in droppable:
            reasons.setdefault(f.a, f"found in document {f.b.label()} ({f.kind} {f.score:.2f})")
    for group in _components(links):
        if group[0].split not in droppable:
            continue
        clean = [e for e in group if e not in reasons]
        if not clean:
            continue
        keeper = clean[0]
        for end in clean[1:]:
            reasons[end] = f"duplicate of {keeper.label()}"
    return reasons


def _components(links: dict[End, set[End]]) -> list[list[End]]:
    seen: set[End] = set()
    out = []
    for start in sorted(links, key=End.sort_key):
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for nxt in links[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        out.append(sorted(group, key=End.sort_key))
    return out


def check_drop_target(
    corpus: Path | str, out: Path | str, *, force: bool = False
) -> tuple[Path, Path]:
    """Refuse a --drop whose corpus is invalid or whose output would replace the corpus."""
    from recon_data.validate import validate_path

    root = require_corpus(corpus)
    target = check_output_dir(out, force=force, inputs=[root])
    report = validate_path(root)
    if not report.ok:
        first = report.issues[0].format()
        raise ReconDataError(
            f"the corpus does not validate ({len(report.issues)} issue(s), first: {first}); "
            "fix it before writing a cleaned copy",
            file=str(root),
        )
    return root, target


def drop_flagged(
    report: Report,
    corpus: Path | str,
    out: Path | str,
    *,
    drop_eval: bool = False,
    force: bool = False,
) -> DropResult:
    """Write `corpus` minus the flagged records to `out` (atomically); return what changed."""
    from recon_data import __version__
    from recon_data.manifest import read_manifest, write_corpus

    root, out = check_drop_target(corpus, out, force=force)
    problems = {
        split: [obj for _, obj in iter_jsonl(root / rel)] for split, rel in PROBLEM_FILES.items()
    }
    trace_rows = [obj for _, obj in iter_jsonl(root / TRACE_FILES["train"])]
    categories = {
        End.record(str(o.get("id")), s): o.get("category")
        for s, objs in problems.items()
        for o in objs
    }
    categories.update(
        {End.record(str(o.get("id")), COT_SPLIT): o.get("category") for o in trace_rows}
    )
    reasons = plan_drops(report, drop_eval=drop_eval, categories=categories)
    dropped_ids = {(e.split, e.id) for e in reasons}
    result = DropResult(out=out)
    kept = {
        split: [o for o in objs if (split, o.get("id")) not in dropped_ids]
        for split, objs in problems.items()
    }
    gone_problems = {pid for split, pid in dropped_ids if split in PROBLEM_FILES}
    traces = []
    for obj in trace_rows:
        end = End.record(str(obj.get("id")), COT_SPLIT)
        if (COT_SPLIT, end.id) in dropped_ids:
            continue
        if obj.get("problem_id") in gone_problems:
            # A trace answers its problem: it leaks whatever that problem leaked.
            reasons[end] = f"its problem {obj['problem_id']} was dropped"
            continue
        traces.append(obj)
    result.removed = sorted(reasons.items(), key=lambda kv: kv[0].sort_key())
    try:
        parent = read_manifest(root).get("source", {})
    except (OSError, ValueError):
        parent = {}
    removed: dict[str, int] = defaultdict(int)
    for end, _ in result.removed:
        removed[str(end.split)] += 1
    untouched = {
        split: root / PROBLEM_FILES[split]
        for split in kept
        if len(kept[split]) == len(problems[split])
    }
    write_corpus(
        out,
        kept,
        traces,
        source={
            "type": "decontaminated",
            "from": str(root),
            "parent": parent,
            "removed": dict(removed),
        },
        builder=f"recon-data {__version__} decontaminate",
        force=force,
        verbatim=untouched,
    )
    result.kept = {**{s: len(r) for s, r in kept.items()}, COT_SPLIT: len(traces)}
    return result

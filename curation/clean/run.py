"""`clean_corpus`: the release corpus, corrected and de-biased from the audit's findings."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data import answers
from recon_data.curation.audit.run import gold_texts
from recon_data.curation.clean.baselines import comparison
from recon_data.curation.clean.permute import permutation, remap_refs, reorder

ACTIONS = ("permuted", "corrected", "dropped", "deduplicated")


@dataclass
class CleanResult:
    """What `clean_corpus` wrote: the folder, change counts, and release-vs-clean baselines."""

    out: Path
    actions: dict[str, int]
    counts: dict[str, Any]
    comparison: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON summary printed by `recon-data clean --json`."""
        return {
            "out": str(self.out),
            "actions": self.actions,
            "counts": self.counts,
            "comparison": self.comparison,
        }


def clean_corpus(
    corpus: Path | str, out: Path | str, *, force: bool = False, audit: Any = None
) -> CleanResult:
    """Write a cleaned copy of `corpus` to `out` (atomically; `force` replaces it)."""
    from recon_data.curation.audit import audit_corpus
    from recon_data.storage import check_output_dir, read_problems, read_traces

    out = check_output_dir(out, force=force, inputs=[corpus])
    report = audit if audit is not None else audit_corpus(corpus)
    verdicts = report.by_id()
    problems = [p.model_dump(mode="json", exclude_none=True) for p in read_problems(corpus)]
    traces = [t.model_dump(mode="json", exclude_none=True) for t in read_traces(corpus)]
    release = [dict(p) for p in problems]
    changes: list[dict[str, Any]] = []
    kept: dict[str, dict[str, Any]] = {}
    maps: dict[str, dict[int, int]] = {}
    alias: dict[str, str] = {}
    corrected: set[str] = set()

    def change(rec: dict[str, Any], action: str, reason: str, old: str, new: str | None) -> None:
        changes.append(
            {"id": rec["id"], "action": action, "reason": reason, "old_gold": old, "new_gold": new}
        )

    for rec in problems:
        v = verdicts.get(rec["id"])
        old_gold = rec["answer"]
        ok, why = _apply_verdict(rec, v)
        if not ok:
            change(rec, "dropped", why, old_gold, None)
            continue
        if rec["answer"] != old_gold:
            corrected.add(rec["id"])
            change(rec, "corrected", why, old_gold, rec["answer"])
        kept[rec["id"]] = rec
    _collapse(kept, change, alias)
    for group in report.conflicts:
        live = [kept[i] for i in group if i in kept]
        if len(gold_texts(live)) > 1:
            for rec in live:
                reason = f"label conflict: {', '.join(group)} share the question, not the gold"
                change(rec, "dropped", reason, rec["answer"], None)
                del kept[rec["id"]]
    leaks: dict[str, list[str]] = defaultdict(list)
    for x in report.leaks:
        leaks[x["train"]].append(x["eval"])
    for rid in sorted(kept):
        rec = kept[rid]
        partners = [e for e in leaks.get(rid, ()) if e in kept]
        if rec["split"] == "train" and partners:
            change(rec, "dropped", f"train item is eval item {partners[0]}", rec["answer"], None)
            del kept[rid]
    for rid, rec in kept.items():
        if rec["answer_kind"] != "mcq":
            continue
        mapping = _dedup_options(rec, verdicts.get(rid))
        perm = permutation(rid, len(rec["options"]))
        old_gold = rec["answer"]
        step = reorder(rec, perm)
        mapping = {o: step[n] for o, n in mapping.items()}
        maps[rid] = mapping
        if rec["answer"] != old_gold or any(o != n for o, n in mapping.items()):
            change(rec, "permuted", "options shuffled (seeded by id)", old_gold, rec["answer"])
    out_traces = _traces(traces, kept, maps, alias, corrected, changes)
    final = {
        "train": sorted((r for r in kept.values() if r["split"] == "train"), key=lambda r: r["id"]),
        "eval": sorted((r for r in kept.values() if r["split"] == "eval"), key=lambda r: r["id"]),
    }
    actions = dict.fromkeys(ACTIONS, 0)
    for c in changes:
        actions[c["action"]] += 1
    counts = _write(corpus, out, final, out_traces, changes, actions, force)
    return CleanResult(out, actions, counts, comparison(release, [*final["train"], *final["eval"]]))


def _apply_verdict(rec: dict[str, Any], v: Any) -> tuple[bool, str]:
    """Correct or drop by the audit's status; return (keep?, reason)."""
    if v is None or v.status in ("agree", "unparsed"):
        return True, ""
    if v.status == "ill_posed":
        return False, f"ill-posed: {v.reason}"
    if v.status == "ambiguous":
        if v.readings:
            return False, f"answer depends on the reading: {v.reason}"
        return True, ""  # several equal options: the duplicates are removed below
    # disagree: correct only when exactly one option (or one profile set) is right.
    if len(v.solver) != 1:
        return False, f"gold is wrong and no single correct answer is offered: {v.reason}"
    if rec["answer_kind"] == "mcq":
        number = v.correct_options[0]
        rec["answer"] = answers.format_mcq(number, rec["options"][number - 1])
    else:
        rec["answer"] = v.solver[0]
    return True, f"audit: {v.reason}"


def _dedup_options(rec: dict[str, Any], v: Any) -> dict[int, int]:
    """Drop repeated option values and equally-correct distractors; return old->kept numbers."""
    gold = int(rec["answer"].split(":", 1)[0].split()[1])
    extra_right = (
        set(v.correct_options) - {gold} if v is not None and v.status == "ambiguous" else set()
    )
    seen: dict[str, int] = {}
    keep: list[int] = []
    mapping: dict[int, int] = {}
    for i, text in enumerate(rec["options"], 1):
        key = " ".join(text.split()).rstrip(".").casefold()
        if i in extra_right or (key in seen and i != gold):
            continue
        if key in seen:  # the gold repeats an earlier option: keep the gold's copy instead
            keep.remove(seen[key])
        seen[key] = i
        keep.append(i)
    if len(keep) < 2:
        return {i: i for i in range(1, len(rec["options"]) + 1)}
    step = reorder(rec, [k - 1 for k in keep])
    mapping = {o: step[o] for o in keep}
    return mapping


def _collapse(kept: dict[str, dict[str, Any]], change: Any, alias: dict[str, str]) -> None:
    """Exact duplicates collapse to the first id; conflicting copies are all dropped."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rid in sorted(kept):
        rec = kept[rid]
        groups[(rec["split"], rec["prompt"][-1]["content"])].append(rid)
    for ids in groups.values():
        if len(ids) < 2:
            continue
        golds = {kept[i]["answer"] for i in ids}
        if len(golds) > 1:
            for i in ids:
                change(
                    kept[i],
                    "dropped",
                    f"label conflict within {', '.join(ids)}",
                    kept[i]["answer"],
                    None,
                )
                del kept[i]
            continue
        for i in ids[1:]:
            change(
                kept[i],
                "deduplicated",
                f"exact duplicate of {ids[0]}",
                kept[i]["answer"],
                kept[i]["answer"],
            )
            alias[i] = ids[0]
            del kept[i]


def _traces(
    traces: list[dict[str, Any]],
    kept: dict[str, dict[str, Any]],
    maps: dict[str, dict[int, int]],
    alias: dict[str, str],
    corrected: set[str],
    changes: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    out = []
    for t in traces:
        # A trace without a problem_id looks up "", which no record id matches (ID_PATTERN).
        raw_pid: str = t.get("problem_id") or ""
        pid = alias.get(raw_pid, raw_pid)
        problem = kept.get(pid)

        def drop(reason: str, trace: dict[str, Any] = t) -> None:
            changes.append(
                {
                    "id": trace["id"],
                    "action": "dropped",
                    "reason": reason,
                    "old_gold": trace["answer"],
                    "new_gold": None,
                }
            )

        if problem is None:
            drop("its problem was dropped" if pid else "trace matches no problem")
            continue
        if problem["split"] != "train":
            drop(f"trace answers eval item {pid}")
            continue
        t = dict(t, problem_id=pid, prompt=problem["prompt"][-1]["content"])
        if problem["answer_kind"] == "mcq":
            mapping = maps.get(pid, {})
            t["response"] = remap_refs(t["response"], mapping)
            parsed = answers.parse_mcq_gold(t["answer"])
            new_answer = remap_refs(t["answer"], mapping)
            gold = answers.parse_mcq_gold(problem["answer"])
            if parsed is None or gold is None or mapping.get(parsed[0]) != gold[0]:
                drop(
                    "trace answer does not match the (corrected) gold"
                    if pid in corrected
                    else "trace answer is not the gold"
                )
                continue
            t["answer"] = new_answer
        elif pid in corrected and answers.parse_profile_set(
            t["answer"]
        ) != answers.parse_profile_set(problem["answer"]):
            drop("trace answer does not match the corrected gold")
            continue
        out.append(t)
    return out


def _write(
    corpus: Path | str,
    out: Path,
    problems: dict[str, list[dict[str, Any]]],
    traces: list[dict[str, Any]],
    changes: list[dict[str, Any]],
    actions: dict[str, int],
    force: bool,
) -> dict[str, Any]:
    from recon_data import __version__
    from recon_data.manifest import read_manifest, write_corpus
    from recon_data.storage import dumps_record

    return write_corpus(
        out,
        problems,
        traces,
        source=read_manifest(Path(corpus)).get("source", {}),
        builder=f"recon-data {__version__} clean",
        force=force,
        manifest_extra={
            "cleaning": {"from": str(corpus), "changes": actions, "file": "changes.jsonl"}
        },
        side_files={"changes.jsonl": "".join(dumps_record(c) + "\n" for c in changes)},
    )


def read_changes(folder: Path | str) -> list[dict[str, Any]]:
    """Read DIR/changes.jsonl of a cleaned corpus."""
    path = Path(folder) / "changes.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]

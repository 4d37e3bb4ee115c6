"""`clean_corpus`: the release corpus, corrected and de-biased from the audit's findings.

Steps, each change one line of `changes.jsonl` (docs/audit.md has the rules):
PTE definitions reworded; each item fixed by its audit (`fix.fix_item`) and re-audited, kept
only when the re-audit agrees; exact duplicates collapsed; label conflicts and train items
leaking an eval item dropped; options permuted (unless a trace walks them by position);
traces kept only where they agree with their prompt; with `balance`, generated items added
until no gold content exceeds 60% of a category in a split.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.curation.audit.run import gold_texts
from recon_data.curation.clean.baselines import comparison
from recon_data.curation.clean.fix import entry, fix_item, key
from recon_data.curation.clean.permute import permutation, reorder
from recon_data.curation.clean.reword import reword
from recon_data.curation.clean.trace_step import clean_traces, walking_items
from recon_data.errors import ReconDataError
from recon_data.progress import Progress, silent

ACTIONS = (
    "permuted",
    "corrected",
    "option_removed",
    "option_replaced",
    "reworded",
    "dropped",
    "deduplicated",
    "added",
    "renumbered",
    "prompt_synced",
)
# Statuses an item may keep after cleaning: a parsed item must re-audit as `agree`.
_KEEP_AS_IS = ("unparsed", "error")


@dataclass
class CleanResult:
    """What `clean_corpus` wrote: the folder, change counts, and release-vs-clean tables."""

    out: Path
    actions: dict[str, int]
    counts: dict[str, Any]
    comparison: list[dict[str, Any]] = field(default_factory=list)
    bias: dict[str, Any] = field(default_factory=dict)
    balance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON summary printed by `recon-data clean --json`."""
        return {
            "out": str(self.out),
            "actions": self.actions,
            "counts": self.counts,
            "comparison": self.comparison,
            "bias": self.bias,
            "balance": self.balance,
        }


def clean_corpus(
    corpus: Path | str,
    out: Path | str,
    *,
    force: bool = False,
    audit: Any = None,
    balance: bool = False,
    seed: int = 0,
    progress: Progress = silent,
) -> CleanResult:
    """Write a cleaned copy of `corpus` to `out` (atomically; `force` replaces it).

    `audit` reuses a report of `corpus` already computed; `balance` adds generated items
    (seeded by `seed`) so that no gold content exceeds 60% of a category in a split.
    """
    from recon_data.curation.audit import audit_corpus
    from recon_data.storage import check_output_dir, read_problems, read_traces

    if (Path(corpus) / "changes.jsonl").is_file():
        # Cleaning again would permute the options a second time and log the changes against
        # the cleaned records instead of the release: clean the corpus it came from.
        raise ReconDataError(
            "already a cleaned corpus (it has changes.jsonl); clean the corpus it was made from",
            file=str(corpus),
        )
    out = check_output_dir(out, force=force, inputs=[corpus])
    report = audit if audit is not None else audit_corpus(corpus, progress=progress)
    verdicts = report.by_id()
    problems = [p.model_dump(mode="json", exclude_none=True) for p in read_problems(corpus)]
    traces = [t.model_dump(mode="json", exclude_none=True) for t in read_traces(corpus)]
    release = [json.loads(json.dumps(p)) for p in problems]
    changes: list[dict[str, Any]] = []
    kept: dict[str, dict[str, Any]] = {}
    touched: dict[str, set[str]] = defaultdict(set)  # id -> actions applied to it
    for rec in problems:
        fixed, done = _clean_item(rec, verdicts.get(rec["id"]))
        changes.extend(done)
        for c in done:
            touched[rec["id"]].add(c["action"])
        if fixed is not None:
            kept[rec["id"]] = fixed
    alias = _collapse(kept, changes)
    _drop_conflicts(kept, report.conflicts, changes)
    _drop_leaks(kept, report.leaks, changes)
    walking = walking_items(traces, kept, touched)
    maps = _permute(kept, walking, changes)
    out_traces = clean_traces(traces, kept, maps, alias, touched, changes)
    added: dict[str, Any] = {}
    if balance:
        from recon_data.curation.clean.balance import balance_corpus

        added = balance_corpus(kept, changes, seed)
    final = {
        split: sorted((r for r in kept.values() if r["split"] == split), key=lambda r: r["id"])
        for split in ("train", "eval")
    }
    actions = dict.fromkeys(ACTIONS, 0)
    for c in changes:
        actions[c["action"]] += 1
    bias = _bias(release, [*final["train"], *final["eval"]])
    counts = _write(corpus, out, final, out_traces, changes, actions, bias, force)
    rows = comparison(release, [*final["train"], *final["eval"]])
    return CleanResult(out, actions, counts, rows, bias, added)


def _clean_item(rec: dict[str, Any], v: Any) -> tuple[dict[str, Any] | None, list[dict]]:
    """Reword, fix by the audit, and re-audit one item; (record or None, changes)."""
    from recon_data.curation.audit import audit_item

    done: list[dict] = []
    words = reword(rec)
    if words is not None:
        done.append(
            entry(
                rec,
                "reworded",
                "the prompt says 'Pareto-dominate' where the concept it names "
                "(and the gold) removes outcomes below a player's guarantee",
                rec["answer"],
                rec["answer"],
                old=words[0],
                new=words[1],
            )
        )
        v = audit_item(_model(rec))
    fixed, more = fix_item(rec, v)
    done.extend(more)
    if fixed is None or not done:
        return fixed, done
    # a changed item must audit clean; one we could not read before may stay unread
    allowed = {"agree", v.status} if v is not None and v.status in _KEEP_AS_IS else {"agree"}
    again = audit_item(_model(fixed))
    if again.status not in allowed:
        reason = (
            f"could not be made unambiguous: after {', '.join(sorted({c['action'] for c in done}))} "
            f"the audit says {again.status}: {again.reason}"
        )
        done.append(entry(rec, "dropped", reason, fixed["answer"], None))
        return None, done
    return fixed, done


def _model(rec: dict[str, Any]) -> Any:
    from recon_data.schema import Problem

    return Problem.model_validate(rec)


def _collapse(kept: dict[str, dict[str, Any]], changes: list[dict]) -> dict[str, str]:
    """Exact duplicates collapse to the first id; copies with different golds are dropped."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rid in sorted(kept):
        rec = kept[rid]
        groups[(rec["split"], rec["prompt"][-1]["content"])].append(rid)
    alias: dict[str, str] = {}
    for ids in groups.values():
        if len(ids) < 2:
            continue
        if len({kept[i]["answer"] for i in ids}) > 1:
            for i in ids:
                reason = f"label conflict within {', '.join(ids)}"
                changes.append(entry(kept[i], "dropped", reason, kept[i]["answer"], None))
                del kept[i]
            continue
        for i in ids[1:]:
            changes.append(
                entry(
                    kept[i],
                    "deduplicated",
                    f"exact duplicate of {ids[0]}",
                    kept[i]["answer"],
                    kept[i]["answer"],
                )
            )
            alias[i] = ids[0]
            del kept[i]
    return alias


def _gold_value(text: str) -> Any:
    """A gold text compared by value: '0.0' and '0.00' are one number, spacing is ignored."""
    from fractions import Fraction

    try:
        return Fraction(text.strip())
    except ValueError:
        return key(text)


def _drop_conflicts(kept: dict[str, Any], conflicts: list[list[str]], changes: list) -> None:
    """Drop every copy of a question whose (fixed) copies still give different answers."""
    for group in conflicts:
        live = [kept[i] for i in group if i in kept]
        if len({_gold_value(t) for t in gold_texts(live)}) > 1:
            for rec in live:
                reason = f"label conflict: {', '.join(group)} share the question, not the gold"
                changes.append(entry(rec, "dropped", reason, rec["answer"], None))
                del kept[rec["id"]]


def _drop_leaks(kept: dict[str, Any], leaks: list[dict[str, Any]], changes: list) -> None:
    partners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for x in leaks:
        partners[x["train"]].append(x)
    for rid in sorted(kept):
        rec = kept[rid]
        live = [x for x in partners.get(rid, ()) if x["eval"] in kept]
        if rec["split"] == "train" and live:
            changes.append(
                entry(rec, "dropped", _leak_reason(rec, live[0], kept), rec["answer"], None)
            )
            del kept[rid]


def _leak_reason(rec: dict[str, Any], leak: dict[str, Any], kept: dict[str, Any]) -> str:
    """Why a train item leaks: a copy of the eval item, or shared content in another text (a
    payoff matrix asked for its Nash equilibria in one split and for PTE in the other)."""
    other = kept[leak["eval"]]
    if " ".join(rec["question"].split()) == " ".join(other["question"].split()):
        if rec["category"] == other["category"]:
            return f"train item is a copy of eval item {leak['eval']}"
        return (
            f"train item has the text of eval item {leak['eval']}, asked there as "
            f"{other['category']} (here {rec['category']})"
        )
    return (
        f"train item shares its content with eval item {leak['eval']} ({leak['kind']} "
        f"decontamination match, score {leak['score']}); the question texts differ"
    )


def _permute(
    kept: dict[str, dict[str, Any]], walking: set[str], changes: list[dict]
) -> dict[str, dict[int, int]]:
    """Shuffle every mcq item's options by a seed from its id (old -> new numbers per id);
    an item whose kept trace walks the options by position keeps its order."""
    maps: dict[str, dict[int, int]] = {}
    for rid, rec in kept.items():
        if rec["answer_kind"] != "mcq":
            continue
        n = len(rec["options"])
        if rid in walking:
            maps[rid] = {i: i for i in range(1, n + 1)}
            continue
        old_gold = rec["answer"]
        perm = permutation(rid, n)
        maps[rid] = reorder(rec, perm)
        if perm != list(range(n)):
            changes.append(
                entry(
                    rec,
                    "permuted",
                    "options shuffled (seeded by id)",
                    old_gold,
                    rec["answer"],
                    order=[o + 1 for o in perm],
                )
            )
    return maps


def _bias(release: list[dict[str, Any]], clean: list[dict[str, Any]]) -> dict[str, Any]:
    """Position and content bias, and counts, per category and split, before and after."""
    from recon_data.curation.audit.content import content_bias
    from recon_data.curation.audit.run import position_bias

    def side(recs: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for split in ("train", "eval"):
            part = [r for r in recs if r["split"] == split]
            out[split] = {
                "counts": _counts(part),
                "position_bias": position_bias(_Rec(r) for r in part),
                "content_bias": content_bias(part),
            }
        return out

    return {"before": side(release), "after": side(clean)}


def _counts(recs: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in recs:
        counts[r["category"]] += 1
    return dict(sorted(counts.items()))


class _Rec:
    """Attribute access to a record dict (position_bias reads attributes)."""

    def __init__(self, rec: dict[str, Any]) -> None:
        self.__dict__.update(rec)


def _write(
    corpus: Path | str,
    out: Path,
    problems: dict[str, list[dict[str, Any]]],
    traces: list[dict[str, Any]],
    changes: list[dict[str, Any]],
    actions: dict[str, int],
    bias: dict[str, Any],
    force: bool,
) -> dict[str, Any]:
    from recon_data import __version__
    from recon_data.manifest import read_manifest, write_corpus
    from recon_data.storage import dumps_record

    cleaning = {"from": str(corpus), "changes": actions, "file": "changes.jsonl", "bias": bias}
    return write_corpus(
        out,
        problems,
        traces,
        source=read_manifest(Path(corpus)).get("source", {}),
        builder=f"recon-data {__version__} clean",
        force=force,
        manifest_extra={"cleaning": cleaning},
        side_files={"changes.jsonl": "".join(dumps_record(c) + "\n" for c in changes)},
    )


def read_changes(folder: Path | str) -> list[dict[str, Any]]:
    """Read DIR/changes.jsonl of a cleaned corpus."""
    path = Path(folder) / "changes.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]

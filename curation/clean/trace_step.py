"""The traces of a cleaned corpus: which are kept, renumbered, or dropped (rule in `traces`)."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from recon_data import answers
from recon_data.curation.clean.fix import entry
from recon_data.curation.clean.permute import remap_refs
from recon_data.curation.clean.reword import uses_old_rule
from recon_data.curation.clean.traces import agrees_with_prompt, walks_by_position

_REF = re.compile(r"\bOption\s+(\d+)\b")

# Changes to an item that leave its traces reasoning about options the prompt no longer shows.
OPTIONS_CHANGED = ("option_removed", "option_replaced")


def walking_items(
    traces: list[dict[str, Any]], kept: dict[str, dict[str, Any]], touched: dict[str, set[str]]
) -> set[str]:
    """Ids of kept mcq items one of whose kept traces walks the options by position."""
    out = set()
    for t in traces:
        pid = t.get("problem_id") or ""
        rec = kept.get(pid)
        if rec is None or rec["answer_kind"] != "mcq" or touched[pid] & set(OPTIONS_CHANGED):
            continue
        if walks_by_position(t["response"], rec["options"]):
            out.add(pid)
    return out


def clean_traces(
    traces: list[dict[str, Any]],
    kept: dict[str, dict[str, Any]],
    maps: dict[str, dict[int, int]],
    alias: dict[str, str],
    touched: dict[str, set[str]],
    changes: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The kept traces, renumbered to their problem's options; a change line for each."""
    # what happened to each problem so far (its permutation included), for the trace lines
    done_to: dict[str, set[str]] = defaultdict(set)
    for c in changes:
        done_to[c["id"]].add(c["action"])
    out = []
    for t in traces:
        # A trace without a problem_id looks up "", which no record id matches (ID_PATTERN).
        raw: str = t.get("problem_id") or ""
        pid = alias.get(raw, raw)
        why, new = _one(t, kept.get(pid), pid, maps.get(pid, {}), touched[raw] | touched[pid])
        if new is None:
            changes.append(entry(t, "dropped", why, t["answer"], None))
            continue
        if new != t:
            changes.append(_line(t, new, mapping=maps.get(pid, {}), done=done_to[pid]))
        out.append(new)
    return out


# The problem's changes that alter the prompt text a trace carries.
_PROMPT_CHANGES = ("reworded", "permuted", "corrected", "option_removed", "option_replaced")


def _line(
    t: dict[str, Any], new: dict[str, Any], mapping: dict[int, int], done: set[str]
) -> dict[str, Any]:
    """The change line of a kept trace: `renumbered` when its `Option N` references moved
    (`mapping` lists the ones it names), else `prompt_synced` (its prompt copy follows its
    problem's cleaned prompt; the response is untouched). Both name the problem it answers."""
    because = [a for a in _PROMPT_CHANGES if a in done]
    if new["response"] != t["response"] or new["answer"] != t["answer"]:
        named = sorted({int(n) for n in _REF.findall(t["response"] + "\n" + t["answer"])})
        moved = {str(n): mapping[n] for n in named if mapping.get(n, n) != n}
        reason = (
            f"its problem's options were {' and '.join(because) or 'changed'}: the Option N "
            f"references it makes are renumbered ({', '.join(f'{o}->{n}' for o, n in moved.items())})"
            " and its prompt copy follows the problem's"
        )
        return entry(t, "renumbered", reason, t["answer"], new["answer"], mapping=moved,
                     problem_id=new["problem_id"])  # fmt: skip
    if t["prompt"] != new["prompt"] and not because:
        because = ["release_copy_differed"]  # the release's copy of the prompt was not exact
    what = {
        "release_copy_differed": "the release's copy differed from the problem's prompt in "
        "spacing, punctuation or encoding",
    }
    reason = (
        "its prompt copy is now its problem's cleaned prompt ("
        + ", ".join(what.get(b, f"options {b}" if b.startswith(("perm", "option")) else b)
                    for b in because)
        + "); the response names no option by a number that changed and is unchanged"
    )  # fmt: skip
    if new["problem_id"] != t.get("problem_id"):
        reason += f"; it now answers {new['problem_id']}, of which its problem was a duplicate"
    return entry(t, "prompt_synced", reason, t["answer"], new["answer"], because=because,
                 problem_id=new["problem_id"])  # fmt: skip


def _one(
    t: dict[str, Any], problem: dict[str, Any] | None, pid: str, mapping: dict[int, int],
    done: set[str],
) -> tuple[str, dict[str, Any] | None]:  # fmt: skip
    """(why, the trace to keep or None)."""
    if problem is None:
        return ("its problem was dropped" if pid else "trace matches no problem"), None
    if problem["split"] != "train":
        return f"trace answers eval item {pid}", None
    if done & set(OPTIONS_CHANGED):
        return "its problem's options changed: it reasons about an option no longer shown", None
    if "reworded" in done and uses_old_rule(t["response"]):
        return "it reasons with the prompt's old wording (Pareto-dominate), since reworded", None
    new = dict(t, problem_id=pid, prompt=problem["prompt"][-1]["content"])
    if problem["answer_kind"] != "mcq":
        if answers.parse_profile_set(t["answer"]) != answers.parse_profile_set(problem["answer"]):
            return "trace answer is not the (corrected) gold", None
        return "its prompt follows its problem's prompt", new
    parsed, gold = answers.parse_mcq_gold(t["answer"]), answers.parse_mcq_gold(problem["answer"])
    if parsed is None or gold is None or mapping.get(parsed[0]) != gold[0]:
        return "trace answer is not the (corrected) gold", None
    new["response"] = remap_refs(t["response"], mapping)
    new["answer"] = remap_refs(t["answer"], mapping)
    if not agrees_with_prompt(new["response"], problem["options"]):
        return "it numbers an option differently from its prompt", None
    return "Option N references renumbered to its problem's option order", new

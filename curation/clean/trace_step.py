"""The traces of a cleaned corpus: which are kept, renumbered, or dropped (rule in `traces`)."""

from __future__ import annotations

from typing import Any

from recon_data import answers
from recon_data.curation.clean.fix import entry
from recon_data.curation.clean.permute import remap_refs
from recon_data.curation.clean.reword import uses_old_rule
from recon_data.curation.clean.traces import agrees_with_prompt, walks_by_position

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
            action = "permuted" if new["response"] != t["response"] else "reworded"
            changes.append(entry(t, action, why, t["answer"], new["answer"]))
        out.append(new)
    return out


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

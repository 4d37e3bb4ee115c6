"""Corpus statistics: counts by split and category, answer kinds, duplicates and overlaps."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from recon_data.manifest import count_block
from recon_data.storage import read_problems, read_traces
from recon_data.textnorm import match_key


def corpus_stats(corpus: Path | str) -> dict[str, Any]:
    """Return counts by split x category, answer kinds, and duplicate/overlap counts."""
    problems = read_problems(corpus)
    traces = read_traces(corpus)
    out: dict[str, Any] = {"problems": {}, "cot": {}}
    contents: dict[str, Counter] = {}
    for split in ("train", "eval"):
        recs = [p for p in problems if p.split == split]
        block = count_block([p.category for p in recs])
        block["by_answer_kind"] = dict(sorted(Counter(p.answer_kind for p in recs).items()))
        contents[split] = Counter(p.prompt[-1].content for p in recs)
        block["duplicate_prompts"] = sum(n - 1 for n in contents[split].values() if n > 1)
        block["changed_golds"] = sum(1 for p in recs if p.provenance.release_answer is not None)
        out["problems"][split] = block
    cot = count_block([t.category for t in traces if t.category is not None])
    cot["total"] = len(traces)
    eval_ids = {p.id for p in problems if p.split == "eval"}
    cot["matched"] = sum(1 for t in traces if t.problem_id is not None)
    cot["unmatched"] = len(traces) - cot["matched"]
    cot["linked_to_eval"] = sum(1 for t in traces if t.problem_id in eval_ids)
    # A trace whose prompt is also an eval prompt links to its train twin, so leaks into eval
    # show only by comparing prompt texts (exactly, or after normalisation).
    eval_exact = set(contents["eval"])
    eval_loose = {match_key(c) for c in eval_exact}
    train_exact = set(contents["train"])
    train_loose = {match_key(c) for c in train_exact}
    keys = [(t.prompt, match_key(t.prompt)) for t in traces]
    cot["prompts_in_eval"] = sum(1 for p, k in keys if p in eval_exact or k in eval_loose)
    cot["loose_train_matches"] = sum(
        1 for p, k in keys if p not in train_exact and k in train_loose
    )
    cot["duplicate_prompts"] = sum(
        n - 1 for n in Counter(t.prompt for t in traces).values() if n > 1
    )
    out["cot"]["train"] = cot
    shared = set(contents["train"]) & set(contents["eval"])
    out["overlap"] = {
        "train_eval_shared_prompts": len(shared),
        "eval_items_in_train": sum(contents["eval"][c] for c in shared),
    }
    return out

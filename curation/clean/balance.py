"""`clean --balance`: generated items so no gold content exceeds 60% of a category in a split.

For each split and category whose most common gold content (`audit.content`) is above the
cap, items are drawn from the category's generators (release templates, exact golds) and
added, each only when its gold content is not the dominant one, it would not itself push its
content above the cap, and the audit agrees with its gold. Each is one `added` change.
Categories without a generator (budget_balance, econnli, econlogicqa) cannot be balanced;
the result lists them with their share.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from recon_data.curation.clean.fix import entry

CAP = 0.6
# draws tried per item needed before a category is reported as not balanced
_TRIES = 40


def generators_for(category: str) -> list[str]:
    """The registered generators whose records are filed under `category`."""
    from recon_data.curation.generators.registry import GENERATORS, generator_class

    return [name for name in GENERATORS if generator_class(name).category == category]


def balance_corpus(
    kept: dict[str, dict[str, Any]], changes: list[dict[str, Any]], seed: int
) -> dict[str, Any]:
    """Add generated items to `kept` in place; return what was added and what could not be."""
    from recon_data.curation.audit.content import content_key

    report: dict[str, Any] = {"cap": CAP, "seed": seed, "added": {}, "unbalanced": {}}
    for split in ("train", "eval"):
        cats = sorted({r["category"] for r in kept.values() if r["split"] == split})
        for cat in cats:
            counts = Counter(
                content_key(r)[1]
                for r in kept.values()
                if r["split"] == split and r["category"] == cat
            )
            total = sum(counts.values())
            top, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            if n <= CAP * total:
                continue
            need = math.ceil(n / CAP - total)
            names = generators_for(cat)
            got = _draw(kept, changes, names, cat, split, counts, top, need, seed) if names else 0
            key = f"{split}/{cat}"
            if got:
                report["added"][key] = got
            total += got
            if counts[top] > CAP * total:
                report["unbalanced"][key] = {
                    "content": top,
                    "share": round(counts[top] / total, 4),
                    "why": "no generator for this category" if not names else "draws ran out",
                }
    return report


def _draw(
    kept: dict[str, dict[str, Any]],
    changes: list[dict[str, Any]],
    names: list[str],
    category: str,
    split: str,
    counts: Counter,
    top: str,
    need: int,
    seed: int,
) -> int:
    """Add up to `need` generated items whose content is not `top`; return how many."""
    from recon_data.curation.audit import audit_item
    from recon_data.curation.audit.content import content_key
    from recon_data.curation.generators.registry import create
    from recon_data.schema import Problem

    gens = [create(name) for name in names]
    added = 0
    for index in range(need * _TRIES):
        if added == need:
            break
        gen = gens[index % len(gens)]
        record = gen.sample(seed, index, split).record
        content = content_key(record)[1]
        total = sum(counts.values()) + 1
        if content == top or counts[content] + 1 > CAP * total or record["id"] in kept:
            continue
        verdict = audit_item(Problem.model_validate(record))
        if verdict.status != "agree":
            continue  # a generated gold the audit does not confirm is not added
        kept[record["id"]] = record
        counts[content] += 1
        added += 1
        reason = (
            f"balance {category} ({split}): gold content {content!r}, the category's most "
            f"common content is {top!r}"
        )
        changes.append(
            entry(record, "added", reason, None, record["answer"], generator=gen.name,
                  seed=seed, index=index)
        )  # fmt: skip
    return added

"""Position baselines: accuracy of always answering Option 1, and of a uniform random guess."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from recon_data import answers
from recon_data.categories import CATEGORY_SLUGS


def baselines(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return count, always-Option-1 accuracy and expected uniform-guess accuracy (mcq only)."""
    recs = list(records)
    mcq = [r for r in recs if r["answer_kind"] == "mcq"]
    if not mcq:
        return {"count": len(recs), "always_option_1": None, "uniform_random": None}
    first = sum(1 for r in mcq if (answers.parse_mcq_gold(r["answer"]) or (0, ""))[0] == 1)
    guess = sum((Fraction(1, len(r["options"])) for r in mcq), Fraction(0))
    return {
        "count": len(recs),
        "always_option_1": round(first / len(mcq), 4),
        "uniform_random": round(float(guess / len(mcq)), 4),
    }


def comparison(
    release: Iterable[dict[str, Any]], clean: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return one row per (category, split) plus per-split totals: release vs cleaned baselines."""
    groups: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"release": [], "clean": []}
    )
    for side, recs in (("release", release), ("clean", clean)):
        for r in recs:
            groups[(r["category"], r["split"])][side].append(r)
            groups[("all", r["split"])][side].append(r)
    order = {c: i for i, c in enumerate((*CATEGORY_SLUGS, "all"))}
    rows = []
    for (cat, split), sides in sorted(groups.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        rows.append(
            {
                "category": cat,
                "split": split,
                "release": baselines(sides["release"]),
                "clean": baselines(sides["clean"]),
            }
        )
    return rows

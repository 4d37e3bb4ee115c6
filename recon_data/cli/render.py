"""Rich rendering shared by the CLI commands: console, spinner, tables."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from rich.console import Console, Group
from rich.table import Table

from recon_data.categories import shown_categories

_CONSOLE: Console | None = None


def console() -> Console:
    """Return the shared stdout console."""
    global _CONSOLE
    if _CONSOLE is None:
        _CONSOLE = Console()
    return _CONSOLE


@contextlib.contextmanager
def spinner(label: str, *, enabled: bool = True) -> Iterator[None]:
    """Show a transient status spinner on stderr while the block runs (a terminal only)."""
    from recon_data.progress import wanted

    if not (enabled and wanted()):
        yield
        return
    with Console(stderr=True).status(label):
        yield


def category_table(title: str, columns: dict[str, dict[str, Any]]) -> Table:
    """Return a table with one row per category and one count column per named block."""
    table = Table(title=title)
    table.add_column("category")
    for name in columns:
        table.add_column(name, justify="right")
    present = {slug for block in columns.values() for slug in block["by_category"]}
    for cat in shown_categories(present):
        table.add_row(
            cat.slug, *(str(block["by_category"].get(cat.slug, 0)) for block in columns.values())
        )
    table.add_section()
    table.add_row("total", *(str(block["total"]) for block in columns.values()), style="bold")
    return table


def stats_tables(data: dict[str, Any]) -> list[Table]:
    """Return the tables `recon-data stats` prints."""
    blocks = {f"problems/{s}": b for s, b in data["problems"].items()}
    blocks["cot/train"] = data["cot"]["train"]
    tables = [category_table("Records by split and category", blocks)]
    extra = Table(title="Answer kinds, duplicates and overlaps")
    extra.add_column("measure")
    extra.add_column("value", justify="right")
    for split, block in data["problems"].items():
        for kind, n in block["by_answer_kind"].items():
            extra.add_row(f"problems/{split} {kind}", str(n))
        extra.add_row(f"problems/{split} duplicate prompts", str(block["duplicate_prompts"]))
        extra.add_row(f"problems/{split} golds changed from release", str(block["changed_golds"]))
    cot = data["cot"]["train"]
    for key in (
        "matched",
        "unmatched",
        "linked_to_eval",
        "prompts_in_eval",
        "loose_train_matches",
        "duplicate_prompts",
    ):
        extra.add_row(f"cot/train {key.replace('_', ' ')}", str(cot[key]))
    for key, n in data["overlap"].items():
        extra.add_row(key.replace("_", " "), str(n))
    tables.append(extra)
    return tables


def build_summary(summary: dict[str, Any]) -> Group:
    """Return the renderable `recon-data build` prints: counts and the defects found."""
    counts = summary["counts"]
    blocks = {f"problems/{s}": b for s, b in counts["problems"].items()}
    blocks["cot/train"] = counts["cot"]["train"]
    table = category_table(f"Built {summary['out']}", blocks)
    defects = Table(title="Release defects found")
    defects.add_column("defect")
    defects.add_column("count", justify="right")
    d = summary["defects"]
    for split, groups in d["duplicate_prompts"].items():
        defects.add_row(
            f"exact duplicate prompts in {split} (extra copies)",
            str(sum(len(g) - 1 for g in groups)),
        )
    defects.add_row("prompts shared by train and eval", str(len(d["train_eval_shared_prompts"])))
    defects.add_row("identical prompts with different golds", str(len(d["conflicting_golds"])))
    defects.add_row("CoT prompts that are eval prompts", str(len(d["cot_prompts_in_eval"])))
    defects.add_row(
        "CoT prompts matched only after whitespace/punctuation normalisation",
        str(d["cot_loose_matches"]),
    )
    defects.add_row("CoT prompts with no problem", str(len(d["cot_unmatched"])))
    defects.add_row(
        "CoT responses breaking the <think>...</think> \\boxed{} format",
        str(len(d["cot_format_defects"])),
    )
    defects.add_row("golds rewritten to canonical form", str(d["changed_golds"]))
    parts: list[Any] = [table, defects]
    if d["counts_off_table6"]:
        parts.append(
            f"[yellow]warning:[/] counts differ from the paper's Table 6: {', '.join(d['counts_off_table6'])}"
        )
    return Group(*parts)

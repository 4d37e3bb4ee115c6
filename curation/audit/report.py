"""Rendering an `AuditReport`: rich tables per category and the one-line reasons."""

from __future__ import annotations

from typing import Any

from recon_data.curation.audit.base import AUDIT_STATUSES

# The statuses whose items are listed one by one (each with its reason).
_LISTED = ("disagree", "no_option", "ill_posed", "error")


def render(report: Any, console: Any, *, list_items: bool = True) -> None:
    """Print the summary table, each disagree / no_option / ill_posed / error item (unless
    `list_items` is false: the report file holds them), and the corpus findings (position and
    content bias, conflicts, leaks)."""
    from rich.table import Table

    table = Table(title=f"Gold-label audit of {report.corpus}")
    table.add_column("category")
    table.add_column("checked", justify="right")
    for s in AUDIT_STATUSES:
        table.add_column(s, justify="right")
    for cat, row in report.summary().items():
        table.add_row(cat, str(row["checked"]), *(str(row[s]) for s in AUDIT_STATUSES))
    console.print(table)
    by_cat: dict[str, list[Any]] = {}
    for item in report.items if list_items else ():
        if item.status in _LISTED:
            by_cat.setdefault(item.category, []).append(item)
    for cat, items in by_cat.items():
        t = Table(title=f"{cat}: {' / '.join(_LISTED)} ({len(items)})", show_lines=False)
        t.add_column("id", no_wrap=True)
        t.add_column("status")
        t.add_column("gold", max_width=30)
        t.add_column("solver", max_width=30)
        t.add_column("reason")
        for i in items:
            t.add_row(i.id, i.status, i.gold, "; ".join(i.solver) or "-", i.reason)
        console.print(t)
    bias = Table(title="Gold position per category")
    bias.add_column("category")
    width = max((max(map(int, v)) for v in report.position_bias.values() if v), default=0)
    for n in range(1, width + 1):
        bias.add_column(f"Option {n}", justify="right")
    for cat, counts in report.position_bias.items():
        bias.add_row(cat, *(str(counts.get(str(n), 0)) for n in range(1, width + 1)))
    console.print(bias)
    content = Table(title="Most common gold content per category (content bias)")
    for col in ("category", "content", "read as", "count", "share"):
        content.add_column(col, justify="right" if col in ("count", "share") else "left")
    for cat, row in report.content_bias.items():
        share = f"{100 * row['share']:.0f}%"
        content.add_row(
            cat, row["content"][:40], row["read_as"], f"{row['count']}/{row['total']}", share
        )
    console.print(content)
    console.print(f"label conflicts (same text, different golds): {len(report.conflicts)} groups")
    for group in report.conflicts:
        console.print("  " + ", ".join(group))
    console.print(f"items repeating an option value: {len(report.repeated_options)}")
    console.print(f"train/eval leaks (decontamination findings): {len(report.leaks)}")
    console.print(
        f"PTE items where the prompt's 'Pareto-dominate' rule and the golds' individual "
        f"rationality differ: {len(report.pte_rule_differs)}"
    )

"""Summarise a decontamination report (`recon-data decontaminate --json --out FILE`) for the card.

The report is read by curation/decontam, which writes it; only the counting lives here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recon_data.curation.decontam.findings import End, Finding, findings_from_dict, read_findings

# Corpus parts first, training side before the held-out one, as `decontaminate` orients pairs;
# external benchmarks after.
_SIDE_ORDER = {"train": 0, "cot": 1, "eval": 2}


@dataclass(frozen=True)
class DecontamSummary:
    """Finding counts by kind, and by kind and the pair of corpus parts each finding links."""

    total: int
    by_kind: dict[str, int]
    by_pair: tuple[tuple[str, str, int], ...]


def summarise_report(path: Path | str, id_sides: dict[str, str]) -> DecontamSummary:
    """Read a JSON decontamination report and count its findings; `id_sides` maps ids to train/eval/cot."""
    return count_findings(read_findings(path), id_sides)


def summarise_findings(
    findings: list[Any], id_sides: dict[str, str], *, file: str = "<report>"
) -> DecontamSummary:
    """Count findings (`{"kind", "a", "b", "score", "evidence"}` objects) by kind and by side pair."""
    return count_findings(findings_from_dict({"findings": findings}, file=file), id_sides)


def count_findings(findings: Sequence[Finding], id_sides: dict[str, str]) -> DecontamSummary:
    """Count parsed findings by kind and by the (sorted) pair of sides each one links."""
    kinds: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        kinds[finding.kind] += 1
        sides = sorted((_side(finding.a, id_sides), _side(finding.b, id_sides)), key=_side_key)
        pairs[(finding.kind, " ↔ ".join(sides))] += 1
    return DecontamSummary(
        total=len(findings),
        by_kind=dict(sorted(kinds.items())),
        by_pair=tuple((kind, pair, n) for (kind, pair), n in sorted(pairs.items())),
    )


def _side(end: End, id_sides: dict[str, str]) -> str:
    # A benchmark row counts under its source (and Hub split); a corpus record under its split,
    # or, when the report names it by id alone, under the side `id_sides` gives that id, or
    # the `source:row` prefix of a hand-written row name.
    if end.source:
        return end.group()
    if end.split:
        return end.split
    record_id = end.id or ""
    if record_id in id_sides:
        return id_sides[record_id]
    if ":" in record_id:
        return record_id.split(":", 1)[0]
    return "other"


def _side_key(side: str) -> tuple[int, str]:
    return (_SIDE_ORDER.get(side, len(_SIDE_ORDER)), side)

"""Summarise a decontamination report (`recon-data decontaminate --json --out FILE`) for the card."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.storage import read_json_file

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
    path = Path(path)
    data = read_json_file(path, "decontamination report")
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ReconDataError(
            "expected a JSON object with a `findings` list", file=str(path), field="findings"
        )
    return summarise_findings(data["findings"], id_sides, file=str(path))


def summarise_findings(
    findings: list[Any], id_sides: dict[str, str], *, file: str = "<report>"
) -> DecontamSummary:
    """Count findings (`{"kind", "a", "b", "score", "evidence"}` objects) by kind and by side pair."""
    kinds: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for index, finding in enumerate(findings):
        if not isinstance(finding, dict):
            raise ReconDataError(
                "a finding must be a JSON object", file=file, record=f"finding {index}"
            )
        kind = finding.get("kind")
        if not isinstance(kind, str) or not kind:
            raise ReconDataError(
                "missing or empty", file=file, record=f"finding {index}", field="kind"
            )
        for end in ("a", "b"):
            if end not in finding:
                raise ReconDataError("missing", file=file, record=f"finding {index}", field=end)
        kinds[kind] += 1
        sides = sorted(
            (_side(finding["a"], id_sides), _side(finding["b"], id_sides)), key=_side_key
        )
        pairs[(kind, " ↔ ".join(sides))] += 1
    return DecontamSummary(
        total=len(findings),
        by_kind=dict(sorted(kinds.items())),
        by_pair=tuple((kind, pair, n) for (kind, pair), n in sorted(pairs.items())),
    )


def _side(value: Any, id_sides: dict[str, str]) -> str:
    # `decontaminate` writes ends as {"id", "split"} for a corpus record and
    # {"source", "row"[, "split"]} for a benchmark row; bare ids and `source:row` also occur.
    if isinstance(value, dict):
        source, split = value.get("source"), value.get("split")
        if isinstance(source, str) and source:
            return f"{source}[{split}]" if isinstance(split, str) and split else source
        if isinstance(split, str) and split:
            return split
        value = value.get("id")
    if isinstance(value, str):
        if value in id_sides:
            return id_sides[value]
        if ":" in value:
            return value.split(":", 1)[0]
    return "other"


def _side_key(side: str) -> tuple[int, str]:
    return (_SIDE_ORDER.get(side, len(_SIDE_ORDER)), side)

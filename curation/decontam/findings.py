"""What decontamination reports: the report with its counts, and reading saved reports.

Record ends and findings live in ends.py and are re-exported here, where callers have always
found them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.ends import (
    FINDING_KINDS,
    SPLIT_ORDER,
    Doc,
    End,
    Finding,
    merge,
    oriented,
)
from recon_data.curation.decontam.scanreport import ScanReport
from recon_data.errors import ReconDataError
from recon_data.storage import read_json_file

__all__ = [
    "FINDING_KINDS",
    "SPLIT_ORDER",
    "Doc",
    "End",
    "Finding",
    "Report",
    "findings_from_dict",
    "merge",
    "oriented",
    "read_findings",
    "read_report",
]


@dataclass
class Report:
    """Everything `decontaminate` found, with the settings and the sources it used."""

    corpus: str
    config: DecontamConfig
    findings: list[Finding]
    records: dict[str, int]
    sources: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[End, str] = field(default_factory=dict, repr=False)
    # Where the corpus's items were found in scanned documents (`--scan`), if asked.
    scan: ScanReport | None = None

    def counts(self) -> dict[str, Any]:
        """Return finding counts by kind and by split pair (pair -> kind -> n)."""
        by_kind = Counter(f.kind for f in self.findings)
        by_pair: dict[str, Counter] = defaultdict(Counter)
        for f in self.findings:
            by_pair[f.pair()][f.kind] += 1
        return {
            "findings": len(self.findings),
            "by_kind": {k: by_kind.get(k, 0) for k in FINDING_KINDS},
            "by_split_pair": {p: dict(sorted(c.items())) for p, c in sorted(by_pair.items())},
            "flagged_records": self.flagged_counts(),
        }

    def flagged_counts(self) -> dict[str, int]:
        """Return how many distinct corpus records of each split appear in any finding."""
        seen: dict[str, set[str]] = defaultdict(set)
        for f in self.findings:
            for end in (f.a, f.b):
                if end.is_corpus:
                    seen[str(end.split)].add(str(end.id))
        return {
            s: len(ids) for s, ids in sorted(seen.items(), key=lambda kv: SPLIT_ORDER.get(kv[0], 9))
        }

    def text(self, end: End) -> str:
        """Return the text of an end that appears in a finding ('' if unknown)."""
        return self.texts.get(end, "")

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON report: corpus, settings, sources, counts and every finding."""
        return {
            "corpus": self.corpus,
            "config": self.config.to_dict(),
            "records": self.records,
            "sources": self.sources,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            **({"scan": self.scan.to_dict()} if self.scan is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Any, *, file: str = "<report>") -> Report:
        """Return the report `to_dict` wrote (counts are recomputed; texts are not stored)."""
        findings = findings_from_dict(data, file=file)
        for key, kind in (("corpus", str), ("config", dict), ("records", dict), ("sources", list)):
            if not isinstance(data.get(key), kind):
                raise ReconDataError(f"missing or not a {kind.__name__}", file=file, field=key)
        try:
            config = DecontamConfig.from_dict(data["config"])
        except ReconDataError as exc:
            raise ReconDataError(exc.reason, file=file, field=f"config.{exc.field}") from None
        records = data["records"]
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in records.values()):
            raise ReconDataError("counts must be integers", file=file, field="records")
        if not all(isinstance(s, dict) for s in data["sources"]):
            raise ReconDataError("each source must be a JSON object", file=file, field="sources")
        scan = ScanReport.from_dict(data["scan"], file=file) if "scan" in data else None
        return cls(
            data["corpus"], config, findings, dict(records), list(data["sources"]), scan=scan
        )


def findings_from_dict(data: Any, *, file: str = "<report>") -> list[Finding]:
    """Return the findings of a report object; the rest of the report may be absent."""
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ReconDataError(
            "expected a JSON object with a `findings` list", file=file, field="findings"
        )
    return [
        Finding.from_dict(f, file=file, record=f"finding {i}")
        for i, f in enumerate(data["findings"])
    ]


def read_report(path: str | Path) -> Report:
    """Read a JSON report written by `recon-data decontaminate --out` (or `Report.to_dict`)."""
    return Report.from_dict(read_json_file(Path(path), "decontamination report"), file=str(path))


def read_findings(path: str | Path) -> list[Finding]:
    """Read only the findings of a JSON report (a report cut down to its findings still reads)."""
    data = read_json_file(Path(path), "decontamination report")
    return findings_from_dict(data, file=str(path))

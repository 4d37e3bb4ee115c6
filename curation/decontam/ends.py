"""Record ends, findings and their canonical order: what every decontamination check reports."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from recon_data.errors import ReconDataError

# Most specific first: a pair found by several methods is reported under the first.
FINDING_KINDS = ("exact", "ngram_overlap", "near_duplicate")
# Order of corpus splits when a pair is oriented (the training side comes first).
SPLIT_ORDER = {"train": 0, "cot": 1, "eval": 2}


class Doc(NamedTuple):
    """One text to check: a corpus record (problem prompt or trace prompt)."""

    id: str
    split: str
    text: str


@dataclass(frozen=True, slots=True)
class End:
    """One side of a finding: a corpus record (id, split) or a benchmark row (source, row)."""

    id: str | None = None
    split: str | None = None
    source: str | None = None
    row: int | None = None

    @classmethod
    def record(cls, record_id: str, split: str) -> End:
        """Return the end for a corpus record."""
        return cls(id=record_id, split=split)

    @classmethod
    def bench(cls, source: str, row: int, split: str | None = None) -> End:
        """Return the end for a benchmark row (`split` names a Hub split, if any)."""
        return cls(source=source, row=row, split=split)

    @property
    def is_corpus(self) -> bool:
        """True for a corpus record, False for a benchmark row."""
        return self.source is None

    def group(self) -> str:
        """Return what this end counts under: the corpus split or the benchmark source."""
        # Same test as is_corpus, written on `source` so that it is a str below.
        if self.source is None:
            return str(self.split)
        return self.source if self.split is None else f"{self.source}[{self.split}]"

    def label(self) -> str:
        """Return a short human label: `train:ID` or `SOURCE[split]#ROW`."""
        if self.is_corpus:
            return f"{self.split}:{self.id}"
        return f"{self.group()}#{self.row}"

    def sort_key(self) -> tuple:
        """Return a key that orders corpus records before benchmark rows, deterministically."""
        if self.is_corpus:
            return (0, SPLIT_ORDER.get(str(self.split), 9), str(self.split), str(self.id), "", 0)
        return (1, 0, self.split or "", "", str(self.source), int(self.row or 0))

    def to_dict(self) -> dict[str, Any]:
        """Return `{"id", "split"}` for a record or `{"source", "row"[, "split"]}` for a row."""
        if self.is_corpus:
            return {"id": self.id, "split": self.split}
        out: dict[str, Any] = {"source": self.source, "row": self.row}
        if self.split is not None:
            out["split"] = self.split
        return out

    @classmethod
    def from_dict(cls, value: Any) -> End:
        """Return the end `to_dict` wrote; a bare string is a record named by its id alone.

        Raises ValueError (the reader adds where) for any other shape.
        """
        if isinstance(value, str):  # hand-written reports name a record by its id
            return cls(id=value)
        if not isinstance(value, dict):
            raise ValueError("expected an object or a record id")
        split = value.get("split")
        if split is not None and not isinstance(split, str):
            raise ValueError("`split` must be text")
        if "source" in value:
            source, row = value["source"], value.get("row")
            if not isinstance(source, str) or not isinstance(row, int) or isinstance(row, bool):
                raise ValueError("a benchmark row needs a text `source` and an integer `row`")
            return cls.bench(source, row, split)
        record_id = value.get("id")
        if not isinstance(record_id, str):
            raise ValueError("a corpus record needs a text `id`")
        return cls(id=record_id, split=split)


@dataclass(frozen=True)
class Finding:
    """One contaminated or duplicated pair: how it was found, how strongly, and the evidence."""

    kind: str
    a: End
    b: End
    score: float
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def pair(self) -> str:
        """Return the split pair this finding counts under, e.g. `train~eval`."""
        return f"{self.a.group()}~{self.b.group()}"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form `{"kind", "a", "b", "score", "evidence"}`."""
        return {
            "kind": self.kind,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "score": round(self.score, 4),
            "evidence": self.evidence,
        }

    @classmethod
    def from_dict(cls, data: Any, *, file: str = "<report>", record: str | None = None) -> Finding:
        """Return the finding `to_dict` wrote; a bad one raises ReconDataError naming the field."""

        def bad(reason: str, name: str | None = None) -> ReconDataError:
            return ReconDataError(reason, file=file, record=record, field=name)

        if not isinstance(data, dict):
            raise bad("a finding must be a JSON object")
        kind = data.get("kind")
        if not isinstance(kind, str) or not kind:
            raise bad("missing or empty", "kind")
        if kind not in FINDING_KINDS:
            raise bad(f"unknown kind {kind!r}; expected one of {', '.join(FINDING_KINDS)}", "kind")
        ends = []
        for name in ("a", "b"):
            if name not in data:
                raise bad("missing", name)
            try:
                ends.append(End.from_dict(data[name]))
            except ValueError as exc:
                raise bad(str(exc), name) from None
        score = data.get("score")
        if not isinstance(score, (int, float)) or isinstance(score, bool):
            raise bad("missing or not a number", "score")
        # An empty value ("" or null) in a hand-written report means no evidence.
        evidence = data.get("evidence") or {}
        if not isinstance(evidence, dict):
            raise bad("must be a JSON object", "evidence")
        return cls(kind, ends[0], ends[1], float(score), evidence)


def oriented(kind: str, x: End, y: End, score: float, evidence: dict[str, Any]) -> Finding:
    """Return a finding with its ends in canonical order (training side first)."""
    a, b = (x, y) if x.sort_key() <= y.sort_key() else (y, x)
    return Finding(kind, a, b, score, evidence)


def merge(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per pair: the most specific kind, then the highest score; sort."""
    best: dict[tuple[End, End], Finding] = {}
    rank = {k: i for i, k in enumerate(FINDING_KINDS)}

    def strength(f: Finding) -> tuple:
        # Ties (both directions of an in-corpus pair) go to the same finding whatever the input order.
        return (
            rank[f.kind],
            -f.score,
            f.evidence.get("of") != "b",
            json.dumps(f.evidence, sort_keys=True),
        )

    for f in findings:
        key = (f.a, f.b)
        old = best.get(key)
        if old is None or strength(f) < strength(old):
            best[key] = f
    return sorted(best.values(), key=_order)


def _order(f: Finding) -> tuple:
    return (FINDING_KINDS.index(f.kind), f.pair(), -round(f.score, 6), f.a.sort_key(), f.b.sort_key())

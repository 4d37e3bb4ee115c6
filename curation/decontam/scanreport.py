"""What a scan of documents reports: which items occur in which documents, and what was read.

Both engines (in-process and datatrove) end in `ScanReport.assemble`, which orders
everything, so the same documents give the same report whatever the engine, the number of
workers or the order the shards were read in.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.curation.decontam.docfiles import FileStats
from recon_data.curation.decontam.ends import End, Finding
from recon_data.errors import ReconDataError

# The merged report a datatrove run leaves in its folder.
MERGED = "scan.json"
# Eval items first: whether an evaluation item was seen in pretraining is the first question.
_SPLIT_RANK = {"eval": 0, "train": 1}
SCAN_KINDS = ("exact", "ngram_overlap")


@dataclass(frozen=True)
class ScanHit:
    """One corpus item found in one document (file, row), with the matched span and evidence."""

    item: End
    file: str
    row: int
    kind: str
    score: float
    span: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def sort_key(self) -> tuple:
        """Return the report order: eval items first, then by item, file and row."""
        split = str(self.item.split)
        return (_SPLIT_RANK.get(split, 2), split, str(self.item.id), self.file, self.row)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form `{"item", "document", "kind", "score", "span", "evidence"}`."""
        return {
            "item": self.item.to_dict(),
            "document": {"file": self.file, "row": self.row},
            "kind": self.kind,
            "score": self.score,
            "span": self.span,
            "evidence": self.evidence,
        }

    @classmethod
    def from_dict(cls, data: Any, *, file: str, record: str) -> ScanHit:
        """Return the hit `to_dict` wrote; a bad one raises ReconDataError naming the field."""

        def bad(reason: str, name: str) -> ReconDataError:
            return ReconDataError(reason, file=file, record=record, field=name)

        if not isinstance(data, dict):
            raise bad("a scan finding must be a JSON object", "scan.findings")
        item = data.get("item")
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("id", "split")
        ):
            raise bad("needs a text `id` and `split`", "item")
        doc = data.get("document")
        if not (
            isinstance(doc, dict)
            and isinstance(doc.get("file"), str)
            and isinstance(doc.get("row"), int)
            and not isinstance(doc.get("row"), bool)
        ):
            raise bad("needs a text `file` and an integer `row`", "document")
        if data.get("kind") not in SCAN_KINDS:
            raise bad(f"expected one of {', '.join(SCAN_KINDS)}", "kind")
        score = data.get("score")
        if not isinstance(score, (int, float)) or isinstance(score, bool):
            raise bad("missing or not a number", "score")
        span, evidence = data.get("span") or {}, data.get("evidence") or {}
        if not isinstance(span, dict) or not isinstance(evidence, dict):
            raise bad("must be JSON objects", "span/evidence")
        end = End.record(item["id"], item["split"])
        return cls(end, doc["file"], doc["row"], data["kind"], float(score), span, evidence)


@dataclass
class ScanReport:
    """The findings of a scan, the shards it read, and what the items' template analysis left."""

    engine: str
    workers: int
    text_field: str
    items: dict[str, int]
    template: dict[str, int]
    unmatchable: list[End]
    files: list[FileStats]
    files_ignored: int
    hits: list[ScanHit]

    @classmethod
    def assemble(
        cls,
        *,
        engine: str,
        workers: int,
        text_field: str,
        items: Iterable[End],
        template: dict[str, int],
        unmatchable: Iterable[End],
        files: Iterable[FileStats],
        files_ignored: int,
        hits: Iterable[ScanHit],
    ) -> ScanReport:
        """Return the report with everything in its canonical order."""
        by_split = Counter(str(e.split) for e in items)
        return cls(
            engine=engine,
            workers=workers,
            text_field=text_field,
            items={
                s: by_split[s] for s in sorted(by_split, key=lambda s: (_SPLIT_RANK.get(s, 2), s))
            },
            template=dict(template),
            unmatchable=sorted(unmatchable, key=End.sort_key),
            files=sorted(files, key=lambda f: f.file),
            files_ignored=files_ignored,
            hits=sorted(hits, key=ScanHit.sort_key),
        )

    def counts(self) -> dict[str, Any]:
        """Return rows and documents read, findings, documents involved and items found per split."""
        found: dict[str, set[str]] = {}
        for h in self.hits:
            found.setdefault(str(h.item.split), set()).add(str(h.item.id))
        return {
            "rows": sum(f.rows for f in self.files),
            "documents": sum(f.documents for f in self.files),
            "findings": len(self.hits),
            "documents_with_findings": len({(h.file, h.row) for h in self.hits}),
            "items_found": {s: len(found.get(s, ())) for s in self.items},
        }

    def as_findings(self) -> list[Finding]:
        """Return each hit as a finding between the item and its document (for `--drop`)."""
        return [
            Finding(h.kind, h.item, End.bench(h.file, h.row), h.score, {"method": "scan"})
            for h in self.hits
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON `scan` section of a report."""
        return {
            "engine": self.engine,
            "workers": self.workers,
            "text_field": self.text_field,
            "items": self.items,
            "template": self.template,
            "items_without_content": [e.to_dict() for e in self.unmatchable],
            "files": [f.to_dict() for f in self.files],
            "files_ignored": self.files_ignored,
            "counts": self.counts(),
            "findings": [h.to_dict() for h in self.hits],
        }

    @classmethod
    def from_dict(cls, data: Any, *, file: str = "<report>") -> ScanReport:
        """Return the scan section `to_dict` wrote (counts are recomputed)."""

        def need(key: str, kind: type) -> Any:
            value = data.get(key) if isinstance(data, dict) else None
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ReconDataError(
                    f"missing or not a {kind.__name__}", file=file, field=f"scan.{key}"
                )
            return value

        hits = [
            ScanHit.from_dict(h, file=file, record=f"scan finding {i}")
            for i, h in enumerate(need("findings", list))
        ]
        files = []
        for i, f in enumerate(need("files", list)):
            try:
                files.append(FileStats(**f))
            except TypeError:
                raise ReconDataError(
                    "a file entry needs file, format, rows, documents, rows_without_text",
                    file=file,
                    record=f"scan file {i}",
                    field="scan.files",
                ) from None
        try:
            unmatchable = [End.from_dict(e) for e in need("items_without_content", list)]
        except ValueError as exc:
            raise ReconDataError(str(exc), file=file, field="scan.items_without_content") from None
        return cls(
            engine=need("engine", str),
            workers=need("workers", int),
            text_field=need("text_field", str),
            items=dict(need("items", dict)),
            template=dict(need("template", dict)),
            unmatchable=unmatchable,
            files=files,
            files_ignored=need("files_ignored", int),
            hits=hits,
        )


def read_scan(path: str | Path) -> ScanReport:
    """Read a merged scan: a datatrove scan folder (its `scan.json`) or a scan JSON file."""
    target = Path(path)
    if target.is_dir():
        target = target / MERGED
    if not target.is_file():
        raise ReconDataError("no merged scan here; run the merge step first", file=str(target))
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReconDataError(f"invalid JSON: {exc}", file=str(target)) from None
    if isinstance(data, dict) and "scan" in data and "findings" in data:
        data = data["scan"]  # a whole decontamination report: take its scan section
    return ScanReport.from_dict(data, file=str(target))

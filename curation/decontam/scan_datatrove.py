"""The streaming scan as a datatrove pipeline: reader, item matcher, per-rank writer, merge.

`prepare_scan` writes what every task needs into one folder (the items, the shard list,
the settings) and returns the pipeline; any datatrove executor runs it (`run_local` uses
the local one; docs/decontamination.md shows Slurm and Ray). Each rank writes its findings
and per-shard counts to `findings/RANK.jsonl`; `merge_scan` (or the `MergeScan` step)
joins them into the same `ScanReport` the in-process engine builds.

The reader is ours, on datatrove's `BaseDiskReader` (sharding, stats, logs): it reads rows
with the in-process engine's own `read_texts`, so both engines name documents by the same
(file, row) and refuse the same malformed input, where datatrove's JSON Lines reader skips
bad lines with a warning and its Parquet reader numbers only the rows that have text.
This module is the only one that imports datatrove (the `scale` extra).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers.jsonl import JsonlWriter

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.docfiles import (
    DocFile,
    FileStats,
    doc_format,
    read_texts,
    resolve_doc_files,
)
from recon_data.curation.decontam.docscan import Batcher, ItemScanner
from recon_data.curation.decontam.ends import Doc, End
from recon_data.curation.decontam.scanreport import MERGED, ScanHit, ScanReport
from recon_data.errors import ReconDataError

ITEMS = "items.jsonl"
SHARDS = "shards.txt"
SETTINGS = "settings.json"
FINDINGS = "findings"
# Matchers built in this process, by folder: a worker runs many tasks and builds one index.
_SCANNERS: dict[str, tuple[ItemScanner, DecontamConfig]] = {}


def prepare_scan(
    items: Sequence[Doc],
    docs: Sequence[str | Path],
    folder: str | Path,
    *,
    text_field: str = "text",
    config: DecontamConfig | None = None,
) -> list[PipelineStep]:
    """Write the scan's inputs into a new or empty `folder`; return the pipeline to run on them."""
    cfg = config or DecontamConfig()
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ReconDataError("the scan folder must be new or empty", file=str(root))
    files, ignored = resolve_doc_files(docs)
    scanner = ItemScanner(items, cfg)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ITEMS, "w", encoding="utf-8") as fh:
        for d in items:
            fh.write(json.dumps({"id": d.id, "split": d.split, "text": d.text}) + "\n")
    shards = {os.path.abspath(f.path): f.path for f in files}
    (root / SHARDS).write_text("".join(p + "\n" for p in shards), encoding="utf-8")
    settings = {
        "config": cfg.model_dump(),
        "text_field": text_field,
        "shards": shards,
        "files_ignored": ignored,
        "template": scanner.template_summary(),
        "items_without_content": [e.to_dict() for e in scanner.unmatchable()],
    }
    (root / SETTINGS).write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    _SCANNERS[str(root.resolve())] = (scanner, cfg)
    return [
        ShardReader(root, text_field, shards),
        MatchItems(root),
        JsonlWriter(
            str(root / FINDINGS), output_filename="${rank}.jsonl", compression=None, adapter=_record
        ),
    ]


class ShardReader(BaseDiskReader):
    """Read this rank's shards with `read_texts`; after each shard, a marker with its counts."""

    name = "recon-data shards"

    def __init__(self, folder: str | Path, text_field: str, shards: dict[str, str]) -> None:
        super().__init__(
            data_folder="/", paths_file=str(Path(folder) / SHARDS), text_key=text_field
        )
        self.shards = dict(shards)

    def read_file(self, filepath: str) -> DocumentsPipeline:
        """Yield the shard's documents, then one marker holding its counts (or its error)."""
        shown = self.shards.get(filepath, filepath)
        doc = DocFile(shown, doc_format(filepath) or "jsonl", filepath)
        stats = FileStats(shown, doc.format)
        try:
            for row, text in read_texts(doc, self.text_key, stats):
                yield Document(text=text, id=f"{shown}#{row}", metadata={"file": shown, "row": row})
        except ReconDataError as exc:
            # Carried to the merge, which reports it on one line (a raise here prints a traceback).
            yield Document(text="", id=f"{shown}#error", metadata={"error": str(exc)})
            return
        yield Document(text="", id=f"{shown}#end", metadata={"stats": stats.to_dict()})


class MatchItems(PipelineStep):
    """Find the corpus's items in the documents; yield one record per hit and per shard read."""

    type = "🔎 - DECONT"
    name = "recon-data item matcher"

    def __init__(self, folder: str | Path) -> None:
        super().__init__()
        self.folder = str(Path(folder).resolve())

    def run(
        self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1
    ) -> DocumentsPipeline:
        """Match every document of this rank; pass on records for the writer."""
        scanner, cfg = _scanner(self.folder)
        batcher = Batcher(scanner, cfg)
        for doc in data or ():
            meta = doc.metadata
            if "stats" in meta:
                yield _as_doc({"type": "file", **meta["stats"]})
            elif "error" in meta:
                yield _as_doc({"type": "error", "message": meta["error"]})
            else:
                self.stat_update("documents")
                for hit in batcher.add(meta["file"], meta["row"], doc.text):
                    yield _hit_doc(hit)
        for hit in batcher.flush():
            yield _hit_doc(hit)


class MergeScan(PipelineStep):
    """Join every rank's records into `scan.json` (run as one task after the scan)."""

    type = "🔎 - DECONT"
    name = "recon-data merge findings"

    def __init__(self, folder: str | Path, workers: int = 1) -> None:
        super().__init__()
        self.folder = str(folder)
        self.workers = workers

    def run(
        self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1
    ) -> DocumentsPipeline:
        """Merge, write the report, pass nothing on."""
        merge_scan(self.folder, engine="datatrove", workers=self.workers)
        yield from data or ()


def merge_scan(folder: str | Path, *, engine: str = "datatrove", workers: int = 1) -> ScanReport:
    """Join the per-rank records of a finished scan into a `ScanReport`, written to `scan.json`."""
    root = Path(folder)
    settings = _settings(root)
    hits: list[ScanHit] = []
    stats: dict[str, FileStats] = {}
    for part in sorted((root / FINDINGS).glob("*.jsonl")):
        with open(part, encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                record = json.loads(line)
                kind = record.pop("type")
                if kind == "error":
                    raise ReconDataError(record["message"])
                if kind == "file":
                    stats[record["file"]] = FileStats(**record)
                else:
                    hits.append(ScanHit.from_dict(record, file=str(part), record=f"line {line_no}"))
    missing = [shown for shown in settings["shards"].values() if shown not in stats]
    if missing:
        raise ReconDataError(
            f"no result for {len(missing)} shard(s); did every task finish? (logs in the scan folder)",
            file=missing[0],
        )
    items = [End.record(r["id"], r["split"]) for r in _items(root)]
    report = ScanReport.assemble(
        engine=engine,
        workers=workers,
        text_field=settings["text_field"],
        items=items,
        template=settings["template"],
        unmatchable=[End.from_dict(e) for e in settings["items_without_content"]],
        files=stats.values(),
        files_ignored=settings["files_ignored"],
        hits=hits,
    )
    (root / MERGED).write_text(
        json.dumps(report.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return report


def run_local(
    items: Sequence[Doc],
    docs: Sequence[str | Path],
    work_dir: str | Path | None = None,
    *,
    text_field: str = "text",
    config: DecontamConfig | None = None,
    workers: int = 1,
) -> ScanReport:
    """Run the scan on datatrove's local executor with `workers` processes; return the merged report."""
    temp = work_dir is None
    root = Path(tempfile.mkdtemp(prefix="recon-scan-")) if work_dir is None else Path(work_dir)
    try:
        pipeline = prepare_scan(items, docs, root, text_field=text_field, config=config)
        n_shards = len(_settings(root)["shards"])
        # Files are the unit of work; a few tasks per worker keep the workers evenly busy.
        # fork, not datatrove's default forkserver: forkserver and spawn re-import the main
        # module in every worker, which runs a script without a `__main__` guard (or
        # `python -m recon_data`) again inside the pool and makes it respawn workers forever.
        executor = LocalPipelineExecutor(
            pipeline,
            tasks=max(1, min(n_shards, 4 * workers)),
            workers=workers,
            logging_dir=str(root / "logs"),
            skip_completed=False,
            start_method="fork",
        )
        executor.run()
        return merge_scan(root, engine="datatrove", workers=workers)
    finally:
        _SCANNERS.pop(str(root.resolve()), None)
        if temp:
            shutil.rmtree(root, ignore_errors=True)


def _scanner(folder: str) -> tuple[ItemScanner, DecontamConfig]:
    cached = _SCANNERS.get(folder)
    if cached is None:
        root = Path(folder)
        cfg = DecontamConfig(**_settings(root)["config"])
        items = [Doc(r["id"], r["split"], r["text"]) for r in _items(root)]
        cached = _SCANNERS[folder] = (ItemScanner(items, cfg), cfg)
    return cached


def _settings(root: Path) -> dict[str, Any]:
    path = root / SETTINGS
    if not path.is_file():
        raise ReconDataError("not a scan folder (no settings.json)", file=str(root))
    return json.loads(path.read_text(encoding="utf-8"))


def _items(root: Path) -> Iterator[dict[str, Any]]:
    with open(root / ITEMS, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _as_doc(record: dict[str, Any]) -> Document:
    return Document(text="", id=str(record.get("file", "")), metadata={"record": record})


def _hit_doc(hit: ScanHit) -> Document:
    return _as_doc({"type": "hit", **hit.to_dict()})


def _record(writer: Any, document: Document) -> dict[str, Any]:
    """The writer's adapter: write the record the matcher made, as it is."""
    return document.metadata["record"]

"""The streaming scan (`--scan`): find a corpus's items in document shards of any size.

`scan_documents` reads the shards row by row, feeds them to an `ItemScanner` in bounded
batches and assembles a `ScanReport`. The in-process engine runs here; `engine="datatrove"`
runs the same reading, batching and matching as a datatrove pipeline (scan_datatrove.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.docfiles import FileStats, read_texts, resolve_doc_files
from recon_data.curation.decontam.docscan import Batcher, ItemScanner
from recon_data.curation.decontam.ends import Doc
from recon_data.curation.decontam.scanreport import ScanHit, ScanReport
from recon_data.curation.decontam.sources import COT_SPLIT, corpus_docs
from recon_data.errors import ReconDataError

ENGINES = ("local", "datatrove")


def scan_items(corpus: str | Path | Iterable[Doc]) -> list[Doc]:
    """Return the items a scan looks for: a corpus folder's problems (train and eval), or the given docs.

    CoT traces are left out: their prompts are the training prompts, and `--drop` removes a
    trace with its problem.
    """
    if isinstance(corpus, (str, Path)):
        return [d for d in corpus_docs(corpus) if d.split != COT_SPLIT]
    return list(corpus)


def scan_documents(
    items: Sequence[Doc],
    docs: Sequence[str | Path],
    *,
    text_field: str = "text",
    config: DecontamConfig | None = None,
    engine: str = "local",
    workers: int = 1,
    work_dir: str | Path | None = None,
    advance: Callable[[int], None] | None = None,
) -> ScanReport:
    """Find `items` in the documents of `docs` (files, folders, globs); return the scan report.

    `engine="datatrove"` runs the scan as a datatrove pipeline on `workers` local processes,
    keeping its working files in `work_dir` (default: a temporary folder, removed after).
    """
    cfg = config or DecontamConfig()
    if engine not in ENGINES:
        raise ReconDataError(
            f"unknown engine; expected one of {', '.join(ENGINES)}", field="--engine"
        )
    if workers < 1:
        raise ReconDataError(f"must be at least 1, got {workers}", field="--workers")
    if not text_field:
        raise ReconDataError("must name a column", field="--text-field")
    if engine == "local" and workers != 1:
        raise ReconDataError("several workers need --engine datatrove", field="--workers")
    if engine == "datatrove":
        _require_scale()
        from recon_data.curation.decontam.scan_datatrove import run_local

        return run_local(items, docs, work_dir, text_field=text_field, config=cfg, workers=workers)
    files, ignored = resolve_doc_files(docs)
    scanner = ItemScanner(items, cfg)
    batcher = Batcher(scanner, cfg)
    hits: list[ScanHit] = []
    stats = []
    for doc in files:
        file_stats = FileStats(doc.path, doc.format)
        for row, text in read_texts(doc, text_field, file_stats):
            hits += batcher.add(doc.path, row, text)
            if advance is not None and file_stats.documents % 10_000 == 0:
                advance(10_000)
        stats.append(file_stats)
    hits += batcher.flush()
    return ScanReport.assemble(
        engine="local",
        workers=1,
        text_field=text_field,
        items=scanner.items,
        template=scanner.template_summary(),
        unmatchable=scanner.unmatchable(),
        files=stats,
        files_ignored=ignored,
        hits=hits,
    )


def _require_scale() -> None:
    """Refuse the datatrove engine, in one line, when the `scale` extra is not installed."""
    import importlib.util

    missing = [m for m in ("datatrove", "orjson") if importlib.util.find_spec(m) is None]
    if missing:
        raise ReconDataError(
            f"the datatrove engine needs {', '.join(missing)}: pip install 'recon-data[scale]'",
            field="--engine",
        )

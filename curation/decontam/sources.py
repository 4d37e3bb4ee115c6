"""Reading what gets checked: corpus records (streamed) and benchmark rows (CSV, JSON Lines,
Parquet, or anything `datasets.load_dataset` reads: a Hub id or a Hub-layout folder)."""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.curation.decontam.fields import pick_fields
from recon_data.curation.decontam.findings import Doc, End
from recon_data.curation.decontam.index import RefRow
from recon_data.errors import ReconDataError
from recon_data.hfdata import load_hf_dataset, looks_local
from recon_data.storage import PROBLEM_FILES, TRACE_FILES, iter_jsonl, require_corpus

FILE_KINDS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
}
# The split name CoT traces are reported under.
COT_SPLIT = "cot"
# Rows read to pick the default text columns of a benchmark.
_SAMPLE_ROWS = 1000


# -- the corpus ----------------------------------------------------------------------------
def corpus_docs(corpus: Path | str) -> Iterator[Doc]:
    """Yield every record of a corpus folder: problems (train, eval) then CoT traces."""
    root = require_corpus(corpus)
    for split, rel in PROBLEM_FILES.items():
        for line_no, obj in iter_jsonl(root / rel):
            yield Doc(
                _record_id(obj, root / rel, line_no), split, _problem_text(obj, root / rel, line_no)
            )
    for rel in TRACE_FILES.values():
        for line_no, obj in iter_jsonl(root / rel):
            prompt = obj.get("prompt")
            if not isinstance(prompt, str) or not prompt.strip():
                raise ReconDataError(
                    "a trace needs a non-empty prompt",
                    file=str(root / rel),
                    record=f"line {line_no}",
                    field="prompt",
                )
            yield Doc(_record_id(obj, root / rel, line_no), COT_SPLIT, prompt)


def corpus_size(corpus: Path | str) -> int | None:
    """Return the number of records in a corpus folder from its manifest, if it says."""
    try:
        from recon_data.manifest import read_manifest

        files = read_manifest(Path(corpus))["files"]
        return sum(int(entry["records"]) for entry in files.values())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _record_id(obj: dict[str, Any], file: Path, line_no: int) -> str:
    value = obj.get("id")
    if not isinstance(value, str) or not value:
        raise ReconDataError(
            "a record needs a string id", file=str(file), record=f"line {line_no}", field="id"
        )
    return value


def _problem_text(obj: dict[str, Any], file: Path, line_no: int) -> str:
    prompt = obj.get("prompt")
    where = {"file": str(file), "record": f"line {line_no} ({obj.get('id')})", "field": "prompt"}
    if not isinstance(prompt, list) or not prompt:
        raise ReconDataError("prompt must be a non-empty list of messages", **where)
    parts = []
    for msg in prompt:
        if not isinstance(msg, dict) or not isinstance(msg.get("content"), str):
            raise ReconDataError("every message needs a string content", **where)
        parts.append(msg["content"])
    return "\n".join(parts)


# -- benchmarks ----------------------------------------------------------------------------
@dataclass
class Benchmark:
    """One benchmark table (a file, or one split of a dataset) reduced to its text fields."""

    source: str
    split: str | None
    fields: tuple[str, ...]
    rows: list[RefRow]
    total_rows: int
    # True when the fields were picked by default (no --field), with why others were not.
    default_fields: bool = False
    skipped_fields: dict[str, str] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        """Return the JSON description of this source (counts filled in by the report)."""
        out: dict[str, Any] = {"source": self.source}
        if self.split is not None:
            out["split"] = self.split
        out["fields"] = list(self.fields)
        out["fields_chosen_by"] = "default" if self.default_fields else "given"
        if self.skipped_fields:
            out["fields_skipped"] = dict(self.skipped_fields)
        out.update({"rows": self.total_rows, "rows_with_text": len(self.rows)})
        return out


def load_benchmarks(spec: str | Path, fields: Sequence[str] = ()) -> list[Benchmark]:
    """Load a benchmark file, Hub-layout folder or Hub id; one `Benchmark` per split."""
    tables = _load_benchmarks(spec, fields)
    # An empty benchmark would report "no contamination" about nothing: refuse it instead.
    if not any(t.total_rows for t in tables):
        raise ReconDataError("the benchmark has no rows", file=str(spec))
    if not any(t.rows for t in tables):
        chosen = ", ".join(sorted({f for t in tables for f in t.fields})) or "(none)"
        raise ReconDataError(f"no row has text in the chosen fields ({chosen})", file=str(spec))
    return tables


def _load_benchmarks(spec: str | Path, fields: Sequence[str]) -> list[Benchmark]:
    source = str(spec)
    path = Path(source).expanduser()
    if path.is_file():
        kind = FILE_KINDS.get(path.suffix.lower())
        if kind is None:
            raise ReconDataError(
                f"unsupported benchmark file type {path.suffix!r}; use {', '.join(sorted(FILE_KINDS))}",
                file=source,
            )
        columns, records = _open_file(path, kind, source)
        return [_table(source, None, columns, records, fields)]
    if path.is_dir():
        return _load_dataset(source, str(path), fields)
    if path.suffix.lower() in FILE_KINDS or looks_local(source):
        raise ReconDataError("benchmark file not found", file=source)
    return _load_dataset(source, source, fields)


def _open_file(path: Path, kind: str, source: str) -> tuple[list[str], Iterable[dict[str, Any]]]:
    if kind == "csv":
        return _csv(path, source)
    if kind == "parquet":
        return _parquet(path, source)
    if kind == "json" and _starts_with(path, b"["):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ReconDataError(f"invalid JSON: {exc}", file=source) from None
        if not all(isinstance(r, dict) for r in data):
            raise ReconDataError("a JSON array of benchmark rows must hold objects", file=source)
        return (list(data[0]) if data else []), data
    return _jsonl(path, source)


def _starts_with(path: Path, prefix: bytes) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(4096).lstrip()
    return head.startswith(prefix)


def _csv(path: Path, source: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
    # Cells may hold long multi-line texts; lift the csv module's 128 KiB field cap.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            columns = next(csv.reader(fh, delimiter=delimiter), [])
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ReconDataError(f"unreadable CSV header: {exc}", file=source) from None

    def rows() -> Iterator[dict[str, Any]]:
        # Opened only when read, so a header check that fails leaves no file open.
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=delimiter)
            try:
                yield from reader
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ReconDataError(
                    f"malformed CSV: {exc}", file=source, record=f"line {reader.line_num}"
                ) from None

    return columns, rows()


def _jsonl(path: Path, source: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
    head = iter_jsonl(path)
    try:
        first = next(head, None)
    finally:
        # iter_jsonl is a generator (typed as Iterator): closing it closes its file now.
        if isinstance(head, Generator):
            head.close()
    columns = list(first[1]) if first is not None else []
    return columns, (obj for _, obj in iter_jsonl(path))


def _parquet(path: Path, source: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise ReconDataError(f"unreadable Parquet file: {exc}", file=source) from None
    columns = list(pf.schema_arrow.names)

    def rows() -> Iterator[dict[str, Any]]:
        for batch in pf.iter_batches(batch_size=4096):
            yield from batch.to_pylist()

    return columns, rows()


def _load_dataset(source: str, target: str, fields: Sequence[str]) -> list[Benchmark]:
    import datasets

    loaded = load_hf_dataset(
        target, label=source, offline_hint="pass a local file or folder instead"
    )
    splits = loaded.items() if isinstance(loaded, datasets.DatasetDict) else [("train", loaded)]
    out = []
    for split, table in splits:
        textual = [name for name, feat in table.features.items() if _is_text_feature(feat)]
        out.append(
            _table(source, split, list(table.column_names), iter(table), fields, default=textual)
        )
    return out


def _is_text_feature(feature: Any) -> bool:
    dtype = getattr(feature, "dtype", None)
    return dtype in ("string", "large_string")


def _table(
    source: str,
    split: str | None,
    columns: list[str],
    records: Iterable[dict[str, Any]],
    fields: Sequence[str],
    default: list[str] | None = None,
) -> Benchmark:
    where = source if split is None else f"{source}[{split}]"
    for name in fields:
        if name not in columns:
            raise ReconDataError(
                f"no column {name!r}; columns are {', '.join(columns) or '(none)'}",
                file=where,
                field=name,
            )
    chosen = list(fields)
    skipped: dict[str, str] = {}
    records = iter(records)
    head: list[dict[str, Any]] = []
    if not chosen:
        # The default is decided on the first rows, then every row is read with it.
        head = list(itertools.islice(records, _SAMPLE_ROWS))
        textual = default
        if textual is None:
            textual = [c for c in columns if any(isinstance(r.get(c), str) for r in head)]
        chosen, skipped = pick_fields(textual, head)
        if head and not chosen:
            raise ReconDataError("no text columns found; name them with --field", file=where)
    rows: list[RefRow] = []
    total = 0
    for row_no, record in enumerate(itertools.chain(head, records)):
        total += 1
        texts = []
        for name in chosen:
            text = _text(record.get(name), where, row_no, name)
            if text.strip():
                texts.append((name, text))
        if texts:
            rows.append(RefRow(End.bench(source, row_no, split), tuple(texts)))
    return Benchmark(source, split, tuple(chosen), rows, total, not fields, skipped)


def _text(value: Any, where: str, row: int, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    if isinstance(value, list) and all(
        isinstance(v, dict) and isinstance(v.get("content"), str) for v in value
    ):
        # Chat-format columns: the message texts are what a model would have seen.
        return "\n".join(v["content"] for v in value)
    raise ReconDataError(
        f"holds {type(value).__name__}, not text", file=where, record=f"row {row}", field=name
    )

"""Document shards for the streaming scan: the files DOCS names, and the text of their rows.

DOCS are files, folders (searched recursively) or globs of JSON Lines, gzipped JSON Lines
and Parquet files. A row is a JSON object (one non-blank line) or a Parquet row, numbered
from 0 in file order; its text is one string column. Both scan engines read rows through
`read_texts`, so they see the same documents under the same (file, row) names.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

# Longest suffix first: `x.jsonl.gz` is gzipped JSON Lines, not a `.gz` of unknown kind.
FORMATS = (
    (".jsonl.gz", "jsonl.gz"),
    (".ndjson.gz", "jsonl.gz"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".parquet", "parquet"),
)
# Rows read before a file with no row holding the text field is refused (a wrong --text-field).
_FIELD_PROBE_ROWS = 1000
_PARQUET_BATCH = 1024


@dataclass(frozen=True, order=True)
class DocFile:
    """One shard to scan: its path as reported, its format (`jsonl`, `jsonl.gz`, `parquet`), and
    where to open it when that differs from the path (a worker in another folder)."""

    path: str
    format: str
    location: str = ""

    def opened(self) -> str:
        """Return the path to open."""
        return self.location or self.path


@dataclass
class FileStats:
    """What a shard held: rows, rows with a text (documents), rows without the text field."""

    file: str
    format: str
    rows: int = 0
    documents: int = 0
    rows_without_text: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of these counts."""
        return asdict(self)


def doc_format(name: str) -> str | None:
    """Return the format a file name says it holds, or None."""
    lower = name.lower()
    for suffix, kind in FORMATS:
        if lower.endswith(suffix):
            return kind
    return None


def resolve_doc_files(specs: Sequence[str | Path]) -> tuple[list[DocFile], int]:
    """Return the shards DOCS names (sorted by path, each once) and how many other files were passed over.

    A file named directly must be a known format; folders and globs keep the known formats
    and pass over the rest (`_SUCCESS`, `.crc`, READMEs), which the report counts.
    """
    if not specs:
        raise ReconDataError("no documents to scan: name files, folders or globs", field="--scan")
    found: dict[str, DocFile] = {}
    ignored = 0
    for spec in specs:
        text = str(spec)
        path = Path(text).expanduser()
        if path.is_file():
            kind = doc_format(path.name)
            if kind is None:
                raise ReconDataError(
                    "unsupported document file; use .jsonl, .jsonl.gz or .parquet", file=text
                )
            found.setdefault(os.path.realpath(path), DocFile(str(path), kind))
            continue
        if path.is_dir():
            candidates = sorted(str(p) for p in path.rglob("*") if p.is_file())
        elif glob.has_magic(text):
            candidates = sorted(p for p in glob.glob(os.path.expanduser(text), recursive=True))
            candidates = [p for p in candidates if os.path.isfile(p)]
        else:
            raise ReconDataError("no such file, folder or glob", file=text, field="--scan")
        kept = [(p, doc_format(os.path.basename(p))) for p in candidates]
        shards = [(p, k) for p, k in kept if k is not None]
        if not shards:
            raise ReconDataError(
                "no .jsonl, .jsonl.gz or .parquet files found", file=text, field="--scan"
            )
        ignored += len(kept) - len(shards)
        for p, k in shards:
            found.setdefault(os.path.realpath(p), DocFile(p, str(k)))
    return sorted(found.values()), ignored


def read_texts(doc: DocFile, text_field: str, stats: FileStats) -> Iterator[tuple[int, str]]:
    """Yield (row, text) for each row with a text; count every row in `stats` as it goes."""
    if doc.format == "parquet":
        yield from _parquet_texts(doc, text_field, stats)
    else:
        yield from _jsonl_texts(doc, text_field, stats)


def _open_jsonl(doc: DocFile) -> io.BufferedIOBase:
    try:
        if doc.format == "jsonl.gz":
            return gzip.open(doc.opened(), "rb")
        return open(doc.opened(), "rb")
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror or exc}", file=doc.path) from None


def _jsonl_texts(doc: DocFile, field: str, stats: FileStats) -> Iterator[tuple[int, str]]:
    has_field = False
    line_no = 0
    with _open_jsonl(doc) as fh:
        try:
            for line_no, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                obj = _json_object(raw, doc.path, line_no)
                row = stats.rows
                stats.rows += 1
                value = obj.get(field)
                has_field = has_field or field in obj
                if value is None:
                    stats.rows_without_text += 1
                    if not has_field and stats.rows >= _FIELD_PROBE_ROWS:
                        raise _no_field(doc.path, field, sorted(obj))
                    continue
                if not isinstance(value, str):
                    raise ReconDataError(
                        f"holds {type(value).__name__}, not text",
                        file=doc.path,
                        record=f"line {line_no}",
                        field=field,
                    )
                stats.documents += 1
                yield row, value
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            # A truncated or corrupt gzip stream: everything before it was scanned, the rest not.
            raise ReconDataError(
                f"corrupt gzip data after line {line_no}: {exc}", file=doc.path
            ) from None
    if stats.rows and not has_field:
        raise _no_field(doc.path, field, [])


def _json_object(raw: bytes, path: str, line_no: int) -> dict[str, Any]:
    try:
        obj = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise ReconDataError(
            f"invalid UTF-8 at byte {exc.start}", file=path, record=f"line {line_no}"
        ) from None
    except ValueError as exc:
        raise ReconDataError(f"invalid JSON: {exc}", file=path, record=f"line {line_no}") from None
    if not isinstance(obj, dict):
        raise ReconDataError(
            "a document must be a JSON object", file=path, record=f"line {line_no}"
        )
    return obj


def _no_field(path: str, field: str, keys: list[str]) -> ReconDataError:
    have = f"; rows have {', '.join(keys[:12])}" if keys else ""
    return ReconDataError(
        f"no row has this text field (choose it with --text-field){have}", file=path, field=field
    )


def _parquet_texts(doc: DocFile, field: str, stats: FileStats) -> Iterator[tuple[int, str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = doc.path
    try:
        pf = pq.ParquetFile(doc.opened())
    except (pa.ArrowException, OSError) as exc:
        raise ReconDataError(f"unreadable Parquet file: {exc}", file=path) from None
    names = pf.schema_arrow.names
    if field not in names:
        raise ReconDataError(
            f"no such column (choose it with --text-field); columns are {', '.join(names) or '(none)'}",
            file=path,
            field=field,
        )
    kind = pf.schema_arrow.field(field).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise ReconDataError(f"column type is {kind}, not text", file=path, field=field)
    try:
        for batch in pf.iter_batches(batch_size=_PARQUET_BATCH, columns=[field]):
            for value in batch.column(0).to_pylist():
                row = stats.rows
                stats.rows += 1
                if value is None:
                    stats.rows_without_text += 1
                    continue
                stats.documents += 1
                yield row, value
    except (pa.ArrowException, OSError) as exc:
        raise ReconDataError(
            f"unreadable Parquet data after row {stats.rows}: {exc}", file=path
        ) from None

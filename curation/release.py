"""Reading the raw Recon release (local CSV folder or Hub dataset) into raw rows."""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from recon_data.cache import DEFAULT_SOURCE
from recon_data.errors import ReconDataError
from recon_data.hfdata import load_hf_dataset, looks_local

RELEASE_FILES = {
    "train": "train_dataset.csv",
    "eval": "eval_dataset.csv",
    "sft_cot": "sft_cot_dataset.csv",
}
# Hub split names, in the order the release lists them.
HUB_SPLITS = ("train", "eval", "sft_cot")


@dataclass(frozen=True)
class RawProblem:
    """One train/eval release row: the parsed chat messages and the gold as released."""

    file: str
    row: int
    messages: tuple[tuple[str, str], ...]
    answer: str

    @property
    def content(self) -> str:
        """The text of the last user message, which holds the whole problem."""
        return next(c for r, c in reversed(self.messages) if r == "user")


@dataclass(frozen=True)
class RawTrace:
    """One sft_cot release row: the plain user prompt and the teacher's response."""

    file: str
    row: int
    prompt: str
    response: str


@dataclass
class RawRelease:
    """The three parts of the release plus a description of where they came from."""

    train: list[RawProblem]
    eval: list[RawProblem]
    cot: list[RawTrace]
    source: dict[str, object] = field(default_factory=dict)


def read_release(source: str | Path | None = None) -> RawRelease:
    """Read the release from a folder of the three CSVs, a Hub-layout folder, or a Hub id."""
    source = DEFAULT_SOURCE if source is None else source
    path = Path(source)
    if path.is_dir() and all((path / name).is_file() for name in RELEASE_FILES.values()):
        return _read_csv_folder(path)
    if path.exists() and not path.is_dir():
        raise ReconDataError(
            "a release source must be a folder or a Hub dataset id", file=str(path)
        )
    if path.is_dir():
        missing = [n for n in RELEASE_FILES.values() if not (path / n).is_file()]
        if len(missing) < len(RELEASE_FILES) or not _looks_like_hub_folder(path):
            raise ReconDataError(
                f"not a Recon release folder: missing {', '.join(missing)}", file=str(path)
            )
    elif looks_local(str(source)):
        raise ReconDataError("release folder not found", file=str(source))
    return _read_with_datasets(str(source))


def _looks_like_hub_folder(path: Path) -> bool:
    return (
        (path / "README.md").is_file() or any(path.glob("**/*.parquet")) or any(path.glob("*.csv"))
    )


def _read_csv_folder(folder: Path) -> RawRelease:
    files = {}
    parts: dict[str, list[dict[str, str]]] = {}
    for split, name in RELEASE_FILES.items():
        file = folder / name
        data = file.read_bytes()
        files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        parts[split] = _parse_csv(file, data)
        files[name]["rows"] = len(parts[split])
    release = _rows_to_release(parts)
    release.source = {"type": "folder", "files": files}
    return release


def _parse_csv(file: Path, data: bytes) -> list[dict[str, str]]:
    try:
        # utf-8-sig: a byte-order mark (a CSV saved by a spreadsheet) is not part of the header.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReconDataError(f"invalid UTF-8 at byte {exc.start}", file=str(file)) from None
    # Release cells hold long multi-line prompts; lift the csv module's 128 KiB field cap.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise ReconDataError("empty file: no header row", file=str(file))
    rows: list[dict[str, str]] = []
    try:
        for row in reader:
            if None in row:
                raise ReconDataError(
                    f"{len(reader.fieldnames) + len(row[None])} cells, the header has {len(reader.fieldnames)}",
                    file=str(file),
                    record=f"row {len(rows)}",
                )
            rows.append(row)
    except csv.Error as exc:
        raise ReconDataError(
            f"malformed CSV: {exc}", file=str(file), record=f"row {len(rows)}"
        ) from None
    if not rows:
        raise ReconDataError("no data rows", file=str(file))
    return rows


def _read_with_datasets(source: str) -> RawRelease:
    dsd = load_hf_dataset(
        source,
        offline_hint="pass --source with a local folder holding train_dataset.csv, "
        "eval_dataset.csv and sft_cot_dataset.csv",
    )
    missing = [s for s in HUB_SPLITS if s not in dsd]
    if missing:
        raise ReconDataError(
            f"missing split(s) {', '.join(missing)}; found {', '.join(dsd)}", file=source
        )
    empty = [s for s in HUB_SPLITS if len(dsd[s]) == 0]
    if empty:
        raise ReconDataError(f"split(s) {', '.join(empty)} have no rows", file=source)
    parts = {split: [dict(r) for r in dsd[split]] for split in HUB_SPLITS}
    release = _rows_to_release(parts)
    info: dict[str, object] = {
        "type": "hub",
        "id": source,
        "rows": {s: len(parts[s]) for s in HUB_SPLITS},
    }
    release.source = info
    return release


def _rows_to_release(parts: dict[str, list[dict[str, str]]]) -> RawRelease:
    train = [_problem(RELEASE_FILES["train"], i, r) for i, r in enumerate(parts["train"])]
    eval_ = [_problem(RELEASE_FILES["eval"], i, r) for i, r in enumerate(parts["eval"])]
    cot = [_trace(RELEASE_FILES["sft_cot"], i, r) for i, r in enumerate(parts["sft_cot"])]
    return RawRelease(train=train, eval=eval_, cot=cot)


def _cell(file: str, row: int, record: dict[str, str], name: str) -> str:
    value = record.get(name)
    if value is None:
        raise ReconDataError("column missing", file=file, record=f"row {row}", field=name)
    if not isinstance(value, str) or not value.strip():
        raise ReconDataError("empty cell", file=file, record=f"row {row}", field=name)
    return value


def _problem(file: str, row: int, record: dict[str, str]) -> RawProblem:
    prompt = _cell(file, row, record, "prompt")
    answer = _cell(file, row, record, "answer")
    return RawProblem(
        file=file, row=row, messages=parse_chat_literal(prompt, file, row), answer=answer
    )


def _trace(file: str, row: int, record: dict[str, str]) -> RawTrace:
    prompt = _cell(file, row, record, "prompt")
    # The Hub copy names the trace column `answer` in some revisions; the CSV calls it `response`.
    response_col = "response" if "response" in record else "answer"
    response = _cell(file, row, record, response_col)
    return RawTrace(file=file, row=row, prompt=prompt, response=response)


def parse_chat_literal(
    text: str, file: str = "<prompt>", row: int = 0
) -> tuple[tuple[str, str], ...]:
    """Parse a Python-literal chat list (`[{'role': ..., 'content': ...}]`) without eval."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        reason = type(exc).__name__
        raise ReconDataError(
            f"not a Python literal of a chat message list ({reason})",
            file=file,
            record=f"row {row}",
            field="prompt",
        ) from None
    if not isinstance(value, list) or not value:
        raise ReconDataError(
            "expected a non-empty list of messages", file=file, record=f"row {row}", field="prompt"
        )
    messages = []
    for i, msg in enumerate(value):
        if (
            not isinstance(msg, dict)
            or set(msg) != {"role", "content"}
            or msg["role"] not in ("system", "user", "assistant")
            or not isinstance(msg["content"], str)
        ):
            raise ReconDataError(
                f"message {i} must be {{'role': system|user|assistant, 'content': str}}",
                file=file,
                record=f"row {row}",
                field="prompt",
            )
        messages.append((msg["role"], msg["content"]))
    if not any(role == "user" for role, _ in messages):
        raise ReconDataError("no user message", file=file, record=f"row {row}", field="prompt")
    return tuple(messages)

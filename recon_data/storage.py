"""Reading and writing corpus files: JSON Lines, atomic writes, corpus folder layout."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.errors import ReconDataError

if TYPE_CHECKING:
    from recon_data.schema import Problem, Trace

PROBLEM_FILES = {"train": Path("problems/train.jsonl"), "eval": Path("problems/eval.jsonl")}
TRACE_FILES = {"train": Path("cot/train.jsonl")}
MANIFEST = Path("manifest.json")


def dumps_record(record: dict[str, Any]) -> str:
    """Serialise one record as a compact, key-order-stable JSON line (no newline)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def read_json_file(path: Path, what: str) -> Any:
    """Parse a JSON file; unreadable or malformed files raise ReconDataError naming `what`."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReconDataError(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None
    except ValueError as exc:
        raise ReconDataError(f"the {what} is not JSON: {exc}", file=str(path)) from None


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (1-based line number, object) for each non-blank line; bad lines raise ReconDataError."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror}", file=str(path)) from None
    with fh:
        for line_no, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ReconDataError(
                    f"invalid UTF-8 at byte {exc.start}", file=str(path), record=f"line {line_no}"
                ) from None
            except ValueError as exc:
                raise ReconDataError(
                    f"invalid JSON: {exc}", file=str(path), record=f"line {line_no}"
                ) from None
            except RecursionError:
                raise ReconDataError(
                    "invalid JSON: nested too deeply", file=str(path), record=f"line {line_no}"
                ) from None
            if not isinstance(obj, dict):
                raise ReconDataError(
                    "a record must be a JSON object", file=str(path), record=f"line {line_no}"
                )
            yield line_no, obj


def read_problems(corpus: Path | str, split: str | None = None) -> list[Problem]:
    """Read the problems of a built corpus folder (one split, or all), validated."""
    from recon_data.schema import Problem

    root = require_corpus(corpus)
    splits = [split] if split else list(PROBLEM_FILES)
    out: list[Problem] = []
    for name in splits:
        if name not in PROBLEM_FILES:
            raise ReconDataError(
                f"unknown split {name!r}; expected one of {', '.join(PROBLEM_FILES)}"
            )
        out.extend(_read_models(root / PROBLEM_FILES[name], Problem))
    return out


def read_traces(corpus: Path | str) -> list[Trace]:
    """Read the CoT traces of a built corpus folder, validated."""
    from recon_data.schema import Trace

    root = require_corpus(corpus)
    return _read_models(root / TRACE_FILES["train"], Trace)


def _read_models(path: Path, model: Any) -> list[Any]:
    from pydantic import ValidationError

    from recon_data.rules import error_field

    records = []
    for line_no, obj in iter_jsonl(path):
        try:
            records.append(model.model_validate(obj))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = error_field(err)
            raise ReconDataError(
                err["msg"],
                file=str(path),
                record=f"line {line_no} ({obj.get('id', '?')})",
                field=field,
            ) from None
    return records


def require_corpus(corpus: Path | str) -> Path:
    """Return the corpus folder as a Path, or raise if it does not look like a built corpus."""
    root = Path(corpus)
    if not root.is_dir():
        raise ReconDataError(
            "corpus folder not found (build one with `recon-data build`)", file=str(root)
        )
    if not (root / MANIFEST).is_file():
        raise ReconDataError("not a corpus folder: manifest.json is missing", file=str(root))
    return root


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Write records as JSON Lines to `path` (inside a folder being built atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(dumps_record(rec))
            fh.write("\n")


def check_output_dir(
    out: Path | str, *, force: bool = False, inputs: Iterable[Path | str] = ()
) -> Path:
    """Refuse an output folder that exists (without force), is a file, or would swallow an input."""
    out = Path(out)
    target = out.resolve()
    for item in inputs:
        src = Path(item).resolve()
        if src == target or target in src.parents:
            raise ReconDataError(
                f"output would replace the input {item}; write to a new folder", file=str(out)
            )
        if src in target.parents:
            raise ReconDataError(
                f"output would be written inside the input {item}; write to a folder outside it",
                file=str(out),
            )
    if out.exists() and not out.is_dir():
        raise ReconDataError("output exists and is not a folder", file=str(out))
    if out.exists() and not force:
        raise ReconDataError("output exists; pass --force to replace it", file=str(out))
    _require_creatable(out)
    return out


def check_output_file(
    path: Path | str, *, force: bool | None = None, also: str = ""
) -> Path:
    """Refuse an output file path that is a folder or whose folder cannot exist.

    With `force` given, an existing file is also refused unless it is true (the one place
    that says `pass --force`); `also` names another way out, e.g. "or --resume to continue it".
    """
    path = Path(path)
    if path.is_dir():
        raise ReconDataError("output is a folder; give a file name", file=str(path))
    if force is False and path.exists():
        more = f" {also}" if also else ""
        raise ReconDataError(f"output exists; pass --force to replace it{more}", file=str(path))
    _require_creatable(path)
    return path


def _require_creatable(path: Path) -> None:
    # The nearest existing ancestor decides: if it is a file, nothing can be created below it.
    for parent in path.resolve().parents:
        if parent.exists():
            if not parent.is_dir():
                raise ReconDataError(
                    f"cannot create the output: {parent} is not a folder", file=str(path)
                )
            return


@contextlib.contextmanager
def atomic_dir(out: Path | str, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary sibling folder that replaces `out` only if the block succeeds."""
    out = check_output_dir(out, force=force)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise ReconDataError(f"cannot create the output: {exc.strerror}", file=str(out)) from None
    try:
        yield tmp
        # mkdtemp makes the folder private (0700); give the result the user's usual mode.
        os.chmod(tmp, 0o777 & ~_umask())
        try:
            if out.exists():
                # Swap via renames so a crash never leaves neither the old nor the new folder.
                old = out.with_name(f".{out.name}.old-{os.getpid()}")
                os.replace(out, old)
                os.replace(tmp, out)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, out)
        except OSError as exc:
            raise ReconDataError(
                f"cannot move the output into place: {exc.strerror}", file=str(out)
            ) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    """The process's umask: read from /proc where Linux shows it, else set and restored."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0)  # elsewhere the only way to read it is to set it; set it straight back
    os.umask(mask)
    return mask


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write a text file atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    if path.is_dir():
        raise ReconDataError("output is a folder; give a file name", file=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ReconDataError(f"cannot write: {exc.strerror}", file=str(path)) from None
    try:
        # mkstemp makes the file private (0600); the output gets the permissions any new file
        # of the user's gets (the umask's), like the corpus folders beside it.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ReconDataError(f"cannot write: {exc.strerror}", file=str(path)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

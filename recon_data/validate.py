"""Streaming validation of corpus folders and single JSON Lines files of problems or traces."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.storage import MANIFEST, PROBLEM_FILES, TRACE_FILES


@dataclass(frozen=True)
class Issue:
    """One problem found: where (file, line, record id, field) and what."""

    file: str
    message: str
    line: int | None = None
    id: str | None = None
    field: str | None = None

    def format(self) -> str:
        """Return `file:line: id X: field F: message` on one line."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.id is not None:
            parts.append(f"id {self.id}")
        if self.field:
            parts.append(f"field {self.field}")
        parts.append(" ".join(self.message.split()))
        return ": ".join(parts)


@dataclass
class ValidationReport:
    """The outcome of validating a path: what it was, how many records, every issue."""

    path: str
    kind: str
    records: Counter = field(default_factory=Counter)
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no issue was found."""
        return not self.issues

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        return {
            "path": self.path,
            "kind": self.kind,
            "ok": self.ok,
            "records": dict(self.records),
            "issues": [i.__dict__ for i in self.issues],
        }


@dataclass
class _FileResult:
    ids: set[str]
    categories: dict[str, int]
    problem_refs: list[tuple[int, str, str]]
    sha256: str
    size: int
    count: int


def validate_path(path: Path | str) -> ValidationReport:
    """Validate a corpus folder or a `.jsonl` file of problems or traces; never raises on bad data."""
    path = Path(path)
    if path.is_dir():
        return _validate_corpus(path)
    if path.is_file():
        return _validate_single(path)
    raise ReconDataError("no such file or folder", file=str(path))


def _validate_single(path: Path) -> ValidationReport:
    kind = _sniff_kind(path)
    report = ValidationReport(path=str(path), kind=kind)
    result = _validate_file(path, str(path), kind, None, report)
    report.records[kind] = result.count
    return report


def _sniff_kind(path: Path) -> str:
    # The first parseable record decides: traces carry a response, problems don't.
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(obj, dict):
                    return "traces" if "response" in obj else "problems"
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror}", file=str(path)) from None
    return "problems"


def _validate_corpus(root: Path) -> ValidationReport:
    report = ValidationReport(path=str(root), kind="corpus")
    manifest = _load_manifest(root, report)
    problem_ids: set[str] = set()
    trace_refs: list[tuple[str, int, str, str]] = []
    categories: dict[str, dict[str, dict[str, int]]] = {"problems": {}, "cot": {}}
    files = [("problems", s, rel) for s, rel in PROBLEM_FILES.items()]
    files += [("traces", s, rel) for s, rel in TRACE_FILES.items()]
    for kind, split, rel in files:
        name = rel.as_posix()
        if not (root / rel).is_file():
            report.issues.append(Issue(name, "file missing"))
            continue
        result = _validate_file(
            root / rel, name, kind, split if kind == "problems" else None, report
        )
        report.records[name] = result.count
        group = "problems" if kind == "problems" else "cot"
        categories[group][split] = result.categories
        if kind == "problems":
            for dup in sorted(problem_ids & result.ids):
                report.issues.append(
                    Issue(name, "id also used in another split", id=dup, field="id")
                )
            problem_ids |= result.ids
        else:
            trace_refs.extend((name, *ref) for ref in result.problem_refs)
        if manifest is not None:
            _check_manifest_file(manifest, name, result, report)
    for name, line, trace_id, ref in trace_refs:
        if ref not in problem_ids:
            report.issues.append(
                Issue(name, f"problem {ref!r} is not in the corpus", line, trace_id, "problem_id")
            )
    if manifest is not None:
        _check_manifest_counts(manifest, categories, report)
    return report


def _load_manifest(root: Path, report: ValidationReport) -> dict[str, Any] | None:
    from recon_data.manifest import read_manifest

    if not (root / MANIFEST).is_file():
        report.issues.append(
            Issue(str(root / MANIFEST), "manifest.json missing: not a corpus folder")
        )
        return None
    try:
        manifest = read_manifest(root)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        report.issues.append(Issue(MANIFEST.as_posix(), f"unreadable manifest: {exc}"))
        return None
    if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("counts"), dict):
        report.issues.append(Issue(MANIFEST.as_posix(), "manifest lacks 'files' or 'counts'"))
        return None
    from recon_data.schema import SCHEMA_VERSION

    if manifest.get("schema_version") != SCHEMA_VERSION:
        report.issues.append(
            Issue(
                MANIFEST.as_posix(),
                f"schema_version {manifest.get('schema_version')!r}, this package reads {SCHEMA_VERSION!r}",
                field="schema_version",
            )
        )
    return manifest


def _check_manifest_file(
    manifest: dict[str, Any], name: str, result: _FileResult, report: ValidationReport
) -> None:
    entry = manifest["files"].get(name)
    if not isinstance(entry, dict):
        report.issues.append(
            Issue(MANIFEST.as_posix(), f"no entry for {name}", field=f"files.{name}")
        )
        return
    if entry.get("sha256") != result.sha256:
        report.issues.append(
            Issue(
                name,
                "sha256 differs from the manifest (file changed after the build)",
                field="sha256",
            )
        )
    if entry.get("records") != result.count:
        report.issues.append(
            Issue(
                name,
                f"{result.count} records, manifest says {entry.get('records')}",
                field="records",
            )
        )


def _check_manifest_counts(
    manifest: dict[str, Any],
    categories: dict[str, dict[str, dict[str, int]]],
    report: ValidationReport,
) -> None:
    for group, splits in categories.items():
        for split, counter in splits.items():
            expected = manifest["counts"].get(group, {}).get(split, {}).get("by_category")
            if not isinstance(expected, dict):
                report.issues.append(
                    Issue(
                        MANIFEST.as_posix(),
                        f"no counts for {group}/{split}",
                        field=f"counts.{group}.{split}",
                    )
                )
                continue
            for slug in sorted(set(expected) | set(counter)):
                if expected.get(slug, 0) != counter.get(slug, 0):
                    report.issues.append(
                        Issue(
                            MANIFEST.as_posix(),
                            f"{group}/{split} has {counter.get(slug, 0)} {slug} records, manifest says {expected.get(slug, 0)}",
                            field=f"counts.{group}.{split}.by_category.{slug}",
                        )
                    )


def _validate_file(
    path: Path, name: str, kind: str, split: str | None, report: ValidationReport
) -> _FileResult:
    from recon_data.schema import Problem, Trace

    model = Problem if kind == "problems" else Trace
    # The core validator directly: skips pydantic's Python wrapper on the hot path.
    fast = model.__pydantic_validator__.validate_json
    digest = hashlib.sha256()
    ids: set[str] = set()
    cats: dict[str, int] = {}
    refs: list[tuple[int, str, str]] = []
    count = size = 0
    add = report.issues.append
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; open errors become user errors
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror}", file=str(path)) from None
    with fh:
        for line_no, raw in enumerate(fh, 1):
            digest.update(raw)
            size += len(raw)
            if not raw.strip():
                continue
            count += 1
            try:
                rec = fast(raw)
            except ValueError:
                for issue in _diagnose(raw, model, name, line_no):
                    add(issue)
                continue
            if rec.id in ids:
                add(Issue(name, "duplicate id", line_no, rec.id, "id"))
            ids.add(rec.id)
            if rec.category is not None:
                cats[rec.category] = cats.get(rec.category, 0) + 1
            if kind == "problems":
                if split is not None and rec.split != split:
                    add(
                        Issue(
                            name,
                            f"split is {rec.split!r} in the {split} file",
                            line_no,
                            rec.id,
                            "split",
                        )
                    )
            elif rec.problem_id is not None:
                refs.append((line_no, rec.id, rec.problem_id))
    return _FileResult(ids, cats, refs, digest.hexdigest(), size, count)


def _diagnose(raw: bytes, model: Any, name: str, line_no: int) -> list[Issue]:
    from pydantic import ValidationError

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Issue(name, f"invalid UTF-8 at byte {exc.start}", line_no)]
    try:
        obj = json.loads(text)
    except ValueError as exc:
        hint = " (truncated line?)" if not text.rstrip().endswith("}") else ""
        return [Issue(name, f"invalid JSON: {exc.msg} at column {exc.colno}{hint}", line_no)]
    if not isinstance(obj, dict):
        return [Issue(name, f"a record must be a JSON object, got {type(obj).__name__}", line_no)]
    rec_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    try:
        model.model_validate(obj)
    except ValidationError as exc:
        return [Issue(name, err["msg"], line_no, rec_id, _field(err)) for err in exc.errors()]
    return [Issue(name, "record failed strict JSON validation", line_no, rec_id)]


def _field(err: dict[str, Any]) -> str | None:
    loc = ".".join(str(p) for p in err["loc"])
    if loc:
        return loc
    cause = (err.get("ctx") or {}).get("error")
    return getattr(cause, "field", None)

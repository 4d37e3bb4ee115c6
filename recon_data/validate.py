"""Streaming validation of corpus folders and single JSON Lines files of problems or traces."""

from __future__ import annotations

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
    ids: dict[str, str]
    categories: dict[str, int]
    sha256: str
    size: int
    count: int
    bad: int
    matched: int


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
    if result.count == 0 and not report.issues:
        # A single file is validated because someone means to use its records: none is an error.
        report.issues.append(Issue(str(path), "the file holds no records"))
    return report


_TRACE_KEYS = frozenset({"response", "problem_id"})
_PROBLEM_KEYS = frozenset({"split", "answer_kind", "options", "question", "source"})


def _sniff_kind(path: Path, sample: int = 50) -> str:
    # The keys of the first records vote, so one damaged first line cannot flip the whole file.
    votes = {"traces": 0, "problems": 0}
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                if sum(votes.values()) >= sample:
                    break
                try:
                    obj = json.loads(raw)
                except (ValueError, RecursionError):  # RecursionError: nested too deeply
                    continue
                if isinstance(obj, dict):
                    votes["traces"] += len(_TRACE_KEYS & obj.keys())
                    votes["problems"] += len(_PROBLEM_KEYS & obj.keys())
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror}", file=str(path)) from None
    return "traces" if votes["traces"] > votes["problems"] else "problems"


def _validate_corpus(root: Path) -> ValidationReport:
    report = ValidationReport(path=str(root), kind="corpus")
    manifest = _load_manifest(root, report)
    problems: dict[str, str] = {}
    results: dict[str, dict[str, _FileResult]] = {"problems": {}, "cot": {}}
    files = [("problems", s, rel) for s, rel in PROBLEM_FILES.items()]
    files += [("traces", s, rel) for s, rel in TRACE_FILES.items()]
    for kind, split, rel in files:
        name = rel.as_posix()
        if not (root / rel).is_file():
            report.issues.append(Issue(name, "file missing"))
            continue
        if kind == "problems":
            result = _validate_file(root / rel, name, kind, split, report, known=problems)
            problems.update(result.ids)
        else:
            result = _validate_file(root / rel, name, kind, None, report, known=problems)
        report.records[name] = result.count
        results["problems" if kind == "problems" else "cot"][split] = result
        if manifest is not None:
            _check_manifest_file(manifest, name, result, report)
    if manifest is not None:
        _check_manifest_counts(manifest, results, report)
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
    from recon_data.schema_version import READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION

    if manifest.get("schema_version") not in READABLE_SCHEMA_VERSIONS:
        report.issues.append(
            Issue(
                MANIFEST.as_posix(),
                f"schema_version {manifest.get('schema_version')!r}; this package reads "
                f"{', '.join(READABLE_SCHEMA_VERSIONS)} (writes {SCHEMA_VERSION})",
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
    manifest: dict[str, Any], results: dict[str, dict[str, _FileResult]], report: ValidationReport
) -> None:
    for group, splits in results.items():
        for split, result in splits.items():
            where = f"counts.{group}.{split}"
            block = manifest["counts"].get(group, {}).get(split, {})
            expected = block.get("by_category") if isinstance(block, dict) else None
            if not isinstance(expected, dict):
                report.issues.append(
                    Issue(MANIFEST.as_posix(), f"no counts for {group}/{split}", field=where)
                )
                continue
            if block.get("total") != result.count:
                report.issues.append(
                    Issue(
                        MANIFEST.as_posix(),
                        f"{group}/{split} has {result.count} records, manifest total says {block.get('total')}",
                        field=f"{where}.total",
                    )
                )
            if group == "cot" and "matched" in block and block["matched"] != result.matched:
                report.issues.append(
                    Issue(
                        MANIFEST.as_posix(),
                        f"{result.matched} traces link to a problem, manifest says {block['matched']}",
                        field=f"{where}.matched",
                    )
                )
            if result.bad:
                continue  # categories of unreadable records are unknown: counting them would only echo those issues
            got = result.categories
            for slug in sorted(set(expected) | set(got)):
                if expected.get(slug, 0) != got.get(slug, 0):
                    report.issues.append(
                        Issue(
                            MANIFEST.as_posix(),
                            f"{group}/{split} has {got.get(slug, 0)} {slug} records, manifest says {expected.get(slug, 0)}",
                            field=f"{where}.by_category.{slug}",
                        )
                    )


def _validate_file(
    path: Path,
    name: str,
    kind: str,
    split: str | None,
    report: ValidationReport,
    known: dict[str, str] | None = None,
) -> _FileResult:
    """Stream one file; `known` maps ids of problems already read (corpus mode) to categories.

    The file's sha256 is computed only in corpus mode (`known` given), where the manifest
    records it; a single file is not hashed (hashing a large file costs real time).
    """
    from recon_data.schema import Problem, Trace

    # The models themselves are the one source of truth: what `validate` accepts is exactly
    # what `Problem` / `Trace` accept, cross-field rules included.
    model: type[Problem] | type[Trace] = Problem if kind == "problems" else Trace
    fast = model.model_validate_json
    digest = None
    if known is not None:
        import hashlib

        digest = hashlib.sha256()
    ids: dict[str, str] = {}
    cats: dict[str, int] = {}
    count = size = bad = matched = 0
    add = report.issues.append
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; open errors become user errors
    except OSError as exc:
        raise ReconDataError(f"cannot read: {exc.strerror}", file=str(path)) from None
    with fh:
        for line_no, raw in enumerate(fh, 1):
            if digest is not None:
                digest.update(raw)
            size += len(raw)
            if not raw.strip():
                continue
            count += 1
            try:
                rec: Any = fast(raw)  # a Problem or a Trace, by `kind`
            except ValueError:
                bad += 1
                for issue in _diagnose(raw, model, name, line_no):
                    add(issue)
                continue
            rec_id, category = rec.id, rec.category
            if rec_id in ids:
                add(Issue(name, "duplicate id", line_no, rec_id, "id"))
            ids[rec_id] = category
            if category is not None:
                cats[category] = cats.get(category, 0) + 1
            if kind == "problems":
                if split is not None and rec.split != split:
                    add(
                        Issue(
                            name,
                            f"split is {rec.split!r} in the {split} file",
                            line_no,
                            rec_id,
                            "split",
                        )
                    )
                if known is not None and rec_id in known:
                    add(Issue(name, "id also used in another split", line_no, rec_id, "id"))
                continue
            problem_id = rec.problem_id
            if problem_id is not None and known is not None:
                linked = known.get(problem_id)
                if problem_id not in known:
                    add(
                        Issue(
                            name,
                            f"problem {problem_id!r} is not in the corpus",
                            line_no,
                            rec_id,
                            "problem_id",
                        )
                    )
                    continue
                matched += 1
                if category is not None and linked != category:
                    add(
                        Issue(
                            name,
                            f"category {category!r} but its problem is {linked!r}",
                            line_no,
                            rec_id,
                            "category",
                        )
                    )
            elif problem_id is not None:
                matched += 1
    sha256 = digest.hexdigest() if digest is not None else ""
    return _FileResult(ids, cats, sha256, size, count, bad, matched)


def _diagnose(raw: bytes, model: Any, name: str, line_no: int) -> list[Issue]:
    from pydantic import ValidationError

    from recon_data.rules import error_field

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Issue(name, f"invalid UTF-8 at byte {exc.start}", line_no)]
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (truncated line?)" if not text.rstrip().endswith("}") else ""
        return [Issue(name, f"invalid JSON: {exc.msg} at column {exc.colno}{hint}", line_no)]
    except ValueError as exc:  # an integer of more than 4,300 digits
        return [Issue(name, f"invalid JSON: {exc}", line_no)]
    except RecursionError:
        return [Issue(name, "invalid JSON: nested too deeply", line_no)]
    if not isinstance(obj, dict):
        return [Issue(name, f"a record must be a JSON object, got {type(obj).__name__}", line_no)]
    rec_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    try:
        model.model_validate_json(raw)
    except ValidationError as exc:
        # No documentation URLs: building them imports all of pydantic (start-up time).
        errors = exc.errors(include_url=False)
        return [Issue(name, err["msg"], line_no, rec_id, error_field(err)) for err in errors]
    return [Issue(name, "record failed strict JSON validation", line_no, rec_id)]

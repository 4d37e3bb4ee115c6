"""Push a corpus to the Hub: export to a temporary folder, then upload every file in one commit."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.curation.publish.export import ExportedFile, ExportReport, export_corpus
from recon_data.curation.publish.metadata import DEFAULT_LICENSE
from recon_data.errors import ReconDataError
from recon_data.hub.failures import NOT_LOGGED_IN, classify, scrub, status_code

DEFAULT_REVISION = "main"
PREVIEW_LINES = 30


@dataclass(frozen=True)
class PushReport:
    """What a push uploaded (or, for a dry run, would upload) and where."""

    repo_id: str
    revision: str
    dry_run: bool
    files: tuple[ExportedFile, ...]
    card_preview: str
    rows: dict[str, dict[str, int]]
    created_repo: bool = False
    commit_url: str | None = None
    commit_oid: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        return {
            "repo_id": self.repo_id,
            "revision": self.revision,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "files": [{"path": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in self.files],
            "total_bytes": sum(f.bytes for f in self.files),
            "created_repo": self.created_repo,
            "commit_url": self.commit_url,
            "commit_oid": self.commit_oid,
            "notes": list(self.notes),
        }


def push_corpus(
    corpus: str | Path | None,
    repo_id: str,
    *,
    private: bool = False,
    revision: str | None = None,
    dry_run: bool = False,
    decontam_report: str | Path | None = None,
    commit_message: str | None = None,
    license: str = DEFAULT_LICENSE,
    trl_configs: bool = True,
) -> PushReport:
    """Export `corpus` and upload it to the dataset repo `repo_id` in one commit (or only plan it).

    The `sft` and `grpo` configs that `trl sft` / `trl grpo --dataset_config ...` train on are
    pushed by default (`trl_configs=False` leaves them out), so a pushed dataset trains as is.
    """
    check_repo_id(repo_id)
    revision = revision or DEFAULT_REVISION
    # Ask for the token before the export so a missing login fails at once; a dry run needs none.
    token = None if dry_run else _require_token()
    with tempfile.TemporaryDirectory(prefix="recon-data-push-") as tmp:
        export = export_corpus(
            corpus,
            Path(tmp) / "export",
            repo_id=repo_id,
            decontam_report=decontam_report,
            license=license,
            trl_configs=trl_configs,
        )
        plan = PushReport(
            repo_id=repo_id,
            revision=revision,
            dry_run=dry_run,
            files=export.files,
            card_preview=card_preview(export.card),
            rows=export.rows,
        )
        if token is None:
            return plan
        return _upload(
            plan, export, token, private=private, message=commit_message or _default_message(export)
        )


def check_repo_id(repo_id: str) -> None:
    """Raise ReconDataError unless `repo_id` is a valid `ORG/NAME` Hub id."""
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    if repo_id.count("/") != 1:
        raise ReconDataError(f"--repo-id must be ORG/NAME, got {repo_id!r}")
    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise ReconDataError(
            f"invalid --repo-id {repo_id!r}: {' '.join(str(exc).split())}"
        ) from None


def card_preview(card: str, lines: int = PREVIEW_LINES) -> str:
    """Return the first lines of the card's prose (the YAML front matter is summarised by the file list)."""
    body = card.split("\n---\n", 1)[1] if card.startswith("---\n") and "\n---\n" in card else card
    return "\n".join(body.strip("\n").splitlines()[:lines])


def _default_message(export: ExportReport) -> str:
    from recon_data import __version__

    problems = sum(export.rows["problems"].values())
    traces = sum(export.rows["cot"].values())
    return f"Upload Recon corpus: {problems} problems, {traces} traces (recon-data {__version__})"


def _require_token() -> str:
    from huggingface_hub import get_token

    token = get_token()
    if not token:
        raise ReconDataError(NOT_LOGGED_IN)
    return token


def _upload(
    plan: PushReport, export: ExportReport, token: str, *, private: bool, message: str
) -> PushReport:
    from huggingface_hub import CommitOperationAdd, HfApi

    api = HfApi()
    repo_id, revision = plan.repo_id, plan.revision
    created_repo = created_branch = False
    notes: list[str] = []
    try:
        existed = api.repo_exists(repo_id, repo_type="dataset", token=token)
        # None, not False, so an account or org that defaults to private repos keeps that default.
        api.create_repo(
            repo_id, repo_type="dataset", private=private or None, exist_ok=True, token=token
        )
        created_repo = not existed
        if existed and private:
            notes.append("the repo already existed: its visibility was left as it was")
        if revision != DEFAULT_REVISION:
            created_branch = _ensure_branch(api, repo_id, revision, token)
        operations = [
            CommitOperationAdd(path_in_repo=f.path, path_or_fileobj=str(export.out / f.path))
            for f in export.files
        ]
        info = api.create_commit(
            repo_id,
            operations,
            commit_message=message,
            commit_description=_description(export),
            repo_type="dataset",
            revision=revision,
            token=token,
        )
    except Exception as exc:
        raise _push_error(
            exc, plan, token, created_repo=created_repo, created_branch=created_branch
        ) from None
    if created_branch:
        notes.append(f"created branch {revision!r}")
    return PushReport(
        repo_id=repo_id,
        revision=revision,
        dry_run=False,
        files=plan.files,
        card_preview=plan.card_preview,
        rows=plan.rows,
        created_repo=created_repo,
        commit_url=str(getattr(info, "commit_url", "") or "") or None,
        commit_oid=getattr(info, "oid", None),
        notes=tuple(notes),
    )


def _ensure_branch(api: Any, repo_id: str, revision: str, token: str) -> bool:
    # exist_ok=False so that a 409 tells us the branch was already there.
    from huggingface_hub.errors import HfHubHTTPError

    try:
        api.create_branch(
            repo_id, branch=revision, repo_type="dataset", token=token, exist_ok=False
        )
    except HfHubHTTPError as exc:
        if status_code(exc) == 409:
            return False
        raise
    return True


def _description(export: ExportReport) -> str:
    rows = "; ".join(
        f"{config}: " + ", ".join(f"{split} {n}" for split, n in splits.items())
        for config, splits in export.rows.items()
    )
    return f"Rows: {rows}. Written by `recon-data push`."


def _push_error(
    exc: BaseException, plan: PushReport, token: str, *, created_repo: bool, created_branch: bool
) -> ReconDataError:
    failure = classify(exc, token=token)
    if failure is None:
        # Scrub before cutting: a token straddling the cut would survive as a prefix.
        reason = scrub(f"{type(exc).__name__}: {' '.join(str(exc).split())}", token)[:300]
    else:
        reason = failure.kind.replace("_", " ") + ": " + failure.reason
    parts = [
        f"push to {plan.repo_id} failed ({reason})",
        "nothing was committed, so the repo's files are unchanged",
    ]
    if created_repo:
        parts.append(
            f"the dataset repo {plan.repo_id} was created before the failure and is empty; delete it on the Hub or push again"
        )
    if created_branch:
        parts.append(
            f"branch {plan.revision!r} was created before the failure and holds no new files"
        )
    return ReconDataError("; ".join(parts))

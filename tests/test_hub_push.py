"""`recon-data push`: one commit through huggingface_hub's real API objects; only network calls replaced."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import huggingface_hub
import huggingface_hub.constants as hf_constants
import pytest
from huggingface_hub import CommitInfo, CommitOperationAdd, HfApi, RepoUrl

from recon_data.curation.publish.export import TRL_FILES
from recon_data.curation.publish.push import push_corpus
from recon_data.curation.report.card import card_image_paths
from recon_data.errors import ReconDataError
from recon_data.hub.layout import export_paths as plain_export_paths

# Slow: exports the release corpus for each push. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def export_paths() -> list[str]:
    """What push uploads by default: the export plus the `sft`/`grpo` configs TRL trains on."""
    trl = sorted(p for files in TRL_FILES.values() for p in files.values())
    return sorted([*plain_export_paths(), *trl, *card_image_paths()])

TOKEN = "hf_TESTtokenNEVERprinted0123456789"


class FakeHub:
    """Stands in for the Hub's HTTP endpoints behind HfApi; records every call it receives."""

    def __init__(
        self, *, exists: bool = False, fail: dict[str, BaseException] | None = None
    ) -> None:
        self.exists = exists
        self.fail = fail or {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.uploaded: dict[str, bytes] = {}

    def install(self, monkeypatch: pytest.MonkeyPatch) -> FakeHub:
        for name in ("repo_exists", "create_repo", "create_branch", "create_commit"):
            monkeypatch.setattr(HfApi, name, self._method(name))
        return self

    def _method(self, name: str):
        hub = self

        def call(api: HfApi, repo_id: str, *args: Any, **kwargs: Any) -> Any:
            hub.calls.append((name, {"repo_id": repo_id, "args": args, **kwargs}))
            if name in hub.fail:
                raise hub.fail[name]
            if name == "repo_exists":
                return hub.exists
            if name == "create_repo":
                return RepoUrl(f"https://huggingface.co/datasets/{repo_id}")
            if name == "create_commit":
                ops = list(args[0] if args else kwargs["operations"])
                for op in ops:
                    assert isinstance(op, CommitOperationAdd)
                    with op.as_file() as fh:
                        hub.uploaded[op.path_in_repo] = fh.read()
                return CommitInfo(
                    commit_url=f"https://huggingface.co/datasets/{repo_id}/commit/abc123",
                    commit_message=kwargs["commit_message"],
                    commit_description=kwargs.get("commit_description") or "",
                    oid="abc123",
                )
            return None

        return call

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


def http_error(status: int, message: str) -> Exception:
    """A real Hub HTTP error, made by huggingface_hub from a response that quotes the token."""
    from huggingface_hub.errors import Response
    from huggingface_hub.utils import hf_raise_for_status

    transport = importlib.import_module(Response.__module__.split(".")[0])
    request = transport.Request(
        "POST",
        "https://huggingface.co/api/datasets/acme/recon/commit/main",
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    response = Response(status, request=request, json={"error": message})
    try:
        hf_raise_for_status(response)
    except Exception as exc:
        return exc
    raise AssertionError("hf_raise_for_status did not raise")


@pytest.fixture(scope="module")
def _export_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[Any, ...], Path]:
    return {}


@pytest.fixture(autouse=True)
def _export_once(
    monkeypatch: pytest.MonkeyPatch,
    _export_cache: dict[tuple[Any, ...], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Export each distinct corpus once per module; later pushes copy that export.

    The export is byte-identical for the same input (tested in test_hub_export), so a copy is
    exactly what a fresh export would write; the first push in the module exports for real.
    """
    import dataclasses
    import shutil

    import recon_data.curation.publish.push as push_module

    real = push_module.export_corpus

    def export_corpus(corpus: Any, out: Any, **kwargs: Any) -> Any:
        key = (str(corpus), *sorted(kwargs.items()))
        if key not in _export_cache:
            first = tmp_path_factory.mktemp("export-once") / "export"
            _export_cache[key] = first
            _export_cache[(key, "report")] = real(corpus, first, **kwargs)  # type: ignore[assignment]
        report = _export_cache[(key, "report")]
        shutil.copytree(_export_cache[key], out, dirs_exist_ok=bool(kwargs.get("force")))
        return dataclasses.replace(report, out=Path(out))  # type: ignore[type-var]

    monkeypatch.setattr(push_module, "export_corpus", export_corpus)


@pytest.fixture
def logged_in(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    return TOKEN


@pytest.fixture
def logged_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(name, raising=False)
    # No cached login either: point the token file somewhere empty.
    monkeypatch.setattr(hf_constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))
    assert huggingface_hub.get_token() is None


def test_dry_run_lists_files_and_card_without_network(
    corpus_dir: Path, cli, logged_out: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = FakeHub().install(monkeypatch)
    code, stdout, err = cli("push", corpus_dir, "--repo-id", "acme/recon", "--dry-run")
    assert code == 0, err
    assert hub.calls == []
    for path in export_paths():
        assert path in stdout
    assert 'load_dataset("acme/recon", "problems")' in stdout and "nothing was uploaded" in stdout
    code, stdout, _ = cli("push", corpus_dir, "--repo-id", "acme/recon", "--dry-run", "--json")
    plan = json.loads(stdout)
    assert sorted(f["path"] for f in plan["files"]) == export_paths()
    assert all(f["bytes"] > 0 for f in plan["files"]) and plan["dry_run"] is True
    assert plan["card_preview"].startswith("# Recon")
    assert hub.calls == []


def test_push_uploads_every_exported_file_in_one_commit(
    corpus_dir: Path, cli, logged_in: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hub = FakeHub(exists=False).install(monkeypatch)
    code, stdout, err = cli("push", corpus_dir, "--repo-id", "acme/recon", "--private")
    assert code == 0, err
    assert hub.names() == ["repo_exists", "create_repo", "create_commit"]
    create = dict(hub.calls[1][1])
    assert (
        create["repo_type"] == "dataset"
        and create["private"] is True
        and create["exist_ok"] is True
    )
    commit = dict(hub.calls[2][1])
    assert commit["repo_type"] == "dataset" and commit["revision"] == "main"
    assert all(kwargs.get("token") == logged_in for _, kwargs in hub.calls)
    # What went up is exactly what `export` writes for the same corpus and repo id.
    from recon_data.curation.publish.export import export_corpus

    local = export_corpus(corpus_dir, tmp_path / "same", repo_id="acme/recon", trl_configs=True)
    assert sorted(hub.uploaded) == export_paths()
    for f in local.files:
        assert hub.uploaded[f.path] == (local.out / f.path).read_bytes(), f.path
    assert "commit/abc123" in stdout and "created dataset repo acme/recon" in stdout
    assert logged_in not in stdout + err


def test_push_to_a_branch_creates_it_once(
    corpus_dir: Path, logged_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = FakeHub(exists=True).install(monkeypatch)
    report = push_corpus(corpus_dir, "acme/recon", revision="v1")
    assert hub.names() == ["repo_exists", "create_repo", "create_branch", "create_commit"]
    assert hub.calls[2][1]["branch"] == "v1" and hub.calls[3][1]["revision"] == "v1"
    assert not report.created_repo and "created branch 'v1'" in report.notes
    hub = FakeHub(exists=True, fail={"create_branch": http_error(409, "Reference already exists")})
    hub.install(monkeypatch)
    report = push_corpus(corpus_dir, "acme/recon", revision="v1", private=True)
    assert hub.names()[-1] == "create_commit" and report.commit_oid == "abc123"
    assert report.notes == ("the repo already existed: its visibility was left as it was",)


def test_not_logged_in_fails_before_any_call(
    corpus_dir: Path, cli, logged_out: None, monkeypatch
) -> None:
    hub = FakeHub().install(monkeypatch)
    code, stdout, err = cli("push", corpus_dir, "--repo-id", "acme/recon")
    assert code == 1 and hub.calls == [] and stdout == ""
    assert err == "error: not logged in: set HF_TOKEN or run `hf auth login`\n"


def test_offline_push_uses_the_real_client_and_says_so(
    corpus_dir: Path, cli, logged_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing replaced: huggingface_hub itself refuses to open a connection in offline mode.
    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", True)
    code, stdout, err = cli("push", corpus_dir, "--repo-id", "acme/recon")
    assert code == 1 and err.count("\n") == 1
    assert "offline" in err and "nothing was committed" in err and "was created" not in err
    assert logged_in not in stdout + err


@pytest.mark.parametrize(("status", "word"), [(401, "refused the token (401"), (403, "forbidden")])
def test_rejected_commit_names_the_empty_repo_it_left(
    corpus_dir: Path, cli, logged_in: str, monkeypatch: pytest.MonkeyPatch, status: int, word: str
) -> None:
    error = http_error(status, f"Invalid credentials for token {logged_in}")
    hub = FakeHub(exists=False, fail={"create_commit": error}).install(monkeypatch)
    code, stdout, err = cli("push", corpus_dir, "--repo-id", "acme/recon")
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert hub.names() == ["repo_exists", "create_repo", "create_commit"]
    assert word in err and "nothing was committed" in err
    assert "acme/recon was created before the failure and is empty" in err
    assert logged_in not in stdout + err


def test_errors_never_carry_the_token(
    corpus_dir: Path, logged_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub.errors import Response

    transport = importlib.import_module(Response.__module__.split(".")[0])
    cases = [
        (
            "create_repo",
            http_error(403, f"You cannot create repos here ({logged_in})"),
            "rejected: ",
        ),
        (
            "repo_exists",
            transport.ConnectError(f"refused for {logged_in}"),
            "offline: cannot reach the Hub (ConnectError)",
        ),
        (
            "create_commit",
            http_error(500, f"server broke on {logged_in}"),
            "the Hub answered HTTP 500: server broke on ***",
        ),
        (
            "create_commit",
            RuntimeError(f"unexpected failure with {logged_in}"),
            "RuntimeError: unexpected failure with ***",
        ),
    ]
    for step, error, expected in cases:
        FakeHub(exists=True, fail={step: error}).install(monkeypatch)
        with pytest.raises(ReconDataError) as info:
            push_corpus(corpus_dir, "acme/recon")
        message = str(info.value)
        assert expected in message, message
        assert logged_in not in message and "nothing was committed" in message, step
        # Chained exceptions hold requests with the Authorization header: none may travel.
        assert info.value.__cause__ is None and info.value.__suppress_context__
        assert "was created" not in message


@pytest.mark.parametrize("repo_id", ["recon", "acme/re con", "a/b/c"])
def test_bad_repo_id_is_refused_before_export(repo_id: str, cli, tmp_path: Path) -> None:
    code, _, err = cli("push", tmp_path / "missing", "--repo-id", repo_id, "--dry-run")
    assert code == 1 and "repo-id" in err and err.count("\n") == 1


@pytest.mark.parametrize("padding", [0, 250, 270, 290, 299, 5000])
def test_no_part_of_the_token_survives_the_length_cut(
    corpus_dir: Path, logged_in: str, monkeypatch: pytest.MonkeyPatch, padding: int
) -> None:
    error = RuntimeError("x" * padding + f" Bearer {logged_in} trailing")
    FakeHub(exists=True, fail={"create_commit": error}).install(monkeypatch)
    with pytest.raises(ReconDataError) as info:
        push_corpus(corpus_dir, "acme/recon")
    message = str(info.value)
    # Any 8-character piece of the token would be a leak.
    pieces = {logged_in[i : i + 8] for i in range(len(logged_in) - 7)}
    assert not [p for p in pieces if p in message], message


def test_no_trl_leaves_the_trainer_configs_out(
    corpus_dir: Path, cli, logged_out: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeHub().install(monkeypatch)
    code, stdout, err = cli(
        "push", corpus_dir, "--repo-id", "acme/recon", "--dry-run", "--json", "--no-trl"
    )
    assert code == 0, err
    expected = sorted([*plain_export_paths(), *card_image_paths()])
    assert sorted(f["path"] for f in json.loads(stdout)["files"]) == expected

"""The one corpus resolver: local-or-Hub decided up front, the quick start's corpus found."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from recon_data.errors import ReconDataError


@pytest.fixture
def online_but_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave offline mode and point the Hub at a closed local port: any Hub call must fail fast."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("HF_DATASETS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")


@pytest.mark.parametrize(
    "command", [("export", "nopath", "--out", "OUT"), ("score", "C", "--corpus", "nope")]
)
def test_mistyped_path_fails_at_once_in_one_line(
    command: tuple[str, ...], cli, tmp_path: Path, online_but_unreachable: None
) -> None:
    completions = tmp_path / "c.jsonl"
    completions.write_text('{"id": "eval-x", "completion": "\\\\boxed{Yes}"}\n', encoding="utf-8")
    args = [
        str(tmp_path / "out") if a == "OUT" else str(completions) if a == "C" else a
        for a in command
    ]
    start = time.monotonic()
    code, _, err = cli(*args)
    assert time.monotonic() - start < 10
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and ("nope" in lines[0] or "nopath" in lines[0])
    assert "cannot be reached" in lines[0]
    assert not (tmp_path / "out").exists()


def test_bare_name_without_network_names_the_fix(online_but_unreachable: None) -> None:
    from recon_data.curation.resolve import resolve_corpus

    with pytest.raises(ReconDataError) as info:
        resolve_corpus("corpsu")
    assert "corpsu" in str(info.value) and "check the path" in str(info.value)


def test_quickstart_corpus_is_the_default(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recon_data.corpus import open_corpus
    from recon_data.curation.resolve import resolve_corpus

    (tmp_path / "corpus").symlink_to(corpus_dir, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RECON_DATA_SOURCE", raising=False)
    assert resolve_corpus(None) == (tmp_path / "corpus").resolve()
    assert open_corpus(None) == (tmp_path / "corpus").resolve()
    # A configured source wins over the folder.
    monkeypatch.setenv("RECON_DATA_SOURCE", str(tmp_path / "elsewhere"))
    from recon_data.corpus import default_target

    assert default_target() is None


def test_open_corpus_refuses_an_unbuilt_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recon_data.corpus import open_corpus

    monkeypatch.setenv("RECON_DATA_HOME", str(tmp_path / "empty-cache"))
    with pytest.raises(ReconDataError) as info:
        open_corpus(str(tmp_path / "release-never-built"))
    assert "recon-data build" in str(info.value)


def test_validate_an_empty_file_is_an_error(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, out, err = cli("validate", str(empty))
    assert code == 1
    assert "no records" in out + err


def test_score_of_an_empty_file_is_an_error(cli, tmp_path: Path, corpus_dir: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, out, err = cli("score", str(empty), "--corpus", str(corpus_dir))
    assert code == 1 and out == ""
    assert "no completions" in err and str(empty) in err


def test_score_refuses_a_corpus_edited_after_its_manifest(
    cli, tmp_path: Path, corpus_dir: Path
) -> None:
    import json
    import shutil

    copy = tmp_path / "corpus"
    shutil.copytree(corpus_dir, copy)
    eval_file = copy / "problems" / "eval.jsonl"
    first = json.loads(eval_file.read_text(encoding="utf-8").splitlines()[0])
    with eval_file.open("a", encoding="utf-8") as fh:
        fh.write("\n")  # any byte changed after the manifest was written
    completions = tmp_path / "c.jsonl"
    completions.write_text(
        json.dumps({"id": first["id"], "completion": "</think> \\boxed{x}"}) + "\n",
        encoding="utf-8",
    )
    code, _, err = cli("score", str(completions), "--corpus", str(copy))
    assert code == 1
    assert "eval.jsonl" in err and "sha256" in err
    # The untouched corpus grades the same file.
    code, _, _ = cli("score", str(completions), "--corpus", str(corpus_dir))
    assert code == 0


def test_score_skip_unknown_counts_and_grades_the_rest(
    cli, tmp_path: Path, corpus_dir: Path
) -> None:
    import json

    first = json.loads(
        (corpus_dir / "problems" / "eval.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    completions = tmp_path / "c.jsonl"
    lines = [
        {"id": "eval-not-there", "completion": "</think> \\boxed{x}"},
        {"id": first["id"], "completion": f"</think> \\boxed{{{first['answer']}}}"},
        {"id": "eval-not-there-either", "completion": "</think> \\boxed{x}"},
    ]
    completions.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    code, _, err = cli("score", str(completions), "--corpus", str(corpus_dir))
    assert code == 1 and "eval-not-there" in err and "--skip-unknown" in err
    code, out, err = cli(
        "score", str(completions), "--corpus", str(corpus_dir), "--skip-unknown", "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["total"] == 1 and report["correct"] == 1 and report["skipped_unknown_ids"] == 2


def test_decontaminate_out_never_replaces_a_report_silently(
    cli, tmp_path: Path, corpus_dir: Path
) -> None:
    report = tmp_path / "report.json"
    report.write_text("keep me\n", encoding="utf-8")
    code, _, err = cli("decontaminate", str(corpus_dir), "--out", str(report), "--json")
    assert code == 1 and "--force" in err and str(report) in err
    assert report.read_text(encoding="utf-8") == "keep me\n"

"""`recon-data export`: a folder `datasets` loads as is, record for record, deterministic and atomic."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from recon_data.curation.publish.export import export_corpus
from recon_data.curation.report.card import card_image_paths
from recon_data.errors import ReconDataError
from recon_data.hub.layout import CARD, DATA_FILES, MANIFEST_COPY, export_paths

# Slow: exports the release corpus several times. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def export_dir(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One export of the session corpus, shared by this module's tests (read-only)."""
    out = tmp_path_factory.mktemp("export") / "recon-hub"
    export_corpus(corpus_dir, out)
    return out


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("config", list(DATA_FILES))
def test_datasets_loads_the_export_like_load_corpus(export_dir: Path, corpus_dir: Path, config: str) -> None:
    import datasets

    from recon_data.curation.resolve import load_corpus

    # Plain `datasets`, no features passed: what a Hub user gets from the folder alone.
    loaded = datasets.load_dataset(str(export_dir), config, cache_dir=str(export_dir.parent / "ds-cache"))
    expected = load_corpus(corpus_dir, config)
    assert list(loaded) == list(DATA_FILES[config]) == list(expected)
    for split in expected:
        assert loaded[split].features == expected[split].features
        assert isinstance(loaded[split].features["category"], datasets.ClassLabel)
        assert loaded[split].to_list() == expected[split].to_list(), f"{config}/{split} differs"


def test_default_config_is_problems(export_dir: Path) -> None:
    import datasets

    loaded = datasets.load_dataset(str(export_dir), cache_dir=str(export_dir.parent / "ds-cache"))
    assert set(loaded) == {"train", "eval"}
    assert "answer_kind" in loaded["train"].column_names


def test_parquet_files_alone_carry_the_typed_features(export_dir: Path) -> None:
    import datasets

    from recon_data.corpus import problem_features, trace_features

    for config, features in (("problems", problem_features()), ("cot", trace_features())):
        for rel in DATA_FILES[config].values():
            ds = datasets.Dataset.from_parquet(str(export_dir / rel), cache_dir=str(export_dir.parent / "pq"))
            assert ds.features == features, rel


def test_export_holds_exactly_the_listed_files(export_dir: Path, corpus_dir: Path) -> None:
    assert sorted(_digests(export_dir)) == sorted([*export_paths(), *card_image_paths()])
    # The manifest travels byte for byte, so its checksums still describe the corpus files.
    assert (export_dir / MANIFEST_COPY).read_bytes() == (corpus_dir / "manifest.json").read_bytes()


def test_export_is_byte_identical_when_repeated(export_dir: Path, corpus_dir: Path, tmp_path: Path) -> None:
    again = export_corpus(corpus_dir, tmp_path / "again")
    assert _digests(tmp_path / "again") == _digests(export_dir)
    assert {f.path: f.sha256 for f in again.files} == _digests(export_dir)
    assert again.rows == {"problems": {"train": 1800, "eval": 300}, "cot": {"train": 866}}


def test_export_refuses_to_overwrite_without_force(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(ReconDataError, match="--force"):
        export_corpus(corpus_dir, out)
    assert (out / "keep.txt").read_text() == "mine"
    export_corpus(corpus_dir, out, force=True)
    assert not (out / "keep.txt").exists()
    assert (out / CARD).is_file()


def test_export_never_writes_inside_the_corpus(corpus_dir: Path) -> None:
    before = _digests(corpus_dir)
    for out in (corpus_dir / "hub", corpus_dir, corpus_dir.parent):
        with pytest.raises(ReconDataError, match="outside the corpus"):
            export_corpus(corpus_dir, out, force=True)
    assert _digests(corpus_dir) == before


def test_bad_decontam_report_is_named_and_nothing_is_written(corpus_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "report.json"
    bad.write_text(json.dumps({"findings": [{"kind": "exact", "a": "x"}]}))
    out = tmp_path / "out"
    with pytest.raises(ReconDataError, match="finding 0") as info:
        export_corpus(corpus_dir, out, decontam_report=bad)
    assert "'b'" in str(info.value) and str(bad) in str(info.value)
    assert not out.exists()


def test_export_failing_midway_leaves_no_folder(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_card(facts: object) -> str:
        raise ReconDataError("card failed")

    # The Parquet files are written by then; the failure must not leave them anywhere.
    monkeypatch.setattr("recon_data.curation.publish.card.render_card", broken_card)
    parent = tmp_path / "parent"
    parent.mkdir()
    with pytest.raises(ReconDataError, match="card failed"):
        export_corpus(corpus_dir, parent / "out")
    assert list(parent.iterdir()) == []


def test_export_cli_json_and_errors(corpus_dir: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "cli-export"
    code, stdout, _ = cli("export", corpus_dir, "--out", out, "--json", "--repo-id", "acme/recon")
    assert code == 0
    summary = json.loads(stdout)
    assert summary["rows"]["cot"] == {"train": 866}
    assert [f["path"] for f in summary["files"]] == [*export_paths(), *card_image_paths()]
    assert summary["total_bytes"] == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert 'load_dataset("acme/recon", "problems")' in (out / CARD).read_text(encoding="utf-8")
    code, _, err = cli("export", corpus_dir, "--out", out)
    assert code == 1 and "--force" in err and err.count("\n") == 1
    code, _, err = cli("export", tmp_path / "no-such-corpus", "--out", tmp_path / "x")
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1

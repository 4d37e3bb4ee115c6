"""Loading published data back: export folders and Hub ids (through the real HF cache), raw release ids."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import huggingface_hub.constants as hf_constants
import pytest

from recon_data.curation.publish.export import export_corpus
from recon_data.curation.resolve import load_corpus, resolve_corpus
from recon_data.errors import ReconDataError
from recon_data.hub.fetch import locate_export, looks_like_hub_id
from recon_data.hub.layout import CARD, DATA_FILES, is_export_dir

# Slow: exports and loads corpora through datasets. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="module")
def export_dir(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One export of the session corpus for this module (read-only)."""
    out = tmp_path_factory.mktemp("load") / "recon-hub"
    export_corpus(corpus_dir, out, repo_id="acme/recon")
    return out


@pytest.fixture
def hub_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HF cache, offline: huggingface_hub resolves ids from it exactly as after a download."""
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setattr(hf_constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", True)
    return cache


def publish_to_cache(cache: Path, repo_id: str, folder: Path) -> None:
    """Lay out `folder` as the cached snapshot of dataset `repo_id` at `main` (the cache's own format)."""
    repo = cache / f"datasets--{repo_id.replace('/', '--')}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(COMMIT)
    shutil.copytree(folder, repo / "snapshots" / COMMIT)


def _same(a, b) -> None:
    assert list(a) == list(b)
    for split in b:
        assert a[split].features == b[split].features
        assert a[split].to_list() == b[split].to_list()


@pytest.mark.parametrize("config", list(DATA_FILES))
def test_load_corpus_reads_an_export_folder_through_datasets(
    export_dir: Path, corpus_dir: Path, config: str
) -> None:
    from recon_data.corpus import cache_home

    loaded = load_corpus(export_dir, config)
    _same(loaded, load_corpus(corpus_dir, config))
    # Read by `datasets` from the Parquet files (its Arrow cache), not from the JSONL corpus.
    cached = [f["filename"] for ds in loaded.values() for f in ds.cache_files]
    assert cached and all(Path(f).is_relative_to(cache_home() / "datasets") for f in cached)


def test_load_corpus_reads_a_hub_id(export_dir: Path, corpus_dir: Path, hub_cache: Path) -> None:
    publish_to_cache(hub_cache, "acme/recon", export_dir)
    for config in DATA_FILES:
        _same(load_corpus("acme/recon", config), load_corpus(corpus_dir, config))


def test_resolve_corpus_rebuilds_the_jsonl_corpus_from_a_hub_id(
    export_dir: Path, corpus_dir: Path, hub_cache: Path
) -> None:
    publish_to_cache(hub_cache, "acme/recon", export_dir)
    root = resolve_corpus("acme/recon")
    assert root != corpus_dir
    for rel in ("problems/train.jsonl", "problems/eval.jsonl", "cot/train.jsonl", "manifest.json"):
        assert (root / rel).read_bytes() == (corpus_dir / rel).read_bytes(), rel
    assert resolve_corpus("acme/recon") == root  # cached by content


def test_hub_id_offline_and_not_cached_is_one_clear_line(hub_cache: Path, tmp_path: Path, cli) -> None:
    with pytest.raises(ReconDataError, match="cannot load dataset 'acme/absent' from the Hub: cannot reach"):
        load_corpus("acme/absent")
    code, _, err = cli("export", "acme/absent", "--out", tmp_path / "x")
    assert code == 1 and err.count("\n") == 1 and "acme/absent" in err and "Traceback" not in err


def test_raw_release_id_is_built_not_fetched(export_dir: Path, hub_cache: Path) -> None:
    # Even with an export cached under the release's id, the release id goes to the builder.
    publish_to_cache(hub_cache, "MasterZhou/Recon", export_dir)
    assert locate_export("MasterZhou/Recon") is None
    with pytest.raises(ReconDataError) as info:
        load_corpus("MasterZhou/Recon")
    assert "train_dataset.csv" in str(info.value)


def test_a_non_export_hub_dataset_falls_back_to_the_release_builder(tmp_path: Path, hub_cache: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / CARD).write_text("---\nlicense: mit\n---\n# someone else's data\n")
    publish_to_cache(hub_cache, "acme/plain", plain)
    assert locate_export("acme/plain") is None
    with pytest.raises(ReconDataError) as info:
        load_corpus("acme/plain")
    assert "acme/plain" in str(info.value) and "export" not in str(info.value)


def test_changed_exports_are_refused(export_dir: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    edited = tmp_path / "edited"
    shutil.copytree(export_dir, edited)
    rel = DATA_FILES["problems"]["eval"]
    table = pq.read_table(edited / rel)
    column = table.schema.get_field_index("question")
    questions = table.column("question").to_pylist()
    questions[0] += " (edited)"
    pq.write_table(table.set_column(column, "question", [questions]), edited / rel)
    assert load_corpus(edited, "problems")["eval"][0]["question"].endswith("(edited)")
    with pytest.raises(ReconDataError, match="do not match the embedded manifest"):
        resolve_corpus(edited)

    answers = table.column("answer").to_pylist()
    answers[0] += " (edited)"
    column = table.schema.get_field_index("answer")
    pq.write_table(table.set_column(column, "answer", [answers]), edited / rel)
    with pytest.raises(ReconDataError, match="field 'answer'"):
        resolve_corpus(edited)

    short = tmp_path / "short"
    shutil.copytree(export_dir, short)
    pq.write_table(pq.read_table(short / rel).slice(1), short / rel)
    with pytest.raises(ReconDataError, match="short"):
        load_corpus(short, "problems")


def test_export_detection_and_hub_ids(export_dir: Path, corpus_dir: Path, tmp_path: Path) -> None:
    assert is_export_dir(export_dir) and not is_export_dir(corpus_dir)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / CARD).write_text("---\nconfigs: [unclosed\n---\n")
    assert not is_export_dir(broken)
    for text in ("acme/recon", "recon", "Org-1/name_2.v3"):
        assert looks_like_hub_id(text), text
    for text in ("./recon", "/abs/path", "~/x", "a/b/c", "../x", "a\\b", "acme/.."):
        assert not looks_like_hub_id(text), text


def test_publishing_modules_import_nothing_heavy() -> None:
    code = (
        "import sys, recon_data, recon_data.hub, recon_data.cli, recon_data.cli.hub\n"
        "heavy = [m for m in ('datasets', 'huggingface_hub', 'pyarrow') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

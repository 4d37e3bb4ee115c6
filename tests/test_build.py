"""Building the corpus from the real release and from malformed copies of it."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest

from recon_data.categories import expected_counts
from recon_data.curation.build import build_corpus
from recon_data.curation.release import RELEASE_FILES
from recon_data.errors import ReconDataError
from recon_data.storage import read_problems, read_traces

# Slow: builds the release several times. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture
def release_copy(release_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the release to corrupt."""
    dst = tmp_path / "release"
    shutil.copytree(release_dir, dst)
    return dst


def test_counts_match_paper_table_6(corpus_dir: Path) -> None:
    manifest = json.loads((corpus_dir / "manifest.json").read_text())
    for split in ("train", "eval"):
        block = manifest["counts"]["problems"][split]
        assert block["by_category"] == expected_counts(split)
        assert block["total"] == sum(expected_counts(split).values())
    assert manifest["counts"]["cot"]["train"]["total"] == 866
    assert manifest["counts"]["cot"]["train"]["matched"] == 866


def test_records_are_typed_and_ids_unique(corpus_dir: Path) -> None:
    problems = read_problems(corpus_dir)
    traces = read_traces(corpus_dir)
    assert len({p.id for p in problems}) == len(problems) == 2100
    assert len({t.id for t in traces}) == len(traces) == 866
    kinds = {p.category: p.answer_kind for p in problems}
    assert kinds["econnli"] == "yes_no" and kinds["econlogicqa"] == "ordering"
    assert kinds["pure_nash"] == kinds["pte"] == "profile_set" and kinds["trigger"] == "mcq"
    for p in problems:
        assert p.question in p.prompt[-1].content
        assert "<think>" not in p.question
        if p.answer_kind == "mcq":
            number = int(p.answer.split(":")[0].split()[1])
            assert p.answer == f"Option {number}: {p.options[number - 1]}"
    by_id = {p.id: p for p in problems}
    for t in traces:
        assert t.problem_id in by_id
        assert t.category == by_id[t.problem_id].category
        assert t.answer and t.answer in t.response


def test_duplicates_get_distinct_ids_and_are_reported(release_dir: Path, tmp_path: Path) -> None:
    report = build_corpus(tmp_path / "c", release_dir)
    dup_groups = report.duplicate_prompts["train"]
    assert dup_groups, "the release has exact duplicate prompts in train"
    for group in dup_groups:
        assert len(set(group)) == len(group)
        base = group[0]
        assert all(i == base or i.startswith(base + "-") for i in group)
    assert report.cross_split_prompts, "the release shares prompts between train and eval"
    assert report.cot_in_eval, "the release has CoT prompts that are eval prompts"
    assert report.cot_loose_matches > 0


def test_build_is_byte_identical(release_dir: Path, tmp_path: Path) -> None:
    build_corpus(tmp_path / "a", release_dir)
    build_corpus(tmp_path / "b", release_dir)
    for rel in ("problems/train.jsonl", "problems/eval.jsonl", "cot/train.jsonl", "manifest.json"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_row_order_does_not_change_records(
    release_copy: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    for name in RELEASE_FILES.values():
        header, rows = _rows(release_copy / name)
        random.Random(7).shuffle(rows)
        _write_rows(release_copy / name, header, rows)
    build_corpus(tmp_path / "shuffled", release_copy)

    def keyed(root: Path) -> set[tuple[str, str, str, str]]:
        return {(p.id, p.category, p.answer, p.question) for p in read_problems(root)}

    assert keyed(tmp_path / "shuffled") == keyed(corpus_dir)
    assert {(t.id, t.problem_id) for t in read_traces(tmp_path / "shuffled")} == {
        (t.id, t.problem_id) for t in read_traces(corpus_dir)
    }


def test_refuses_to_overwrite_and_force_replaces(release_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "c"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(ReconDataError, match="--force"):
        build_corpus(out, release_dir)
    assert (out / "keep.txt").read_text() == "mine"
    build_corpus(out, release_dir, force=True)
    assert not (out / "keep.txt").exists() and (out / "manifest.json").is_file()


@pytest.mark.parametrize(
    ("file_key", "column", "value", "field"),
    [
        ("train", "prompt", "[{'role': 'user', 'content': 'unterminated}]", "prompt"),
        ("train", "prompt", "__import__('os').system('echo pwned')", "prompt"),
        ("eval", "prompt", "[{'role': 'robot', 'content': 'x'}]", "prompt"),
        ("train", "answer", "", "answer"),
        ("train", "answer", "Option 9: nothing like this", "answer"),
        ("sft_cot", "response", "", "response"),
    ],
)
def test_malformed_release_row_names_file_row_field(
    release_copy: Path, tmp_path: Path, file_key: str, column: str, value: str, field: str
) -> None:
    name = RELEASE_FILES[file_key]
    header, rows = _rows(release_copy / name)
    target = 5
    if column == "answer" and value.startswith("Option"):
        # Pick an mcq row so the gold grammar applies.
        target = next(i for i, r in enumerate(rows) if r[1].startswith("Option"))
    rows[target][header.index(column)] = value
    _write_rows(release_copy / name, header, rows)
    out = tmp_path / "out"
    with pytest.raises(ReconDataError) as info:
        build_corpus(out, release_copy)
    message = str(info.value)
    assert name in message and f"row {target}" in message and field in message
    assert "\n" not in message
    assert not out.exists(), "a failed build must not leave output behind"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")], (
        "temp folder left behind"
    )


def test_unclassifiable_row_is_an_error(release_copy: Path, tmp_path: Path) -> None:
    name = RELEASE_FILES["train"]
    header, rows = _rows(release_copy / name)
    rows[3][0] = "[{'role': 'user', 'content': 'What is the capital of France?'}]"
    _write_rows(release_copy / name, header, rows)
    with pytest.raises(ReconDataError, match=r"train_dataset.csv: record row 3: field 'prompt'"):
        build_corpus(tmp_path / "out", release_copy)


def test_missing_release_file_and_missing_folder(release_copy: Path, tmp_path: Path) -> None:
    (release_copy / RELEASE_FILES["eval"]).unlink()
    with pytest.raises(ReconDataError, match=r"eval_dataset\.csv"):
        build_corpus(tmp_path / "out", release_copy)
    with pytest.raises(ReconDataError, match="not found"):
        build_corpus(tmp_path / "out", tmp_path / "nowhere")


def test_hub_layout_builds_the_same_corpus(
    release_dir: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    """The Hub code path (datasets.load_dataset) on a folder laid out like the Hub repo."""
    hub = tmp_path / "hub"
    (hub / "data").mkdir(parents=True)
    for split, name in RELEASE_FILES.items():
        header, rows = _rows(release_dir / name)
        # On the Hub every split has prompt/answer columns; the CoT response sits in `answer`.
        _write_rows(hub / "data" / f"{split}.csv", ["prompt", "answer"], rows)
        assert header[0] == "prompt"
    configs = "\n".join(
        f"  - split: {split}\n    path: data/{split}.csv" for split in RELEASE_FILES
    )
    (hub / "README.md").write_text(
        f"---\nconfigs:\n- config_name: default\n  data_files:\n{configs}\n---\n"
    )
    build_corpus(tmp_path / "from-hub", str(hub))
    for rel in ("problems/train.jsonl", "problems/eval.jsonl", "cot/train.jsonl"):
        assert (tmp_path / "from-hub" / rel).read_bytes() == (corpus_dir / rel).read_bytes(), rel
    manifest = json.loads((tmp_path / "from-hub" / "manifest.json").read_text())
    assert manifest["source"]["type"] == "hub"


def test_offline_hub_id_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReconDataError) as info:
        build_corpus(tmp_path / "out", "MasterZhou/Recon")
    assert "MasterZhou/Recon" in str(info.value) and "\n" not in str(info.value)
    assert not (tmp_path / "out").exists()

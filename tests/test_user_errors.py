"""User mistakes found in review: usage errors, bad outputs, inputs that must never be touched."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import get_args

import pytest

from recon_data.categories import CATEGORY_SLUGS
from recon_data.curation.build import build_corpus
from recon_data.curation.release import RELEASE_FILES
from recon_data.errors import ReconDataError
from recon_data.schema import CategorySlug
from recon_data.validate import validate_path


@pytest.mark.parametrize(
    "args",
    [
        ["validate", ".", "--bogus"],
        ["nosuchcommand"],
        ["build"],
        ["schema", "bogus"],
        ["decontaminate", ".", "--ngram", "abc"],
    ],
)
def test_usage_errors_are_one_line_exit_1(cli, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 1
    assert "Traceback" not in err + out
    assert err.startswith("error: ") and err.count("\n") == 1


def test_build_refuses_to_replace_its_own_source(release_dir: Path, tmp_path: Path, cli) -> None:
    src = tmp_path / "release"
    shutil.copytree(release_dir, src)
    before = sorted(p.name for p in src.iterdir())
    code, _, err = cli("build", "--source", src, "--out", src, "--force")
    assert code == 1 and "input" in err
    code, _, err = cli("build", "--source", src, "--out", tmp_path, "--force")
    assert code == 1
    assert sorted(p.name for p in src.iterdir()) == before


def test_output_under_a_file_is_a_user_error(release_dir: Path, tmp_path: Path, cli) -> None:
    blocker = tmp_path / "some.csv"
    blocker.write_text("x")
    code, _, err = cli("build", "--source", release_dir, "--out", blocker / "corpus")
    assert code == 1 and "not a folder" in err and "Traceback" not in err


def test_report_out_that_is_a_folder_fails_before_the_scan(
    corpus_dir: Path, tmp_path: Path, cli
) -> None:
    code, _, err = cli("decontaminate", corpus_dir, "--out", tmp_path)
    assert code == 1 and "folder" in err


def _release_copy(release_dir: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "rel"
    shutil.copytree(release_dir, dst)
    return dst


@pytest.mark.parametrize("content", ["", "prompt,answer\n"])
def test_empty_release_file_is_refused(release_dir: Path, tmp_path: Path, content: str) -> None:
    src = _release_copy(release_dir, tmp_path)
    (src / RELEASE_FILES["train"]).write_text(content)
    with pytest.raises(ReconDataError, match=r"train_dataset\.csv"):
        build_corpus(tmp_path / "out", src)


def test_a_row_with_extra_cells_is_named(release_dir: Path, tmp_path: Path) -> None:
    src = _release_copy(release_dir, tmp_path)
    path = src / RELEASE_FILES["eval"]
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[6].append("extra")  # data row 5
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    with pytest.raises(ReconDataError, match=r"eval_dataset\.csv: record row 5: 3 cells"):
        build_corpus(tmp_path / "out", src)


def test_byte_order_mark_is_not_part_of_the_header(
    release_dir: Path, tmp_path: Path, corpus_dir: Path
) -> None:
    src = _release_copy(release_dir, tmp_path)
    path = src / RELEASE_FILES["train"]
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    build_corpus(tmp_path / "out", src)
    a = (tmp_path / "out" / "problems" / "train.jsonl").read_bytes()
    assert a == (corpus_dir / "problems" / "train.jsonl").read_bytes()


def test_damaged_first_line_does_not_flip_the_file_kind(corpus_dir: Path, tmp_path: Path) -> None:
    lines = (corpus_dir / "cot" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    first = json.loads(lines[0])
    del first["response"]
    lines[0] = json.dumps(first)
    path = tmp_path / "traces.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate_path(path)
    assert report.kind == "traces"
    assert {i.line for i in report.issues} == {1}


def _corpus_copy(corpus_dir: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(corpus_dir, dst)
    return dst


def _rewrite(path: Path, index: int, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[index])
    change(rec)
    lines[index] = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_cross_record_rules_of_a_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    root = _corpus_copy(corpus_dir, tmp_path)
    cot = root / "cot" / "train.jsonl"
    _rewrite(cot, 0, lambda r: r.update(category="pte" if r["category"] != "pte" else "trigger"))
    _rewrite(cot, 1, lambda r: r.update(answer="Option 9: not in the response at all"))
    eval_first = json.loads((root / "problems" / "eval.jsonl").read_text().splitlines()[0])
    _rewrite(
        root / "problems" / "train.jsonl",
        2,
        lambda r: r.update(id=eval_first["id"].replace("eval", "x")),
    )
    train_lines = (root / "problems" / "train.jsonl").read_text().splitlines()
    dup = json.loads(train_lines[3])
    _rewrite(root / "problems" / "eval.jsonl", 4, lambda r: r.update(id=dup["id"]))
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["counts"]["problems"]["train"]["total"] = 999999
    manifest["counts"]["cot"]["train"]["matched"] = 5
    (root / "manifest.json").write_text(json.dumps(manifest))

    issues = validate_path(root).issues
    found = {(i.file, i.line, i.field) for i in issues}
    assert ("cot/train.jsonl", 1, "category") in found
    assert ("cot/train.jsonl", 2, "answer") in found
    assert ("problems/eval.jsonl", 5, "id") in found
    fields = {i.field for i in issues}
    assert "counts.problems.train.total" in fields and "counts.cot.train.matched" in fields


def test_one_bad_record_does_not_add_false_count_issues(corpus_dir: Path, tmp_path: Path) -> None:
    root = _corpus_copy(corpus_dir, tmp_path)
    path = root / "problems" / "eval.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0][:50]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    issues = validate_path(root).issues
    assert not [
        i for i in issues if i.field and i.field.startswith("counts.problems.eval.by_category")
    ]
    assert any(i.line == 1 for i in issues)


def test_drop_refuses_a_corpus_that_does_not_validate(
    corpus_dir: Path, tmp_path: Path, cli
) -> None:
    root = _corpus_copy(corpus_dir, tmp_path)
    _rewrite(
        root / "problems" / "eval.jsonl",
        0,
        lambda r: r.update(question=r["question"] + " (edited)"),
    )
    code, _, err = cli("decontaminate", root, "--drop", tmp_path / "clean")
    assert code == 1 and "does not validate" in err
    assert not (tmp_path / "clean").exists()


@pytest.mark.slow  # a whole-corpus scan or a served endpoint; CI runs it
def test_drop_copies_an_untouched_eval_split_byte_for_byte(
    corpus_dir: Path, tmp_path: Path, cli
) -> None:
    from recon_data.manifest import file_digest, read_manifest, write_manifest

    root = _corpus_copy(corpus_dir, tmp_path)
    path = root / "problems" / "eval.jsonl"
    # Valid but not in the builder's compact form: spaces after separators, ASCII escapes.
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    manifest = read_manifest(root)
    digest, size = file_digest(path)
    manifest["files"]["problems/eval.jsonl"].update(sha256=digest, bytes=size)
    write_manifest(root, manifest)
    assert validate_path(root).ok
    code, _, err = cli("decontaminate", root, "--drop", tmp_path / "clean", "--json")
    assert code == 0, err
    assert (tmp_path / "clean" / "problems" / "eval.jsonl").read_bytes() == path.read_bytes()
    assert validate_path(tmp_path / "clean").ok


@pytest.mark.parametrize("content", ["", "premise,hypothesis\n", "premise,hypothesis\n,\n"])
def test_empty_benchmark_is_an_error_not_a_clean_report(
    corpus_dir: Path, tmp_path: Path, cli, content: str
) -> None:
    bench = tmp_path / "bench.csv"
    bench.write_text(content)
    code, _, err = cli("decontaminate", corpus_dir, "--against", bench, "--no-within")
    assert code == 1 and "bench.csv" in err


def test_category_literal_matches_the_table() -> None:
    assert get_args(CategorySlug) == CATEGORY_SLUGS


def test_training_accepts_hub_ids_like_the_rest(tmp_path: Path) -> None:
    from recon_data.training.data import resolve_corpus

    with pytest.raises(ReconDataError) as info:
        resolve_corpus("acme/recon")  # offline in tests: must fail as a Hub lookup, not "not found"
    assert "acme/recon" in str(info.value) and "not found (check --corpus)" not in str(info.value)
    with pytest.raises(ReconDataError, match="not found"):
        resolve_corpus(tmp_path / "missing")

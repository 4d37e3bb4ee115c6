"""The corpus CLI (build, stats, schema), load_corpus, the shipped schemas, and import cost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from recon_data.categories import CATEGORY_SLUGS, PAPER_SLUGS, expected_counts
from recon_data.schema import problem_json_schema, trace_json_schema

# Slow: builds and exports corpora through the CLI. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def test_build_command(release_dir: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "c"
    code, stdout, _ = cli("build", "--source", release_dir, "--out", out, "--json")
    assert code == 0
    summary = json.loads(stdout)
    assert summary["counts"]["problems"]["train"]["by_category"] == expected_counts("train")
    assert summary["defects"]["train_eval_shared_prompts"]
    code, _, err = cli("build", "--source", release_dir, "--out", out)
    assert code == 1 and "--force" in err and err.count("\n") == 1
    code, stdout, _ = cli("build", "--source", release_dir, "--out", out, "--force")
    assert code == 0 and "Release defects found" in stdout


def test_stats_json_shape(corpus_dir: Path, cli) -> None:
    code, stdout, _ = cli("stats", corpus_dir, "--json")
    assert code == 0
    data = json.loads(stdout)
    for split in ("train", "eval"):
        block = data["problems"][split]
        assert block["total"] == sum(expected_counts(split).values())
        assert block["by_category"] == expected_counts(split)
        assert sum(block["by_answer_kind"].values()) == block["total"]
    assert data["problems"]["train"]["duplicate_prompts"] > 0
    assert data["cot"]["train"]["total"] == 866
    assert sum(data["cot"]["train"]["by_category"].values()) == 866
    assert data["overlap"]["train_eval_shared_prompts"] > 0
    manifest = json.loads((corpus_dir / "manifest.json").read_text())
    assert data["cot"]["train"]["matched"] == manifest["counts"]["cot"]["train"]["matched"]
    assert data["cot"]["train"]["linked_to_eval"] == 0, "every trace links to its train twin"
    assert data["cot"]["train"]["prompts_in_eval"] > 0, "the release has CoT prompts that are eval prompts"
    assert data["cot"]["train"]["loose_train_matches"] > 0
    code, stdout, _ = cli("stats", corpus_dir)
    assert code == 0 and "backward_induction" in stdout


def test_stats_on_missing_corpus(tmp_path: Path, cli) -> None:
    code, _, err = cli("stats", tmp_path / "missing")
    assert code == 1 and "missing" in err and "Traceback" not in err


def test_shipped_schemas_match_models(cli) -> None:
    for name, schema in (("problem", problem_json_schema()), ("trace", trace_json_schema())):
        code, stdout, _ = cli("schema", name)
        assert code == 0
        assert json.loads(stdout) == schema, f"run `python -m recon_data.schema` to refresh {name}"


def test_records_validate_against_shipped_json_schema(corpus_dir: Path) -> None:
    validator = jsonschema.Draft202012Validator(problem_json_schema())
    for split in ("train", "eval"):
        for line in (corpus_dir / "problems" / f"{split}.jsonl").read_text().splitlines():
            validator.validate(json.loads(line))
    bad = json.loads((corpus_dir / "problems" / "eval.jsonl").read_text().splitlines()[0])
    bad["answer"] = "somewhere"
    assert list(validator.iter_errors(bad))
    trace_validator = jsonschema.Draft202012Validator(trace_json_schema())
    for line in (corpus_dir / "cot" / "train.jsonl").read_text().splitlines()[:50]:
        trace_validator.validate(json.loads(line))


def test_load_corpus_typed(corpus_dir: Path) -> None:
    from recon_data import load_corpus

    dsd = load_corpus(corpus_dir)
    assert set(dsd) == {"train", "eval"}
    assert dsd["train"].num_rows == 1800 and dsd["eval"].num_rows == 300
    feature = dsd["train"].features["category"]
    assert feature.names == list(CATEGORY_SLUGS)
    row = dsd["eval"][0]
    assert isinstance(row["category"], int) and row["prompt"][0]["role"] == "user"
    counts = {slug: 0 for slug in PAPER_SLUGS}
    for c in dsd["train"]["category"]:
        counts[feature.int2str(c)] += 1
    assert counts == expected_counts("train")
    cot = load_corpus(corpus_dir, config="cot")
    assert set(cot) == {"train"} and cot["train"].num_rows == 866


def test_load_corpus_default_builds_once_from_configured_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from recon_data import load_corpus
    from recon_data.curation.resolve import default_corpus_dir

    monkeypatch.setenv("RECON_DATA_HOME", str(tmp_path / "home"))
    dsd = load_corpus()
    assert dsd["eval"].num_rows == 300
    cached = default_corpus_dir()
    assert cached.is_relative_to(tmp_path / "home")
    stamp = (cached / "manifest.json").stat().st_mtime_ns
    load_corpus(config="cot")
    assert (cached / "manifest.json").stat().st_mtime_ns == stamp, "the cached build is reused"


def test_load_corpus_bad_config(corpus_dir: Path) -> None:
    from recon_data import ReconDataError, load_corpus

    with pytest.raises(ReconDataError, match="config"):
        load_corpus(corpus_dir, config="nope")


def test_import_is_light() -> None:
    code = (
        "import sys, recon_data;"
        "heavy = [m for m in ('datasets', 'torch', 'transformers', 'pydantic', 'pyarrow') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; sys.argv=['recon-data','--help'];"
        "from recon_data.cli import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "print('HEAVY', [m for m in ('datasets','torch','transformers','trl','pyarrow') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    for command in ("build", "validate", "stats", "schema"):
        assert command in out.stdout

"""`recon-data decontaminate`: JSON shape, human summary, --out, --drop, and user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Slow: runs full decontamination scans through the CLI. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def econnli_test(econnli_dir: Path) -> Path:
    return econnli_dir / "EconNLI_test.csv"


def _json(cli, *args: object) -> dict:
    code, out, err = cli("decontaminate", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def _sizes(corpus_dir: Path) -> dict[str, int]:
    from recon_data.storage import read_problems, read_traces

    sizes = {s: len(read_problems(corpus_dir, s)) for s in ("train", "eval")}
    return {**sizes, "cot": len(read_traces(corpus_dir))}


def test_json_report_shape(corpus_dir: Path, cli) -> None:
    data = _json(cli, corpus_dir)
    assert set(data) >= {"corpus", "config", "records", "counts", "findings"}
    assert data["records"] == _sizes(corpus_dir)
    assert data["findings"] and sum(data["counts"]["by_kind"].values()) == len(data["findings"])
    for f in data["findings"]:
        assert set(f) == {"kind", "a", "b", "score", "evidence"}
        assert set(f["a"]) == {"id", "split"} and set(f["b"]) == {"id", "split"}
        assert 0.0 < f["score"] <= 1.0
    assert {"train~eval", "cot~eval", "train~train"} <= set(data["counts"]["by_split_pair"])


def test_benchmark_ends_and_out_file(
    corpus_dir: Path, econnli_test: Path, tmp_path: Path, cli
) -> None:
    report = tmp_path / "report.json"
    args = (
        corpus_dir,
        "--against",
        econnli_test,
        "--field",
        "cause",
        "--field",
        "effect",
        "--no-within",
    )
    short = _json(cli, *args, "--out", report)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert short == {"out": str(report), "counts": data["counts"]}
    assert data["sources"][0]["source"] == str(econnli_test)
    ends = [f["b"] for f in data["findings"]]
    assert ends and all(
        set(b) == {"source", "row"} and b["source"] == str(econnli_test) for b in ends
    )
    assert {f["a"]["split"] for f in data["findings"]} == {"train", "eval", "cot"}


def test_human_summary(corpus_dir: Path, econnli_test: Path, cli) -> None:
    code, out, _ = cli(
        "decontaminate",
        corpus_dir,
        "--against",
        econnli_test,
        "--field",
        "cause",
        "--field",
        "effect",
        "--top",
        "6",
    )
    assert code == 0
    for text in (
        "split pair",
        "train~eval",
        "Benchmarks",
        "EconNLI_test.csv",
        "Worst offenders (top 6)",
        "Premise:",
    ):
        assert text in out


def test_drop_removes_and_reports(corpus_dir: Path, tmp_path: Path, cli) -> None:
    from recon_data.validate import validate_path

    out = tmp_path / "clean"
    code, stdout, err = cli("decontaminate", corpus_dir, "--drop", out)
    assert code == 0, err
    assert "Removed" in stdout and "duplicate of" in stdout and "WARNING" not in err
    assert validate_path(out).ok
    code, _, err = cli("decontaminate", corpus_dir, "--drop", out)
    assert code == 1 and "--force" in err and err.count("\n") == 1
    data = _json(cli, corpus_dir, "--drop", out, "--force", "--drop-eval")
    removed_eval = [r for r in data["dropped"]["removed"] if r["split"] == "eval"]
    assert removed_eval and data["dropped"]["kept"]["eval"] == _sizes(corpus_dir)["eval"] - len(
        removed_eval
    )


def test_drop_eval_is_announced(corpus_dir: Path, tmp_path: Path, cli) -> None:
    code, _, err = cli("decontaminate", corpus_dir, "--drop", tmp_path / "c", "--drop-eval")
    assert code == 0 and "WARNING" in err and "eval item" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("MISSING",), "corpus folder not found"),
        (("CORPUS", "--against", "nope/missing.csv"), "not found"),
        (("CORPUS", "--against", "ECONNLI", "--field", "question"), "no column 'question'"),
        (("CORPUS", "--drop-eval"), "--drop"),
        (("CORPUS", "--overlap", "2"), "overlap"),
        (("CORPUS", "--no-within"), "nothing to check"),
    ],
)
def test_user_errors_exit_1_with_one_line(
    corpus_dir: Path, econnli_test: Path, tmp_path: Path, cli, args, needle
) -> None:
    swap = {"CORPUS": corpus_dir, "MISSING": tmp_path / "missing", "ECONNLI": econnli_test}
    code, out, err = cli("decontaminate", *(swap.get(a, a) for a in args))
    assert code == 1 and needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert out == ""


def test_import_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, recon_data.curation, recon_data.curation.decontam, recon_data.cli.decontaminate; "
        "print(sorted(m for m in ('datasets', 'datasketch', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""Results files for `recon-data report`: each kind read from what its own command writes, bad files named."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from recon_data.curation.report.results import AccuracyResult, GamesResult, read_result
from recon_data.errors import ReconDataError


@pytest.fixture(scope="module")
def graded(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """An `eval --out` file of the release's eval split: some golds, some wrong answers."""
    from recon_data.storage import read_problems
    from recon_data.training.evaluation import grade_response, summarize
    from recon_data.training.responses import write_records

    rng = random.Random(7)
    records = []
    for p in read_problems(corpus_dir, "eval"):
        answer = p.answer if rng.random() < 0.6 else "Option 9: none of these"
        records.append(grade_response(p, f"reasoning</think>\n\\boxed{{{answer}}}"))
    folder = tmp_path_factory.mktemp("results")
    path = write_records(folder / "eval-out.jsonl", records)
    summary = folder / "eval-summary.json"
    summary.write_text(json.dumps(summarize(records), indent=2), encoding="utf-8")
    return {"path": path, "records": records, "summary": summary, "folder": folder}


def test_eval_out_lines_count_the_paper_rule_per_category(graded: dict) -> None:
    result = read_result(graded["path"])
    assert isinstance(result, AccuracyResult) and result.kind == "eval --out"
    records = graded["records"]
    correct = Counter(r.category for r in records if r.correct)
    total = Counter(r.category for r in records)
    assert {c: (r.correct, r.total) for c, r in result.by_category.items()} == {
        c: (correct[c], total[c]) for c in total
    }
    assert (result.overall.correct, result.overall.total) == (sum(correct.values()), 300)
    assert result.release is not None
    assert result.release.correct == sum(r.release_correct for r in records)


def test_eval_json_and_score_json_agree_with_the_lines(graded: dict, corpus_dir: Path) -> None:
    from recon_data.verifiers.score import score_file

    lines = read_result(graded["path"])
    summary = read_result(graded["summary"])
    assert isinstance(summary, AccuracyResult) and summary.kind == "eval --json"
    score_json = graded["folder"] / "score.json"
    score_json.write_text(json.dumps(score_file(graded["path"], corpus_dir).to_dict()), "utf-8")
    scored = read_result(score_json)
    assert isinstance(scored, AccuracyResult) and scored.kind == "score --json"
    assert isinstance(lines, AccuracyResult)
    # Three files, two producers, one measure: the paper's rule gives the same counts.
    for other in (summary, scored):
        assert other.by_category == lines.by_category
        assert other.overall == lines.overall
    assert summary.release == lines.release and scored.release is None


def test_games_report_reads_the_table4_measure(tmp_path: Path) -> None:
    from recon_data.training.selfplay import run_games

    report, _ = run_games(["prisoners_dilemma", "escalation"], policy="spe", trials=3)
    path = tmp_path / "games.json"
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    result = read_result(path)
    assert isinstance(result, GamesResult) and result.kind == "selfplay"
    assert result.player == "spe"
    # Table 4: NE rate on the matrix game, SPE-path rate on the tree; SPE play scores 1 on both.
    assert result.headline == {"prisoners_dilemma": 1.0, "escalation": 1.0, "overall": 1.0}
    assert result.games["escalation"]["spe_rate"] == 1.0
    assert result.games["prisoners_dilemma"]["spe_rate"] is None
    assert result.reference["Recon-GRPO"]["draco"] == 0.90


def test_overall_table4_and_per_game_table4_win_when_present(tmp_path: Path) -> None:
    report = {
        "games": {
            "stag_hunt": {"trials": 4, "ne_rate": 0.5, "pareto_ne_rate": 0.25, "spe_rate": None,
                          "format_failure_rate": 0.0, "table4": 0.25},
            "draco": {"trials": 4, "ne_rate": 1.0, "pareto_ne_rate": None, "spe_rate": 0.5,
                      "format_failure_rate": 0.125},
        },
        "overall": {"trials": 8, "ne_rate": 0.75, "table4": 0.4},
        "protocol": {"policy": "random"},
    }  # fmt: skip
    path = tmp_path / "g.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    result = read_result(path)
    assert isinstance(result, GamesResult)
    assert result.headline == {"stag_hunt": 0.25, "draco": 0.5, "overall": 0.4}
    assert result.reference == {}  # the charts fall back to the library's Table 4
    del report["overall"]["table4"]  # type: ignore[attr-defined]
    path.write_text(json.dumps(report), encoding="utf-8")
    assert read_result(path).headline["overall"] == pytest.approx((0.25 + 0.5) / 2)  # type: ignore[union-attr]


def test_gtbench_report_is_told_apart(tmp_path: Path) -> None:
    block = {"matches": 10, "normal": 9, "wins": 4, "draws": 1, "win_rate": 4 / 9,
             "win_rate_all": 0.4, "nra": 0.1, "abnormal_rate": 0.1, "format_failure_rate": 0.05}  # fmt: skip
    report = {
        "games": {"tic_tac_toe": block},
        "overall": {"matches": 10, "win_rate": 4 / 9},
        "skipped": {},
        "protocol": {"model": "m", "reference": {"source": "Table 5", "Recon-RL": 0.56}},
    }
    path = tmp_path / "gt.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    result = read_result(path)
    assert isinstance(result, GamesResult) and result.kind == "gtbench"
    assert result.headline["tic_tac_toe"] == pytest.approx(4 / 9)
    assert result.games["tic_tac_toe"]["abnormal_rate"] == 0.1


def test_consistency_blocks_are_collected_wherever_they_appear(tmp_path: Path) -> None:
    data = {
        "correct": 3, "total": 4, "paper_correct": 3, "paper_accuracy": 0.75,
        "consistency": {"all_variants": 0.5, "same_answer": 0.75, "items": [1, 2]},
        "by_category": {
            "pure_nash": {"correct": 3, "total": 4, "paper_correct": 3, "consistency": 0.25},
        },
    }  # fmt: skip
    path = tmp_path / "score.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = read_result(path)
    assert isinstance(result, AccuracyResult)
    assert result.consistency == {
        "all_variants": {"overall": 0.5},
        "same_answer": {"overall": 0.75},
        "consistency": {"pure_nash": 0.25},
    }


BAD_FILES = {
    "empty.json": ("", "empty"),
    "blank.json": ("\n \n", "empty"),
    "text.json": ("hello", "not JSON"),
    "list.json": ("[1, 2]", "not a results file"),
    "other.json": ('{"findings": []}', "not a results file"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "count.json": ('{"by_category": {}, "paper_correct": true, "total": 3}', "'paper_correct'"),
    "over.json": ('{"by_category": {}, "paper_correct": 4, "total": 3}', "exceeds total"),
    "cats.json": ('{"by_category": [], "paper_correct": 1, "total": 3}', "'by_category'"),
    "games.json": ('{"games": {"pd": {"ne_rate": "high"}}, "overall": {}}', "'games.pd.ne_rate'"),
    "nogames.json": ('{"games": {}, "overall": {}}', "'games'"),
    "completions.jsonl": ('{"id": "a", "completion": "x"}\n{"id": "b", "completion": "y"}\n', "score --json"),
    "flag.jsonl": (
        '{"id": "a", "category": "pte", "correct": true, "response": "r"}\n'
        '{"id": "b", "category": "pte", "correct": "yes", "response": "r"}\n',
        "line 2: field 'correct'",
    ),
    "torn.jsonl": (
        '{"id": "a", "category": "pte", "correct": true, "response": "r"}\n{"id": "b", "categ',
        "line 2",
    ),
    "nocat.jsonl": ('{"id": "a", "category": 5, "correct": true, "response": "r"}\n', "'category'"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_results_file_is_one_line_naming_it(name: str, tmp_path: Path) -> None:
    text, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReconDataError) as info:
        read_result(path)
    message = str(info.value)
    assert str(path) in message and expected in message and "\n" not in message


def test_missing_and_binary_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(ReconDataError, match="cannot read"):
        read_result(tmp_path / "absent.json")
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b'{"id": "a", "category": "pte", "correct": true, "response": "r"}\n\xff\xfe\n')
    with pytest.raises(ReconDataError, match="UTF-8"):
        read_result(binary)


def test_a_large_eval_file_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = '{{"id": "x{i}", "category": "{c}", "correct": {v}, "release_correct": false, "response": "{r}"}}\n'
    response = "y" * 2_000
    with path.open("w", encoding="utf-8") as fh:
        for i in range(60_000):
            fh.write(line.format(i=i, c=("pte", "econnli")[i % 2], v="true" if i % 3 else "false", r=response))
    result = read_result(path)
    assert isinstance(result, AccuracyResult)
    assert result.overall.total == 60_000 and result.overall.correct == 40_000
    assert result.by_category["pte"].total == 30_000

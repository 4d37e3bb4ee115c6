"""`score_file` and `recon-data score`: grade a completions file by category, with clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recon_data.errors import ReconDataError
from recon_data.storage import read_problems, read_traces
from recon_data.verifiers.score import score_file


def box(content: str) -> str:
    """A well-formed completion boxing `content`."""
    return f"<think>r</think>\n\\boxed{{{content}}}"


def write_lines(path: Path, rows: list[object]) -> Path:
    """Write rows as JSON lines (strings are written verbatim, for malformed lines)."""
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8"
    )
    return path


INLINE = [
    {"completion": box("Yes"), "answer": "Yes", "category": "econnli"},
    {"completion": box("no"), "answer": "Yes", "answer_kind": "yes_no", "category": "econnli"},
    {"completion": box("B,A"), "answer": "B, A", "category": "econlogicqa"},
    {
        "completion": [{"role": "assistant", "content": box("[(1, 1)]")}],
        "answer": "[[1, 1]]",
        "category": "pte",
    },
    {
        "completion": box("Option 2"),
        "answer": "Option 2: Sell",
        "options": ["Buy", "Sell"],
        "category": "trigger",
    },
    {"completion": "no think tag", "answer": "Option 1: Buy", "category": "trigger"},
    {
        "completion": box("something"),
        "answer": "Option 1: Buy",
        "prompt": "Options:\nOption 1: Buy\nOption 2: Sell",
    },
]


def test_inline_answers_need_no_corpus(tmp_path: Path) -> None:
    report = score_file(write_lines(tmp_path / "c.jsonl", INLINE))
    data = report.to_dict()
    assert (data["correct"], data["total"]) == (3, 7)
    assert data["accuracy"] == pytest.approx(3 / 7)
    assert data["by_status"] == {
        "correct": 3,
        "partial": 1,
        "wrong": 1,
        "unparsed": 1,
        "format_error": 1,
    }
    assert list(data["by_category"]) == [
        "trigger",
        "econlogicqa",
        "econnli",
        "pte",
        "uncategorized",
    ]
    assert (
        data["by_category"]["econnli"].items()
        >= {"correct": 1, "total": 2, "accuracy": 0.5}.items()
    )
    assert data["by_category"]["trigger"]["paper_correct"] == 1  # `Option 2` names the gold
    assert data["paper_correct"] == 4


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        ('{"completion": "x", "answer": "Yes"', None, "invalid JSON"),
        ({"answer": "Yes"}, "completion", "missing completion"),
        ({"completion": 3, "answer": "Yes"}, "completion", "string or a list"),
        ({"completion": "x", "answer": ""}, "answer", "non-empty"),
        (
            {"completion": "x", "answer": "Yes", "answer_kind": "essay"},
            "answer_kind",
            "unknown answer kind",
        ),
        (
            {"completion": "x", "answer": "Yes", "answer_kind": "ordering"},
            "answer",
            "not a ordering",
        ),
        (
            {"completion": "x", "answer": "Option 1: a", "options": "a"},
            "options",
            "list of strings",
        ),
        ({"completion": "x", "answer": "Yes", "category": 7}, "category", "must be a string"),
    ],
)
def test_bad_lines_name_file_line_and_field(
    tmp_path: Path, line: object, field: str | None, reason: str
) -> None:
    path = write_lines(tmp_path / "bad.jsonl", [INLINE[0], line])
    with pytest.raises(ReconDataError) as info:
        score_file(path)
    message = str(info.value)
    assert str(path) in message and "line 2" in message and reason in message
    assert info.value.field == field


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(ReconDataError, match="cannot read"):
        score_file(tmp_path / "nope.jsonl")


def test_ids_are_graded_against_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    problems = read_problems(corpus_dir, "eval")
    rows, expected = [], {}
    for i, problem in enumerate(problems):
        if i % 3 == 0 and problem.answer_kind == "mcq":
            other = 2 if problem.answer.startswith("Option 1:") else 1
            completion = box(f"Option {other}: {problem.options[other - 1]}")
        else:
            completion = box(problem.answer)
            expected[problem.category] = expected.get(problem.category, 0) + 1
        rows.append({"id": problem.id, "completion": completion})
    report = score_file(write_lines(tmp_path / "eval.jsonl", rows), corpus_dir)
    assert report.total == len(problems)
    assert {c: t.correct for c, t in report.by_category.items() if t.correct} == expected
    assert report.overall.by_status["wrong"] == len(problems) - sum(expected.values())


def test_cot_traces_score_through_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    traces = [t for t in read_traces(corpus_dir) if t.problem_id is not None]
    rows = [{"id": t.problem_id, "completion": t.response} for t in traces]
    report = score_file(write_lines(tmp_path / "cot.jsonl", rows), corpus_dir)
    assert report.total == len(traces) > 800
    # Every trace is correct except the few that box an answer inside their reasoning.
    assert report.correct + report.overall.by_status["format_error"] == report.total
    assert report.overall.by_status["format_error"] <= 5


def test_unknown_id_is_named(corpus_dir: Path, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "c.jsonl", [{"id": "no-such-problem", "completion": box("Yes")}])
    with pytest.raises(ReconDataError, match="unknown problem id 'no-such-problem'") as info:
        score_file(path, corpus_dir)
    assert info.value.field == "id" and "line 1" in str(info.value)


def test_default_corpus_is_used_without_corpus_option(release_dir: Path, tmp_path: Path) -> None:
    # conftest points the default source at the release and the cache at a temp folder.
    from recon_data.curation.resolve import default_corpus_dir

    problem = read_problems(default_corpus_dir(), "eval")[0]
    path = write_lines(
        tmp_path / "c.jsonl", [{"id": problem.id, "completion": box(problem.answer)}]
    )
    assert score_file(path).correct == 1


def test_cli_json_and_table(cli, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "c.jsonl", INLINE)
    code, out, err = cli("score", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["correct"], data["total"]) == (3, 7)
    assert set(data) >= {"correct", "total", "accuracy", "by_category", "by_status"}
    assert set(data["by_category"]["econnli"]) >= {"correct", "total", "accuracy"}

    code, out, err = cli("score", path)
    assert code == 0, err
    assert "econlogicqa" in out and "overall" in out and "42.9%" in out


def test_cli_bad_input_is_one_line_and_exit_1(cli, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "c.jsonl", [INLINE[0], {"answer": "Yes"}])
    code, _, err = cli("score", path)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "line 2" in lines[0] and "'completion'" in lines[0]


def _eval_output(corpus_dir: Path, path: Path) -> list[dict[str, object]]:
    """Eval problems answered in assorted ways, saved by eval's own `write_responses`."""
    from recon_data.training.evaluation import EvalReport, grade_response, write_responses

    graded = []
    for i, problem in enumerate(read_problems(corpus_dir, "eval")):
        if problem.answer_kind == "mcq":
            number = int(problem.answer.split(":", 1)[0].split()[1])
            other = 2 if number == 1 else 1
            # Text alone: another option's (-3), and no option's (-5 only with the options).
            answers = [
                problem.answer,
                f"{number}) {problem.options[number - 1]}",
                problem.options[other - 1],
                "an option this problem does not have",
            ]
            response = box(answers[i % len(answers)])
        else:
            response = box(problem.answer) if i % 2 else "no think block"
        graded.append(grade_response(problem, response))
    report = EvalReport(
        model="m", adapter=None, backend="transformers", split="eval", config={}, records=graded
    )
    write_responses(report, path)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_eval_out_files_rescore_as_eval_graded_them(corpus_dir: Path, tmp_path: Path, cli) -> None:
    path = tmp_path / "eval-out.jsonl"
    rows = _eval_output(corpus_dir, path)
    assert "response" in rows[0] and "completion" not in rows[0]
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    assert statuses["unparsed"] and statuses["wrong"] and statuses["format_error"]

    code, out, err = cli("score", path, "--corpus", corpus_dir, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == len(rows) == 300
    assert data["by_status"] == {s: statuses.get(s, 0) for s in data["by_status"]}
    assert data["paper_correct"] == sum(bool(r["correct"]) for r in rows)

    # Without a corpus the inline golds still score, but an mcq text that is no option's
    # cannot be told from another option's text: wrong instead of unparsed.
    plain = score_file(path).to_dict()
    assert plain["total"] == 300
    assert plain["by_status"]["unparsed"] < statuses["unparsed"]


def test_corpus_option_accepts_a_release_folder(release_dir: Path, tmp_path: Path, cli) -> None:
    from recon_data.curation.resolve import cached_build

    problems = read_problems(cached_build(str(release_dir)), "eval")[:20]
    rows = [{"id": p.id, "response": box(p.answer)} for p in problems]
    path = write_lines(tmp_path / "c.jsonl", rows)
    code, out, err = cli("score", path, "--corpus", release_dir, "--json")
    assert code == 0, err
    assert (json.loads(out)["correct"], json.loads(out)["total"]) == (20, 20)


def test_corpus_option_names_a_missing_source(cli, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "c.jsonl", [{"id": "x", "completion": box("Yes")}])
    code, _, err = cli("score", path, "--corpus", tmp_path / "no-such-folder")
    assert code == 1 and "no-such-folder" in err and "not found" in err

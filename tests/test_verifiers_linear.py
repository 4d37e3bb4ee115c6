"""Issue 19: every reader runs in linear time on hostile input of 1 MB, and nothing raises.

Each shape is timed against a trivial linear scan of the same text measured in the same test
(a Python loop over its characters); a reader may cost at most 10 times that. A quadratic
step (the old `<s>(.*?)</s>` on repeated `<s>`, NFKC on a run of alternating combining marks)
costs seconds to minutes here, a linear one a few milliseconds. Figures: docs/verifiers.md,
`benchmarks/bench_verifiers.py`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from recon_data.errors import ReconDataError
from recon_data.games.parsing import read_move
from recon_data.verifiers import GoldError, grade, hierarchical_reward, parse_gold
from recon_data.verifiers.score import score_file

MB = 1_000_000
T = "<think>reasoning</think>\n"
OPTIONS = ("Both firms cooperate", "Both firms defect", "Firm B exits")
LEGAL = ("choice_1", "choice_2", "choice_3")
MARKS = "a" + "\u0301\u0316" * (MB // 2)  # combining marks of alternating classes


def fill(unit: str, size: int = MB) -> str:
    """`unit` repeated to about `size` characters."""
    return unit * max(1, size // len(unit))


def spans(open_: str, close: str, unit: str) -> str:
    """256 different answers of 3,900 characters each (about 1 MB): every one must be read."""
    body = fill(unit, 3900)[:3900]
    return T + "".join(f"{open_}{i} {body}{close}" for i in range(256))


SHAPES: dict[str, str] = {
    "repeated <s> without </s>": T + fill("<s>"),
    "repeated <s>choice": T + fill("<s>choice "),
    "a tag of combining marks": T + "<s>" + MARKS + "</s>",
    "a tag of braces": T + "<s>" + fill("{") + "</s>",
    "a tag of ~~": T + "<s>" + fill("~~") + "</s>",
    "many different tags": T + "".join(f"<s>choice_{i % 997}</s>" for i in range(MB // 16)),
    "combining marks with a full-width o": T + "\uff4fption 2 " + MARKS,
    "a box of combining marks": T + "\\boxed{" + MARKS[:4000] + "}" + MARKS,
    "unbalanced boxes": T + fill("\\boxed{"),
    "many different boxes": T + "".join(f"\\boxed{{{i}}}" for i in range(MB // 10)),
    "nested brackets in a box": T + "\\boxed{" + "(" * 4000 + "1}" + " " * (MB - 4100),
    "bare choice mentions": T + fill("choice_1 "),
    "repeated </think>": fill("</think>"),
    "spaces": T + fill(" "),
    "option and spaces": T + fill("option" + " " * 50),
    "Option 2 repeated": T + fill("Option 2 "),
    "negations and reasons": T + fill("not wrong, because either or / "),
    "one digit run": T + fill("9"),
    "superscript digits in a tag": T + "<s>" + fill("\u00b2") + "</s>",
    "different boxes of alternatives": spans("\\boxed{", "}", "Yes or No / "),
    "different boxes of options": spans("\\boxed{", "}", "Option 1 or no "),
    "different boxes of braces": spans("\\boxed{", "}", "{a} "),
    "different tags of choices": spans("<s>", "</s>", "choice_1 or choice_2 "),
    "different tags of braces": spans("<s>", "</s>", "{a} "),
}


def _cpu(call: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    return best


def _trivial_scan(text: str) -> int:
    return sum(1 for ch in text if ch == "\x00")


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_reader_is_linear_on_hostile_text(name: str) -> None:
    text = SHAPES[name]
    reference = _cpu(lambda: _trivial_scan(text))
    readers: dict[str, Callable[[], object]] = {
        f"grade {gold}": (lambda g=gold: grade(text, g, options=OPTIONS))
        for gold in ("Option 2: Both firms defect", "Yes", "B, A, D, C", "[[0, 1]]")
    }
    readers["grade numeric"] = lambda: grade(text, "4/17", "numeric")
    formula = "(a - c)/(3*b) where 0 < c < a, 0 < b"
    readers["grade expression"] = lambda: grade(text, formula, "expression")
    for parser in ("auto", "tag", "boxed", "bare"):
        readers[f"read_move {parser}"] = lambda p=parser: read_move(text, LEGAL, p)
    for what, call in readers.items():
        cost = _cpu(call, repeat=2)
        assert cost <= 10 * reference + 0.005, f"{what}: {cost:.3f}s vs scan {reference:.3f}s"


def test_the_issues_crashes_give_a_status_not_an_exception() -> None:
    nested = "\\boxed{" + "(" * 197 + "1}"
    verdict = grade(T + nested, "1", "numeric")
    assert (verdict.status, verdict.reading) == ("unparsed", "illegal")
    with pytest.raises(GoldError):
        parse_gold("(" * 197 + "1" + ")" * 197, "numeric")
    with pytest.raises(GoldError):
        parse_gold("[" * 100_000 + "]" * 100_000)
    with pytest.raises(GoldError):
        parse_gold("[[" + "9" * 5000 + ", 1]]", "profile_set")
    # `²³` is 23 once normalised (NFKC), which is no legal action; `int()` is never surprised.
    assert read_move(T + "<s>\u00b2\u00b3</s>", LEGAL).status == "illegal"
    assert read_move(T + "<s>choice_" + "9" * 5000 + "</s>", LEGAL).status == "illegal"
    assert hierarchical_reward(completions=[T + nested], answer=["1"]) == [-5.0]


def _write(path: Path, line: str) -> Path:
    path.write_text(line + "\n", encoding="utf-8")
    return path


def test_score_reports_hostile_files_in_one_line(tmp_path: Path) -> None:
    deep = _write(
        tmp_path / "deep.jsonl", '{"id": "x", "completion": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    with pytest.raises(ReconDataError, match="nested too deeply") as err:
        score_file(deep)
    assert "\n" not in str(err.value)
    big = _write(tmp_path / "big.jsonl", '{"id": "x", "completion": "a", "n": ' + "9" * 5000 + "}")
    with pytest.raises(ReconDataError, match="4300 digits"):
        score_file(big)
    # A megabyte of combining marks in an answer: graded in linear time, not in minutes.
    record = {"answer": "Option 2: b", "options": ["a", "b"], "completion": T + MARKS}
    marks = _write(tmp_path / "marks.jsonl", json.dumps(record))
    reference = _cpu(lambda: _trivial_scan(MARKS), repeat=2)
    start = time.process_time()
    report = score_file(marks)
    assert report.total == 1 and report.overall.by_status["unparsed"] == 1
    assert time.process_time() - start <= 10 * reference + 0.05

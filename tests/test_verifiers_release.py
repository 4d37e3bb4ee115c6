"""The verifiers on the real release: every gold, every other option, every CoT trace.

The release CSVs are read at run time from ../shared/recon-release through conftest's
`release_dir` fixture (which fails under CI and skips elsewhere when they are missing).
"""

from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from recon_data.categories import CATEGORIES
from recon_data.verifiers import grade, infer_kind, parse_gold
from recon_data.verifiers.normalize import options_from_prompt
from recon_data.verifiers.release import release_reward


@dataclass(frozen=True)
class Row:
    """One train/eval problem as released."""

    split: str
    index: int
    prompt: list[dict[str, str]]
    answer: str

    @property
    def text(self) -> str:
        """The user message."""
        return self.prompt[-1]["content"]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def problems(release_dir: Path) -> tuple[Row, ...]:
    """Every train and eval row, with the prompt parsed from its Python-literal form."""
    rows = []
    for split in ("train", "eval"):
        for i, raw in enumerate(_read_csv(release_dir / f"{split}_dataset.csv")):
            rows.append(Row(split, i, ast.literal_eval(raw["prompt"]), raw["answer"]))
    return tuple(rows)


@pytest.fixture(scope="module")
def cot_rows(release_dir: Path) -> tuple[dict[str, str], ...]:
    """Every Recon-CoT row (plain-text prompt and response)."""
    return tuple(_read_csv(release_dir / "sft_cot_dataset.csv"))


def loose_key(text: str) -> str:
    """Prompt key that ignores case, whitespace, punctuation and mis-encoded characters."""
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def mcq_parts(answer: str) -> tuple[int, str]:
    """(number, text) of an `Option N: text` gold."""
    number, text = answer.split(":", 1)
    return int(number.split()[1]), text.strip()


def boxed(content: str) -> str:
    """The minimal well-formed completion for a boxed answer."""
    return f"</think>\n\\boxed{{{content}}}"


def test_answer_kinds_match_the_category_table(problems: tuple[Row, ...]) -> None:
    by_kind: Counter[tuple[str, str | None]] = Counter(
        (row.split, infer_kind(row.answer)) for row in problems
    )
    expected: Counter[tuple[str, str | None]] = Counter()
    for cat in CATEGORIES:
        kind = cat.answer_kinds[0]  # the release has no numeric problems
        expected[("train", kind)] += cat.train_count
        expected[("eval", kind)] += cat.eval_count
    assert by_kind == expected


def test_every_gold_grades_correct_when_boxed(problems: tuple[Row, ...]) -> None:
    failures = []
    for row in problems:
        for prompt in (row.prompt, None):  # with options from the prompt, and without any
            verdict = grade(boxed(row.answer), row.answer, prompt=prompt)
            if (verdict.status, verdict.reward) != ("correct", 5.0):
                failures.append((row.split, row.index, verdict))
    assert failures == []


def test_every_mcq_prompt_lists_the_gold_option(problems: tuple[Row, ...]) -> None:
    for row in problems:
        if infer_kind(row.answer) != "mcq":
            continue
        options = options_from_prompt(row.text)
        number, text = mcq_parts(row.answer)
        assert options is not None and 2 <= len(options) <= 5, (row.split, row.index)
        assert options[number - 1].rstrip(".") == text.rstrip("."), (row.split, row.index)


def test_every_other_option_grades_wrong(problems: tuple[Row, ...]) -> None:
    counts: Counter[str] = Counter()
    for row in problems:
        if infer_kind(row.answer) != "mcq":
            continue
        options = options_from_prompt(row.text)
        assert options is not None
        gold_number, _ = mcq_parts(row.answer)
        for number, text in enumerate(options, 1):
            if number == gold_number:
                continue
            for content in (f"Option {number}: {text}", f"Option {number}"):
                verdict = grade(boxed(content), row.answer, prompt=row.prompt)
                assert (verdict.status, verdict.reward) == ("wrong", -3.0), (row.index, content)
                counts["wrong"] += 1
    assert counts["wrong"] > 3000


SEPARATED_FORMS = (
    "Option {n} - {t}",
    "Option {n}) {t}",
    "Option {n} ({t})",
    "{n}. {t}",
    "({n}) {t}",
)


def test_every_option_written_with_other_separators(problems: tuple[Row, ...]) -> None:
    # Release option texts such as `0.90` or `175 dollars 148 days from now` start with
    # a number; written alone they must stay texts, never be cut into a number and a text.
    counts: Counter[str] = Counter()
    for row in problems:
        if infer_kind(row.answer) != "mcq":
            continue
        options = options_from_prompt(row.text)
        assert options is not None
        gold_number, _ = mcq_parts(row.answer)
        for number, text in enumerate(options, 1):
            expected = "correct" if number == gold_number else "wrong"
            for form in SEPARATED_FORMS:
                content = form.format(n=number, t=text)
                verdict = grade(boxed(content), row.answer, options=options)
                assert verdict.status == expected, (row.split, row.index, content)
            alone = grade(boxed(text), row.answer, options=options)
            gold_among = gold_number in [i for i, t in enumerate(options, 1) if t == text]
            assert alone.status == ("partial" if gold_among else "wrong"), (row.index, text)
            counts[expected] += 1
    assert counts["correct"] > 1000 and counts["wrong"] > 3000


def test_every_other_answer_grades_wrong_for_the_other_kinds(
    problems: tuple[Row, ...],
) -> None:
    for row in problems:
        gold = parse_gold(row.answer)
        if gold.kind == "yes_no":
            others = ["No" if gold.value == "Yes" else "Yes"]
        elif gold.kind == "ordering":
            letters = list(gold.value)
            others = [", ".join(letters[1:] + letters[:1]), ", ".join(reversed(letters))]
        elif gold.kind == "profile_set":
            pairs = set(gold.value)
            flipped = pairs ^ {(1, 1)}  # add or remove one profile
            others = ["[" + ", ".join(f"[{i}, {j}]" for i, j in sorted(flipped)) + "]"]
        else:
            continue
        for other in others:
            verdict = grade(boxed(other), row.answer)
            assert (verdict.status, verdict.reward) == ("wrong", -3.0), (row.index, other)


def _variant(content: str, kind: str) -> str:
    """What a careful model may write for the same answer, in a shape the release rejects."""
    if kind == "mcq":
        return content[:-1] if content.endswith(".") else content + "."
    if kind == "yes_no":
        return f"\\text{{{content}}}"
    if kind == "ordering":
        return content.replace(" ", "")
    pairs = re.findall(r"\[(\d+), (\d+)\]", content)
    return "[" + ", ".join(f"({i}, {j})" for i, j in reversed(pairs)) + " ]"


def test_cot_traces_grade_against_their_problems(
    problems: tuple[Row, ...],
    cot_rows: tuple[dict[str, str], ...],
    capsys: pytest.CaptureFixture[str],
) -> None:
    by_key: dict[str, Row] = {}
    for row in problems:
        by_key.setdefault(loose_key(row.text), row)
    unmatched, statuses = [], Counter()
    under_credited = 0
    variants_ours, variants_release = Counter(), Counter()
    for i, cot in enumerate(cot_rows):
        row = by_key.get(loose_key(cot["prompt"]))
        if row is None:
            unmatched.append(i)
            continue
        response = cot["response"]
        verdict = grade(response, row.answer, prompt=cot["prompt"])
        statuses[verdict.status] += 1
        release = release_reward(response, row.answer)
        assert verdict.reward >= release, (i, verdict, release)  # never stricter than the release
        under_credited += release < verdict.reward

        think_end = response.find("</think>")
        well_formed = response.count("</think>") == 1 and "\\boxed" not in response[:think_end]
        if not well_formed:
            assert verdict.status == "format_error", i
            continue
        assert verdict.status == "correct", (i, verdict)
        box_start = response.index("\\boxed{", think_end) + len("\\boxed{")
        box_end = response.index("}", box_start)
        variant = _variant(response[box_start:box_end], verdict.kind)
        rewritten = response[:box_start] + variant + response[box_end:]
        variants_ours[grade(rewritten, row.answer, prompt=cot["prompt"]).reward] += 1
        variants_release[release_reward(rewritten, row.answer)] += 1

    assert unmatched == []
    assert len(cot_rows) == 866
    # The traces were kept by the release's own exact-match filter, so it agrees on all of
    # them; measured here: 863 correct, 3 with a box inside the reasoning.
    assert statuses["correct"] >= 860
    assert under_credited == 0
    # Rewritten as a careful model might (trailing period toggled, \text{} wrapper, no
    # spaces, tuples in another order), every answer stays +5 for us and loses credit in
    # the release's code: measured 863 of 863.
    assert variants_ours == {5.0: statuses["correct"]}
    assert sum(n for reward, n in variants_release.items() if reward < 5.0) >= 860
    with capsys.disabled():
        print(
            f"\nCoT: {sum(statuses.values())} matched, statuses {dict(statuses)}; "
            f"release under-credits {under_credited} as released and "
            f"{sum(n for r, n in variants_release.items() if r < 5.0)} of "
            f"{sum(variants_release.values())} careful rewrites (rewards {dict(variants_release)})"
        )


def test_pte_answers_in_the_prompts_own_format_are_correct(problems: tuple[Row, ...]) -> None:
    # The PTE prompts ask for `\boxed{[i, j]}` while their golds read `[[i, j]]`.
    asked_single = [row for row in problems if "\\boxed{[i, j]}" in row.text and row.answer != "[]"]
    assert len(asked_single) >= 80  # measured: 70 train + 17 eval
    for row in asked_single:
        (pair,) = parse_gold(row.answer).value
        written = boxed(f"[{pair[0]}, {pair[1]}]")
        assert grade(written, row.answer).reward == 5.0
        assert release_reward(written, row.answer) == -3.0

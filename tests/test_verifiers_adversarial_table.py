"""Issue 19: adversarial completions written against real golds, graded as a careful grader would.

Every Recon-Eval problem (its gold, kind and options read from the release at run time) gets
templates of negations, hedges, non-answers and legitimate notation. No negation, hedge or
non-answer earns a positive reward; the notation earns what the plain answer earns. The same
table goes through evaluation (`recon-data eval`'s `grade_response`, `recon-data score`'s
`score_records`) and training (`hierarchical_reward` with TRL's batch shape): they agree on
every completion.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from recon_data.answers.mcq import parse_mcq_gold, text_key
from recon_data.training.evaluation import grade_response
from recon_data.verifiers import hierarchical_reward
from recon_data.verifiers.rows import grpo_row
from recon_data.verifiers.score import score_records

# Slow: grades 32,760 completions. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

NEGATIONS = [
    "not {g}",
    "NOT {g}",
    "definitely not {g}",
    "{g} (wrong)",
    "{g} is wrong",
    "{g} is incorrect",
    "{g} - incorrect",
    "anything but {g}",
    "never {g}",
    "\\neg {g}",
    "\u00ac {g}",
    "{g}. Not really",
    "I would not choose {g}",
    "{g} is ruled out",
    "except {g}",
    "{g} (false)",
    "it is not {g}",
    "{g} \u2717",
]
HEDGES = [
    "{g} or {o}",
    "{o} or {g}",
    "{g}/{o}",
    "{g}, possibly {o}",
    "{g} (or {o})",
    "either {g} or {o}",
    "{g} and/or {o}",
    "{g}, or possibly {o}",
    "{g} or maybe {o}",
    "{g}; perhaps {o}",
    "{g} or something else",
    "{g} or not",
]
NON_ANSWERS = ["I don't know", "none", "N/A", "?", "see above", "cannot be determined", "Option"]
NOTATION = [
    "**{g}**",
    "{g}\u200f",
    "\u200e{g}\u200e",
    "\\textbf{{{g}}}",
    "\\text{{{g}}}",
    "\u201c{g}\u201d",
    "The answer is {g}",
    "~~{o}~~ {g}",
]
ORDERING_NOTATION = ["({0})", "{0} \u27f9 ", "{0} \u2192 ", "{0} \\Rightarrow "]


@dataclass(frozen=True)
class Case:
    """One adversarial completion for one problem, and what it must earn."""

    family: str
    problem: object
    completion: str
    expect: float | None = None  # the exact reward (notation), None for "negative"


def box(content: str) -> str:
    """A completion that reasons, closes its reasoning and boxes `content`."""
    return f"<think>Working it out.</think>\n\nFinal answer: \\boxed{{{content}}}"


def _forms(problem) -> tuple[list[str], list[str]]:
    """The gold as a model writes it, and another answer in the same forms (same order)."""
    if problem.answer_kind == "mcq":
        number, text = parse_mcq_gold(problem.answer)
        others = [
            (i, o)
            for i, o in enumerate(problem.options, 1)
            if i != number and text_key(o) != text_key(text)
        ]
        m, other = others[0]
        return [problem.answer, f"Option {number}", text], [
            f"Option {m}: {other}",
            f"Option {m}",
            other,
        ]
    if problem.answer_kind == "yes_no":
        return [problem.answer], ["No" if problem.answer == "Yes" else "Yes"]
    if problem.answer_kind == "ordering":
        letters = [x.strip() for x in problem.answer.split(",")]
        swapped = [letters[1], letters[0], *letters[2:]]
        return [problem.answer], [", ".join(swapped)]
    other = "[[0, 0]]" if problem.answer.strip() != "[[0, 0]]" else "[[1, 1]]"
    return [problem.answer], [other]


def _plain_reward(problem, form: str) -> float:
    """What the plain boxed form earns: +5, or +2 for an mcq answer by number or text alone."""
    return 5.0 if form == problem.answer or problem.answer_kind != "mcq" else 2.0


def build_cases(problems) -> list[Case]:
    """Every template applied to every problem's gold forms."""
    cases: list[Case] = []
    for p in problems:
        golds, others = _forms(p)
        known = {text_key(o) for o in p.options}
        for g, o in zip(golds, others, strict=True):
            cases += [Case("negation", p, box(t.format(g=g))) for t in NEGATIONS]
            cases += [Case("hedge", p, box(t.format(g=g, o=o))) for t in HEDGES]
            cases.append(
                Case(
                    "hedge",
                    p,
                    box(g) + " or maybe " + box(o)[len("<think>Working it out.</think>") :],
                )
            )
            cases += [
                Case("notation", p, box(t.format(g=g, o=o)), _plain_reward(p, g)) for t in NOTATION
            ]
        if p.answer_kind == "mcq":
            number, _ = parse_mcq_gold(p.answer)
            cases.append(Case("hedge", p, box(f"Option {number}, or possibly {number % 4 + 1}")))
        if p.answer_kind == "ordering":
            letters = [x.strip() for x in p.answer.split(",")]
            for t in ORDERING_NOTATION:
                written = (
                    ", ".join(t.format(x) for x in letters)
                    if "(" in t
                    else "".join(t.format(x) for x in letters[:-1]) + letters[-1]
                )
                cases.append(Case("notation", p, box(written), 5.0))
        for text in NON_ANSWERS:
            if text_key(text) not in known:
                cases.append(Case("non-answer", p, box(text)))
        cases += [
            Case("non-answer", p, "<think>So the answer is clear.</think> Hard to say."),
            Case("non-answer", p, "<think>so " + golds[0] + " looks right, but wait, let me"),
            Case("non-answer", p, box(golds[0]) + "</think>"),
            Case("non-answer", p, "\\boxed{" + golds[0] + "}</think>" + box(golds[0])),
            Case("non-answer", p, box("")),
        ]
    return cases


@pytest.fixture(scope="module")
def eval_problems(corpus_dir: Path) -> list:
    from recon_data.storage import read_problems

    return [p for p in read_problems(corpus_dir, "eval")]


@pytest.fixture(scope="module")
def table(eval_problems: list) -> list[Case]:
    cases = build_cases(eval_problems)
    assert len(cases) > 10_000  # several hundred per family, against every kind of gold
    return cases


def _training(cases: list[Case]) -> list[float | None]:
    """The GRPO reward exactly as TRL calls it: chat messages, one row per completion."""
    rows = [grpo_row(c.problem) for c in cases]
    return hierarchical_reward(
        prompts=[r["prompt"] for r in rows],
        completions=[[{"role": "assistant", "content": c.completion}] for c in cases],
        answer=[r["answer"] for r in rows],
        answer_kind=[r["answer_kind"] for r in rows],
        options=[r["options"] for r in rows],
        problem_id=[r["problem_id"] for r in rows],
    )


@pytest.fixture(scope="module")
def training(table: list[Case]) -> list[float | None]:
    return _training(table)


@pytest.fixture(scope="module")
def evaluation(table: list[Case]) -> list:
    """`recon-data eval`'s grading of each completion (`training.evaluation.grade_response`)."""
    return [grade_response(c.problem, c.completion) for c in table]


def test_no_negation_hedge_or_non_answer_earns_a_positive_reward(
    table: list[Case], training: list[float | None]
) -> None:
    by_family: Counter[str] = Counter()
    for case, reward in zip(table, training, strict=True):
        by_family[case.family] += 1
        if case.expect is None:
            assert reward is not None and reward < 0, (case.family, case.completion, reward)
        else:
            assert reward == case.expect, (case.family, case.completion, reward)
    assert min(by_family.values()) >= 300, by_family


def test_negations_and_hedges_are_named_as_such(table: list[Case], evaluation: list) -> None:
    readings: dict[str, Counter[str]] = {}
    for case, graded in zip(table, evaluation, strict=True):
        readings.setdefault(case.family, Counter())[graded.verdict["reading"]] += 1
    # A negation is read as one (or as no answer of the kind: `No. Not really` for a yes/no).
    assert set(readings["negation"]) <= {"negated", "illegal"}
    assert readings["negation"]["negated"] >= 0.9 * sum(readings["negation"].values())
    assert set(readings["hedge"]) <= {"hedged", "negated", "illegal"}
    assert readings["hedge"]["hedged"] >= 0.8 * sum(readings["hedge"].values())
    assert set(readings["non-answer"]) <= {"missing", "illegal", "truncated", "format", "negated"}
    assert set(readings["notation"]) == {"answered"}


def test_evaluation_and_training_agree_on_every_completion(
    table: list[Case], training: list[float | None], evaluation: list, corpus_dir: Path
) -> None:
    for case, reward, graded in zip(table, training, evaluation, strict=True):
        assert reward == graded.reward, (case.completion, reward, graded.status)
        assert graded.correct == (
            graded.status == "correct"
            or (graded.status == "partial" and graded.verdict["paper_correct"])
        )
    rows = [(i, {"id": c.problem.id, "completion": c.completion}) for i, c in enumerate(table, 1)]
    report = score_records(rows, corpus_dir)
    expected = Counter(g.status for g in evaluation)
    assert {s: n for s, n in report.overall.by_status.items() if n} == dict(expected)

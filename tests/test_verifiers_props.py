"""Property tests: the verifiers never raise, stay fast on hostile input, and normalise."""

from __future__ import annotations

import string
import threading
import time
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon_data.verifiers import REWARDS, grade, hierarchical_reward

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOLDS = [
    ("Option 2: Both firms defect", "mcq"),
    ("Yes", "yes_no"),
    ("B, A, D, C", "ordering"),
    ("[[0, 1], [2, 2]]", "profile_set"),
    ("[]", "profile_set"),
    ("-12.5", "numeric"),
]
FRAGMENTS = [
    "</think>",
    "<think>",
    "\\boxed{",
    "\\boxed {",
    "{",
    "}",
    "\\text{",
    "\\frac{1}{2}",
    "$",
    "\\$",
    "Option 2",
    "Option 2: Both firms defect",
    "Yes",
    "no",
    "B, A, D, C",
    "[[0, 1]]",
    "(2, 2)",
    "->",
    "\\to",
    "~",
    "\\%",
    ".",
    " ",
    "\n",
    "9^9^9",
    "1,234.5",
    "∅",
    "→",
    "\x00",
    "\ud7ff",
]


def box(content: str) -> str:
    """A well-formed completion boxing `content`."""
    return f"<think>r</think>\n\\boxed{{{content}}}"


hostile_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map("".join),
)


@PROPS
@given(text=hostile_text, gold=st.sampled_from(GOLDS))
def test_grade_never_raises_and_reward_matches_status(text: str, gold: tuple[str, str]) -> None:
    verdict = grade(text, gold[0], prompt="Options:\nOption 1: a\nOption 2: Both firms defect")
    assert verdict.reward == REWARDS[verdict.status]
    assert verdict.kind == gold[1]
    assert not (verdict.hedged and verdict.status != "wrong")


@PROPS
@given(
    texts=st.lists(hostile_text, max_size=6), answers=st.lists(st.sampled_from(GOLDS), max_size=6)
)
def test_reward_never_raises(texts: list[str], answers: list[tuple[str, str]]) -> None:
    rewards = hierarchical_reward(prompts=None, completions=texts, answer=[a for a, _ in answers])
    assert len(rewards) == len(texts)
    if len(answers) == len(texts):
        assert set(rewards) <= set(REWARDS.values())  # every gold here parses
    else:
        assert set(rewards) <= {None}  # the columns do not line up: no row can be graded


letters_strategy = st.integers(2, 8).flatmap(
    lambda n: st.permutations([chr(ord("A") + i) for i in range(n)])
)


@PROPS
@given(
    letters=letters_strategy,
    separator=st.sampled_from(
        [", ", ",", ";", " ", " -> ", " → ", " \\to ", " \\rightarrow ", " > "]
    ),
    lower=st.booleans(),
)
def test_any_written_ordering_of_the_gold_is_correct(
    letters: list[str], separator: str, lower: bool
) -> None:
    gold = ", ".join(letters)
    written = separator.join(letters)
    assert grade(box(written.lower() if lower else written), gold).status == "correct"
    swapped = [letters[1], letters[0], *letters[2:]]
    assert grade(box(separator.join(swapped)), gold).status == "wrong"


pairs_strategy = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=6)


@PROPS
@given(
    pairs=pairs_strategy,
    order=st.randoms(use_true_random=False),
    tuples=st.booleans(),
    outer=st.booleans(),
)
def test_any_written_profile_set_of_the_gold_is_correct(
    pairs: list[tuple[int, int]], order: object, tuples: bool, outer: bool
) -> None:
    gold = "[" + ", ".join(f"[{i}, {j}]" for i, j in sorted(set(pairs))) + "]"
    shown = pairs + pairs[:2]  # repeats
    order.shuffle(shown)  # type: ignore[attr-defined]
    left, right = ("(", ")") if tuples else ("[", "]")
    body = ", ".join(f"{left}{i},{j}{right}" for i, j in shown)
    written = f"[{body}]" if outer or not shown else body
    assert grade(box(written), gold).status == "correct"


# Letters whose upper case folds back to themselves (`ı` would not: its upper case is `I`).
option_text = st.text(
    alphabet=string.ascii_letters + string.digits + " ,;'-()!?éßø", min_size=1, max_size=40
).filter(lambda t: t.strip(" ") and not t.strip().isdigit())


@PROPS
@given(
    texts=st.lists(
        option_text, min_size=2, max_size=5, unique_by=lambda t: " ".join(t.casefold().split())
    ),
    data=st.data(),
)
def test_mcq_gold_written_loosely_is_correct_and_others_wrong(
    texts: list[str], data: st.DataObject
) -> None:
    options = [t.strip() for t in texts]
    number = data.draw(st.integers(1, len(options)))
    gold = f"Option {number}: {options[number - 1]}"
    written = data.draw(
        st.sampled_from(
            [
                f"Option {number}: {options[number - 1]}.",
                f"option {number}:   {options[number - 1].upper()}",
                f"\\text{{Option {number}: {options[number - 1]}}}",
            ]
        )
    )
    assert grade(box(written), gold, options=options).status == "correct"
    other = number % len(options) + 1
    verdict = grade(box(f"Option {other}: {options[other - 1]}"), gold, options=options)
    assert verdict.status == "wrong"


@PROPS
@given(
    texts=st.lists(
        option_text.filter(lambda t: t.strip()[0].isalpha()),
        min_size=2,
        max_size=5,
        unique_by=lambda t: " ".join(t.casefold().split()),
    ),
    form=st.sampled_from(
        ["Option {n} - {t}", "Option {n}) {t}", "Option {n} ({t})", "{n}. {t}", "({n}) {t}"]
    ),
    data=st.data(),
)
def test_mcq_any_separator_reads_number_and_text(
    texts: list[str], form: str, data: st.DataObject
) -> None:
    options = [t.strip() for t in texts]
    number = data.draw(st.integers(1, len(options)))
    gold = f"Option {number}: {options[number - 1]}"
    written = form.format(n=number, t=options[number - 1])
    assert grade(box(written), gold, options=options).status == "correct"
    other = number % len(options) + 1
    for n, t in ((other, options[number - 1]), (number, options[other - 1])):
        assert grade(box(form.format(n=n, t=t)), gold, options=options).status == "wrong"


@PROPS
@given(
    value=st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=1000),
    style=st.sampled_from(["fraction", "latex", "decimal"]),
)
def test_numeric_forms_of_the_gold_are_correct(value: Fraction, style: str) -> None:
    gold = f"{value.numerator}/{value.denominator}"
    if style == "fraction":
        written = gold
    elif style == "latex":
        sign = "-" if value < 0 else ""
        written = f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    else:
        written = f"{float(value):.12g}"
    assert grade(box(written), gold, kind="numeric").status == "correct"


HUGE = 1_000_000
HOSTILE = {
    "boxes_never_closed": "</think>" + "\\boxed{" * (HUGE // 7),
    "open_braces": "</think>\\boxed{" + "{" * HUGE,
    "deep_balanced": "</think>\\boxed{" + "{" * 5000 + "x" + "}" * 5000 + "}" + "\\boxed{y}" * 1000,
    "many_different_boxes": "</think>" + "".join(f"\\boxed{{Option {i}}}" for i in range(60_000)),
    "long_reasoning": "<think>" + "δ → payoff { } $ " * (HUGE // 16) + "</think>\\boxed{Yes}",
    "unicode_noise": "</think>" + "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(HUGE)),
    "think_tags_everywhere": "</think>" * (HUGE // 8),
    # Shapes that make naive regexes backtrack exponentially or quadratically.
    "long_number_then_junk": "</think>\\boxed{2*" + "1" * 190 + "x}",
    "dots_and_spaces": "</think>\\boxed{" + ". " * 2000 + "x}",
    "option_lead_spaces": "</think>" + "\\boxed{Option (" + " " * 4000 + "2 " + "(" * 60 + "}" * 64,
    "number_lead_parens": "</think>" + ("\\boxed{(2" + " " * 4000 + ") " + ":" * 50 + "}") * 64,
    "brace_pairs_unclosed": "</think>" + ("\\boxed{" + "{}" * 2000 + "{") * 64,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs_return_quickly(name: str) -> None:
    text = HOSTILE[name]
    for gold in ("Option 2: Both firms defect", "Yes", "B, A, D, C", "[[0, 1]]", "1/3"):
        start = time.perf_counter()
        verdict = grade(text, gold)
        elapsed = time.perf_counter() - start
        assert verdict.reward == REWARDS[verdict.status]
        # Measured at 1-10 ms on one core; the bound leaves room for a busy shared machine.
        assert elapsed < 0.25, (name, gold, elapsed)


def test_reward_is_thread_safe_and_deterministic() -> None:
    completions = [
        box(c) for c in ("Yes", "No", "B,A,D,C", "[(2,2),(0,1)]", "Option 2", "\\sqrt{4}")
    ]
    answers = ["Yes", "Yes", "B, A, D, C", "[[0, 1], [2, 2]]", "Option 2: x", "2"]
    expected = hierarchical_reward(prompts=None, completions=completions, answer=answers)
    results: list[list[float]] = []

    def work() -> None:
        for _ in range(50):
            results.append(
                hierarchical_reward(prompts=None, completions=completions, answer=answers)
            )

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert expected == [5.0, -3.0, 5.0, 5.0, 2.0, 5.0]
    assert len(results) == 200 and all(r == expected for r in results)

"""Issue 15: what a policy under GRPO would try, each with the reward a careful grader gives."""

from __future__ import annotations

import time

import pytest

from recon_data.verifiers import format_reward, grade
from recon_data.verifiers.release import release_reward

OPTIONS = (
    "Both firms cooperate every period",
    "Both firms defect every period",
    "Firm A's rival \u2013 firm B \u2013 exits",
    "Firm B exits the market",
)
GOLD2 = "Option 2: Both firms defect every period"
GOLD1 = "Option 1: Both firms cooperate every period"
ALL_FOUR = ", ".join(f"Option {i}" for i in range(1, 5))
ALL_FOUR_TEXTS = ", ".join(f"Option {i}: {t}" for i, t in enumerate(OPTIONS, 1))


def boxed(*contents: str) -> str:
    """A completion that reasons, closes the think block and boxes each content in turn."""
    return "<think>reasoning</think>\n\n" + " then ".join(f"\\boxed{{{c}}}" for c in contents)


def reward(completion: str, gold: str, kind: str | None = None) -> float:
    """The hierarchical reward of one completion, options given."""
    return grade(completion, gold, kind, options=OPTIONS).reward


# --- hedging inside one box: -3 -----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "gold"),
    [
        ("Option 2 or Option 3", GOLD2),
        ("Option 2/3", GOLD2),
        ("Options 2 and 3", GOLD2),
        ("2 or 3", GOLD2),
        (ALL_FOUR, GOLD1),
        (ALL_FOUR_TEXTS, GOLD1),
        (f"{OPTIONS[0]} or {OPTIONS[1]}", GOLD1),
    ],
)
def test_one_box_naming_several_options_is_a_hedge(content: str, gold: str) -> None:
    verdict = grade(boxed(content), gold, options=OPTIONS)
    assert (verdict.status, verdict.reward, verdict.hedged) == ("wrong", -3.0, True)
    assert format_reward(completions=[boxed(content)], answer=[gold], options=[OPTIONS]) == [0.0]


@pytest.mark.parametrize(
    ("content", "gold", "kind"),
    [
        ("Yes or No", "Yes", None),
        ("Yes/No", "Yes", None),
        ("B, A, D, C or A, B, C, D", "B, A, D, C", None),
        ("[[0, 1]] or [[1, 0]]", "[[0, 1]]", None),
        ("\\frac12 \\text{ or } \\frac13", "1/2", "numeric"),
        ("x = 1 or x = 2", "1", "numeric"),
    ],
)
def test_one_box_naming_several_answers_of_any_kind_is_a_hedge(
    content: str, gold: str, kind: str | None
) -> None:
    verdict = grade(boxed(content), gold, kind)
    assert (verdict.reward, verdict.hedged) == (-3.0, True)


def test_one_answer_written_two_ways_is_no_hedge() -> None:
    assert reward(boxed("1/2 or 0.5"), "1/2", "numeric") == 5.0
    assert reward(boxed("Option 2 - Both firms defect every period"), GOLD2) == 5.0


# --- later boxes are read leniently --------------------------------------------------


@pytest.mark.parametrize(
    ("first", "later", "gold"),
    [
        ("Yes", "Nope", "Yes"),
        ("Yes", "NO!", "Yes"),
        ("No", "Yeah", "No"),
        ("Option 2", "Option three", GOLD2),
        (f"Option 2: {OPTIONS[1]}", f"Option 2: {OPTIONS[2]}", GOLD2),  # gold number, other text
    ],
)
def test_a_second_answer_in_a_later_box_is_a_hedge(first: str, later: str, gold: str) -> None:
    verdict = grade(boxed(first, later), gold, options=OPTIONS)
    assert (verdict.reward, verdict.hedged) == (-3.0, True)


def test_contradicting_box_past_the_64th_is_seen() -> None:
    completion = boxed(*(["Yes"] * 100), "No")
    assert grade(completion, "Yes").hedged
    agreeing = boxed(*(["Yes", "yes", "\\text{Yes}"] * 40))
    assert grade(agreeing, "Yes").reward == 5.0


# --- decoration a careful grader ignores: +5 -----------------------------------------


@pytest.mark.parametrize(
    ("content", "gold"),
    [
        ("Yes!", "Yes"),
        ('"Yes"', "Yes"),
        ("{Yes}", "Yes"),
        ("\u201cYes\u201d", "Yes"),
        ("\uff39\uff45\uff53", "Yes"),  # full-width
        ("Y\u200bes", "Yes"),  # zero-width space
        ("(B, A, D, C)", "B, A, D, C"),
        ("[B, A, D, C]", "B, A, D, C"),
        ("BADC", "B, A, D, C"),
        ("B - A - D - C", "B, A, D, C"),
        ("B, A, D, and C", "B, A, D, C"),
        ("B \u2013 A \u2013 D \u2013 C", "B, A, D, C"),
        ("(0, 2) \\text{ and } (1, 0)", "[[0, 2], [1, 0]]"),
        ("(Option 2: Both firms defect every period)", GOLD2),
        (f"The answer is Option 2: {OPTIONS[1]}", GOLD2),
        (f"{OPTIONS[1]} (Option 2)", GOLD2),
        (f'Option 2: "{OPTIONS[1]}"', GOLD2),
        (f"Option 2: \u201c{OPTIONS[1]}\u201d", GOLD2),
        (f"Option 2: {OPTIONS[1]}, because defecting is dominant", GOLD2),
        (f"Option 2: {OPTIONS[1]}. Defection is a dominant strategy", GOLD2),
        ("Option 3: Firm A\u2019s rival - firm B - exits", "Option 3: " + OPTIONS[2]),
        ("Option 3: Firm A's rival \u2014 firm B \u2014 exits", "Option 3: " + OPTIONS[2]),
        ("\uff2f\uff50\uff54\uff49\uff4f\uff4e 2: Both firms defect every period", GOLD2),
    ],
)
def test_decorated_correct_answers_earn_full_credit(content: str, gold: str) -> None:
    assert reward(boxed(content), gold) == 5.0


def test_decorated_number_alone_is_still_a_number_alone() -> None:
    # `(Option 2)` was unparsed (-5); it is the gold's number without its text (+2).
    assert reward(boxed("(Option 2)"), GOLD2) == 2.0
    assert reward(boxed("The answer is (Option 2)"), GOLD2) == 2.0
    assert reward(boxed("(Option 3)"), GOLD2) == -3.0


def test_decorated_wrong_answers_stay_wrong() -> None:
    assert reward(boxed("No!"), "Yes") == -3.0
    assert reward(boxed("(A, B, C, D)"), "B, A, D, C") == -3.0
    assert reward(boxed(f"{OPTIONS[0]} (Option 1)"), GOLD2) == -3.0
    assert reward(boxed(f"Option 2: {OPTIONS[1]} and then they cooperate"), GOLD2) == 2.0
    # A word is not an ordering, and the first box keeps the strict grammar.
    assert reward(boxed("BAD"), "B, A, D, C") == -3.0
    assert reward(boxed("Nope"), "No") == -5.0


# --- numeric, read as LaTeX renders it ----------------------------------------------


@pytest.mark.parametrize(
    ("content", "gold", "expected"),
    [
        ("\\frac12", "1/2", 5.0),
        ("\\frac12", "12", -3.0),  # was read as 12: a wrong answer graded correct
        ("\\tfrac12", "0.5", 5.0),
        ("\\dfrac34", "3/4", 5.0),
        ("\\frac1{2}", "1/2", 5.0),
        ("\\frac{1}2", "1/2", 5.0),
        ("-\\frac{3}{4}", "-0.75", 5.0),
        ("1{,}024", "1024", 5.0),
        ("1\\,024", "1024", 5.0),
        ("1\\,024\\,000", "1024000", 5.0),
        ("x = 0.5", "1/2", 5.0),
        ("p^* = \\frac{1}{3}", "1/3", 5.0),
        ("\\sqrt2", "1.41421356", 5.0),
        ("\\sqrt{4}", "2", 5.0),
        ("2\\pi", "6.28318531", 5.0),
        ("2\\pi", "6.28", -3.0),  # too few digits to stand for 2 pi
        ("\\pi", "3.14159265", 5.0),
        ("2^{1/2}", "1.41421356", 5.0),
        ("0.3333333", "1/3", 5.0),
        ("0.333333", "1/3", 5.0),
        ("0.3333", "1/3", -3.0),
        ("1000000", "1000001", -3.0),  # exact: no relative tolerance on rationals
        ("0.50000001", "1/2", -3.0),
        ("10000.0039062", "2560001/256", 5.0),  # 12 digits of a gold that needs 8 places
        ("1234567.49", "1234567.5", -3.0),  # more places than the gold: must be equal
        ("\\frac123", "3/2", -5.0),  # LaTeX shows 1/2 then 3: not read
        ("2\\frac12", "5/2", -5.0),  # a mixed number or a product: not read
        ("\\sqrt[3]{8}", "2", -5.0),
    ],
)
def test_numeric_grammar(content: str, gold: str, expected: float) -> None:
    assert grade(boxed(content), gold, "numeric").reward == expected


# --- the no-box fallback -------------------------------------------------------------


def test_fallback_matches_whole_words_only() -> None:
    text = "<think>x</think> The adoption 2 rate rises, so I pick neither."
    assert grade(text, GOLD2, options=OPTIONS).reward == -5.0
    assert grade("<think>x</think> I pick Option 2.", GOLD2, options=OPTIONS).reward == 2.0


def test_unclosed_box_is_no_box_so_the_fallback_applies() -> None:
    text = "<think>x</think> \\boxed{Option 2: Both firms defect every period"
    verdict = grade(text, GOLD2, options=OPTIONS)
    assert (verdict.reward, verdict.boxed) == (2.0, False)
    assert release_reward(text, GOLD2) == 2.0  # the release does the same
    assert grade("<think>x</think> \\boxed{Yes", "Yes").reward == -5.0


# --- golds are canonicalised like predictions ------------------------------------------


@pytest.mark.parametrize(
    ("gold", "content"),
    [("Yes.", "Yes"), ("No.", "no"), ("B, A, D, C.", "B, A, D, C"), ("\uff39\uff45\uff53", "Yes")],
)
def test_gold_with_trailing_period_is_read_like_a_prediction(gold: str, content: str) -> None:
    assert grade(boxed(content), gold).reward == 5.0


# --- cost stays linear -------------------------------------------------------------


@pytest.mark.parametrize(
    "shape",
    [
        " " * 1_000_000,
        ("option" + " " * 50) * 17_857,
        ("\\boxed" + " " * 50) * 17_857,
        "Option 2 " * 111_111,
    ],
    ids=["spaces", "option-spaces", "boxed-spaces", "options"],
)
def test_unboxed_text_with_heavy_whitespace_is_linear(shape: str) -> None:
    text = "<think>x</think>" + shape
    start = time.process_time()
    for gold in (GOLD2, "Yes", "1/3"):
        grade(text, gold, options=OPTIONS)
    per_mb = (time.process_time() - start) / 3 / (len(text) / 1e6)
    # Measured at 1-10 ms per MB on one core (docs/verifiers.md); room for a busy machine.
    assert per_mb < 0.1, per_mb

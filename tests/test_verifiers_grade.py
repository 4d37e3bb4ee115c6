"""Grading rules per answer kind, extraction details, and where we differ from the release."""

from __future__ import annotations

import subprocess
import sys

import pytest

from recon_data.verifiers import GoldError, Verdict, grade, infer_kind, parse_gold
from recon_data.verifiers.extract import clean_box, find_boxes
from recon_data.verifiers.normalize import options_from_prompt
from recon_data.verifiers.release import release_is_correct, release_reward

OPTIONS = (
    "Both firms cooperate every period",
    "Both firms defect every period.",
    "Firm A pays $120.50 to firm B",
    "0.30",
    "0.30",
)
MCQ_PROMPT = (
    "Answer with \\boxed{Option X: full choice text}.\n\nQuestion:\nWhich is enforceable?\n\n"
    "Options:\n" + "\n".join(f"Option {i}: {t}" for i, t in enumerate(OPTIONS, 1))
)
GOLD2 = "Option 2: Both firms defect every period."


def boxed(content: str, think: str = "<think>reasoning</think>\n\n") -> str:
    """A completion that reasons, closes the think block and boxes `content`."""
    return f"{think}\\boxed{{{content}}}"


def mcq(content: str, gold: str = GOLD2, **kw: object) -> Verdict:
    """Grade a boxed mcq answer against the sample options."""
    return grade(boxed(content), gold, options=OPTIONS, **kw)


# --- format gate -------------------------------------------------------------------


@pytest.mark.parametrize(
    "completion",
    [
        "no think block at all \\boxed{Yes}",
        "<think>a</think><think>b</think>\\boxed{Yes}",
        "<think>I would write \\boxed{Yes}</think>\\boxed{Yes}",
        "<think>\\boxed {Yes}</think> \\boxed{Yes}",
    ],
)
def test_format_errors_score_minus_four(completion: str) -> None:
    verdict = grade(completion, "Yes")
    assert (verdict.status, verdict.reward) == ("format_error", -4.0)
    assert verdict.reason


def test_opening_think_tag_is_optional() -> None:
    assert grade("reasoning only</think>\\boxed{Yes}", "Yes").status == "correct"


def test_only_text_after_think_is_searched() -> None:
    # `Option 2` in the reasoning must not be used as the unboxed fallback.
    verdict = grade("<think>Option 2 looks best</think> I cannot decide.", GOLD2, options=OPTIONS)
    assert (verdict.status, verdict.reward) == ("unparsed", -5.0)


# --- extraction --------------------------------------------------------------------


def test_nested_braces_are_kept_whole() -> None:
    assert find_boxes("\\boxed{\\frac{1}{2}} and \\boxed {x}") == ["\\frac{1}{2}", "x"]


def test_unbalanced_box_is_reported_as_none() -> None:
    assert find_boxes("\\boxed{ {never closed") == [None]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\\text{Option 2: Both firms}", "Option 2: Both firms"),
        ("\\textbf{\\mathrm{Yes}}.", "Yes"),
        ("$B,~A,~D,~C$", "B, A, D, C"),
        (
            "\\mathbf{Option 3}: Firm A pays \\$120.50 to firm B.",
            "Option 3: Firm A pays $120.50 to firm B",
        ),
        ("12.5\\%", "12.5%"),
        ("  Yes .. ", "Yes"),
    ],
)
def test_clean_box_unwraps_latex(raw: str, clean: str) -> None:
    assert clean_box(raw) == clean


def test_empty_box_is_unparsed() -> None:
    assert grade(boxed(" \\text{ } "), "Yes").status == "unparsed"


def test_no_box_is_unparsed_except_mcq_fallback() -> None:
    assert grade("<think>x</think> The answer is Yes.", "Yes").reward == -5.0
    fallback = grade("<think>x</think> I pick option 2 here.", GOLD2, options=OPTIONS)
    assert (fallback.status, fallback.boxed, fallback.extracted) == ("partial", False, "option 2")
    wrong = grade("<think>x</think> Option 3 is right.", GOLD2, options=OPTIONS)
    assert wrong.status == "wrong"


# --- mcq ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "status"),
    [
        ("Option 2: Both firms defect every period.", "correct"),
        ("Option 2: Both firms defect every period", "correct"),  # trailing period
        ("option 2:  BOTH firms defect   every period", "correct"),  # case, spaces
        ("\\text{Option 2: Both firms defect every period}", "correct"),
        ("2: Both firms defect every period", "correct"),
        ("Option 2", "partial"),
        ("2", "partial"),
        ("Both firms defect every period", "partial"),  # text alone
        ("Option 2: firms defect sometimes", "partial"),  # gold number, text of no option
        ("Option 2: Both firms cooperate every period", "wrong"),  # gold number, other text
        ("Option 1: Both firms defect every period", "wrong"),  # other number, gold text
        ("Option 1", "wrong"),
        ("Both firms cooperate every period", "wrong"),  # another option's text
        ("Option 9", "wrong"),  # out of range
        ("Firms do something else", "unparsed"),  # text alone that is no option
    ],
)
def test_mcq_grammar(content: str, status: str) -> None:
    assert mcq(content).status == status


# Separators models put between the number and the text instead of `:`.
SEPARATED = [
    "Option 2 - {t}",
    "Option 2 – {t}",
    "Option 2) {t}",
    "Option 2 ({t})",
    "Option 2, {t}",
    "Option 2. {t}",
    "Option 2 {t}",
    "Option (2): {t}",
    "Option (2) {t}",
    "2. {t}",
    "2) {t}",
    "(2) {t}",
    "2 - {t}",
]


@pytest.mark.parametrize("form", SEPARATED)
def test_mcq_other_separators_are_graded_like_a_colon(form: str) -> None:
    gold_text = "Both firms defect every period"
    verdict = mcq(form.format(t=gold_text))
    assert (verdict.status, verdict.reward, verdict.paper_correct) == ("correct", 5.0, True)
    assert verdict.prediction == f"Option 2: {gold_text}"
    # The same form with another option's text, or another option's number, is wrong.
    assert mcq(form.format(t="Both firms cooperate every period")).status == "wrong"
    other = form.replace("2", "1").format(t=gold_text)
    assert (mcq(other).status, mcq(other).paper_correct) == ("wrong", False)


@pytest.mark.parametrize(
    ("content", "status"),
    [
        ("Option 2 - firms defect sometimes", "partial"),  # gold number, text of no option
        ("Option 2 is my final answer", "partial"),
        ("Option (2)", "partial"),
        ("(2)", "partial"),
        ("2)", "partial"),
        ("Option 1 - firms defect sometimes", "wrong"),
        ("Option 9) whatever", "wrong"),  # out of range
        # Without `Option`, a number and a separator split only before a known text.
        ("2. firms defect sometimes", "unparsed"),
        # `2nd` is no number, but the gold's text is there and names one option (issue 19).
        ("2nd Both firms defect every period", "partial"),
    ],
)
def test_mcq_leading_number_with_unknown_text(content: str, status: str) -> None:
    verdict = mcq(content)
    assert verdict.status == status
    # Table 3's rule counts the gold's number; a text without its number names none.
    assert verdict.paper_correct == (status in ("correct", "partial") and "2nd" not in content)


def test_mcq_option_texts_that_start_with_a_number_are_not_split() -> None:
    options = ("0.9", "2 units", "9", "175 dollars 148 days from now", "75 dollars")
    gold = "Option 2: 2 units"
    assert grade(boxed("2 units"), gold, options=options).status == "partial"  # text alone
    assert grade(boxed("0.9"), gold, options=options).status == "wrong"  # option 1, not 0 + `9`
    assert grade(boxed("175 dollars 148 days from now"), gold, options=options).status == "wrong"
    assert grade(boxed("2. 2 units"), gold, options=options).status == "correct"
    assert grade(boxed("2) 2 units"), gold, options=options).status == "correct"
    assert grade(boxed("Option 2. 2 units"), gold, options=options).status == "correct"
    assert grade(boxed("1. 0.9"), gold, options=options).status == "wrong"
    # `Option 3.9` is option 3 with the text `.9` (a decimal part), not with the text `9`.
    assert grade(boxed("Option 3.9"), "Option 3: 9", options=options).status == "partial"


def test_mcq_separators_without_options() -> None:
    # Without options the gold's own text is the only known text: `N. text` splits on it,
    # and any other text after `N.` stays a text alone (wrong, as documented).
    assert grade(boxed("2. Both firms defect every period"), GOLD2).status == "correct"
    assert grade(boxed("1) Both firms defect every period"), GOLD2).status == "wrong"
    assert grade(boxed("2) firms defect sometimes"), GOLD2).status == "wrong"
    assert grade(boxed("Option 2 - firms defect sometimes"), GOLD2).status == "partial"


def test_mcq_separator_forms_are_not_hedging() -> None:
    two = boxed("Option 2 - Both firms defect every period") + " so \\boxed{Option 2}"
    assert grade(two, GOLD2, options=OPTIONS).status == "correct"
    hedge = boxed("Option 2 - Both firms defect every period") + " or \\boxed{3) x}"
    assert grade(hedge, GOLD2, options=OPTIONS).status == "correct"  # `3) x` does not parse
    hedge = boxed("2) Both firms defect every period") + " or \\boxed{Option 3}"
    assert grade(hedge, GOLD2, options=OPTIONS).hedged


def test_mcq_rewards_follow_status() -> None:
    assert [mcq(c).reward for c in ("Option 2", "Option 1", "nonsense")] == [2.0, -3.0, -5.0]


def test_mcq_gold_with_period_the_option_lacks() -> None:
    verdict = mcq(
        "Option 1: Both firms cooperate every period",
        gold="Option 1: Both firms cooperate every period.",
    )
    assert verdict.status == "correct"


def test_mcq_dollar_written_three_ways() -> None:
    gold = "Option 3: Firm A pays $120.50 to firm B"
    for text in (
        "Firm A pays \\$120.50 to firm B",
        "Firm A pays $120.50$ to firm B",
        "Firm A pays 120.50 to firm B",
    ):
        assert mcq(f"Option 3: {text}", gold=gold).status == "correct", text


def test_mcq_duplicate_option_texts() -> None:
    gold = "Option 4: 0.30"
    assert mcq("Option 4: 0.30", gold=gold).status == "correct"
    assert mcq("Option 5: 0.30", gold=gold).status == "wrong"  # another number, same text
    assert mcq("0.30", gold=gold).status == "partial"  # text alone names options 4 and 5


def test_mcq_options_read_from_prompt() -> None:
    assert options_from_prompt(MCQ_PROMPT) == OPTIONS
    chat = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": MCQ_PROMPT}]
    verdict = grade(boxed("Both firms cooperate every period"), GOLD2, prompt=chat)
    assert verdict.status == "wrong"
    # Without options, text that is not the gold's cannot be told from another option's.
    assert grade(boxed("Firms do something else"), GOLD2).status == "wrong"


def test_mcq_prediction_is_normalised() -> None:
    verdict = mcq("\\text{Option 2:  Both firms defect every period.}")
    assert verdict.extracted == "\\text{Option 2:  Both firms defect every period.}"
    assert verdict.prediction == "Option 2: Both firms defect every period"


def test_mcq_hedging() -> None:
    hedge = grade(boxed("Option 2") + " or maybe \\boxed{Option 3}", GOLD2, options=OPTIONS)
    assert (hedge.status, hedge.reward, hedge.hedged) == ("wrong", -3.0, True)
    same = grade(
        boxed("Option 2") + " i.e. \\boxed{Both firms defect every period}", GOLD2, options=OPTIONS
    )
    assert (same.status, same.hedged) == ("partial", False)


def test_paper_correct_counts_the_gold_number() -> None:
    assert mcq("Option 2: Both firms cooperate every period").paper_correct  # release rule
    assert mcq("Option 2").paper_correct
    assert not mcq("Option 1: Both firms defect every period").paper_correct
    assert not mcq("Both firms defect every period").paper_correct  # no number named


# --- yes/no, ordering, profile sets ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "status"),
    [
        ("Yes", "correct"),
        ("yes.", "correct"),
        ("\\text{YES}", "correct"),
        ("No", "wrong"),
        ("On", "unparsed"),
        ("Yes, it does", "unparsed"),
    ],
)
def test_yes_no(content: str, status: str) -> None:
    assert grade(boxed(content), "Yes").status == status


@pytest.mark.parametrize(
    ("content", "status"),
    [
        ("B, A, D, C", "correct"),
        ("B,A,D,C", "correct"),
        ("b; a; d; c", "correct"),
        ("B A D C", "correct"),
        ("B -> A -> D -> C", "correct"),
        ("B → A → D → C", "correct"),
        ("B \\to A \\to D \\to C", "correct"),
        ("B \\rightarrow A \\rightarrow D \\rightarrow C", "correct"),
        ("B > A > D > C", "correct"),
        ("A, B, C, D", "wrong"),  # same letters, other order: never a set
        ("B, A, D", "wrong"),  # missing letter
        ("B, A, D, C, C", "wrong"),  # repeated letter
        ("BADC", "correct"),  # issue 15: capitals run together are the same ordering
        ("first B then A", "unparsed"),
    ],
)
def test_ordering(content: str, status: str) -> None:
    assert grade(boxed(content), "B, A, D, C").status == status


@pytest.mark.parametrize(
    ("content", "gold", "status"),
    [
        ("[[0, 1], [2, 2]]", "[[0, 1], [2, 2]]", "correct"),
        ("[[2, 2], [0, 1]]", "[[0, 1], [2, 2]]", "correct"),  # order ignored
        ("[[2, 2], [0, 1], [2, 2]]", "[[0, 1], [2, 2]]", "correct"),  # repeats ignored
        ("[(0, 1), (2, 2)]", "[[0, 1], [2, 2]]", "correct"),  # tuples
        ("(0, 1), (2, 2)", "[[0, 1], [2, 2]]", "correct"),  # no outer bracket
        ("[0, 1], [2, 2]", "[[0, 1], [2, 2]]", "correct"),
        ("[0, 1]", "[[0, 1]]", "correct"),  # the PTE prompts' single-pair form
        ("[]", "[]", "correct"),
        ("\\emptyset", "[]", "correct"),
        ("[[0, 1]]", "[[0, 1], [2, 2]]", "wrong"),
        ("[]", "[[0, 1]]", "wrong"),
        ("[[0, 1, 2]]", "[[0, 1]]", "unparsed"),
        ("[[0, x]]", "[[0, 1]]", "unparsed"),
    ],
)
def test_profile_set(content: str, gold: str, status: str) -> None:
    assert grade(boxed(content), gold).status == status


def test_hedging_for_other_kinds() -> None:
    assert grade(boxed("Yes") + "\\boxed{No}", "Yes").hedged
    assert not grade(boxed("B,A") + "\\boxed{B, A}", "B, A").hedged
    assert grade(boxed("[[0, 1]]") + "\\boxed{[[1, 0]]}", "[[0, 1]]").status == "wrong"
    # A box that does not parse names no answer, but the first box is still the one graded.
    assert grade(boxed("maybe") + "\\boxed{Yes}", "Yes").status == "unparsed"
    assert grade(boxed("Yes") + "\\boxed{maybe}", "Yes").status == "correct"


# --- numeric -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "gold", "status"),
    [
        ("0.5", "1/2", "correct"),
        ("\\frac{1}{2}", "0.5", "correct"),
        ("\\dfrac{3}{4}", "0.75", "correct"),
        ("1,234.5", "1234.5", "correct"),
        ("\\$40", "40", "correct"),
        ("$40$", "40", "correct"),
        ("-3", "-3", "correct"),
        ("2.5e-3", "0.0025", "correct"),
        ("0.3333333", "1/3", "correct"),  # within 1e-6 relative
        ("0.3333", "1/3", "wrong"),
        ("\\sqrt{2}", "1.41421356", "correct"),  # sympy path
        ("2^{10}", "1024", "correct"),
        ("1.5 \\times 10^{3}", "1500", "correct"),
        ("1,5", "15", "unparsed"),  # not a thousands separator
        ("9^9^9", "1", "unparsed"),  # refused, not evaluated
        ("x + 1", "1", "unparsed"),
    ],
)
def test_numeric(content: str, gold: str, status: str) -> None:
    assert grade(boxed(content), gold, kind="numeric").status == status


# --- gold handling -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "kind"),
    [
        ("Option 3: Alice bids her value", "mcq"),
        ("Option 3", "mcq"),
        ("Yes", "yes_no"),
        ("B, A, D, C", "ordering"),
        ("[[0, 1], [2, 2]]", "profile_set"),
        ("[]", "profile_set"),
        ("[0, 1]", "profile_set"),
        ("-12.5", "numeric"),
        ("nothing recognisable", None),
    ],
)
def test_infer_kind(gold: str, kind: str | None) -> None:
    assert infer_kind(gold) == kind


def test_bad_gold_raises_gold_error() -> None:
    with pytest.raises(GoldError):
        grade(boxed("Yes"), "perhaps")
    with pytest.raises(GoldError):
        parse_gold("Yes", "ordering")
    with pytest.raises(GoldError):
        parse_gold("Yes", "essay")


def test_completion_as_chat_messages() -> None:
    messages = [{"role": "assistant", "content": boxed("Yes")}]
    assert grade(messages, "Yes").status == "correct"


# --- the release's code, for the record of what we fix ----------------------------


def test_release_reward_under_credits_what_we_accept() -> None:
    cases = [
        (boxed("Option 2: Both firms defect every period"), GOLD2, 2.0),  # trailing period
        (boxed("B,A,D,C"), "B, A, D, C", -3.0),
        (boxed("[[2, 2], [0, 1]]"), "[[0, 1], [2, 2]]", -3.0),
        (boxed("\\text{Yes}"), "Yes", -3.0),  # the box is cut at the first `}`
        (boxed("\nYes\n"), "Yes", -5.0),  # its regex never spans a line break
        (boxed("yes"), "Yes", -3.0),
    ]
    for completion, gold, release in cases:
        assert release_reward(completion, gold) == release
        assert grade(completion, gold, options=OPTIONS).reward == 5.0


def test_release_eval_rule_reads_boxes_anywhere() -> None:
    # The release's evaluation check has no format gate: a box inside the reasoning counts.
    assert release_is_correct("<think>\\boxed{Yes}", "Yes")
    assert grade("<think>\\boxed{Yes}", "Yes").status == "format_error"


def test_import_stays_light() -> None:
    code = (
        "import sys, recon_data.verifiers as v; "
        "v.grade('</think>\\\\boxed{Yes}', 'Yes'); "
        "heavy = ('sympy', 'datasets', 'pydantic', 'torch', 'rich'); "
        "bad = [m for m in heavy if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

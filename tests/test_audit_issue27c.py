"""Issue 27, third hand check (30 dropped items, their reasons solved by an independent reviewer).

Read from ../shared at run time (no release text here); ids and numbers only, the arithmetic
in the comments. The synthetic items below are ours.
"""

from __future__ import annotations

import pytest

from recon_data.curation.audit import audit_item
from recon_data.curation.audit.base import IllPosed
from recon_data.curation.audit.certainty import check_certainty


def _lottery(prize: str, chance: str, rest: str) -> str:
    return f"a fund returning {prize} with a probability of {chance}% and 0 with a probability of {rest}%"


SMALL = "Option 1: " + _lottery("0.13", "27.36", "72.64")
DOMINANT = "Option 2: " + _lottery("8", "45.88", "54.12")
RISKY = "Option 2: " + _lottery("8", "20", "80")


@pytest.mark.parametrize(
    "question",
    [
        # no risky alternative in the earlier choice: it reveals nothing, dominance still decides
        "Last year Sam kept a guaranteed 0.5 in savings. Now Sam must pick a plan. Which should Sam choose?",
        # words that describe neither option ("higher but less certain": option 2 is more certain)
        "Last year Sam chose a guaranteed 0.5 over 0.9 with probability 60%. Now, for potentially "
        "higher but less certain returns, which should Sam choose?",
    ],
)
def test_dominance_decides_before_the_earlier_choice_or_the_words(question: str) -> None:
    found = check_certainty(question, (SMALL, DOMINANT))
    assert found.readings == {"dominance": frozenset({2})}
    assert "first-order dominates" in found.reason
    # Reversed options: the dominant one is option 1.
    swapped = check_certainty(question, (DOMINANT.replace("Option 2", "Option 1"), SMALL))
    assert swapped.readings == {"dominance": frozenset({1})}


def test_without_dominance_nothing_changed() -> None:
    q = "Last year Sam kept a guaranteed 0.5 in savings. Now Sam must pick a plan. Which should Sam choose?"
    with pytest.raises(IllPosed, match="names no risky alternative"):
        check_certainty(q, (SMALL, RISKY))


@pytest.mark.parametrize(
    "words",
    [
        "the best potential growth for my money",
        "optimize growth potential",
        "your aim for higher returns",
    ],
)
def test_growth_and_aim_phrases_are_the_higher_returns_criterion(words: str) -> None:
    q = f"Last year Sam chose a guaranteed 0.5 over 0.9 with probability 60%. Now, with {words} in mind, which should Sam choose?"
    found = check_certainty(q, (SMALL, RISKY))
    # 8 > 0.13 and 8 x 0.2 = 1.6 > 0.13 x 0.2736 = 0.0356: both readings pick option 2
    assert found.readings == {"higher_return": frozenset({2})}


@pytest.mark.parametrize(
    ("rid", "why"),
    [
        # 8 w.p. 45.88% against the gold's 0.13 w.p. 27.36%: option 2 dominates
        ("eval-5a22facb9348", "first-order dominates"),
        # 47 w.p. 42.69% against 0.1 w.p. 29.55%
        ("train-f8639fb6d908", "first-order dominates"),
        # 21 w.p. 65.81% against 0.13 w.p. 6.65% (asked "higher but less certain")
        ("train-3fffffef8e70", "first-order dominates"),
        # 32 w.p. 70.67% against 0.04 w.p. 43.44%
        ("train-46397e8f886c", "first-order dominates"),
        # "best potential growth": prizes 0.29 / 21, expected 0.131 / 5.859
        ("train-94e42ffaf4ae", "potentially higher returns"),
        # "growth potential": prizes 0.16 / 85, expected 0.080 / 0.306
        ("train-e175c204a276", "potentially higher returns"),
        # "aim for higher returns": prizes 0.33 / 85, expected 0.224 / 31.21
        ("eval-bf4d8bd57e2b", "potentially higher returns"),
        # "more risk for the chance of a higher return": 54 w.p. 8.83% is the higher, less
        # certain option against 0.26 w.p. 94.55%
        ("train-efc8fb29e134", "higher but less certain"),
    ],
)
def test_certainty_items_once_dropped_have_a_determinate_answer(
    release_by_id, rid: str, why: str
) -> None:
    item = audit_item(release_by_id[rid])
    assert item.status == "disagree" and why in item.reason
    assert len(item.solver) == 1 and item.solver[0] != release_by_id[rid].answer


def test_five_outcomes_with_options_we_cannot_tell_apart_is_a_parser_gap(release_by_id) -> None:
    # "step aside" is no verb we know; every reading gives Alice 6 > -8 by stepping aside, so
    # calling the item ill-posed was false: it is ours to read, hence unparsed.
    item = audit_item(release_by_id["train-ce32f6c56bcb"])
    assert item.status == "unparsed" and "which option is which action" in item.reason


def test_more_risk_for_a_higher_return_is_the_riskier_criterion() -> None:
    q = (
        "Last year Sam kept a guaranteed 0.5 in savings. Now Sam is taking a bit more risk for "
        "the chance of a higher return. Which should Sam choose?"
    )
    found = check_certainty(q, (SMALL, RISKY))  # 8 w.p. 20% against 0.13 w.p. 27.36%
    assert found.readings == {"higher_but_less_certain": frozenset({2})}


def test_a_tie_reason_names_the_node_whose_tie_matters(release_by_id) -> None:
    # Node 3's two outcomes are identical (5, 0); Bolton at node 2 gets 0 either way, and her
    # choice moves Auburn from -5 to 5 against his stop payoff 2: node 2's tie decides.
    item = audit_item(release_by_id["train-e90dd2025a41"])
    assert item.status == "ambiguous"
    assert "tie at node 2" in item.reason and "final-round" not in item.reason


@pytest.mark.parametrize(
    ("rid", "eval_id", "copy"),
    [
        ("train-0b130a4679a6", "eval-1e161c0d46db", False),  # PTE of the matrix vs its pure NE
        ("train-9f3212284a2d", "eval-da688e068531", False),
        ("train-1e161c0d46db", "eval-1e161c0d46db", True),  # the same prompt in both splits
        ("train-c86bfce68746", "eval-9e69dfea9484", True),
    ],
)
def test_a_leak_says_whether_it_is_a_copy(
    cleaned_changes, rid: str, eval_id: str, copy: bool
) -> None:
    (drop,) = [c for c in cleaned_changes[rid] if c["action"] == "dropped"]
    assert eval_id in drop["reason"]
    if copy:
        assert drop["reason"] == f"train item is a copy of eval item {eval_id}"
    else:
        # the same payoff matrix, asked for its pure Nash equilibria in one split, PTE in the other
        assert "has the text of eval item" in drop["reason"] and "asked there as" in drop["reason"]


def test_the_corrected_certainty_items_are_corrected_not_dropped(cleaned_changes) -> None:
    for rid in ("eval-5a22facb9348", "train-94e42ffaf4ae", "train-f8639fb6d908"):
        actions = {c["action"] for c in cleaned_changes[rid]}
        assert "corrected" in actions and "dropped" not in actions, (rid, actions)

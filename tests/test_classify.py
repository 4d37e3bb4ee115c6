"""Tests for the rule-based prompt classifier against the raw Recon release."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from recon_data.categories import CATEGORY_SLUGS, PAPER_SLUGS, expected_counts
from recon_data.curation import classify as rc
from recon_data.curation.release import RawRelease, read_release

TRAIN_COUNTS = expected_counts("train")
EVAL_COUNTS = expected_counts("eval")


@pytest.fixture(scope="module")
def release(release_dir: Path) -> RawRelease:
    return read_release(release_dir)


@pytest.fixture(scope="module")
def train(release: RawRelease) -> list[str]:
    return [r.content for r in release.train]


@pytest.fixture(scope="module")
def evals(release: RawRelease) -> list[str]:
    return [r.content for r in release.eval]


@pytest.fixture(scope="module")
def cot(release: RawRelease) -> list[str]:
    return [t.prompt for t in release.cot]


def _norm(text: str) -> str:
    # CoT copies differ from train only in whitespace, punctuation and
    # mis-encoded characters (e.g. "δ" -> "??"), so compare ASCII alphanumerics.
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def test_slugs_match_table_order() -> None:
    assert tuple(TRAIN_COUNTS) == PAPER_SLUGS
    assert len(set(PAPER_SLUGS)) == 15


def test_train_counts_exact(train: list[str]) -> None:
    assert len(train) == 1800
    assert Counter(map(rc.classify, train)) == Counter(TRAIN_COUNTS)


def test_eval_counts_exact(evals: list[str]) -> None:
    assert len(evals) == 300
    assert Counter(map(rc.classify, evals)) == Counter(EVAL_COUNTS)


def test_every_cot_prompt_classifies(cot: list[str]) -> None:
    assert len(cot) == 866
    cats = [rc.classify(p) for p in cot]
    assert set(cats) <= set(CATEGORY_SLUGS)


def test_cot_agrees_with_matching_train_prompt(train: list[str], cot: list[str]) -> None:
    by_norm: dict[str, set[str]] = {}
    for prompt in train:
        by_norm.setdefault(_norm(prompt), set()).add(rc.classify(prompt))
    matched = 0
    for prompt in cot:
        train_cats = by_norm.get(_norm(prompt))
        if train_cats is None:
            continue
        matched += 1
        assert train_cats == {rc.classify(prompt)}, prompt[:80]
    # Guards the check itself: the CoT rows are drawn from train.
    assert matched >= 0.95 * len(cot)


def test_identical_prompts_get_identical_categories(train: list[str], evals: list[str]) -> None:
    seen: dict[str, str] = {}
    for prompt in train + evals:
        assert seen.setdefault(_norm(prompt), rc.classify(prompt)) == rc.classify(prompt)


def test_robust_to_line_endings_and_spacing(train: list[str]) -> None:
    for prompt in train[::7]:
        edited = prompt.replace("\n", "\r\n").replace(". ", ".  ")
        assert rc.classify(edited) == rc.classify(prompt)


@pytest.mark.parametrize(
    "garbage", ["", "lorem ipsum dolor sit amet", "Option 1: Yes\nOption 2: No"]
)
def test_garbage_raises(garbage: str) -> None:
    with pytest.raises(rc.UnclassifiedError) as info:
        rc.classify(garbage)
    assert isinstance(info.value, ValueError)
    assert repr(garbage[:80]) in str(info.value)


def test_error_message_truncates_to_80_chars() -> None:
    text = "x" * 200
    with pytest.raises(rc.UnclassifiedError, match="x" * 80) as info:
        rc.classify(text)
    assert "x" * 81 not in str(info.value)


# Hand-written (not from the release) paraphrases exercising single rules.
@pytest.mark.parametrize(
    ("content", "slug"),
    [
        (
            "You own a lamp and a friend offers to swap it for a vase. Do you trade?\n"
            "Option 1: Yes\nOption 2: No",
            "endowment_effect",
        ),
        (
            "Investors are risk-averse. Which auction format raises the most?\n"
            "Option 1: English auction\nOption 2: Dutch auction",
            "auction_risk",
        ),
        (
            "In an infinitely repeated game, what is the lowest discount factor for cooperation?\n"
            "Option 1: 0.5\nOption 2: 0.6",
            "trigger",
        ),
        (
            "Two firms in a repeated game discount payoffs at 0.9. Which payoff is a Nash "
            "equilibrium?\nOption 1: ($1.00, $1.00)\nOption 2: ($9.00, $9.00)",
            "feasibility",
        ),
        (
            "Two firms in an infinitely repeated game. Which outcome is a Nash equilibrium?\n"
            "Option 1: Both firms collude every period\nOption 2: Both firms compete",
            "enforceability",
        ),
    ],
)
def test_synthetic_paraphrases(content: str, slug: str) -> None:
    assert rc.classify(content) == slug

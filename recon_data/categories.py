"""The Recon categories: the paper's 15 (Table 6) and the generated-only families.

`CATEGORIES` is the paper's table (what the release holds and what Table 6 checks, cards and
per-category tables show for it); `GENERATED_CATEGORIES` are families only the procedural
generators produce (source "generated", none in the release). `CATEGORY_SLUGS` lists both, the
paper's first, so the ClassLabel ids of the 15 release categories never move.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from recon_data.answers.registry import KIND_NAMES

Split = Literal["train", "eval"]
Source = Literal["steer", "econlogicqa", "econnli", "eth_3x3_games", "generated"]
AnswerKind = Literal[KIND_NAMES]  # type: ignore[valid-type]

SPLITS: tuple[str, ...] = ("train", "eval")
SOURCES: tuple[str, ...] = ("steer", "econlogicqa", "econnli", "eth_3x3_games", "generated")
# The source of every record a generator wrote (whatever its category), and of the
# generated-only categories.
GENERATED_SOURCE = "generated"


@dataclass(frozen=True)
class Category:
    """One Recon category: what it tests, where it comes from, how it is answered."""

    slug: str
    name: str
    description: str
    source: str
    setting: str
    answer_kinds: tuple[str, ...]
    train_count: int
    eval_count: int
    paper: bool = True  # one of the paper's Table 6 categories (False: generated-only)


# STEER categories also admit `numeric` so procedurally generated variants with exact
# solvers (a later milestone) can live in the same category without a schema change.
_STEER_KINDS = ("mcq", "numeric")

CATEGORIES: tuple[Category, ...] = (
    Category(
        "enforceability",
        "Enforceability",
        "incentive compatibility in long-term relationships",
        "steer",
        "repeated game",
        _STEER_KINDS,
        250,
        20,
    ),
    Category(
        "backward_induction",
        "Backward Induction",
        "optimal choice in sequential decisions",
        "steer",
        "sequential game",
        _STEER_KINDS,
        250,
        20,
    ),
    Category(
        "trigger",
        "Trigger",
        "punishment strategies that sustain cooperation",
        "steer",
        "repeated game",
        _STEER_KINDS,
        250,
        20,
    ),
    Category(
        "feasibility",
        "Feasibility",
        "sustainability of payoff allocations",
        "steer",
        "repeated game",
        _STEER_KINDS,
        150,
        20,
    ),
    Category(
        "auction_risk",
        "Auction Risk",
        "risk preferences in bidding",
        "steer",
        "one-shot game",
        _STEER_KINDS,
        150,
        20,
    ),
    Category(
        "endowment_effect",
        "Endowment Effect",
        "overvaluing what one owns",
        "steer",
        "behavioural",
        _STEER_KINDS,
        75,
        20,
    ),
    Category(
        "certainty_effect",
        "Certainty Effect",
        "preferring sure outcomes over gambles",
        "steer",
        "behavioural",
        _STEER_KINDS,
        75,
        20,
    ),
    Category(
        "time_inconsistency",
        "Time Inconsistency",
        "dynamic inconsistency in intertemporal choice",
        "steer",
        "behavioural",
        _STEER_KINDS,
        25,
        20,
    ),
    Category(
        "budget_balance",
        "Budget Balance",
        "financial balance in risk sharing",
        "steer",
        "mechanism design",
        _STEER_KINDS,
        50,
        20,
    ),
    Category(
        "condorcet_criterion",
        "Condorcet Criterion",
        "majority-rule consistency in voting",
        "steer",
        "social choice",
        _STEER_KINDS,
        25,
        20,
    ),
    Category(
        "bayes_nash",
        "Bayes Nash",
        "strategic reasoning under uncertainty",
        "steer",
        "Bayesian game",
        _STEER_KINDS,
        50,
        20,
    ),
    Category(
        "econlogicqa",
        "EconLogicQA",
        "ordering economic events",
        "econlogicqa",
        "event ordering",
        ("ordering",),
        150,
        20,
    ),
    Category(
        "econnli",
        "EconNLI",
        "causal inference between economic events",
        "econnli",
        "natural-language inference",
        ("yes_no",),
        100,
        20,
    ),
    Category(
        "pure_nash",
        "Pure Nash",
        "all pure-strategy Nash equilibria of a 3x3 game",
        "eth_3x3_games",
        "normal-form game",
        ("profile_set",),
        100,
        20,
    ),
    Category(
        "pte",
        "Perfectly Transparent Equilibrium",
        "iterated maximin/Pareto elimination",
        "eth_3x3_games",
        "normal-form game",
        ("profile_set",),
        100,
        20,
    ),
)

# Families the release lacks; records of them come only from `recon-data generate`.
GENERATED_CATEGORIES: tuple[Category, ...] = (
    Category(
        "mixed_nash",
        "Mixed Nash",
        "exact probabilities and payoffs of the unique mixed-strategy equilibrium",
        GENERATED_SOURCE,
        "normal-form game",
        ("numeric",),
        0,
        0,
        paper=False,
    ),
    Category(
        "iterated_dominance",
        "Iterated Dominance",
        "profiles surviving iterated elimination of strictly dominated strategies",
        GENERATED_SOURCE,
        "normal-form game",
        ("profile_set",),
        0,
        0,
        paper=False,
    ),
    # Schema 1.2: formulas derived by sympy (oligopoly, pricing, demand, auctions, bargaining,
    # trigger thresholds), and their numeric variants.
    Category(
        "closed_form",
        "Closed-Form Economics",
        "equilibrium and optimum formulas in named parameters, and their numeric variants",
        GENERATED_SOURCE,
        "closed-form model",
        ("expression", "numeric"),
        0,
        0,
        paper=False,
    ),
)

ALL_CATEGORIES: tuple[Category, ...] = CATEGORIES + GENERATED_CATEGORIES
# ClassLabel order: new slugs are only ever appended, so existing ids stay stable.
CATEGORY_SLUGS: tuple[str, ...] = tuple(c.slug for c in ALL_CATEGORIES)
PAPER_SLUGS: tuple[str, ...] = tuple(c.slug for c in CATEGORIES)
BY_SLUG: dict[str, Category] = {c.slug: c for c in ALL_CATEGORIES}


def expected_counts(split: str) -> dict[str, int]:
    """Return the paper's per-category counts for a split (Table 6: the 15 release categories)."""
    if split == "train":
        return {c.slug: c.train_count for c in CATEGORIES}
    if split == "eval":
        return {c.slug: c.eval_count for c in CATEGORIES}
    raise KeyError(f"unknown split {split!r}; expected train or eval")


def shown_categories(present: Iterable[str] = ()) -> tuple[Category, ...]:
    """Return the paper's categories plus the generated-only ones among the slugs `present`."""
    have = set(present)
    return CATEGORIES + tuple(c for c in GENERATED_CATEGORIES if c.slug in have)

"""Rule-based category classifier for Recon user prompts.

The release carries no category column, so the 15 categories of the paper's
Table 6 are recovered from the text of the single user message. Every rule
keys on what a category's generator always writes: the fixed task
instruction of the four non-STEER sources, and for the 11 STEER elements the
question template together with the *shape of the answer options* (a
discount factor, a payoff amount, a strategy profile, an auction format...),
which is the most stable part of a STEER template. Rules are tried in order
and the first match wins. On the release, few prompts satisfy more than one
rule; the order settles those, and each such place is commented.

Import-light on purpose: the standard library and the category table only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from recon_data.categories import CATEGORY_SLUGS

__all__ = ["CATEGORY_SLUGS", "UnclassifiedError", "classify"]


class UnclassifiedError(ValueError):
    """Raised when no rule recognises a prompt's content."""


# "Option N: text" lines; the instruction preamble says "Option X:" inline,
# which this deliberately does not match (needs a digit at line start). The
# trailing \r keeps CRLF-edited copies from leaking into the option text.
_OPTION_LINE = re.compile(r"^[ \t]*option[ \t]+\d+[ \t]*:[ \t]*(.*?)[ \t\r]*$", re.MULTILINE)


class _Parts(NamedTuple):
    # All fields are lower-cased once up front: case-sensitive patterns on
    # lower-case text are both simpler and several times faster than re.I.
    text: str  # whole content
    stem: str  # everything before the first option line
    options: tuple[str, ...]  # option texts, without the "Option N:" label


def _split(content: str) -> _Parts:
    text = content.lower()
    first = _OPTION_LINE.search(text)
    stem = text[: first.start()] if first else text
    return _Parts(text, stem, tuple(m.group(1) for m in _OPTION_LINE.finditer(text)))


def _rx(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda s: compiled.search(s) is not None


def _all_options(pattern: str) -> Callable[[_Parts], bool]:
    compiled = re.compile(pattern)
    return lambda p: bool(p.options) and all(compiled.search(o) for o in p.options)


# --- non-STEER task instructions -------------------------------------------
# Each source wraps its items in one fixed instruction; these sentences occur
# nowhere else, so they are checked first (the 3x3-game prompts also talk
# about Nash equilibria and would otherwise look like STEER game items).
_PTE = _rx(r"perfectly\s+transparent\s+equilibrium")
_PURE_NASH = _rx(r"pure[-\s]+strategy\s+nash\s+equilibri")
_ECONNLI = _rx(r"premise\s+and\s+a\s+hypothesis")
_ECONLOGICQA = _rx(r"four\s+events\s+label+ed\s+a,\s*b,\s*c,?\s+and\s+d\b")

# --- STEER: template phrases that no other element uses ---------------------
# Bayes-Nash items enumerate the states of nature ("a game with 3 states").
_BAYES = _rx(r"game\s+(?:with|has)\s+\d+\s+states\b|bayes(?:ian)?[-\s]+nash\b")
# Condorcet items list ballots as "N voters voted for X > Y > Z".
_CONDORCET = _rx(r"voters?\s+voted\s+for\b|condorcet")
_BUDGET = _rx(r"budget[-\s]+balanced?\b")
# Endowment items quote an earlier refusal to swap an owned object.
_ENDOWMENT = _rx(r"declined\s+to\s+trade\b|answered\s+no\s+in\s+the\s+following\s+situation")
# Fallback for endowment paraphrases: a yes/no item about swapping goods.
_YES_NO = _all_options(r"^(?:yes|no)\b")
_SWAP = _rx(r"(?:trade|swap|exchange)\b")
# Time-inconsistency items anchor on a today-vs-tomorrow choice, then shift
# both dates by N days.
_TODAY = _rx(r"today\b")
_TOMORROW = _rx(r"tomorrow\b")
_N_DAYS = _rx(r"\d\s+days?\b")

# --- STEER: answer-option shapes ---------------------------------------------
# Auction-risk options are all auction formats (Dutch, Vickrey, ...).
_AUCTION_OPTIONS = _all_options(r"\bauction\b|\bvickrey\b")
_AUCTION_STEM = _rx(r"auction")
# Certainty-effect options are all lotteries over returns, each with odds.
_LOTTERY_OPTIONS = _all_options(r"\bprobabilit|\blikel|\bchance|%")
_INVEST_STEM = _rx(r"invest|returns?\b|yield|interest\s+rate")
# Trigger items ask for a threshold discount factor: options are bare
# numbers in [0, 1].
_DISCOUNT_OPTIONS = _all_options(r"^(?:0?\.\d+|0|1(?:\.0+)?)$")
_THRESHOLD_DELTA = _rx(
    r"(?:minimum|lowest|least|smallest)\s+(?:value\s+of\s+the\s+)?(?:shared\s+|common\s+)?"
    r"discount\s+factor"
)
# Feasibility options are payoff amounts: "$x" or "($x, $y)".
_PAYOFF_OPTIONS = _all_options(r"^\(?\s*\$\s*-?[\d,]*\.?\d")
# Context shared by the three repeated-game elements. (Patterns here mostly
# omit a leading \b: re can then skip ahead by literal prefix, which makes the
# whole classifier several times faster; trailing \b still bounds words.)
_REPEATED = _rx(
    r"repeated\b|indefinite|infinite|discount|long[-\s]term\b"
    r"|every\s+(?:period|year|round)\b"
)
# Enforceability options describe strategy profiles in words, which keeps
# them apart from the numeric options of trigger and feasibility.
_PROFILE_OPTIONS = _all_options(r"[a-z]{3}")
_ENFORCE = _rx(r"enforce")
_NASH = _rx(r"nash\s+equilibri")
# Backward-induction items are three-step sequential games ("rounds",
# "decision nodes", "phases") asking what one named player should do, and
# their two options read "<player> should ...".
_SEQUENTIAL = _rx(
    r"backward\s+induction|decision\s+(?:node|point|juncture)"
    r"|(?:first|second|third|final|last|initial|next)\s+(?:round|stage|phase|decision)\b"
    r"|(?:three|3)[\s-]+(?:rounds?|stages?|phases?|decision)"
    r"|\s(?:his|her|their)\s+turn\b|(?:phase|round)\s+\d"
)
_SHOULD_OPTIONS = _all_options(r"^(?:\S+\s+){1,4}should\s")


class _Rule(NamedTuple):
    slug: str
    why: str
    test: Callable[[_Parts], bool]


# Ordered: first match wins.
_RULES: tuple[_Rule, ...] = (
    _Rule("pte", "PTE task instruction", lambda p: _PTE(p.text)),
    _Rule("pure_nash", "PSNE task instruction", lambda p: _PURE_NASH(p.text)),
    _Rule("econnli", "premise/hypothesis instruction", lambda p: _ECONNLI(p.text)),
    _Rule("econlogicqa", "order-four-events instruction", lambda p: _ECONLOGICQA(p.text)),
    _Rule("bayes_nash", "states of nature", lambda p: _BAYES(p.stem)),
    # Ahead of backward induction, whose "<name> should ..." option shape
    # some Condorcet options share.
    _Rule("condorcet_criterion", "voter ballots", lambda p: _CONDORCET(p.stem)),
    _Rule("budget_balance", "asks if budget balanced", lambda p: _BUDGET(p.stem)),
    _Rule("endowment_effect", "earlier refusal to trade", lambda p: _ENDOWMENT(p.stem)),
    # Weaker paraphrase net; it must follow budget balance, whose yes/no
    # items sometimes involve trading.
    _Rule("endowment_effect", "yes/no about a swap", lambda p: _YES_NO(p) and _SWAP(p.stem)),
    _Rule(
        "time_inconsistency",
        "today/tomorrow shifted by N days",
        lambda p: _TODAY(p.stem) and _TOMORROW(p.stem) and _N_DAYS(p.text),
    ),
    _Rule(
        "auction_risk",
        "options are auction formats",
        lambda p: _AUCTION_OPTIONS(p) and _AUCTION_STEM(p.stem),
    ),
    _Rule(
        "certainty_effect",
        "options are return lotteries",
        lambda p: _LOTTERY_OPTIONS(p) and _INVEST_STEM(p.stem),
    ),
    # Trigger, feasibility and enforceability share the repeated-game story
    # (trigger stems even say "enforceable"); the answer shape separates them.
    _Rule(
        "trigger",
        "asks for a threshold discount factor",
        lambda p: (_DISCOUNT_OPTIONS(p) and _REPEATED(p.stem)) or _THRESHOLD_DELTA(p.stem),
    ),
    _Rule(
        "feasibility",
        "options are payoff amounts",
        lambda p: _PAYOFF_OPTIONS(p) and _REPEATED(p.stem) and _NASH(p.stem),
    ),
    # After trigger: some trigger stories count "rounds" too. Ahead of
    # enforceability so a negotiation over a "long-term" deal stays sequential.
    _Rule(
        "backward_induction",
        "sequential game, what should a player do",
        lambda p: _SEQUENTIAL(p.stem) or (_SHOULD_OPTIONS(p) and len(p.options) == 2),
    ),
    _Rule(
        "enforceability",
        "repeated game, which strategy profile is an equilibrium",
        lambda p: _PROFILE_OPTIONS(p) and _NASH(p.stem) and (_REPEATED(p.stem) or _ENFORCE(p.stem)),
    ),
)


def classify(content: str) -> str:
    """Return the category slug for a user-prompt content string."""
    parts = _split(content)
    for rule in _RULES:
        if rule.test(parts):
            return rule.slug
    raise UnclassifiedError(f"no category rule matches prompt: {content[:80]!r}")

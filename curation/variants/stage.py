"""trigger, enforceability, feasibility: the symmetric stage game, rescaled, renamed, retold.

The instance is what the audit reads (its certificate's `stage_game`): both cooperate C,
the deviator T, the cooperator against him S, both defect P, and the stated delta. Every
condition these categories test is linear and homogeneous in payoff differences
(delta (T - P) >= T - C; sustainability of a path; the feasible and individually rational
set), so one positive factor on every payoff keeps the answer (feasibility's offered
payoffs are multiplied with them); names and stories carry nothing the solver reads.
"""

from __future__ import annotations

import random
import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from recon_data.curation.variants import text
from recon_data.curation.variants.base import Edit, Skip, identity_options

if TYPE_CHECKING:
    from recon_data.curation.generators.stage import Stage
    from recon_data.schema import Problem

CATEGORIES = ("trigger", "enforceability", "feasibility")
SCALES = (2, 3, 4, 5, 10)
_KEYS = ("both_cooperate", "deviator", "cooperator_vs_deviator", "both_defect")
_NUM = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?![\d%])")
# Players named by letters: "firms A and B", "Firm A", "companies, A and B".
_TITLED = re.compile(
    r"\b(?:[Ff]irms?|[Cc]ompan(?:y|ies)|[Pp]layers?|[Cc]ountr(?:y|ies)|[Pp]art(?:y|ies)|"
    r"[Nn]ations?|[Mm]anufacturers?)\s+([A-Z])\b(?![&/'])"
)
_PAIR = re.compile(r"(?<![\w&/])([A-Z]) and ([A-Z])(?![\w&/])")
# The bare game: no story, the two actions named by what they are.
# What else of the audit's certificate must read the same in a variant, per category.
KEEP = {
    "trigger": ("threshold",),
    "enforceability": ("options",),
    "feasibility": ("asks", "supported"),
}
BARE = ("players", "player", "play the same simultaneous game every round", "cooperate",
        "defect", "round")  # fmt: skip


def stage_of(problem: Problem) -> dict[str, Any]:
    """The audit's certificate of an agreeing item (its `stage_game`, option paths ...)."""
    from recon_data.curation.variants.solve import audited

    found = audited(problem)  # cached: every transform of the source reads the same audit
    if found.status != "agree" or not isinstance(found.certificate, dict):
        raise Skip("the audit does not read this stage game with one answer")
    return found.certificate


def _check(want: dict[str, Any], category: str, factor: Fraction = Fraction(1),
           delta: bool = True):  # fmt: skip
    """A certificate check: the variant's stage game is the source's, times `factor`."""
    game = want["stage_game"]
    keep = KEEP[category]

    def check(cert: Any) -> str:
        got = cert.get("stage_game") if isinstance(cert, dict) else None
        if not isinstance(got, dict):
            return "the variant's stage game is not read"
        expected: dict[str, Any] = {k: str(Fraction(game[k]) * factor) for k in _KEYS}
        if delta:
            expected["delta"] = game["delta"]
        seen: dict[str, Any] = {k: got.get(k) for k in expected}
        for k in keep:
            expected[k], seen[k] = want.get(k), cert.get(k)
        return "" if seen == expected else f"read as another game: {seen} != {expected}"

    return check


def rescale(problem: Problem, rng: random.Random) -> Edit:
    """Multiply every payoff (and feasibility's offered payoffs) by one positive factor."""
    from recon_data.curation.audit.stage import _DELTA

    cert = stage_of(problem)
    game = cert["stage_game"]
    values = {abs(Fraction(game[k])) for k in _KEYS}
    factor = Fraction(rng.choice(SCALES))
    delta = _DELTA.search(problem.question)
    skip = delta.span() if delta else (0, 0)
    hits = [
        m
        for m in _NUM.finditer(problem.question)
        if not (skip[0] <= m.start() < skip[1])
        and abs(text.number_token(m.group().rstrip(","))[0]) in values
    ]
    question = text.scale_tokens(problem.question, hits, factor)
    options = tuple(problem.options)
    if problem.category == "feasibility":
        options = tuple(text.scale_tokens(o, _NUM.finditer(o), factor) for o in options)
    elif any(_NUM.search(o) for o in options) and problem.category != "trigger":
        raise Skip("the options state numbers")
    check = _check(cert, problem.category, factor)
    params = {"factor": int(factor)}
    return Edit(question, options, params, identity_options(len(options)), check)


def _player_names(problem: Problem) -> list[str]:
    """The two players' names: two firm stems (generated items) or two single letters."""
    from recon_data.curation.generators.prompts import FIRM_STEMS

    everything = "\n".join((problem.question, *problem.options))
    stems = [s for s in FIRM_STEMS if text.occurs(everything, s)]
    if len(stems) == 2:
        return stems
    letters = sorted(
        {x for m in _PAIR.finditer(everything) for x in m.groups()}
        | {m.group(1) for m in _TITLED.finditer(everything)}
    )
    if len(letters) != 2 or text.word_letter_clash(everything, letters):
        raise Skip("the players are not named by two names or letters")
    return letters


def relabel(problem: Problem, rng: random.Random) -> Edit:
    """Rename the two players (firm names, or letters) in the question and the options."""
    from recon_data.curation.generators.prompts import FIRM_STEMS, LETTERS

    cert = stage_of(problem)
    old = _player_names(problem)
    everything = "\n".join((problem.question, *problem.options))
    # C and D would read as "cooperate" and "defect", the letters some stories use for them.
    pool = FIRM_STEMS if len(old[0]) > 1 else [x for x in LETTERS if x not in "CD"]
    new = text.fresh_names(pool, old, everything, 2, rng)
    mapping = dict(zip(old, new, strict=True))
    question = text.rename(problem.question, mapping)
    options = tuple(text.rename(o, mapping) for o in problem.options)
    check = _check(cert, problem.category)
    return Edit(question, options, {"names": mapping}, identity_options(len(options)), check)


def _stage(
    cert: dict[str, Any], rng: random.Random, words: tuple[str, ...] | None
) -> tuple[Stage, Any]:
    """A generator `Stage` holding the source's payoffs, in a drawn (or the bare) story."""
    from recon_data.curation.generators.stage import Stage, StageConfig, draw_stage

    game = cert["stage_game"]
    c, t, s, p = (Fraction(game[k]) for k in _KEYS)
    if any((v * 100).denominator != 1 for v in (c, t, s, p)):
        raise Skip("payoffs with more than two decimals have no template form")
    cents = any(v.denominator != 1 for v in (c, t, s, p))
    config = StageConfig(max_payoff=10**7, cents=cents, dollars=min(c, t, s, p) >= 0)
    if words is None:
        return draw_stage(rng, config, (c, t, s, p)), config
    plural, single, setting, coop, defect, period = words
    return Stage(c, t, s, p, plural, single, coop, defect, period, ("X", "Y"), setting), config


_PATH_TEXT = {
    "cc": "Both {a} and {b} {coop} every {period}",
    "dd": "Both {a} and {b} {defect} every {period}",
    "cd": "One {single} chooses to {defect} while the other chooses to {coop} every {period}",
    "alt": "The {plural} take turns: one chooses to {defect} while the other chooses to "
    "{coop}, swapping roles every {period}",
    "mixed": "Both {plural} randomly choose whether to {coop} or to {defect} every {period}",
}


def _retold(problem: Problem, rng: random.Random, words: tuple[str, ...] | None) -> Edit:
    from recon_data.curation.generators import trigger
    from recon_data.curation.generators.enforceability import _ASK as ENFORCE_ASK
    from recon_data.curation.generators.prompts import decimal_text
    from recon_data.curation.generators.stage import describe, intro

    cert = stage_of(problem)
    st, config = _stage(cert, rng, words)
    head = f"{intro(st)} {describe(st, config, rng)}"
    options = tuple(problem.options)
    if problem.category == "trigger":
        question = f"{head} {rng.choice(trigger._ASK)}"
    elif problem.category == "feasibility":
        can = "cannot" if cert["asks"] == "not supportable" else "can"
        question = (
            f"{head} Both {st.plural} are sufficiently patient (their discount factor is close "
            f"to one). Which of the following average payoffs per {st.period} for each "
            f"{st.single} {can} be supported as a subgame perfect equilibrium of the infinitely "
            "repeated game?"
        )
    else:
        delta = cert["deltas"].get("delta")
        if delta is None:
            raise Skip("the discount factor is read two ways")
        a, b = st.names
        fill = dict(a=a, b=b, plural=st.plural, single=st.single, coop=st.coop,
                    defect=st.defect, period=st.period)  # fmt: skip
        options = tuple(_PATH_TEXT[k].format(**fill) for k in cert["options"])
        question = (
            f"{head} Assume both {st.plural} discount future payoffs with a discount factor of "
            f"{decimal_text(Fraction(delta))}. {rng.choice(ENFORCE_ASK)}"
        )
    # Only enforceability's story states the delta (trigger and feasibility do not use it).
    check = _check(cert, problem.category, delta=problem.category == "enforceability")
    story = {"story": st.setting} if words is None else {}
    return Edit(question, options, story, identity_options(len(options)), check)


def restory(problem: Problem, rng: random.Random) -> Edit:
    """The same stage game told in one of the generator's scenarios."""
    return _retold(problem, rng, None)


def anonymize(problem: Problem, rng: random.Random) -> Edit:
    """The bare stage game: players X and Y who cooperate or defect, no story."""
    return _retold(problem, rng, BARE)

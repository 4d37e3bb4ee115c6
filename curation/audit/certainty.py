"""certainty_effect: the new choice expected utility implies from an earlier sure-vs-risky one.

Every STEER item states an earlier choice (a sure amount or a lottery) and asks which of two
new lotteries to take. A question that states its own criterion ("to maximize expected
returns") is answered by it; otherwise the answer is the one every increasing utility
consistent with the earlier choice gives (docs/audit.md).
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed, fmt, parse_number
from recon_data.curation.audit.certainty_ask import (
    CONSISTENT,
    EXPECTED,
    HIGHER,
    RISKIER,
    ask_paragraph,
)

# A prize (a return may itself be written as a percentage, "0.45%") and its chance.
# The words between a prize and its chance never turn to another alternative ("a sure 0.16
# over investing in a startup with a 84% chance ...": 0.16 is not that startup's prize).
_LOTTERY = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)%?\s*(?:(?!(?:over|but|rather|instead|than|while|whereas)\b)"
    r"[a-z ]){0,40}?\(?(?:with|at)\s+(?:an?\s+)?"
    r"(?:(?:probability|chance|likelihood)\s+(?:of\s+)?)?(\d+(?:\.\d+)?)%",
    re.I,
)
_PCT = re.compile(r"(\d+(?:\.\d+)?)%")
# Whole numbers only: "33.37%" must not yield "33" (the lookahead refuses ".<digit>").
_NUM = re.compile(r"(?<![\w.%])\d[\d,]*(?:\.\d+)?(?!\d|\.\d)%?")


def option_lottery(text: str) -> tuple[Fraction, Fraction]:
    """Return (prize, probability) of an option 'gain of X with probability p% and 0 ...'."""
    m = _LOTTERY.search(text)
    if m is None:
        found = _chance_first(text)
        if found is None:
            raise Unparsed(f"cannot read the lottery in {text[:50]!r}")
        return found
    return parse_number(m.group(1)), parse_number(m.group(2) + "%")


# "a likelihood of 75.13% to gain 0.15": the chance first.
_CHANCE_FIRST = re.compile(
    r"(?:probability|chance|likelihood) of (\d+(?:\.\d+)?)% (?:to|of) (?:[a-z]+ ){0,2}?"
    r"(\d[\d,]*(?:\.\d+)?)"
    r"|(\d+(?:\.\d+)?)%+\s*[a-z ]{0,50}?(?:return of|yielding|winning)\s+(\d[\d,]*(?:\.\d+)?)",
    re.I,
)


def _chance_first(text: str) -> tuple[Fraction, Fraction] | None:
    """(prize, probability) of a lottery written chance first, or None."""
    m = _CHANCE_FIRST.search(text)
    if m is None:
        return None
    chance, prize = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return parse_number(prize), parse_number(chance + "%")


def _earlier(question: str) -> tuple[Fraction, Fraction, Fraction, bool]:
    """Return (sure amount, risky prize, its probability, whether the sure amount was chosen)."""
    m = _LOTTERY.search(question)
    if m is not None:
        prize, prob = parse_number(m.group(1)), parse_number(m.group(2) + "%")
    elif (found := _chance_first(question)) is not None:
        prize, prob = found
        m = _CHANCE_FIRST.search(question)
        # _chance_first just matched this same pattern on this same text.
        assert m is not None
    elif "%" not in question:
        raise IllPosed(
            "the earlier choice names no risky alternative (no prize or probability), so it "
            "reveals nothing about the decision maker's utility"
        )
    else:
        raise Unparsed("cannot read the earlier lottery")
    probs = {prob * 100, (1 - prob) * 100}
    spans = [(n.start(), n.group()) for n in _NUM.finditer(question)]
    # The sure amount: any other non-zero number that is not one of the lottery's chances
    # (a return may be a percentage too: "a stable 0.18% return").
    sure = [
        v
        for pos, tok in spans
        if not (m.start() <= pos < m.end())
        and (v := parse_number(tok.rstrip("%"))) != 0
        and not (tok.endswith("%") and v in probs)
    ]
    if len(sure) != 1:
        raise Unparsed("cannot tell the sure amount of the earlier choice")
    low = question.lower()
    lottery_at = m.start()
    # "instead of / rather than / over / declined" put the rejected alternative after it.
    chose_sure = True
    for pat in (
        r"opts? instead for",
        r"opted instead for",
        r"but (?:he|she|they|i) (?:opts?|chose)",
    ):
        hit = re.search(pat, low)
        if hit and hit.start() < lottery_at:
            chose_sure = False
    return sure[0], prize, prob, chose_sure


def check_certainty(question: str, options: tuple[str, ...]) -> Finding:
    """The option the question's criterion picks: expected value when it asks for the highest
    expected return, else expected utility consistent with the earlier choice (judged only
    when every such utility ranks the options the same)."""

    lots = [option_lottery(o) for o in options]
    if len(lots) != 2:
        raise Unparsed("expected two options")
    ask = ask_paragraph(question)
    # Dominance settles the item under every criterion and every risk attitude, before any
    # reading of the earlier choice or of the words (which may describe neither option).
    for pick in (1, 2):
        if _dominates(lots[pick - 1], lots[2 - pick]):
            return _by_dominance(lots, pick)
    if EXPECTED.search(ask):
        return _by_expected_value(question, lots, consistency=bool(CONSISTENT.search(ask)))
    if RISKIER.search(ask) or HIGHER.search(ask):
        return _by_description(question, ask, lots)
    return _consistent(question, lots)


def _by_description(question: str, ask: str, lots: list[tuple[Fraction, Fraction]]) -> Finding:
    """The question names the option it wants by its outcome: a higher possible return (and,
    with "less certain", a lower chance of it). "Higher returns" alone reads as the larger
    prize or the larger expected return; consistency words add the earlier preference."""
    (a1, _), (a2, _) = lots
    bigger = frozenset(i for i, (a, _) in enumerate(lots, 1) if a == max(a1, a2))
    cert: dict[str, Any] = {
        "criterion": "described",
        "options": [[str(a), str(q)] for a, q in lots],
    }
    if RISKIER.search(ask):
        riskier = frozenset(i for i in bigger if lots[i - 1][1] < lots[2 - i][1])
        if not riskier:
            big = min(bigger)
            raise IllPosed(
                f"the question asks for the higher but less certain return, and no option is "
                f"both: option {big}'s larger prize {fmt(lots[big - 1][0])} comes with the "
                f"larger chance {fmt(lots[big - 1][1])}",
                cert,
            )
        return Finding(
            {"higher_but_less_certain": riskier},
            "the question asks for the higher but less certain return: the option with the "
            "larger prize and the smaller chance of it",
            cert,
        )
    readings = {"larger_possible_return": bigger}
    values = [a * q for a, q in lots]
    readings["larger_expected_return"] = frozenset(
        i for i, v in enumerate(values, 1) if v == max(values)
    )
    if CONSISTENT.search(ask):
        try:
            readings["consistent_expected_utility"] = next(
                iter(_consistent(question, lots).readings.values())
            )
        except IllPosed:
            readings["consistent_expected_utility"] = frozenset({1, 2})
    if len(set(readings.values())) == 1:
        readings = {"higher_return": bigger}
    reason = (
        f"the question asks for potentially higher returns: prizes {fmt(a1)} and {fmt(a2)}, "
        f"expected {fmt(values[0])} and {fmt(values[1])}"
    )
    return Finding(readings, reason, cert)


def _consistent(question: str, lots: list[tuple[Fraction, Fraction]]) -> Finding:
    """Expected utility consistent with the earlier choice (raises IllPosed when it does not
    rank the options)."""
    from recon_data.gametheory.decisions import Lottery

    sure, prize, prob, chose_sure = _earlier(question)
    safe, risky = Lottery.sure(sure), Lottery.of([(prize, prob), (0, 1 - prob)])
    chosen, rejected = (safe, risky) if chose_sure else (risky, safe)
    new = [Lottery.of([(a, q), (0, 1 - q)]) for a, q in lots]
    lo, hi, n_vertices = _utility_range(chosen, rejected, new[0], new[1])
    cert = {
        "earlier": {
            "sure": str(sure),
            "lottery": [str(prize), str(prob)],
            "chose_sure": chose_sure,
        },
        "options": [[str(a), str(q)] for a, q in lots],
        "expected_values": [str(a * q) for a, q in lots],
        "eu_difference_range": [str(lo), str(hi)],
        "utility_vertices": n_vertices,
    }
    verb = "over" if chose_sure else "under"
    earlier = f"earlier choice ({fmt(sure)} sure {verb} {fmt(prize)} w.p. {fmt(prob)})"
    if (lo >= 0 and hi > 0) or (hi <= 0 and lo < 0):
        pick = 1 if hi > 0 else 2
        how = "dominates" if _dominates(lots[pick - 1], lots[2 - pick]) else "is preferred"
        return Finding(
            {"expected_utility": frozenset({pick})},
            f"option {pick} {how} under every increasing utility consistent with the {earlier}",
            cert,
        )
    if lo == hi == 0:
        return Finding(
            {"expected_utility": frozenset({1, 2})}, "every such utility is indifferent", cert
        )
    best = 1 if lots[0][0] * lots[0][1] >= lots[1][0] * lots[1][1] else 2
    raise IllPosed(
        f"the {earlier} does not fix the risk attitude the options need: some increasing "
        f"utility consistent with it prefers option 1, another option 2 (no stochastic "
        f"dominance, not the earlier pair scaled); expected value would pick option {best}",
        cert,
    )


def _by_expected_value(
    question: str, lots: list[tuple[Fraction, Fraction]], consistency: bool
) -> Finding:
    """The question asks for the highest expected return: the answer is computed from the
    options alone. When it also asks to stay with the earlier preference, that is a second
    reading (expected utility consistent with the earlier choice)."""
    values = [a * q for a, q in lots]
    best = frozenset(i for i, v in enumerate(values, 1) if v == max(values))
    cert = {
        "criterion": "expected value",
        "options": [[str(a), str(q)] for a, q in lots],
        "expected_values": [str(v) for v in values],
    }
    reason = (
        f"the question asks for the highest expected return: option 1 {fmt(values[0])}, "
        f"option 2 {fmt(values[1])}"
    )
    if not consistency:
        return Finding({"expected_value": best}, reason, cert)
    try:
        eu = _consistent(question, lots)
        consistent = next(iter(eu.readings.values()))
        cert["expected_utility"] = eu.certificate
    except IllPosed as exc:
        consistent = frozenset({1, 2})  # some consistent utility prefers either option
        cert["expected_utility"] = exc.certificate
    if consistent == best:
        return Finding({"expected_value": best}, f"{reason}; the earlier choice agrees", cert)
    return Finding(
        {"expected_value": best, "consistent_expected_utility": consistent},
        f"{reason}; the question also asks to stay with the earlier preference, which "
        f"{'allows either option' if len(consistent) == 2 else f'picks option {min(consistent)}'}",
        cert,
    )


def _by_dominance(lots: list[tuple[Fraction, Fraction]], pick: int) -> Finding:
    """One option pays at least as much at least as often: every increasing utility prefers it."""
    (a, q), (b, r) = lots[pick - 1], lots[2 - pick]
    return Finding(
        {"dominance": frozenset({pick})},
        f"option {pick} first-order dominates: prize {fmt(a)} w.p. {fmt(q)} against {fmt(b)} "
        f"w.p. {fmt(r)} (better under every increasing utility and every stated criterion)",
        {"criterion": "dominance", "options": [[str(x), str(p)] for x, p in lots]},
    )


def _dominates(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> bool:
    return a != b and a[0] >= b[0] and a[1] >= b[1]


def _utility_range(chosen: Any, rejected: Any, first: Any, second: Any) -> tuple[Any, Any, int]:
    """Min and max of EU(first) - EU(second) over increasing utilities with EU(chosen) >=
    EU(rejected), normalised to 0 at the worst outcome and 1 at the best.

    The normalised increasing utilities form a simplex whose vertices are step functions;
    cutting it with the earlier choice's half-space keeps the vertices on its side and adds
    the points where the cut crosses an edge. A linear form is extreme at a vertex, so the
    range is exact (Fractions throughout).
    """
    from recon_data.gametheory.decisions import expected_utility

    points = sorted({x for lot in (chosen, rejected, first, second) for x, _ in lot.outcomes})
    steps = [
        {x: Fraction(int(i >= j)) for i, x in enumerate(points)} for j in range(1, len(points))
    ]

    def f(u: dict) -> Any:
        return expected_utility(chosen, u.__getitem__) - expected_utility(rejected, u.__getitem__)

    vertices = [u for u in steps if f(u) >= 0]
    for a, b in itertools.combinations(steps, 2):
        fa, fb = f(a), f(b)
        if fa * fb < 0:
            vertices.append({x: (fa * b[x] - fb * a[x]) / (fa - fb) for x in points})
    if not vertices:
        raise IllPosed("the earlier choice is not consistent with any increasing utility")
    diffs = [
        expected_utility(first, u.__getitem__) - expected_utility(second, u.__getitem__)
        for u in vertices
    ]
    return min(diffs), max(diffs), len(vertices)

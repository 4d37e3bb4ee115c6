"""certainty_effect, time_inconsistency, endowment_effect: consistency with an earlier choice.

Each item states an earlier choice and asks for a new one; the rational answer is the one
expected utility (independence), exponential discounting, or reference-free preferences
imply from the earlier choice.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed, fmt, parse_number

# A prize (a return may itself be written as a percentage, "0.45%") and its chance.
_LOTTERY = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)%?\s*(?:[a-z ]{0,40}?)\(?(?:with|at)\s+(?:an?\s+)?"
    r"(?:(?:probability|chance|likelihood)\s+(?:of\s+)?)?(\d+(?:\.\d+)?)%",
    re.I,
)
_PCT = re.compile(r"(\d+(?:\.\d+)?)%")
# Whole numbers only: "33.37%" must not yield "33" (the lookahead refuses ".<digit>").
_NUM = re.compile(r"(?<![\w.%])\d[\d,]*(?:\.\d+)?(?!\d|\.\d)%?")


def _option_lottery(text: str) -> tuple[Fraction, Fraction]:
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
    """Expected utility: the options some increasing utility consistent with the earlier
    choice prefers; the item is judged only when every such utility ranks them the same."""
    from recon_data.gametheory.decisions import Lottery

    sure, prize, prob, chose_sure = _earlier(question)
    lots = [_option_lottery(o) for o in options]
    if len(lots) != 2:
        raise Unparsed("expected two options")
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


_TODAY = re.compile(r"\$?(\d+)\s*(?:dollars\s+)?(today|tomorrow)", re.I)
_LATER = re.compile(r"(\d+) dollars (\d+) days? from now", re.I)


def check_time(question: str, options: tuple[str, ...]) -> Finding:
    """Exponential discounting: the same one-day trade-off, delayed, gets the same choice."""
    amounts = [(int(a), w.lower()) for a, w in _TODAY.findall(question)]
    today = {w: a for a, w in amounts[:2]}
    if set(today) != {"today", "tomorrow"}:
        raise Unparsed("cannot read the earlier today/tomorrow choice")
    chosen = re.search(r"\bcho(?:se|sen)\b[^.?\d]{0,30}\$?(\d+)", question, re.I) or re.search(
        r"choice to receive \$?(\d+)", question, re.I
    )
    if chosen is None or int(chosen.group(1)) not in today.values():
        raise Unparsed("cannot tell which amount was chosen earlier")
    later = [_LATER.fullmatch(o.strip().rstrip(".")) for o in options]
    if any(m is None for m in later):
        raise Unparsed("options are not 'N dollars T days from now'")
    parsed = [(int(m.group(1)), int(m.group(2))) for m in later if m]
    small, big = today["today"], today["tomorrow"]
    by_amount = {a: i for i, (a, _) in enumerate(parsed, 1)}
    if set(by_amount) != {small, big}:
        raise IllPosed("the delayed options are not the same two amounts as the earlier choice")
    t_small, t_big = parsed[by_amount[small] - 1][1], parsed[by_amount[big] - 1][1]
    if t_big - t_small != 1:
        raise IllPosed("the delayed options are not one day apart like the earlier choice")
    patient = int(chosen.group(1)) == big
    pick = by_amount[big] if patient else by_amount[small]
    cert = {
        "earlier": {"today": small, "tomorrow": big, "chose": int(chosen.group(1))},
        "delayed": parsed,
        "note": "exponential discounting keeps the choice; quasi-hyperbolic (beta-delta) "
        "keeps a patient choice and may reverse an impatient one",
    }
    return Finding(
        {"exponential": frozenset({pick})},
        f"earlier chose {'later-larger' if patient else 'sooner-smaller'}; exponential "
        f"discounting keeps it at any delay (option {pick})",
        cert,
    )


_DECLINED = re.compile(r"declined|answered no|refused|rejected|said no|turned down", re.I)
_ACCEPTED = re.compile(r"accepted|answered yes|agreed to|said yes", re.I)


def check_endowment(question: str, options: tuple[str, ...]) -> Finding:
    """No endowment effect: owning the other item, take the trade back to the preferred one."""
    head = question.split("'", 1)[0] if "'" in question else question[:160]
    declined, accepted = _DECLINED.search(head), _ACCEPTED.search(head)
    if not declined and not accepted:
        raise IllPosed("no earlier choice is stated, so no preference is revealed")
    if declined and accepted:
        raise Unparsed("cannot tell the earlier answer")
    yes = [i for i, o in enumerate(options, 1) if o.strip().lower().startswith("yes")]
    no = [i for i, o in enumerate(options, 1) if o.strip().lower().startswith("no")]
    if len(yes) != 1 or len(no) != 1:
        raise Unparsed("options are not Yes / No")
    pick = yes[0] if declined else no[0]
    return Finding(
        {"reference_free_preferences": frozenset({pick})},
        f"earlier {'declined' if declined else 'accepted'} the swap, revealing a preference "
        f"for the item {'kept' if declined else 'offered'}; in the mirrored situation "
        f"the same preference answers {'Yes' if declined else 'No'}",
        {"earlier": "declined" if declined else "accepted"},
    )

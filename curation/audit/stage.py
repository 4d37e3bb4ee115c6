"""Read a symmetric 2x2 stage game (cooperate/defect payoffs) and a discount factor from prose.

The STEER repeated-game items state four payoffs in words: both cooperate (C), both defect
(P), and a mixed clause giving the deviator (T) and the cooperator (S). Each clause is
classified by its action words; the two numbers of a mixed clause are matched to roles by
`respectively` / `former, latter` order, else by the role words next to each number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from recon_data.curation.audit.base import Unparsed, parse_number
from recon_data.curation.audit.stage_roles import (
    coop_score,
    make_roles,
    mixed_roles,
    negated,
    role_of,
    word_order,
    words,
)

_NUM = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?![\d%])")
_DELTA = re.compile(
    r"discount(?:ing)? factor[^.\d]{0,80}?(?<![\d.])(?P<f1>0?\.\d+|1\.0+|1)(?![\d%])"
    r"|(?<![\d.])(?P<f2>0?\.\d+)[^.\d]{0,25}discount factor"
    r"|discount\w*(?:\s+[\w-]+){0,6}?\s+(?:by|at|with)\s+(?:a\s+|the\s+)?(?:same\s+)?"
    r"(?:factor|(?P<rate>rate))\s+(?:of\s+|represented\s+by\s+)?(?P<f3>0?\.\d+)(?![\d%])"
    r"|discount rate[^.\d]{0,60}?\b(?:is|of|by|at)\s+(?P<r2>0?\.\d+)(?![\d%])",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r";|(?<=[^\d])\.\s|(?<=\d)\.\s+(?=[A-Z])|:\s|,\s+and\s+(?=\$?[\d,.]+\s+(?:to\s+)?each\b)"
    r"|,?\s+(?=(?:and )?(?:if|when|should|conversely|however|in the event|whereas (?:if|when|both|they|each))\b)"
    r"|,\s+(?=(?:and\s+)?(?:unilateral|mutual|one|both)\b)"
    r"|,\s+(?=an?\s+[\w-]+\s+(?:firm|company|country|player|party)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StageGame:
    """The symmetric stage game: C both cooperate, T deviator, S cooperator, P both defect."""

    cooperate: Fraction
    temptation: Fraction
    sucker: Fraction
    punishment: Fraction
    delta: Fraction | None
    respectively_swapped: bool = False
    coop_words: frozenset[str] = frozenset()
    defect_words: frozenset[str] = frozenset()
    # False when the text never says which action is cooperation: the game is then read
    # with arbitrary labels (fine for label-free questions: sustainability, feasibility).
    roles_known: bool = True
    # "C" or "D" when exactly that mutual clause is negated ("both fail to update"): its words
    # then name the other action in a phrase that does not negate them ("one updates").
    negated_action: str = ""

    def bimatrix(self) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
        """Return (A, B) with action 0 = cooperate, 1 = defect."""
        c, s, t, p = self.cooperate, self.sucker, self.temptation, self.punishment
        return [[c, s], [t, p]], [[c, t], [s, p]]

    def as_dict(self) -> dict[str, str | None]:
        """Return the payoffs as strings for a certificate."""
        return {
            "both_cooperate": str(self.cooperate),
            "deviator": str(self.temptation),
            "cooperator_vs_deviator": str(self.sucker),
            "both_defect": str(self.punishment),
            "delta": None if self.delta is None else str(self.delta),
        }


_LIMIT = re.compile(r"close to|near(?:ly)?|approach|tends? to|towards", re.I)


def parse_delta(text: str) -> Fraction | None:
    """Return the stated discount factor (or rate), or None when the text states none."""
    m = _DELTA.search(text)
    if m is None or _LIMIT.search(m.group()):
        return None  # "a discount factor close to 1": patient players, no stated number
    return Fraction(m.group("f1") or m.group("f2") or m.group("f3") or m.group("r2"))


def delta_is_rate(text: str) -> bool:
    """True when the number is called a rate ('discounts at a rate of x', 'the discount rate
    is x'): a rate r reads as delta 1/(1+r) too."""
    m = _DELTA.search(text)
    return m is not None and (m.group("rate") is not None or m.group("r2") is not None)


_NEGATED = re.compile(r"\bnon[- ](\w)")
_AMOUNT_FIRST = re.compile(
    r"(?<![\w.,$])(\$?\d(?:[\d,]*\d)?(?:\.\d+)?)(\s+each)?\s+((?:if|when)\s+(?:they|both)\b[^,;.?]*)"
)
# "$X when one firm slashes prices while the other ...": the amount is the named firm's.
_ONE_FIRST = re.compile(
    r"(?<![\w.,$])(\$?\d(?:[\d,]*\d)?(?:\.\d+)?)\s+((?:if|when)\s+one\s+(?:\w+\s+)?"
    r"([^,;.?]*?)\s+while\b[^,;.?]*)"
)
_NOTHING = re.compile(r"\b((?:gain|earn|receive|get|make)s?)\s+nothing\b(?=\s*[.;])", re.I)
# "Option A" / "Option B" as one word each, so the action words tell them apart.
_OPTION = re.compile(r"\b[Oo]ption ([A-Z])\b")
# "(763.0) or they can compete (578.5 for ...)": each parenthesised amount ends its clause.
_PAREN_OR = re.compile(r"\((\$?\d[\d,.]*)\)\s+or\b")
_CONDITION = re.compile(
    r"\s*(?:and\s+)?(?:if|when|should|whenever|in the event|conversely|however|both|one|neither)\b",
    re.I,
)
_HAS_CONDITION = re.compile(r"\b(?:if|when|should|whenever|in the event)\b", re.I)


def segments(text: str) -> list[str]:
    """Split the prose into clauses that each hold payoff numbers, their condition first.

    A condition without a number ("If both companies decide to undercut each other, both
    will earn 955.0") joins the clause after it; a trailing one ("both earn $X each year
    when setting low prices") moves in front of the amount it qualifies.
    """
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    out: list[str] = []
    pending = ""
    last_numbered = -2
    for k, part in enumerate(parts):
        if _NUM.search(part):
            own = re.match(r"\s*(?:however,?\s*|conversely,?\s*)?(?:if|when|should)\b", part, re.I)
            out.append(f"{pending}, {part}" if pending and not own else part)
            pending, last_numbered = "", k
        elif _CONDITION.match(part):
            trailing = re.match(r"\s*(?:if|when)\b", part, re.I)
            if trailing and last_numbered == k - 1 and not _HAS_CONDITION.search(out[-1]):
                out[-1] = f"{part.strip()}, {out[-1]}"
            else:
                pending = part.strip()
        else:
            pending = ""
    return out


def prepare(text: str) -> str:
    """Normalise the prose before it is split into clauses."""
    # "$X when they compete, $Y when they collude": put each amount after its condition.
    text = _AMOUNT_FIRST.sub(r"\3 they each get \1;", text)
    text = _ONE_FIRST.sub(r"\2, the one that \3 gets \1", text)
    text = _NOTHING.sub(r"\1 0", text)
    # "the payoff for both firms when engaging in a price war is $X": the condition first.
    text = re.sub(r"\bfor both( firms| companies)? when\b", r"when both\1", text)
    # "the non-breaching firm" names the other action: hide the word from both lexicons.
    text = _NEGATED.sub(r"not\1", text)
    text = _OPTION.sub(lambda m: f"{m.group(1).lower()}-option", text)
    return _PAREN_OR.sub(r"\1; or", text)


def parse_stage_game(text: str, roles_needed: bool = True) -> StageGame:
    """Read C, T, S, P and the discount factor from an item's text (raises Unparsed).

    The two mutual clauses ("both ...", "each ...") give each action its item-specific words;
    the numbers of the one-sided clause are matched to the action whose words surround them.
    With `roles_needed` False an item that never says which action is cooperation is read
    with arbitrary labels (`roles_known` False) instead of raising.
    """
    delta = parse_delta(text)
    text = prepare(text)
    mutual: list[tuple[str, Fraction]] = []
    mixed: list[tuple[str, list[re.Match[str]]]] = []
    for seg in segments(text):
        nums = [m for m in _NUM.finditer(seg) if not _is_delta(seg, m, delta)]
        low = seg.lower()
        # "If both firms minimize their efforts, while still meeting ...": still mutual.
        both = re.match(r"\s*(?:\w+,?\s+){0,2}?(?:if|when|should)?\s*(?:both|neither)\b", low)
        one_sided = re.search(r"\bone\b[^.]*\bother\b", low) or (
            not both and re.search(r"\bwhile\b|\bwhereas\b", low)
        )
        if len(nums) == 1 and re.search(r"\b(both|each|they|their|mutual)", low) and not one_sided:
            mutual.append((seg[: nums[0].start()] or seg, _value(seg, nums[0])))
            continue
        if len(nums) == 2:
            mixed.append((seg, nums))
    if len(mutual) < 2:
        raise Unparsed("could not read both mutual payoffs (both cooperate, both defect)")
    if not mixed:
        raise Unparsed("could not read the one-sided payoffs")
    (t1, v1), (t2, v2) = mutual[:2]
    w1, w2 = words(t1) - words(t2), words(t2) - words(t1)
    first_coop = coop_score(t1) - coop_score(t2)
    if first_coop == 0:
        first_coop = _strategy_cue(text, w1, w2)
    roles_known = first_coop != 0
    if not roles_known and roles_needed:
        raise Unparsed("cannot tell which mutual outcome is cooperation")
    seg, (a, b) = mixed[0]
    # Roles here are 1 / 2 (the first / second mutual clause's action); 0: unknown, so the
    # generic action lexicon must not be consulted for the one-sided numbers.
    coop_role = 0 if not roles_known else 1 if first_coop > 0 else 2
    roles = make_roles(t1, t2, coop_role)
    ra, _rb, swapped = mixed_roles(seg, a, b, roles)
    label = coop_role or 1
    c, p = (v1, v2) if label == 1 else (v2, v1)
    va, vb = _value(seg, a), _value(seg, b)
    sucker, temptation = (va, vb) if ra == label else (vb, va)
    cw, dw = (w1, w2) if label == 1 else (w2, w1)
    neg = "" if not roles.neg_role else "C" if roles.neg_role == label else "D"
    return StageGame(
        c, temptation, sucker, p, delta, swapped, frozenset(cw), frozenset(dw), roles_known, neg
    )


_STRATEGY = re.compile(
    r"[^.?]*\b(?:until|unless|as long as|so long as|provided|after which|following which|"
    r"thereafter|forever|indefinitely|perpetual|in all subsequent|from then on)\b[^.?]*",
    re.I,
)


def _strategy_cue(text: str, w1: set[str], w2: set[str]) -> int:
    """+1 when the grim-trigger strategy names the first mutual clause's action first, -1 the
    second's, 0 when it says nothing: the strategy plays cooperation until a deviation."""
    for m in _STRATEGY.finditer(text):
        order = word_order(m.group(), frozenset(w1), frozenset(w2))
        if order:
            return 1 if order[0] == 1 else -1
    return 0


_LEAVING = re.compile(
    r"\s*(?:(?:both|each|the|one|all)\s+)?(?:(?:firms?|companies|company|countries|country|"
    r"players?|parties|party|nations?)\s+)?(?:(?:decide|choose|agree)s?\s+to\s+)?"
    r"(?:abandon|break|breach|violat|reneg|withdraw|quit|exit|leave|renounc|disregard)\w*\b",
    re.I,
)


def action_of(text: str, g: StageGame) -> str | None:
    """Classify a phrase as 'C' or 'D' by the item's own action words, else the lexicon.

    A verb of leaving ("abandon the advertising agreement", "break the pact") names the move
    even when the words after it are the cooperative clause's own (the thing left).
    """
    if g.roles_known and _LEAVING.match(text):
        return "D"
    ws = words(text)
    cw, dw = ws & g.coop_words, ws & g.defect_words
    if g.negated_action and not negated(text):
        # "both fail to update" vs "one company continually updates": the verb un-negated.
        plain = {w for w in ws if not negated(w)}
        if g.negated_action == "D":
            cw, dw = cw | (dw & plain), dw - plain
        else:
            cw, dw = cw - plain, dw | (cw & plain)
    c, d = len(cw), len(dw)
    if c != d:
        return "C" if c > d else "D"
    return role_of(text) if g.roles_known else None


def _is_delta(seg: str, m: re.Match[str], delta: Fraction | None) -> bool:
    if delta is None:
        return False
    try:
        same = parse_number(m.group()) == delta
    except ValueError:
        return False
    return same and "discount" in seg.lower()


_CHANGE_BY = re.compile(
    r"\b(?:drops?|dropped|falls?|fell|decreas\w*|declin\w*|reduc\w*|shrinks?|shrank|increas\w*|"
    r"rises?|rose|grows?|grew)\s+by\s*$",
    re.I,
)


def _value(seg: str, m: re.Match[str]) -> Fraction:
    value = parse_number(m.group())
    before = seg[max(0, m.start() - 30) : m.start()].lower()
    if _CHANGE_BY.search(before.rstrip("$ ")):
        # "the cooperating firm's profit drops by $X": a change from a base the text leaves open
        raise Unparsed(f"a payoff is given as a change ('{before.strip()[-20:]} X'), not an amount")
    after = seg[m.end() : m.end() + 25].lower()
    # "a loss of $X", "incurs an expense of $X", "pays $X", "X in costs", "a negative payoff of
    # $X": a negative payoff.
    hits = list(
        re.finditer(
            r"\b(?:loss|lose|loses|expense|incur\w*|pay|pays|cost of|costs of|"
            r"negative (?:payoff|profit|return|income|earning)s?(?: of)?)\b",
            before,
        )
    )
    negative = hits[-1] if hits else None
    if negative and re.search(
        r"\b(?:earns?|receives?|gets?|gains?|makes?)\b", before[negative.end() :]
    ):
        negative = None  # "suffers a loss and only earns $X": the amount is what it earns
    if negative or re.match(r"\s*(?:in|of)\s+(?:costs|losses|damages|expenses)\b", after):
        return -abs(value)
    return value

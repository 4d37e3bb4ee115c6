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

COOP = (
    "honor", "honour", "adher", "compl", "cooperat", "collaborat", "collud", "collusion",
    "safe", "secur", "pocket", "abide", "abiding", "respect", "contribut", "committed", "loyal",
    "high price", "high-pric", "keep prices high", "keeps prices high", "keeping prices high",
    "maintain high", "maintaining high", "maintains high", "trust", "reducing trade",
    "clean", "honest", "not target", "stick", "quota", "share", "invest together",
    "guarantee", "cautious", "sustainab", "open trade", "open polic", "on-time", "on time",
    "meets the deadline", "meet the deadline", "promot", "continu", "together", "jointly",
    "conserv", "fair", "remain", "uphold", "fulfil", "loyal", "peace", "diplomac", "moderat",
    "open", "sustain", "maintain", "lock", "assured", "guaranteed", "fixed", "claim", "commit",
    "engag", "play it safe", "adher", "reduc", "aligning", "high standard", "invest in clean",
)  # fmt: skip
DEFECT = (
    "breach", "deviat", "defect", "risk", "roll", "gambl", "cheat", "betray", "undercut",
    "cut price", "cuts price", "cutting price", "price war", "target", "reneg", "shirk",
    "pollut", "overfish", "tariff", "withhold", "violat", "alternate", "break", "individual",
    "aggressive", "lower price", "low price", "not collaborate", "not cooperate",
    "does not", "doesn't", "don't", "do not", "invests individually", "dump",
    "delay", "separate", "compet", "infring", "illegal", "ceas", "stop", "barrier", "impos",
    "own", "poach", "exploit", "abandon", "default", "free-rid", "free rid", "cheap", "lie",
    "attack", "war", "escalat", "excess", "more than", "increase", "expand", "aggress",
    "strict", "ignor", "forgo", "fail", "relax", "neither", "refrain", "instigat", "push",
    "proprietary", "independen", "solo", "keep it secret", "keep their", "guard", "protect",
    "disregard", "not invest", "not to invest", "prioritiz", "favor industrial", "industrial",
)  # fmt: skip
_COOP_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, COOP)) + ")", re.I)
_DEFECT_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, DEFECT)) + ")", re.I)

_NUM = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?![\d%])")
_DELTA = re.compile(
    r"discount(?:ing)? factor[^.\d]{0,80}?(?<![\d.])(0?\.\d+|1\.0+|1)(?![\d%])"
    r"|(?<![\d.])(0?\.\d+)[^.\d]{0,25}discount factor"
    r"|discount\w*(?:\s+[\w-]+){0,6}?\s+(?:by|at|with)\s+(?:a\s+|the\s+)?(?:factor|(rate))\s+of\s+"
    r"(0?\.\d+)(?![\d%])"
)
_SPLIT = re.compile(
    r";|(?<=[^\d])\.\s|(?<=\d)\.\s+(?=[A-Z])|:\s"
    r"|,?\s+(?=(?:and )?(?:if|when|should|conversely|however|in the event|whereas (?:if|when|both|they|each))\b)"
    r"|,\s+(?=(?:and\s+)?(?:unilateral|mutual|one|both)\b)",
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"respective|former|accordingly|in that order", re.I)


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


def role_of(text: str) -> str | None:
    """Classify a phrase as 'C' (cooperative action), 'D' (defection), or None."""
    d = _first(text, _DEFECT_RE)
    c = _first(text, _COOP_RE)
    if d is None and c is None:
        return None
    if c is None:
        return "D"
    if d is None:
        return "C"
    # Both appear ("breaks the collusion"): the defection word wins, it names the move.
    return "D"


def _first(text: str, pattern: re.Pattern[str]) -> int | None:
    m = pattern.search(text)
    return m.start() if m else None


def parse_delta(text: str) -> Fraction | None:
    """Return the stated discount factor, or None when the text states none."""
    m = _DELTA.search(text)
    if m is None:
        return None
    return Fraction(m.group(1) or m.group(2) or m.group(4))


def delta_is_rate(text: str) -> bool:
    """True when the text says 'discounts at a rate of x' (a rate r reads as delta 1/(1+r))."""
    m = _DELTA.search(text)
    return m is not None and m.group(3) is not None


_NEGATED = re.compile(r"\bnon[- ](\w)")


_AMOUNT_FIRST = re.compile(
    r"(?<![\w.,$])(\$?\d(?:[\d,]*\d)?(?:\.\d+)?)(\s+each)?\s+((?:if|when)\s+(?:they|both)\b[^,;.]*)"
)


def parse_stage_game(text: str, roles_needed: bool = True) -> StageGame:
    """Read C, T, S, P and the discount factor from an item's text (raises Unparsed).

    The two mutual clauses ("both ...", "each ...") give each action its item-specific words;
    the numbers of the one-sided clause are matched to the action whose words surround them.
    With `roles_needed` False an item that never says which action is cooperation is read
    with arbitrary labels (`roles_known` False) instead of raising.
    """
    delta = parse_delta(text)
    # "$X when they compete, $Y when they collude": put each amount after its condition.
    text = _AMOUNT_FIRST.sub(r"\3 they each get \1;", text)
    # "the non-breaching firm" names the other action: hide the word from both lexicons.
    text = _NEGATED.sub(r"not\1", text)
    segments = [s for s in _SPLIT.split(text) if s and _NUM.search(s)]
    mutual: list[tuple[str, Fraction]] = []
    mixed: list[tuple[str, list[re.Match[str]]]] = []
    for seg in segments:
        nums = [m for m in _NUM.finditer(seg) if not _is_delta(seg, m, delta)]
        low = seg.lower()
        one_sided = re.search(r"\bone\b[^.]*\bother\b|\bwhile\b|\bwhereas\b", low)
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
    w1, w2 = _words(t1) - _words(t2), _words(t2) - _words(t1)
    first_coop = _coop_score(t1) - _coop_score(t2)
    if first_coop == 0:
        first_coop = _strategy_cue(text, w1, w2)
    roles_known = first_coop != 0
    if not roles_known and roles_needed:
        raise Unparsed("cannot tell which mutual outcome is cooperation")
    seg, (a, b) = mixed[0]
    # Roles here are 1 / 2 (the first / second mutual clause's action); 0: unknown, so the
    # generic action lexicon must not be consulted for the one-sided numbers.
    coop_role = 0 if not roles_known else 1 if first_coop > 0 else 2
    ra, _rb, swapped = _mixed_roles(seg, a, b, w1, w2, coop_role)
    label = coop_role or 1
    c, p = (v1, v2) if label == 1 else (v2, v1)
    va, vb = _value(seg, a), _value(seg, b)
    sucker, temptation = (va, vb) if ra == label else (vb, va)
    cw, dw = (w1, w2) if label == 1 else (w2, w1)
    return StageGame(
        c, temptation, sucker, p, delta, swapped, frozenset(cw), frozenset(dw), roles_known
    )


def action_of(text: str, g: StageGame) -> str | None:
    """Classify a phrase as 'C' or 'D' by the item's own action words, else the lexicon."""
    words = _words(text)
    c, d = len(words & g.coop_words), len(words & g.defect_words)
    if c != d:
        return "C" if c > d else "D"
    return role_of(text) if g.roles_known else None


_STOP = frozenset(
    [
        "both",
        "each",
        "they",
        "their",
        "them",
        "firms",
        "firm",
        "companies",
        "company",
        "countries",
        "country",
        "players",
        "player",
        "would",
        "will",
        "gets",
        "earns",
        "receive",
        "receives",
        "earn",
        "gain",
        "gains",
        "with",
        "that",
        "this",
        "which",
        "where",
        "what",
        "annual",
        "annually",
        "year",
        "period",
        "profit",
        "profits",
        "payoff",
        "payoffs",
        "each",
        "other",
        "decide",
        "decides",
        "choose",
        "chooses",
        "from",
        "have",
        "into",
        "while",
        "then",
        "also",
    ]
)


def _stem(word: str) -> str:
    """A crude stem so 'risks', 'risked' and 'risk' (or 'abides', 'abide') meet."""
    return word[:4]


_STRATEGY = re.compile(
    r"[^.?]*\b(?:until|unless|as long as|so long as|provided|after which|following which|"
    r"thereafter|forever|indefinitely|perpetual|in all subsequent|from then on)\b[^.?]*",
    re.I,
)


def _strategy_cue(text: str, w1: set[str], w2: set[str]) -> int:
    """+1 when the grim-trigger strategy names the first mutual clause's action first, -1 the
    second's, 0 when it says nothing: the strategy plays cooperation until a deviation."""
    for m in _STRATEGY.finditer(text):
        order = _word_order(m.group(), w1, w2)
        if order:
            return 1 if order[0] == 1 else -1
    return 0


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in _STOP}


def _coop_score(text: str) -> int:
    return len(_COOP_RE.findall(text)) - len(_DEFECT_RE.findall(text))


def _mixed_roles(
    seg: str, a: re.Match[str], b: re.Match[str], w1: set[str], w2: set[str], coop_role: int
) -> tuple[int, int, bool]:
    if _RESPECTIVELY.search(seg):
        order = _word_order(seg[: a.start()], w1, w2)
        if len(order) == 2:
            return order[0], order[1], True
        parts = re.split(r"\bwhile\b|\bwhereas\b|\band\b|\bbut\b|,", seg[: a.start()], maxsplit=1)
        if len(parts) == 2:
            r = [_part_role(p, w1, w2, coop_role) for p in parts]
            if r[0] is None and r[1] is not None:
                r[0] = 3 - r[1]
            if r[1] is None and r[0] is not None:
                r[1] = 3 - r[0]
            if r[0] is not None and r[0] != r[1]:
                return r[0], r[1], True
        raise Unparsed("cannot tell which action 'respectively' refers to")
    ra = _context_role(seg, a, 0, w1, w2, coop_role)
    rb = _context_role(seg, b, a.end(), w1, w2, coop_role)
    if ra is None and rb is not None:
        ra = 3 - rb
    if rb is None and ra is not None:
        rb = 3 - ra
    if ra is None or ra == rb:
        raise Unparsed("cannot tell whose payoff each number of the one-sided outcome is")
    return ra, rb, False


def _part_role(text: str, w1: set[str], w2: set[str], coop_role: int) -> int | None:
    words = _words(text)
    s1, s2 = len(words & w1), len(words & w2)
    if s1 != s2:
        return 1 if s1 > s2 else 2
    # The clause shares no telling word with either mutual outcome: read its action word.
    role = role_of(text) if coop_role else None
    return None if role is None else coop_role if role == "C" else 3 - coop_role


def _context_role(
    seg: str, m: re.Match[str], start: int, w1: set[str], w2: set[str], coop_role: int
) -> int | None:
    after = re.split(r"[,;]|\band\b|\bwhile\b", seg[m.end() :], maxsplit=1)[0]
    if re.match(r"\s*(?:to|for)\b", after):
        ctx = after
    else:
        ctx = seg[start : m.start()]
        ctx = re.split(r",|\band\b|\bwhile\b|\bwhereas\b", ctx)[-1] or ctx
    ctx = _bind_names(seg, ctx, w1, w2)
    if re.fullmatch(r"\s*(?:the\s+)?other\b.*", ctx, re.S) and not _words(ctx) & (w1 | w2):
        return None  # "while the other gets ...": the complement of the named role
    return _part_role(ctx, w1, w2, coop_role)


def _bind_names(seg: str, ctx: str, w1: set[str], w2: set[str]) -> str:
    # "if A honors while B breaches, A incurs ... and B gains ...": a name stands for its action.
    for name in set(re.findall(r"\b(?:[A-Z]|[A-Z][a-z]+[A-Z]\w*)\b", ctx)):
        m = re.search(rf"\b{re.escape(name)}\b((?:\s+[\w'-]+){{1,4}})", seg)
        if m is not None and m.start() < len(seg) and m.group(1) not in ctx:
            ctx = f"{ctx} {m.group(1)}"
    return ctx


def _word_order(text: str, w1: set[str], w2: set[str]) -> list[int]:
    order: list[int] = []
    for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()):
        key = _stem(w)
        role = 1 if key in w1 and key not in w2 else 2 if key in w2 and key not in w1 else 0
        if role and (not order or order[-1] != role):
            order.append(role)
    return order[:2] if len(order) >= 2 else order


def _is_delta(seg: str, m: re.Match[str], delta: Fraction | None) -> bool:
    if delta is None:
        return False
    try:
        same = parse_number(m.group()) == delta
    except ValueError:
        return False
    return same and "discount" in seg.lower()


def _value(seg: str, m: re.Match[str]) -> Fraction:
    value = parse_number(m.group())
    before = seg[max(0, m.start() - 30) : m.start()].lower()
    after = seg[m.end() : m.end() + 25].lower()
    # "a loss of $X", "incurs an expense of $X", "pays $X", "X in costs": a negative payoff.
    negative = re.search(
        r"\b(?:loss|lose|loses|expense|incur\w*|pay|pays|cost of|costs of)\b", before
    )
    if negative or re.match(r"\s*(?:in|of)\s+(?:costs|losses|damages|expenses)\b", after):
        return -abs(value)
    return value

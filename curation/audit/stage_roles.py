"""Whose payoff is which in a stage game's prose: action lexicons, item words, negation.

Roles are 1 / 2: the action of the first / second mutual clause ("both ..."). A phrase is
given a role by the words it shares with one mutual clause only, else by negation when
exactly one mutual clause is negated ("agree not to advertise": "the non-advertising firm"),
else by the generic action lexicon once we know which mutual clause is cooperation.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from recon_data.curation.audit.base import Unparsed

COOP = (
    "honor", "honour", "adher", "compl", "cooperat", "collaborat", "collud", "collusion",
    "safe", "secur", "pocket", "abide", "abiding", "respect", "contribut", "committed", "loyal",
    "high price", "high-pric", "prices high", "keep prices high", "keeps prices high", "keeping prices high",
    "maintain high", "maintaining high", "maintains high", "trust", "reducing trade",
    "clean", "honest", "not target", "stick", "quota", "share", "invest together",
    "guarantee", "cautious", "sustainab", "open trade", "open polic", "on-time", "on time",
    "meets the deadline", "meet the deadline", "promot", "continu", "together", "jointly",
    "conserv", "fair", "remain", "uphold", "fulfil", "loyal", "peace", "diplomac", "moderat",
    "open", "sustain", "maintain", "lock", "assured", "guaranteed", "fixed", "claim", "commit",
    "engag", "play it safe", "adher", "aligning", "high standard", "invest in clean",
    "reduce barrier", "reduces barrier", "reducing barrier", "reduce trade", "reduces trade",
    "reduce their trade", "reduce fishing", "reduces fishing", "reducing fishing",
    "reduced fishing", "reduce pollution", "reducing pollution", "reduce emission",
    "reduces emission", "reducing emission", "reduce greenhouse", "reducing greenhouse",
    "reduce their emission", "reduce tariff", "reducing tariff",
    "environment", "split", "cartel", "follow", "keep to", "fix price", "fixes price",
    "fixing price",
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
    "proprietary", "independen", "solo", "keep it secret", "guard", "protect",
    "disregard", "not invest", "not to invest", "prioritiz", "favor industrial", "industrial",
    "espionage", "spy", "conceal", "secret", "hide", "leak", "contraven", "cutter", "slash",
    "lowers", "lowering", "lower its", "aggressor", "neglect", "cut corners",
    "reduce price", "reduces price", "reducing price", "reduces its price", "reduce their price",
    "reducing the price", "reduce quality", "reduces quality", "reducing quality",
    "reduce their quality", "encroach",
)  # fmt: skip
_COOP_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, COOP)) + ")", re.I)
_DEFECT_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, DEFECT)) + ")", re.I)


# Verbs that carry another action ("continue to undercut", "open a price war", "maintain low
# prices", "engage in collusion"): matched bare, they name a move only when nothing follows.
_LIGHT = frozenset({"continu", "maintain", "remain", "stick", "engag", "open", "sustain", "commit"})
_CLAUSE_END = re.compile(
    r"[,;:]|\b(?:as long as|so long as|unless|until|if|provided|while|whereas|but|when)\b", re.I
)
# Words that negate the action after them ("not to contribute", "abstain from overfishing").
_NEGATOR = re.compile(
    r"n't\b|\b(?:not|never|no longer|fail\w* to|refus\w* to|refrain\w* from|abstain\w* from|"
    r"avoid\w*|stop\w*|ceas\w*|declin\w* to)\b",
    re.I,
)


def _near(gap: str) -> bool:
    """True when a negation reaches across `gap` to the action word (three words at most)."""
    return len(gap.split()) <= 3 and not _CLAUSE_END.search(gap)


_NO_MOVE = re.compile(
    r"\brespective\w*|\b(?:continu|consistent|perpetual|constant|permanent)\w*ly\b", re.I
)


def moves(text: str, adverbs: bool = False) -> list[str]:
    """The action words of a phrase in order ('C' / 'D'), a light verb dropped when another
    action word follows it in its clause; at one spot the defection word wins (the longer
    read). "respectively", "continuously" say nothing about a move unless `adverbs`."""
    if not adverbs:
        text = _NO_MOVE.sub(lambda m: " " * len(m.group()), text)
    found = [(m.start(), 1, m.group().lower()) for m in _COOP_RE.finditer(text)]
    found += [(m.start(), 0, m.group().lower()) for m in _DEFECT_RE.finditer(text)]
    found.sort()
    ends = [m.start() for m in _CLAUSE_END.finditer(text)] + [len(text)]
    negators = [(m.start(), m.end()) for m in _NEGATOR.finditer(text)]
    kept = []
    for pos, coop, word in found:
        end = min(e for e in ends if e > pos)
        later = [p for p, _, _ in found if pos < p < end]
        if word in _LIGHT and later:
            # the action it carries is in its own clause ("continue to do so as long as the
            # other does not deviate": the condition's words are not what continues)
            continue
        stop = pos + len(word)
        own = next((n for n in negators if n[0] < stop and n[1] > pos), None)
        if own is not None and any(p >= own[1] and _near(text[own[1] : p]) for p in later):
            continue  # a negation word ("fail", "does not") that negates the next action
        if any(b <= pos and _near(text[b:pos]) for _, b in negators):
            coop = 1 - coop  # "decide not to contribute", "abstain from overfishing"
        kept.append((pos, coop))
    out: list[str] = []
    for k, (pos, coop) in enumerate(kept):
        if k and kept[k - 1][0] == pos:
            continue  # the same spot read twice: the defection word (sorted first) stands
        out.append("C" if coop else "D")
    return out


def role_of(text: str) -> str | None:
    """Classify a phrase as 'C' (cooperative action), 'D' (defection), or None.

    The first action word names the move ("breaks the collusion", "maintaining high prices
    against an undercutting competitor"); a light verb yields to the action it carries
    ("they open a price war", "firms continue to undercut").
    """
    found = moves(text)
    return found[0] if found else None


_STOP_TEXT = (
    "both each they their them firms firm companies company countries country players "
    "player would will gets earns receive receives earn gain gains with that this which "
    "where what annual annually year period profit profits payoff payoffs other decide "
    "decides choose chooses from have into while then also incur incurs incurring yield "
    "yields obtain obtains respective respectively benefit benefits costs damages losses "
    "result results resulting leading lead leads reduced per firm's company's country's "
    "cycle cycles every round rounds time times indefinitely forever continually"
)
_STOP = frozenset(_STOP_TEXT.split())
# Three-letter words that name an action ("the low price firm", "if both bet").
_SHORT = r"|\b(?:low|bet|war|cut|spy|lie|tax)\b"
_WORD = re.compile(r"[a-z][a-z'-]{3,}" + _SHORT)
_NEGATION = re.compile(
    r"\b(?:not|non|no|never|neither|nor|without|fail\w*|refus\w*|refrain\w*|less|stop\w*|"
    r"ceas\w*|quit\w*|halt\w*)\b|n't\b"
    r"|\bnot(?!hing|ably|ice|ed)[a-z]{3,}",
    re.I,
)


# "notdeviating" (prepared from "non-deviating"): the action word under the negation
_NOT_PREFIX = re.compile(r"\bnot(?!hing|ably|ice|ed)([a-z]{3,})", re.I)


def stem(word: str) -> str:
    """A crude stem so 'risks', 'risked' and 'risk' (or 'abides', 'abide') meet."""
    return word[:4]


def words(text: str) -> set[str]:
    """The stems of a phrase's content words (payoff talk and role-free words dropped)."""
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP}


def negated(text: str, nouns: bool = True) -> bool:
    """True when a phrase negates its action ("does not", "the non-investing firm"); with
    `nouns` False a "non-" compound ("the non-disclosure agreement") does not count."""
    m = _NEGATION.search(text if nouns else re.sub(r"\bnot(?!hing|ably|ice|ed)[a-z]{3,}", "", text))
    return m is not None


_PAYOFF_VERB = re.compile(r"\b(?:reduc|increas|rise|rises|drop|fall|grow)\w*\s+(?:to|by)\b", re.I)


def coop_score(text: str) -> int:
    """Cooperation words minus defection words ("profits reduce to" is payoff talk, not play)."""
    # "improve continuously" in a mutual clause still says which clause is the steady one
    found = moves(_PAYOFF_VERB.sub("", text), adverbs=True)
    return found.count("C") - found.count("D")


class Roles(NamedTuple):
    """What tells the two actions apart: each mutual clause's own words, which clause is
    cooperation (0 unknown), and which clause is the negated one (0 none or both)."""

    w1: frozenset[str]
    w2: frozenset[str]
    coop_role: int
    neg_role: int
    common: frozenset[str]


def make_roles(t1: str, t2: str, coop_role: int) -> Roles:
    """The role cues of the two mutual clauses' texts."""
    a, b = words(t1), words(t2)
    n1, n2 = negated(t1, nouns=False), negated(t2, nouns=False)
    neg = 1 if n1 and not n2 else 2 if n2 and not n1 else 0
    return Roles(frozenset(a - b), frozenset(b - a), coop_role, neg, frozenset(a & b))


def mixed_roles(seg: str, a: re.Match[str], b: re.Match[str], r: Roles) -> tuple[int, int, bool]:
    """Roles of the two numbers of a one-sided clause, and whether 'respectively' ordered them."""
    if re.search(r"respective|former|accordingly|in that order", seg, re.I):
        order = word_order(seg[: a.start()], r.w1, r.w2)
        if len(order) == 2:
            return order[0], order[1], True
        head = re.split(r"[,;]\s*(?=(?:they|their|the|its|each|both)\b)", seg[: a.start()])[0]
        parts = re.split(r"\bwhile\b|\bwhereas\b|\band\b|\bbut\b|,", head, maxsplit=1)
        if len(parts) == 2:
            p1, p2 = parts
            got = _resolve(_part_role(p1, r), _part_role(p2, r), negated(p1), negated(p2))
            if got is not None:
                return got[0], got[1], True
        raise Unparsed("cannot tell which action 'respectively' refers to")
    # Only the one-sided condition's own action words count as naming an action by polarity.
    r = r._replace(common=r.common & words(re.split(r",\s", seg, maxsplit=1)[0]))
    ctx_a, wide_a = _context(seg, a, 0)
    ctx_b, wide_b = _context(seg, b, a.end())
    role_a, role_b = _ctx_role(ctx_a, wide_a, r), _ctx_role(ctx_b, wide_b, r)
    got = _resolve(role_a, role_b, negated(ctx_a), negated(ctx_b))
    if got is None:
        raise Unparsed("cannot tell whose payoff each number of the one-sided outcome is")
    return got[0], got[1], False


def _resolve(
    ra: tuple[int | None, bool], rb: tuple[int | None, bool], na: bool, nb: bool
) -> tuple[int, int] | None:
    """Two (role, strong) readings made complementary: a missing one is the other role; when
    both say the same role, a lexicon-only (weak) reading yields to an item-word (strong) one,
    or the negated phrase ("the less aggressive firm") takes the other role."""
    (a, sa), (b, sb) = ra, rb
    if a is None and b is None:
        return None
    if a is None or b is None:
        known = a if a is not None else b
        assert known is not None
        return (3 - known, known) if a is None else (known, 3 - known)
    if a != b:
        return a, b
    if sa != sb:
        return (3 - b, b) if sb else (a, 3 - a)
    if na != nb:
        return (3 - b, b) if na else (a, 3 - a)
    return None


def _part_role(text: str, r: Roles) -> tuple[int | None, bool]:
    ws = words(text)
    s1, s2 = len(ws & r.w1), len(ws & r.w2)
    lexicon = role_of(text) if r.coop_role else None
    lex_role = None if lexicon is None else r.coop_role if lexicon == "C" else 3 - r.coop_role
    if s1 != s2:
        role = 1 if s1 > s2 else 2
        # An item word that the action lexicon contradicts ("prices" of "compete on price"
        # in "the firm sticking to high prices") is no firm evidence.
        if lex_role in (None, role) or abs(s1 - s2) > 1:
            return role, True
        return lex_role, False
    if r.neg_role and (negated(text) or ws & r.common):
        prefixed = _NOT_PREFIX.search(text) if r.coop_role else None
        word = role_of(prefixed.group(1)) if prefixed else None
        if word is not None:
            # "the non-deviating firm" negates an action word of its own: the other move
            return (3 - r.coop_role if word == "C" else r.coop_role), True
        # "agree not to advertise" vs "heavily advertise": "the non-advertising firm".
        return (r.neg_role if negated(text) else 3 - r.neg_role), True
    # The clause shares no telling word with either mutual outcome: read its action word.
    return lex_role, False


def _context(seg: str, m: re.Match[str], start: int) -> tuple[str, str]:
    """The phrase naming a number's owner, and a wider one (the whole clause before it)."""
    after = re.split(r"[,;]|\band\b|\bwhile\b", seg[m.end() :], maxsplit=1)[0]
    before = seg[start : m.start()]
    wide = re.split(r",|\bwhile\b|\bwhereas\b", before)[-1] or before
    if re.match(r"\s*(?:to|for)\s+(?!that|this|each (?:year|period|round))", after):
        ctx = wide = after
    else:
        ctx = re.split(r",|\band\b|\bwhile\b|\bwhereas\b", before)[-1] or before
    return _bind_names(seg, ctx), _bind_names(seg, wide)


_SUBJECT = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,2}?(?:firm|company|country|party|player|investor|corporation)\b"
    r"|\bthe\s+[\w-]+(?:er|or)\b",
    re.I,
)


def _ctx_role(ctx: str, wide: str, r: Roles) -> tuple[int | None, bool]:
    other = re.fullmatch(r"\s*(?:the\s+)?other\b.*", ctx, re.S)
    if other and not words(ctx) & (r.w1 | r.w2) and not (r.neg_role and negated(ctx)):
        return None, False  # "while the other gets ...": the complement of the named role
    # The subject noun phrase names the owner best ("the reneging firm saves costs and gets").
    subject = _SUBJECT.search(wide)
    got = _part_role(subject.group(), r) if subject else (None, False)
    if got[0] is None:
        got = _part_role(ctx, r)
    if got[0] is None and wide != ctx:
        # "the defector gains an advantage and earns $X": the owner is before the "and".
        got = _part_role(wide, r)
    return got


def _bind_names(seg: str, ctx: str) -> str:
    # "if A honors while B breaches, A incurs ... and B gains ...": a name stands for its action.
    for name in set(re.findall(r"\b(?:[A-Z]|[A-Z][a-z]+[A-Z]\w*)\b", ctx)):
        m = re.search(rf"\b{re.escape(name)}\b((?:\s+[\w'-]+){{1,4}})", seg)
        if m is not None and m.start() < len(seg) and m.group(1) not in ctx:
            ctx = f"{ctx} {m.group(1)}"
    return ctx


def word_order(text: str, w1: frozenset[str], w2: frozenset[str]) -> list[int]:
    """The roles in the order a phrase names them (at most two)."""
    order: list[int] = []
    for w in _WORD.findall(text.lower()):
        key = stem(w)
        role = 1 if key in w1 and key not in w2 else 2 if key in w2 and key not in w1 else 0
        if role and (not order or order[-1] != role):
            order.append(role)
    return order[:2]

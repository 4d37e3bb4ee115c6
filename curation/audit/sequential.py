"""backward_induction: the three-stage take-or-pass games of STEER, solved by subgame perfection.

Every item is the same shape told in prose: the first mover stops (payoffs s1) or passes;
the second mover stops (s2) or passes back; the first mover ends the game one of two ways
(t3a, t3b). Payoff numbers are read in text order and paired; each number goes to the player
the prose gives it to ("to Bob", "for herself", "Alice will receive", "... respectively").
Options are told apart by what they do: an option that stops the game at the asked node
("finalize", "accept") or hands the move on ("pass", "continue negotiating"); where the words
do not say (the doctors' treatment stories), by the clause that pays out at that node.
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import IllPosed, Unparsed, parse_number
from recon_data.curation.audit.sequential_shape import respective_to_actions

_TITLES = r"(?:[Pp]layer|Firm|Dr\.|[Dd]octor|Physician|Company|Investor)"
_SINGLE = re.compile(rf"\b{_TITLES}\s+([A-Z])\b")
# "TechA" is a name; so are the roles of a story that names no one ("the buyer").
_NAME = re.compile(r"(?<![\w.])(?:Dr\.\s+)?([A-Z][a-z]+(?:[A-Z][a-z]*)?)\b(?!\s+[A-Z])")
_ROLE = re.compile(r"\b[Tt]he (buyer|seller|lender|borrower|employer|employee)\b")
_NOT_NAMES_TEXT = (
    "In If The A An When Should Given Using Utilizing Consider Imagine Assume Assuming What "
    "Which Each Both After Then However Initially Finally Alternatively Now During This These "
    "They Their He She His Her Two Three First Second Third Option Round Use Determine "
    "Calculate Based Suppose Let Alright Conversely Otherwise Once Following At On By For To "
    "Under With Whereas While Meanwhile Subsequently Thus Hence Therefore Here There It Its "
    "Accepting Finalizing Choosing Player Firm Doctor Dr CEO Inc Corp Ltd But And Or Should "
    "Within From Over Upon As Being Having If Instead Assume Note Also Furthermore Moreover "
    "Taking Failing Continuing Passing Agreeing Settling Reverting Switching Persisting "
    "Company Investor Round Stage Phase Treatment Plan Hospital Corporation Holdings"
)
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
_NUM = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?![\w%])")
_NOT_PAYOFF_AFTER = re.compile(
    r"[\s-]*(?:[\w-]+\s+)?(?:rounds?|stages?|phases?|steps?|years?|months?|days?|sequential|"
    r"decision|negotiation rounds?)\b",
    re.I,
)
_NOT_PAYOFF_BEFORE = re.compile(r"(?:round|stage|phase|player|firm|step|option)\s*$", re.I)
_REFLEXIVE = re.compile(r"\b(?:himself|herself|themselves|themself|him|her|them)\b", re.I)
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|his|her|their|him|them)\b", re.I)


def players(text: str) -> tuple[str, str]:
    """Return (first mover, second mover) as the name keys the text uses for them."""
    names = [m.group(1) for m in _SINGLE.finditer(text)]
    if len(set(names)) < 2:
        names += [m.group(1) for m in _NAME.finditer(text) if m.group(1) not in _NOT_NAMES]
    if len({n for n, c in Counter(names).items() if c >= 2}) < 2:
        names += [m.group(1) for m in _ROLE.finditer(text)]
    counts = Counter(names)
    top = [n for n, c in counts.most_common() if c >= 2][:2]
    if len(top) < 2:
        raise Unparsed("cannot find the two players")
    top.sort(key=lambda n: _mentions(text, n)[0])
    second_first = re.search(
        rf"{_mention_re(top[1])}\s+(?:\w+\s+)?(?:makes|has|takes|starts|moves|goes|initiates|"
        rf"is the first|decides first|leads|is leading|opens|begins)\b(?:\s+\w+){{0,4}}?"
        rf"(?:first|initial|lead|opening|decision)",
        text,
    ) or re.search(rf"(?:begin|start)s? with {_mention_re(top[1])}", text)
    return (top[1], top[0]) if second_first else (top[0], top[1])


def _mention_re(name: str) -> str:
    if len(name) == 1:
        return rf"(?:\b{_TITLES}\s+{name}\b|\b{name}'s\b)"
    return rf"\b{re.escape(name)}\b"


def _mentions(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(_mention_re(name), text)] or [len(text)]


_OWNED_TREATMENT = re.compile(
    r"\b(\w+)(?:'s|’s|'|’)(?=\s+(?:[\w-]+\s+){0,2}(?:treatment|therapy|protocol|medication|"
    r"method|approach|procedure|operation|strategy|plan|regimen)s?\b)"
)


def _last_player(text: str, who: tuple[str, str], owners_only: bool = False) -> int | None:
    """The player named last in `text`; with owners_only, a possessive ("Dr. Reese's
    treatment") names a treatment, not the payoff's owner, unless nothing else is named."""
    if owners_only:
        plain = _last_player(_OWNED_TREATMENT.sub(r"\1_POSS", text), who)
        if plain is not None:
            return plain
    best, pos = None, -1
    for k, name in enumerate(who):
        hits = [m.end() for m in re.finditer(_mention_re(name), text)]
        if hits and hits[-1] > pos:
            best, pos = k, hits[-1]
    return best


def _owner(text: str, m: re.Match[str], prev: int, who: tuple[str, str]) -> tuple[int | None, bool]:
    """Return (player index, named) for a payoff number: named means the prose names the player."""
    after = text[m.end() : m.end() + 70]
    to = re.match(
        r"\s*((?:[\w-]+\s+){0,3}?)(?:for|to)\s+((?:Dr\.\s+|[Pp]layer\s+|Firm\s+)?[\w]+)(\s+\w+)?",
        after,
    )
    if to is not None and (
        # "5 and for Taylor ..." is the next number's owner; "or switch to her original
        # plan" names a treatment ("her" + a noun), not who is paid.
        re.search(r"\b(?:and|or|while|whereas|but|if|then)\b", to.group(1), re.I)
        or (to.group(2) == "her" and to.group(3) and not _CONJ.fullmatch(to.group(3).strip()))
    ):
        to = None
    if to is not None:
        target = to.group(2).split()[-1]
        for i, name in enumerate(who):
            if target == name:
                return i, True
        if _REFLEXIVE.fullmatch(target):
            return _last_player(text[: m.start()], who), False
    before = text[max(prev, m.start() - 160) : m.start()]
    if re.search(r"\b(?:himself|herself|themselves|themself)\s*$", before):
        # "Alice can ... adhere to Bob's plan, gaining herself -5": the reflexive is the
        # clause's subject, the last player named before a verb of choice.
        sentence = re.split(r"(?<!Dr)[.;]\s", text[: m.start()])[-1]
        subjects = [
            (h.start(), k)
            for k, n in enumerate(who)
            for h in re.finditer(rf"{_mention_re(n)}\s+(?:then\s+|\w+ly\s+)?{_CHOOSER}", sentence)
        ]
        if subjects:
            return max(subjects)[1], True
    tail = re.split(r"(?<!Dr)[;.]\s|,\s+(?:and|while|whereas)\b|\band\b|\bwhile\b", before)[-1]
    k = _last_player(tail, who, owners_only=True)
    if k is not None:
        return k, not _SUBJECT_PRONOUN.search(tail[tail.rfind(who[k]) :])
    k = _last_player(before, who) if _SUBJECT_PRONOUN.search(tail) else None
    if k is None and _SUBJECT_PRONOUN.search(tail):
        k = _last_player(text[: m.start()], who)
    return k, False


def payoff_numbers(text: str) -> list[re.Match[str]]:
    """Return the payoff numbers of the text (not round counts or the like), in order."""
    out = []
    for m in _NUM.finditer(text):
        # "Firm 2", "round 3" are names; "Jordan's firm 71489.33" is a payoff.
        small = re.fullmatch(r"\d{1,2},?", m.group()) is not None
        if _NOT_PAYOFF_AFTER.match(text, m.end()) or (
            small and _NOT_PAYOFF_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        ):
            continue
        out.append(m)
    return out


def payoff_pairs(text: str, who: tuple[str, str]) -> list[tuple[Any, str]]:
    """Return ((first mover's, second mover's) payoff, clause) pairs in text order; a payoff
    the text never states (one number alone in its clause) is None."""
    nums = payoff_numbers(text)
    lone = _lone_number(text, nums) if len(nums) % 2 else None
    if len(nums) % 2 and lone is None:
        raise Unparsed(f"{len(nums)} payoff numbers: cannot pair them")
    if lone is not None:
        # One outcome states one player's payoff only: the other is None (unknown).
        before, after = nums[:lone], nums[lone + 1 :]
        head = payoff_pairs_of(text, before, who, 0)
        m = nums[lone]
        owner, _named = _owner(text, m, head[-1][2] if head else 0, who)
        if owner is None:
            raise Unparsed("cannot tell whose payoff a lone number is")
        value = _signed(text, m)
        single = (
            (value, None) if owner == 0 else (None, value),
            text[head[-1][2] if head else 0 : m.end()],
        )
        tail = payoff_pairs_of(text, after, who, m.end())
        return [(p, c) for p, c, _ in head] + [single] + [(p, c) for p, c, _ in tail]
    return [(p, c) for p, c, _ in payoff_pairs_of(text, nums, who, 0)]


def _lone_number(text: str, nums: list[re.Match[str]]) -> int | None:
    """The index of the one number alone in its clause when every other clause pairs up."""
    cuts = [
        m.end()
        for m in re.finditer(
            r"(?<!Dr)[.;](?=\s)|,\s+or\b|\bor\s+(?:to\s+)?(?:let|pass|defer|hand|he|she|they)\b",
            text,
        )
    ]
    groups: dict[int, list[int]] = {}
    for k, m in enumerate(nums):
        groups.setdefault(sum(1 for c in cuts if c <= m.start()), []).append(k)
    singles = [g[0] for g in groups.values() if len(g) == 1]
    odd = [g for g in groups.values() if len(g) % 2]
    return singles[0] if len(singles) == 1 and len(odd) == 1 else None


def payoff_pairs_of(
    text: str, nums: list[re.Match[str]], who: tuple[str, str], prev: int
) -> list[tuple[tuple[Fraction, Fraction], str, int]]:
    """Pair consecutive payoff numbers: ((first mover's, second mover's), clause, end)."""
    pairs = []
    for a, b in zip(nums[::2], nums[1::2], strict=True):
        tail = text[b.end() : b.end() + 40].lower()
        if respective_to_actions(text[prev : a.start()]):
            raise IllPosed(
                "a payoff pair is 'respective' to the two actions just named: the text does "
                "not say which action it pays or whose payoffs they are"
            )
        resp = re.match(r"[^.;]*?respectively", tail)
        oa: int | None
        ob: int | None
        if resp is not None or "respectively" in text[a.end() : b.start()].lower():
            # "X and Y for Taylor and Alex respectively" names them after; "Alex and Jamie
            # get X and Y respectively" before; "both doctors get X and Y respectively" in
            # the order the story introduced them.
            after = text[b.end() : b.end() + resp.end()] if resp else ""
            order = _named_order(after, who, first_wins=True) or _named_order(
                text[prev : a.start()], who
            )
            oa, ob = order or _introduced_order(text, who)
        else:
            (oa, na), (ob, nb) = _owner(text, a, prev, who), _owner(text, b, a.end(), who)
            if oa is not None and oa == ob:
                # Two numbers of one outcome go to different players: trust the named one.
                if na and not nb:
                    ob = 1 - oa
                elif nb and not na:
                    oa = 1 - ob
                else:
                    raise Unparsed("both numbers of an outcome seem to go to one player")
            if oa is None and ob is not None:
                oa = 1 - ob
            if ob is None and oa is not None:
                ob = 1 - oa
            if oa is None or ob is None:
                raise Unparsed("cannot tell whose payoff a number is")
        va, vb = _signed(text, a), _signed(text, b)
        pay = (va, vb) if oa == 0 else (vb, va)
        pairs.append((pay, text[prev : b.end()], b.end()))
        prev = b.end()
    return pairs


_CONJ = re.compile(r"and|or|while|whereas|but", re.I)
_CHOOSER = r"(?:can|could|will|would|may|must|decides|chooses|opts|has)\b"
_PAYS = re.compile(r"\b(?:pay|pays|paying|spend|spends|spending|lose|loses|losing)\s*\$?$", re.I)


def _signed(text: str, m: re.Match[str]) -> Fraction:
    """A payoff number, negative when the prose says it is paid ("Alice will pay 5" is -5)."""
    value = parse_number(m.group())
    return -abs(value) if _PAYS.search(text[max(0, m.start() - 12) : m.start()]) else value


_FINAL = re.compile(r"\b(?:final|third|last) (?:round|stage|phase|decision)|\bin the final\b", re.I)


def _node_order(pairs: list[Any]) -> list[Any]:
    """Put the outcomes in tree order when the prose states the final round before the
    second mover's stopping payoff (the doctors' stories: "..., or switch back ...").

    The sentence holding a pair's first number tells its round; only the one telling
    pattern (pair 2 final, pair 4 not) is reordered, anything else keeps text order.
    """
    final = [bool(_FINAL.search(re.split(r"(?<!Dr)[.;]\s", c)[-1])) for _, c in pairs]
    if len(pairs) == 4 and final[1] and not final[0] and not final[3]:
        return [pairs[0], pairs[3], pairs[1], pairs[2]]
    return pairs


def _introduced_order(text: str, who: tuple[str, str]) -> tuple[int, int]:
    return (0, 1) if _mentions(text, who[0])[0] <= _mentions(text, who[1])[0] else (1, 0)


def _named_order(
    text: str, who: tuple[str, str], first_wins: bool = False
) -> tuple[int, int] | None:
    # "Taylor and Alex, who is acting as Taylor's agent, will receive X and Y respectively":
    # a listed pair fixes the order, whatever is named after it.
    listed = [
        (m.start(), (i, 1 - i))
        for i in (0, 1)
        for m in re.finditer(
            rf"{_mention_re(who[i])}(?:'s|’s)?(?:\s+\w+)?\s+and\s+(?:\w+\s+)?{_mention_re(who[1 - i])}",
            text,
        )
    ]
    if listed:
        return max(listed)[1]
    if first_wins:
        first = {k: min(_mentions_or_none(text, n), default=-1) for k, n in enumerate(who)}
        if min(first.values()) < 0:
            return None
        return (0, 1) if first[0] < first[1] else (1, 0)
    last = {k: max(_mentions_or_none(text, n), default=-1) for k, n in enumerate(who)}
    if min(last.values()) < 0:
        return None
    # "Alex and Jamie are given X and Y respectively": the later-named player gets Y.
    return (0, 1) if last[0] < last[1] else (1, 0)


def _mentions_or_none(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(_mention_re(name), text)]

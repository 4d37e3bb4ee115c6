"""backward_induction: the three-stage take-or-pass games of STEER, solved by subgame perfection.

Every item is the same shape told in prose: the first mover stops (payoffs s1) or passes;
the second mover stops (s2) or passes back; the first mover ends the game one of two ways
(t3a, t3b). The four payoff pairs are read in text order, each number given to the player
named next to it; each option is matched to the clause it shares most words with.
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, IllPosed, Unparsed, parse_number

_NAME = re.compile(r"\b(?:Dr\.\s)?[A-Z][a-z]+(?:[A-Z][a-z]+)?\b")
_NOT_NAMES = frozenset(
    [
        "In",
        "If",
        "The",
        "A",
        "An",
        "When",
        "Should",
        "Given",
        "Using",
        "Utilizing",
        "Consider",
        "Imagine",
        "Assume",
        "Assuming",
        "What",
        "Which",
        "Each",
        "Both",
        "After",
        "Then",
        "However",
        "Initially",
        "Finally",
        "Alternatively",
        "Now",
        "During",
        "This",
        "These",
        "They",
        "Their",
        "He",
        "She",
        "His",
        "Her",
        "Two",
        "Three",
        "First",
        "Second",
        "Third",
        "Option",
        "Round",
        "Use",
        "Determine",
        "Calculate",
        "Based",
        "Suppose",
        "Let",
        "Alright",
        "Conversely",
        "Otherwise",
        "Once",
        "Following",
    ]
)
_NUM = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w%])")
_PRONOUN = re.compile(r"\b(he|she|him|her|himself|herself|his|hers)\b", re.I)


def players(text: str) -> tuple[str, str]:
    """Return (first mover, second mover): the two most named people, first-named first."""
    names = [m.group() for m in _NAME.finditer(text) if m.group().split()[-1] not in _NOT_NAMES]
    counts = Counter(names)
    top = [n for n, c in counts.most_common() if c >= 2][:2]
    if len(top) < 2:
        raise Unparsed("cannot find the two players")
    top.sort(key=names.index)
    first = re.search(
        rf"({re.escape(top[1])})\s+(?:makes|has|takes|starts|moves|goes)\s+(?:the\s+)?(?:first|initial|lead)",
        text,
    )
    return (top[1], top[0]) if first else (top[0], top[1])


def payoff_pairs(text: str, who: tuple[str, str]) -> list[tuple[tuple[Fraction, Fraction], str]]:
    """Return ((first mover's, second mover's) payoff, preceding clause) pairs in text order."""
    nums = [m for m in _NUM.finditer(text)]
    assigned: list[tuple[Fraction, int | None, int, int]] = []
    prev = 0
    for m in nums:
        ctx = text[prev : m.start()]
        after = re.split(r"[,;.]|\band\b", text[m.end() : m.end() + 60], maxsplit=1)[0]
        owner = _owner(ctx, after, who)
        assigned.append((parse_number(m.group()), owner, prev, m.end()))
        prev = m.end()
    pairs = []
    i = 0
    while i + 1 < len(assigned):
        (va, oa, start, _), (vb, ob, _, end) = assigned[i], assigned[i + 1]
        seg = text[start:end].lower()
        if "respectively" in text[end : end + 60].lower() or "respectively" in seg:
            order = _order(text[start:end] + text[end : end + 60], who)
            if order:
                oa, ob = order
        if oa is None and ob is not None:
            oa = 1 - ob
        if ob is None and oa is not None:
            ob = 1 - oa
        if oa is None or oa == ob:
            raise Unparsed("cannot tell whose payoff a number is")
        pay = (va, vb) if oa == 0 else (vb, va)
        pairs.append((pay, text[start:end]))
        i += 2
    return pairs


def _owner(ctx: str, after: str, who: tuple[str, str]) -> int | None:
    if re.match(r"\s*(?:points\s+|reputation\s+points\s+)?(?:for|to)\b", after):
        for k, name in enumerate(who):
            if name.split()[-1] in after:
                return k
    tail = re.split(r"[,;]|\bwhile\b|\band\b", ctx)[-1]
    best, pos = None, -1
    for k, name in enumerate(who):
        p = tail.rfind(name.split()[-1])
        if p > pos:
            best, pos = k, p
    return best


def _order(text: str, who: tuple[str, str]) -> tuple[int, int] | None:
    tail = text.lower().split("respectively", 1)[-1] + text.lower()
    pos = [tail.find(n.split()[-1].lower()) for n in who]
    if min(pos) < 0:
        return None
    return (0, 1) if pos[0] < pos[1] else (1, 0)


def asked_node(question: str, who: tuple[str, str]) -> int:
    """Return the decision node (1, 2, 3) the question asks about."""
    ask = re.split(r"(?<=[.?!])\s+", question.strip())
    last = " ".join(
        s for s in ask if "?" in s or re.search(r"\b(determine|what|which|should)\b", s, re.I)
    )
    low = last.lower()
    if re.search(r"\b(first|initial|1st|opening)\b", low):
        return 1
    if re.search(r"\b(second|2nd)\b", low):
        return 2
    if re.search(r"\b(third|final|last|3rd|comes back|back to)\b", low):
        return 3
    if who[1].split()[-1] in last:
        return 2
    raise Unparsed("cannot tell which decision node the question asks about")


def _words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z]{4,}", text.lower())} - {"should", "their", "with"}


def check_backward(question: str, options: tuple[str, ...]) -> Finding:
    """Subgame-perfect action at the asked node; ties keep both options."""
    from recon_data.gametheory.tree import Decision, Terminal, subgame_perfect

    who = players(question)
    pairs = payoff_pairs(question, who)
    if len(pairs) < 4:
        raise IllPosed(f"the text gives payoffs for {len(pairs)} of the 4 outcomes")
    if len(pairs) > 4:
        raise Unparsed(f"{len(pairs)} payoff pairs, expected 4")
    node = asked_node(question, who)
    if len(options) != 2:
        raise Unparsed("expected two options")
    (s1, c1), (s2, c2), (t3a, c3a), (t3b, c3b) = pairs
    tree = Decision(0, (("stop1", Terminal(s1)), ("pass1", Decision(1, (
        ("stop2", Terminal(s2)),
        ("pass2", Decision(0, (("end_a", Terminal(t3a)), ("end_b", Terminal(t3b))))),
    )))))  # fmt: skip
    spe = subgame_perfect(tree)
    history = {1: (), 2: ("pass1",), 3: ("pass1", "pass2")}[node]
    best = set(spe.best_actions(history))
    ow = [_words(o) for o in options]
    if node == 3:
        labels = ("end_a", "end_b")
        score = [len(w & _words(c3a)) - len(w & _words(c3b)) for w in ow]
    else:
        labels = ("stop1", "pass1") if node == 1 else ("stop2", "pass2")
        clause = c1 if node == 1 else c2
        score = [len(w & _words(clause)) for w in ow]
    if len(best) == 2:
        hits = frozenset({1, 2})  # both actions give the mover the same SPE value
    else:
        if score[0] == score[1]:
            raise Unparsed("cannot tell which option is which action")
        first = labels[0] if score[0] > score[1] else labels[1]
        mapping = {1: first, 2: labels[1] if first == labels[0] else labels[0]}
        hits = frozenset(i for i, a in mapping.items() if a in best)
    cert: dict[str, Any] = {
        "players": list(who),
        "payoffs": {
            k: [str(x) for x in v]
            for k, v in zip(("s1", "s2", "t3a", "t3b"), (s1, s2, t3a, t3b), strict=True)
        },
        "node": node,
        "best": sorted(best),
        "trace": spe.certificate,
    }
    tie = " (tie: both actions give the same value)" if len(best) == 2 else ""
    return Finding(
        {"subgame_perfect": hits}, f"node {node}: SPE plays {'/'.join(sorted(best))}{tie}", cert
    )

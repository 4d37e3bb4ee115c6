"""Words that turn an answer into something else: a negation, a list of alternatives, a reason.

Every reader (each answer kind, and the game-move reader) asks these after it has found what a
content names, on the text *around* the names (an option's own text never counts: `Firm B
does not exit` is a text, not a negation). All patterns are linear: alternations of literal
words between word boundaries, no nested quantifiers.
"""

from __future__ import annotations

import re

from recon_data.answers.unicode import fold_punctuation

# A word or sign that denies or retracts what it stands next to. `no` and `none` are here too:
# a reader only asks about the text around an answer, never the answer itself (`No` is a
# yes/no answer, `None of the above` an option's text).
_NEGATION = re.compile(
    r"(?<![\w'])(?:not|no|never|none|neither|nor|without|except|excluding|exclude[sd]?"
    r"|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|can't|cannot"
    r"|shouldn't|couldn't|mustn't|ain't|wrong|incorrect|false|untrue|invalid|nope|nah"
    r"|reject(?:s|ed)?|eliminat(?:e|es|ed|ing)|ruled?\s+out|rules\s+out"
    r"|rather\s+than|instead\s+of|other\s+than|(?:anything|all|everything)\s+but|but\s+not)"
    r"(?![\w'])"
    r"|[\u00ac\u2260\u2717\u2718\u274c]|\\(?:neq|ne|neg|lnot|not)(?![A-Za-z])|!=",
    re.IGNORECASE,
)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_INEQUALITY = frozenset(("\u2260", "\\neq", "\\ne", "!="))
# A word that offers another answer, or leaves the choice open.
_ALTERNATIVE = re.compile(
    r"(?<![\w'])(?:or|either|and/or|otherwise|alternatively|versus|vs)(?![\w'])|/|\u2228"
    r"|\\(?:lor|vee)(?![A-Za-z])",
    re.IGNORECASE,
)
# Where a justification starts after an answer: the rest explains, it does not answer.
_JUSTIFICATION = re.compile(
    r"(?<![\w'])(?:because|since|as|given|due\s+to|which|so|hence|thus|therefore|i\.e\.|e\.g\.)"
    r"(?![\w'])|\s-\s|[.;:]\s+(?=\S)",
    re.IGNORECASE,
)
# A mention in free text denied right after it: `Option 1 is wrong`, `choice_1 is not it`.
_DENIED_AFTER = re.compile(
    r"\W{0,3}(?:(?:is|are|was|would\s+be|seems)\s+)?(?:wrong|incorrect|false|invalid|ruled\s+out"
    r"|eliminated|not\s+(?:correct|right|optimal|valid|true|it|the\s+(?:answer|best|right)))(?![\w])",
    re.IGNORECASE,
)
_CLAUSE_ENDS = ".,;:!?\n"
# What may stand between an answer and the words that follow it: `. (or ...`, `; - wrong`.
_OPENERS = " -.;:,(["
# Words that only soften one answer (`probably Option 2`): skipped where they stand.
HEDGE_ADVERBS = frozenset(
    ("possibly", "perhaps", "maybe", "probably", "likely", "presumably", "also", "even")
)


def negation(text: str, allow: frozenset[str] = frozenset()) -> str | None:
    """The first negating word or sign in `text` (`not`, `wrong`, `\\neq`, `¬` ...), or None.

    Words in `allow` (casefolded) are an answer's own words and never count (`no` for yes/no).
    """
    for m in _NEGATION.finditer(fold_punctuation(text)):
        if m.group().casefold() not in allow:
            return m.group()
    return None


def without_negations(text: str, allow: frozenset[str] = frozenset()) -> str:
    """`text` with its negating words removed; an inequality sign becomes `=` (`x \\neq 1`)."""

    def drop(m: re.Match[str]) -> str:
        word = m.group()
        if word.casefold() in allow:
            return word
        return "=" if word in _INEQUALITY else " "

    kept = _NEGATION.sub(drop, fold_punctuation(text))
    return " ".join(_EMPTY_BRACKETS.sub(" ", kept).split())  # `Yes (wrong)` leaves `Yes ()`


def alternative(text: str) -> str | None:
    """The first word that offers another answer (`or`, `either`, `/`, `vs` ...), or None."""
    m = _ALTERNATIVE.search(text)
    return m.group() if m else None


def alternative_spans(text: str) -> list[tuple[int, int]]:
    """Where every word that offers another answer stands in `text` (start, end)."""
    return [m.span() for m in _ALTERNATIVE.finditer(text)]


def by_word(text: str, cut: int) -> bool:
    """True when the justification at `cut` opens with a word (`because`), not punctuation."""
    return cut < len(text) and text[cut].isalpha()


def justification_start(text: str, after: int = 0) -> int:
    """Where a justification begins at or after `after` (`because`, ` - `, `. Then`), else len."""
    m = _JUSTIFICATION.search(text, after)
    return m.start() if m else len(text)


def reopened(text: str, cut: int) -> bool:
    """True when the text after an answer opens with another choice (`; perhaps ...`, `. Or ...`)."""
    if cut >= len(text) or text[cut].isalpha():
        return False  # a reason word (`because`) explains the answer, it offers no other
    head = text[cut:].lstrip(_OPENERS).split(None, 1)
    if not head:
        return False
    word = head[0].casefold().strip(",()[]")
    return word in HEDGE_ADVERBS or _ALTERNATIVE.fullmatch(word) is not None


def retracted(text: str, cut: int) -> bool:
    """True when the justification starting at `cut` opens by denying the answer before it.

    `<answer> - wrong` and `<answer>. Not really` retract; a reason introduced by a word
    (`because it is not ...`) never does.
    """
    if cut >= len(text) or text[cut].isalpha():
        return False
    rest = text[cut:].lstrip(_OPENERS)
    head = rest.split(None, 1)
    return bool(head) and (negation(head[0]) is not None or _DENIED_AFTER.match(rest) is not None)


def denied_near(text: str, start: int, end: int) -> bool:
    """True when the mention `text[start:end]` of free text is denied where it stands.

    A negation in its clause before it (`I would not pick Option 1`), or a denial right
    after it (`Option 1 is wrong`). Only the 60 characters either side are looked at.
    """
    clause = text[max(0, start - 60) : start]
    cut = max(clause.rfind(c) for c in _CLAUSE_ENDS)
    before = clause[cut + 1 :] if cut >= 0 else clause
    return negation(before) is not None or _DENIED_AFTER.match(text, end, end + 60) is not None

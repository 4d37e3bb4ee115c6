"""Reading a boxed formula answer: labels, relations, stated conditions, hedges, negations.

`q^* = \\frac{a-c}{3b}` is the formula after its label; `\\delta \\ge \\frac{T-R}{T-P}` is a
lower bound (`ge`) on the label; `F_1 = F_2` is one answer written twice (both sides must
agree); a part after `where`, `for`, `if`, `with` or `when` states conditions and is not read,
and so is a part that only compares formulas (`a > c`). Two answers joined by `,`, `;`, `or`,
`and`, `\\pm` or `\\lor` are a hedge; `not`, `\\neg`, `\\neq` or a negated relation anywhere
is a negation (and so is any word `recon_data.answers.cues` calls one, checked by the kind);
a softening word (`probably`, `possibly`) is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recon_data.answers.cues import HEDGE_ADVERBS
from recon_data.answers.formula.lexer import DECORATIONS, FormulaError, Token, tokenize
from recon_data.answers.formula.parser import Names, Node, parse

CONDITION_WORDS = frozenset({"where", "for", "if", "with", "when", "given", "provided", "assuming"})
_NEGATIONS = frozenset({"not", "neg", "lnot", "nleq", "ngeq", "nless", "ngtr", "nleqslant",
                        "ngeqslant"})  # fmt: skip
_SEPARATOR_OPS = frozenset({",", ";"})
_SEPARATOR_WORDS = frozenset({"or", "and"})
_SEPARATOR_CMDS = frozenset({"lor", "vee", "land", "wedge"})
_RELATIONS = {"=": "=", ":=": "=", "<": "<", "<=": "<=", "=<": "<=", ">": ">", ">=": ">="}
_LABEL_OPS = frozenset({"_", "^", "*", "'", "{", "}"})
_MAX_SIDES = 6
_CONDITION_TEXT = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(sorted(CONDITION_WORDS)) + r")(?![A-Za-z])", re.I
)
_MAX_LABEL_WORDS = 4


@dataclass(frozen=True)
class Answer:
    """One answer: its formula (every side of a chain), and how the label relates to it."""

    forms: tuple[Node, ...]  # one formula, or several joined by `=` (they must agree)
    sense: str = "eq"  # eq: the value; ge / le: the label is at least / at most the formula
    strict: bool = False


@dataclass(frozen=True)
class Read:
    """What a box says: the answers it gives, or that it negates one."""

    answers: tuple[Answer, ...] = ()
    negated: bool = False
    hedge_sign: bool = False  # a `\\pm` or `\\mp`: two answers in one formula


def answer_text(content: str) -> str:
    """The part of a content before its stated conditions (`where ...`, `for ...`)."""
    m = _CONDITION_TEXT.search(content)
    return content[: m.start()] if m else content


def read_answer(content: str, names: Names) -> Read:
    """Read a box's content against the parameters `names` (FormulaError when unreadable)."""
    # Words that only soften one answer (`probably`) are skipped where they stand.
    tokens = [
        t
        for t in _until_conditions(tokenize(content))
        if not (t.kind == "word" and t.text.casefold() in HEDGE_ADVERBS)
    ]
    if any(_negates(t) for t in tokens):
        return Read(negated=True)
    if any(t.kind == "cmd" and t.text in ("pm", "mp") for t in tokens):
        return Read(hedge_sign=True)
    answers = []
    for part in _split(tokens):
        if not part:
            continue
        answer = _read_part(part, names)
        if answer is not None:
            answers.append(answer)
    if not answers:
        raise FormulaError("no formula in the answer")
    return Read(tuple(answers))


def _negates(tok: Token) -> bool:
    if tok.kind == "op":
        return tok.text in ("!=", "!")
    return tok.text in _NEGATIONS and tok.kind in ("word", "cmd")


def _depths(tokens: list[Token]) -> list[int]:
    out, depth = [], 0
    for tok in tokens:
        if tok.kind == "op" and tok.text in ("(", "[", "{"):
            depth += 1
        elif tok.kind == "op" and tok.text in (")", "]", "}"):
            depth -= 1
        out.append(depth)
    return out


def _until_conditions(tokens: list[Token]) -> list[Token]:
    for i, (tok, depth) in enumerate(zip(tokens, _depths(tokens), strict=True)):
        if depth == 0 and tok.kind == "word" and tok.text.casefold() in CONDITION_WORDS:
            return tokens[:i]
    return tokens


def _split(tokens: list[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for tok, depth in zip(tokens, _depths(tokens), strict=True):
        separator = (
            (tok.kind == "op" and tok.text in _SEPARATOR_OPS)
            or (tok.kind == "word" and tok.text.casefold() in _SEPARATOR_WORDS)
            or (tok.kind == "cmd" and tok.text in _SEPARATOR_CMDS)
        )
        if separator and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _read_part(tokens: list[Token], names: Names) -> Answer | None:
    sides: list[list[Token]] = [[]]
    relations: list[str] = []
    for tok, depth in zip(tokens, _depths(tokens), strict=True):
        if tok.kind == "cmd" and tok.text == "approx":
            raise FormulaError("an approximation is not a formula answer")
        if depth == 0 and tok.kind == "op" and tok.text in _RELATIONS:
            relations.append(_RELATIONS[tok.text])
            sides.append([])
        elif depth == 0 and tok.kind == "op" and tok.text == "=>":
            raise FormulaError("`=>` is ambiguous (implies, or at least)")
        else:
            sides[-1].append(tok)
    if len(sides) > _MAX_SIDES or any(not side for side in sides):
        raise FormulaError("a relation without two sides")
    kinds: list[Node | None] = [_side(side, names) for side in sides]
    formulas = [i for i, k in enumerate(kinds) if k is not None]
    if not formulas:
        raise FormulaError("only a name, no formula")
    first, last = formulas[0], formulas[-1]
    if formulas != list(range(first, last + 1)):
        raise FormulaError("formulas and names alternate")
    inner = relations[first:last]
    if any(r != "=" for r in inner):
        if len(formulas) == len(sides):
            return None  # a condition between formulas (`a > c`), not an answer
        raise FormulaError("an inequality between two formulas")
    forms = tuple(k for k in kinds if k is not None)
    if len(formulas) == len(sides):
        return Answer(forms)
    # A label on the left: the relations from it towards the formulas; labels only on the
    # right: `F <= delta` reads as delta >= F.
    path = relations[:first] if first > 0 else [_flip(r) for r in relations[last:]]
    return Answer(forms, *_sense(path))


def _side(tokens: list[Token], names: Names) -> Node | None:
    try:
        return parse(tokens, names)
    except FormulaError:
        if _label(tokens):
            return None
        raise


def _label(tokens: list[Token]) -> bool:
    """True for a name such as `q^*`, `p_1^{*}`, `b(v)`, `\\delta`, `x^*(p, m)`, `price`."""
    if tokens[0].kind not in ("word", "greek") and not (
        tokens[0].kind == "cmd" and tokens[0].text in DECORATIONS
    ):
        return False
    words = 0
    for tok, depth in zip(tokens, _depths(tokens), strict=True):
        if tok.kind == "op" and tok.text in ("(", ")"):
            continue
        if depth > 0 and not (tok.kind == "op" and tok.text in _LABEL_OPS):
            continue  # arguments, subscripts and superscripts may hold anything
        if tok.kind in ("word", "greek"):
            words += 1
        elif tok.kind == "cmd" and tok.text in DECORATIONS:
            continue
        elif not (tok.kind == "op" and tok.text in _LABEL_OPS):
            return False
    return words <= _MAX_LABEL_WORDS


def _flip(relation: str) -> str:
    return {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(relation, relation)


def _sense(path: list[str]) -> tuple[str, bool]:
    senses = {"ge" if r[0] == ">" else "le" for r in path if r != "="}
    if len(senses) > 1:
        raise FormulaError("relations in both directions")
    if not senses:
        return "eq", False
    return senses.pop(), any(r in ("<", ">") for r in path)

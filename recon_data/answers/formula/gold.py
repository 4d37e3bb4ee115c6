"""Formula golds and the grading of one box against one: what the `expression` kind runs.

`read_formula_gold` parses `[LABEL OP] FORMULA where CONDITIONS` and evaluates the formula at
its 8 sample points (cached per gold); `grader` reads a box (`formula.reading`), evaluates it
at the same points, compares, and asks `formula.identity` for a proof. Imported on the first
formula gold only, so `import recon_data` does not pay for it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from recon_data.answers import cues
from recon_data.answers.base import Grader, Match, Reading
from recon_data.answers.formula.domain import Domain, parse_domain, sample_points
from recon_data.answers.formula.evaluate import (
    Undefined,
    Value,
    context,
    evaluate,
    fingerprint,
    same,
)
from recon_data.answers.formula.lexer import FormulaError, TooLarge, tokenize
from recon_data.answers.formula.parser import Names, Node, parse
from recon_data.answers.formula.printer import to_text
from recon_data.answers.formula.reading import Answer, answer_text, read_answer

POINTS = 8
_COPULA = re.compile(r"(?:\s+(?:is|are|was|would\s+be|seems|it))+\s*$", re.IGNORECASE)
_GOLD = re.compile(
    r"^\s*(?:(?P<label>[A-Za-z]+(?:_[A-Za-z0-9]+)?)\s*(?P<op>>=|<=|=)\s*)?(?P<formula>.+?)"
    r"\s+where\s+(?P<domain>.+?)\s*$",
    re.DOTALL,
)
_SENSE = {">=": "ge", "<=": "le", "=": "eq"}
_OP = {"ge": ">=", "le": "<="}


@dataclass(frozen=True, eq=False)
class FormulaGold:
    """A parsed gold: its formula, relation, domain, and its values at the sample points."""

    formula: Node
    text: str  # the canonical formula
    sense: str  # eq, ge (a lower bound on the label: a threshold to reach) or le
    label: str | None
    domain: Domain
    names: Names
    points: tuple[dict[str, Fraction], ...]
    values: tuple[Value, ...]

    @property
    def canonical(self) -> str:
        """The canonical gold text, domain included."""
        return f"{render_gold(self)} where {self.domain.text}"


def render_gold(gold: FormulaGold) -> str:
    """The text a model should box: the formula, with its label and relation for a bound."""
    if gold.sense == "eq":
        return gold.text
    return f"{gold.label or 'x'} {_OP[gold.sense]} {gold.text}"


@lru_cache(maxsize=4096)
def read_formula_gold(text: str) -> FormulaGold:
    """Parse a gold (FormulaError naming what is wrong); cached, since golds repeat."""
    m = _GOLD.match(text)
    if m is None:
        raise FormulaError("an expression gold reads `FORMULA where CONDITIONS`")
    domain = parse_domain(m.group("domain"))
    names = Names(domain.names)
    formula = parse(tokenize(m.group("formula")), names)
    label = m.group("label")
    sense = _SENSE[m.group("op")] if m.group("op") else "eq"
    if label is not None and label in names.params:
        raise FormulaError(f"the label {label!r} is also a parameter")
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    points, values = [], []
    ctx = context()
    for point in sample_points(domain, 4 * POINTS, seed):
        try:
            values.append(evaluate(formula, point, ctx))
        except Undefined:
            continue  # outside the formula's own domain: draw another point
        points.append(point)
        if len(points) == POINTS:
            break
    if len(points) < POINTS:
        raise FormulaError("the formula is undefined on most of its stated domain")
    return FormulaGold(
        formula, to_text(formula), sense, label, domain, names, tuple(points), tuple(values)
    )


def check_gold(answer: str) -> tuple[str, str] | None:
    try:
        gold = read_formula_gold(answer)
    except FormulaError as exc:
        return "answer", f"expression gold: {exc}"
    if gold.canonical != answer:
        return "answer", f"expression gold is not canonical; expected {gold.canonical[:120]!r}"
    return None


def canonicalize_gold(raw: str) -> str:
    try:
        return read_formula_gold(raw.strip()).canonical
    except FormulaError as exc:
        raise ValueError(f"gold is not an expression: {exc}") from None


def read_gold(text: str) -> tuple[str, Any] | None:
    try:
        gold = read_formula_gold(text.strip())
    except FormulaError:
        return None
    return gold.canonical, gold


def grader(gold: FormulaGold) -> Grader:
    def grade(content: str, relaxed: bool) -> Reading:
        # The reading rule's negation words (`wrong`, `not`, `\\neq`, `except` ...) before
        # any stated conditions: a content that reads once they go is a negated answer.
        head = answer_text(content)
        cue = cues.negation(head)
        if cue is not None:
            try:
                rest = _COPULA.sub("", cues.without_negations(head))  # `F is incorrect`
                read_answer(rest, gold.names)
            except FormulaError:
                pass
            else:
                return Reading("wrong", content, None, reason=f"negated ({cue!r})", negated=True)
        try:
            read = read_answer(content, gold.names)
        except TooLarge as exc:
            return Reading("unparsed", None, None, reason=f"too large: {exc}")
        except FormulaError as exc:
            return Reading("unparsed", None, None, reason=f"not a formula: {exc}")
        if read.negated:
            return Reading(
                "wrong", content, None, reason="negated: the answer says what is not", negated=True
            )
        if read.hedge_sign:
            return Reading("wrong", content, None, reason="names several answers (±)", hedge=True)
        return _judge(gold, read.answers, content)

    return grade


def _judge(gold: FormulaGold, answers: tuple[Answer, ...], content: str) -> Reading:
    read: list[tuple[Any, Answer, tuple[Value | None, ...]]] = []
    for answer in answers:
        try:
            values = _values(gold, answer)
        except TooLarge as exc:
            return Reading("unparsed", None, None, reason=f"too large to evaluate: {exc}")
        if values is None:
            return Reading("wrong", content, None, reason="the sides of the equation differ")
        prints = tuple(None if v is None else fingerprint(v) for v in values)
        read.append(((prints, None if answer.sense == "eq" else answer.sense), answer, values))
    identity = read[0][0]
    for other, _, _ in read[1:]:
        identity = combine(identity, other)
        if identity is None:
            return Reading("wrong", content, None, reason="names several answers", hedge=True)
    # The first bound if any (`delta* = F, i.e. delta >= F` is one answer, a bound).
    _, answer, values = next((r for r in read if r[1].sense != "eq"), read[0])
    shown = (f"{_OP[answer.sense]} " if answer.sense != "eq" else "") + to_text(answer.forms[0])
    status, reason = _compare(gold, answer, values)
    return Reading(status, shown, identity, reason=reason)


def _values(gold: FormulaGold, answer: Answer) -> tuple[Value | None, ...] | None:
    # Every side of a chain at every point; None when two sides disagree somewhere.
    ctx = context()
    out: list[Value | None] = []
    for point in gold.points:
        first: Value | None = None
        for i, form in enumerate(answer.forms):
            try:
                value: Value | None = evaluate(form, point, ctx)
            except Undefined:
                value = None
            if i == 0:
                first = value
            elif (value is None) != (first is None) or (
                value is not None and first is not None and not same(value, first)
            ):
                return None
        out.append(first)
    return tuple(out)


def _compare(
    gold: FormulaGold, answer: Answer, values: tuple[Value | None, ...]
) -> tuple[Match, str]:
    if answer.sense != "eq" and answer.sense != gold.sense:
        if gold.sense == "eq":
            return "wrong", "a bound, where the question asks for the value"
        return "wrong", "the bound points the wrong way"
    for point, want, got in zip(gold.points, gold.values, values, strict=True):
        if got is None or not same(want, got):
            where = ", ".join(f"{k}={v}" for k, v in sorted(point.items()))
            return "wrong", f"differs from the gold at {where}"
    from recon_data.answers.formula.identity import prove_equal

    proof = prove_equal(
        answer.forms[0],
        gold.formula,
        gold.domain.names,
        positive=[n for n in gold.domain.names if gold.domain.positive(n)],
        integers=gold.domain.integers,
    )
    if proof is False:
        return "wrong", "equal at the sample points but not identical"
    if proof is True:
        return "correct", "identical to the gold (proven)"
    return "correct", f"equal to the gold at {POINTS} exact random points of the domain"


def combine(a: Any, b: Any) -> Any:
    # Same values; a bound and a value of the same formula are one answer (delta* = F, delta >= F).
    if a[0] != b[0] or (a[1] is not None and b[1] is not None and a[1] != b[1]):
        return None
    return (a[0], a[1] or b[1])

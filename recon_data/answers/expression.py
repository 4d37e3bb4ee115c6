"""The `expression` kind: a formula in named parameters, graded by exact evaluation and proof.

A gold is `[LABEL OP] FORMULA where CONDITIONS`, for example
`(a - c)/(b*(n + 1)) where 0 < c < a, 0 < b, 1 <= n, n integer` or
`delta >= (T - R)/(T - P) where P < R < T, 0 < P` (a threshold: the label is at least the
formula). The conditions are the parameters' stated domains; they travel with the gold, so
every grading path (`grade`, the rewards, `score`, reasoning-gym, TRL columns) has them.

An answer is read by `formula.reading` with a whitelist tokenizer: nothing from it reaches
`eval`, `sympify` or `parse_expr`. It is correct when it has the gold's value at 8 exact
random points of the domain and a bounded symbolic check (`formula.identity`) does not
disprove it; when that check proves the identity the reason says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from recon_data.answers.base import AnswerKind, Grader

if TYPE_CHECKING:
    from recon_data.answers.formula.gold import FormulaGold

# The machinery loads with the first formula gold (`recon_data.answers.formula.gold`): every
# command that asks the registry about kinds would otherwise pay for it.


def read_formula_gold(text: str) -> FormulaGold:
    """Parse a formula gold (FormulaError naming what is wrong); cached, since golds repeat."""
    from recon_data.answers.formula.gold import read_formula_gold as read

    return read(text)


def render_gold(gold: FormulaGold) -> str:
    """The text a model should box: the formula, with its label and relation for a bound."""
    from recon_data.answers.formula.gold import render_gold as render

    return render(gold)


def _check(answer: str, options: Sequence[str]) -> tuple[str, str] | None:
    from recon_data.answers.formula.gold import check_gold

    return check_gold(answer)


def _canonicalize(raw: str, options: Sequence[str]) -> str:
    from recon_data.answers.formula.gold import canonicalize_gold

    return canonicalize_gold(raw)


def _read_gold(text: str) -> tuple[str, Any] | None:
    from recon_data.answers.formula.gold import read_gold

    return read_gold(text)


def _grader(gold: FormulaGold, options: tuple[str, ...] | None) -> Grader:
    from recon_data.answers.formula.gold import grader

    return grader(gold)


def _combine(a: Any, b: Any) -> Any:
    from recon_data.answers.formula.gold import combine

    return combine(a, b)


KIND = AnswerKind(
    name="expression",
    check=_check,
    canonicalize=_canonicalize,
    read_gold=_read_gold,
    grader=_grader,
    combine=_combine,
    render=render_gold,
    json_rule={"answer": {"type": "string", "pattern": "^\\S.* where \\S.*$"}},
)

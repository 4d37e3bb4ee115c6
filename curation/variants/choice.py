"""time_inconsistency: the dated amounts rescaled into another unit, or retold.

The instance is what the audit reads: the earlier today/tomorrow amounts and which was
chosen, and the two delayed options (amount, day). Exponential discounting compares
a delta^t with b delta^(t+1), i.e. the ratio a / b, so multiplying both amounts by one
positive number (another unit of money) keeps the choice, and so does any wording.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING, Any

from recon_data.curation.variants import text
from recon_data.curation.variants.base import Edit, Skip, identity_options

if TYPE_CHECKING:
    from recon_data.schema import Problem

FACTORS = (2, 3, 5, 10, 100)
# A whole amount (a sentence's closing period allowed after it), never a count of days.
_NUM = re.compile(r"(?<![\w.])\$?\d+(?![\w]|\.\d)(?!\s+days?\b)")


def earlier_of(problem: Problem) -> dict[str, Any]:
    """The audit's certificate of an agreeing item (earlier choice, delayed options)."""
    from recon_data.curation.variants.solve import audited

    found = audited(problem)  # cached: every transform of the source reads the same audit
    if found.status != "agree" or not isinstance(found.certificate, dict):
        raise Skip("the audit does not read this choice with one answer")
    return found.certificate


def _check(cert: dict[str, Any], factor: int = 1, order: tuple[int, int] = (0, 1)):
    earlier = {k: v * factor for k, v in cert["earlier"].items()}
    delayed = [[cert["delayed"][i][0] * factor, cert["delayed"][i][1]] for i in order]

    def check(got: Any) -> str:
        if not isinstance(got, dict):
            return "the variant's choice is not read"
        seen = {"earlier": got.get("earlier"), "delayed": [list(d) for d in got.get("delayed", [])]}
        want = {"earlier": earlier, "delayed": delayed}
        return "" if seen == want else f"read as another choice: {seen} != {want}"

    return check


def rescale(problem: Problem, rng: random.Random) -> Edit:
    """Multiply both amounts (never the days) by one positive integer."""
    cert = earlier_of(problem)
    amounts = {cert["earlier"]["today"], cert["earlier"]["tomorrow"]}
    days = {d for _, d in cert["delayed"]}
    if amounts & days:
        raise Skip("an amount equals a delay, so the numbers cannot be told apart")
    factor = rng.choice(FACTORS)

    def scaled(s: str) -> str:
        hits = [m for m in _NUM.finditer(s) if text.number_token(m.group())[0] in amounts]
        return text.scale_tokens(s, hits, factor)  # type: ignore[arg-type]

    question = scaled(problem.question)
    options = tuple(scaled(o) for o in problem.options)
    check = _check(cert, factor)
    return Edit(question, options, {"factor": factor}, identity_options(len(options)), check)


def restory(problem: Problem, rng: random.Random) -> Edit:
    """The same choice told in the generator's wording (another opening and question)."""
    from recon_data.curation.generators.time_inconsistency import _ASK, _OPEN

    cert = earlier_of(problem)
    a, b = cert["earlier"]["today"], cert["earlier"]["tomorrow"]
    by_amount = {amount: day for amount, day in cert["delayed"]}
    t, u = by_amount[a], by_amount[b]
    openings = [i for i, o in enumerate(_OPEN) if o.split(" {a}")[0] not in problem.question]
    opening, ask = rng.choice(openings), rng.randrange(len(_ASK))
    question = (
        f"{_OPEN[opening].format(a=a, b=b, c=cert['earlier']['chose'])} "
        f"{_ASK[ask].format(a=a, b=b, t=t, u=u)}"
    )
    options = (f"{a} dollars {t} days from now", f"{b} dollars {u} days from now")
    order = (0, 1) if cert["delayed"][0][0] == a else (1, 0)
    mapping = {"options": [order.index(0) + 1, order.index(1) + 1]}
    params = {"opening": opening + 1, "question": ask + 1}
    return Edit(question, options, params, mapping, _check(cert, 1, order))

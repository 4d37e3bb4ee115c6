"""closed_form: read the model back from the question's prose and re-derive the gold with sympy.

The checker never sees the gold or the generator's certificate: it finds the model (its
demand, costs, utility, auction format, bargaining protocol or stage game) in the question,
parses each stated formula with the expression kind's whitelist parser, solves the first-order
conditions again (`recon_data.gametheory.closed_forms`), and prints the result in canonical
form. `gold_key` gives the gold in the same form, so the two compare as strings: `agree`
means the prose, solved afresh, gives exactly the stored formula (or number).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from recon_data.curation.audit.base import Finding, Unparsed

_VALUE = r"(\d+(?:\.\d+)?(?:/\d+)?|[A-Za-zα-ωΑ-Ω]+(?:_[A-Za-z0-9]+)?)"
_NAMES = ("a", "b", "c", "d", "n", "t", "m", "v", "V", "S", "R", "T", "P", "Q", "x", "y",
          "c_1", "c_2", "c_L", "c_F", "a_1", "a_2", "b_1", "b_2", "q_1", "q_2", "p_i", "p_j",
          "p_x", "p_y", "alpha", "beta", "theta", "epsilon", "delta", "delta_1",
          "delta_2")  # fmt: skip
_INTEGERS = frozenset({"n"})
_ROUNDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def expr(text: str) -> Any:
    """A stated formula (`a - bQ`, `x^α y^(1 - α)`) as a sympy expression, via the whitelist."""
    from recon_data.answers.formula.bridge import to_sympy
    from recon_data.answers.formula.lexer import FormulaError, tokenize
    from recon_data.answers.formula.parser import Names, parse
    from recon_data.gametheory.closed_forms.base import symbol

    try:
        tree = parse(tokenize(text), Names(_NAMES))
    except FormulaError as exc:
        raise Unparsed(f"unreadable formula {text!r}: {exc}") from None
    return to_sympy(tree, {n: symbol(n, integer=n in _INTEGERS) for n in _NAMES})


def _find(pattern: str, question: str, what: str) -> tuple[str, ...]:
    m = re.search(pattern, question)
    if m is None:
        raise Unparsed(f"no {what} stated")
    return m.groups()


def _ask(question: str, table: dict[str, tuple[str, str]]) -> str:
    found = [ask for ask, (phrase, _) in table.items() if f"What is {phrase}" in question]
    if len(found) != 1:
        raise Unparsed("the question asks for no known quantity")
    return found[0]


def _cournot(q: str) -> Any:
    from recon_data.curation.generators.cournot import ASK_TEXT, DUOPOLY_ASK_TEXT
    from recon_data.gametheory.closed_forms.oligopoly import cournot, cournot_duopoly

    (demand,) = _find(r"inverse demand is P = (.+?), where Q", q, "demand")
    if "Firm 1 has a constant marginal cost" in q:
        c1, c2 = _find(rf"Firm 1 has a constant marginal cost of {_VALUE} and firm 2 a constant "
                       rf"marginal cost of {_VALUE};", q, "costs")  # fmt: skip
        return cournot_duopoly(expr(demand), expr(c1), expr(c2), _ask(q, DUOPOLY_ASK_TEXT))
    (n,) = _find(rf"There are {_VALUE} identical firms", q, "number of firms")
    (c,) = _find(rf"Each firm has a constant marginal cost of {_VALUE} and no", q, "cost")
    return cournot(expr(demand), expr(c), expr(n), _ask(q, ASK_TEXT))


def _stackelberg(q: str) -> Any:
    from recon_data.curation.generators.stackelberg import ASK_TEXT
    from recon_data.gametheory.closed_forms.oligopoly import stackelberg

    (demand,) = _find(r"inverse demand is P = (.+?), where Q", q, "demand")
    if "The leader has a constant marginal cost" in q:
        cl, cf = _find(rf"The leader has a constant marginal cost of {_VALUE} and the follower "
                       rf"a constant marginal cost of {_VALUE};", q, "costs")  # fmt: skip
    else:
        (cl,) = _find(rf"Both firms have a constant marginal cost of {_VALUE} and", q, "cost")
        cf = cl
    return stackelberg(expr(demand), expr(cl), expr(cf), _ask(q, ASK_TEXT))


def _bertrand(q: str) -> Any:
    from recon_data.curation.generators.bertrand import ASK_TEXT, OWN_ASK_TEXT
    from recon_data.gametheory.closed_forms.base import symbol
    from recon_data.gametheory.closed_forms.oligopoly import bertrand

    (text,) = _find(r"variety is q_i = (.+?), where p_i", q, "demand")
    demand = expr(text)
    pi, pj = symbol("p_i"), symbol("p_j")
    own, cross = -demand.diff(pi), demand.diff(pj)
    intercept = demand.subs({pi: 0, pj: 0})
    if "Firm 1 has a constant marginal cost" in q:
        c1, c2 = _find(rf"Firm 1 has a constant marginal cost of {_VALUE} and firm 2 a constant "
                       rf"marginal cost of {_VALUE};", q, "costs")  # fmt: skip
        ask = _ask(q, OWN_ASK_TEXT)
    else:
        (c1,) = _find(rf"Each firm has a constant marginal cost of {_VALUE} and no", q, "cost")
        c2, ask = c1, _ask(q, ASK_TEXT)
    return bertrand(intercept, own, cross, expr(c1), expr(c2), ask)


def _monopoly(q: str) -> Any:
    from recon_data.curation.generators.monopoly import ASK_TEXT
    from recon_data.gametheory.closed_forms import pricing

    (c,) = _find(rf"constant marginal cost of {_VALUE} and no fixed cost", q, "cost")
    if "constant price elasticity" in q:
        scale, e = _find(rf"sells q = {_VALUE} p\^\(-{_VALUE}\)", q, "demand")
        return pricing.elastic_monopoly(expr(scale), expr(e), expr(c))
    table = dict(ASK_TEXT, profit=("the monopolist's maximum total profit", ""))
    if "price discrimination" in q:
        d1, d2 = _find(r"P_1 = (.+?) in market 1 and P_2 = (.+?) in market 2", q, "demands")
        return pricing.discrimination(expr(d1), expr(d2), expr(c), _ask(q, table))
    (demand,) = _find(r"inverse demand is P = (.+?), where Q", q, "demand")
    tax = re.search(rf"levies a tax of {_VALUE} per unit", q)
    return pricing.monopoly(expr(demand), expr(c), expr(tax.group(1)) if tax else 0,
                            _ask(q, ASK_TEXT))  # fmt: skip


def _consumer(q: str) -> Any:
    from recon_data.gametheory.closed_forms.consumer import demand

    first, second = _find(r"two goods, (.+?) \(quantity x\) and (.+?) \(quantity y\)", q, "goods")
    (utility,) = _find(r"u\(x, y\) = (.+?), where x and y", q, "utility")
    (good,) = _find(r"What is the quantity of (.+?) the consumer demands", q, "question")
    if good not in (first, second) or first == second:
        raise Unparsed(f"the question names no good of the two: {good!r}")
    ask = "x" if good == first else "y"
    return demand(expr(utility), _given("p_x", q), _given("p_y", q), _given("m", q), ask)


def _given(name: str, q: str) -> Any:
    m = re.search(rf"\b{name} = (\d+(?:\.\d+)?(?:/\d+)?)", q)
    return expr(m.group(1) if m else name)


def _auction(q: str) -> Any:
    from recon_data.gametheory.closed_forms.auctions import bid
    from recon_data.gametheory.closed_forms.base import symbol

    fmt = "all_pay" if "all-pay auction" in q else "first_price"
    if fmt == "first_price" and "first-price sealed-bid auction" not in q:
        raise Unparsed("no auction format stated")
    (n,) = _find(rf"to {_VALUE} risk-neutral bidders", q, "number of bidders")
    (top,) = _find(rf"uniform distribution on \[0, {_VALUE}\]", q, "value distribution")
    if "the seller's expected revenue" in q:
        return bid(fmt, expr(n), expr(top), "revenue")
    (v,) = _find(rf"bid of a bidder whose value is {_VALUE}", q, "bidder's value")
    found = bid(fmt, expr(n), expr(top), "bid")
    return type(found)(found.value.subs(symbol("v"), expr(v)), found.certificate)


def _rubinstein(q: str) -> Any:
    from recon_data.gametheory.closed_forms import bargaining

    (pie,) = _find(rf"split a surplus of size {_VALUE}\.", q, "surplus")
    one, two = _find(r"(\w+) \(player 1\) and (\w+) \(player 2\)", q, "players")
    (who,) = _find(r"What is the amount (\w+) receives", q, "question")
    if who not in (one, two) or one == two:
        raise Unparsed(f"the question names neither player: {who!r}")
    ask = "proposer" if who == one else "responder"
    if "Both players have the discount factor" in q:
        (d,) = _find(rf"Both players have the discount factor {_VALUE}\.", q, "discount factor")
        d1 = d2 = d
    else:
        d1, d2 = _find(rf"Player 1's discount factor is {_VALUE} and player 2's discount "
                       rf"factor is {_VALUE}\.", q, "discount factors")  # fmt: skip
    rounds = re.search(r"for at most (\w+) periods", q)
    if rounds:
        if rounds.group(1) not in _ROUNDS:
            raise Unparsed(f"unknown number of periods {rounds.group(1)!r}")
        return bargaining.finite(expr(d1), expr(d2), expr(pie), _ROUNDS[rounds.group(1)], ask)
    return bargaining.rubinstein(expr(d1), expr(d2), expr(pie), ask)


def _trigger(q: str) -> Any:
    from recon_data.gametheory.closed_forms import thresholds
    from recon_data.gametheory.closed_forms.base import symbol

    if "prisoner's dilemma" in q:
        values = [
            _find(rf"{pattern}(?: = {_VALUE})?(?=[\s;,.])", q, name)[0] or name
            for name, pattern in (("R", "each earns R"), ("T", "defector earns T"),
                                  ("P", "each earns P"))
        ]  # fmt: skip
        return thresholds.prisoners(*(expr(v) for v in values))
    (n,) = _find(rf"There are {_VALUE} identical firms", q, "number of firms")
    if "(Cournot competition)" in q:
        demand = symbol("a") - symbol("b") * symbol("Q")
        return thresholds.cournot_collusion(demand, symbol("c"), expr(n))
    if "(Bertrand competition)" in q:
        return thresholds.bertrand_collusion(symbol("pi_M"), expr(n))
    raise Unparsed("no stage game stated")


# Markers in the order they are tried: a trigger question also names Cournot or Bertrand.
READERS: tuple[tuple[str, Callable[[str], Any], bool], ...] = (
    ("grim trigger", _trigger, True),
    ("(Stackelberg competition)", _stackelberg, False),
    ("(Cournot competition)", _cournot, False),
    ("(Bertrand competition with differentiated products)", _bertrand, False),
    ("A monopolist sells", _monopoly, False),
    ("utility function u(x, y)", _consumer, False),
    ("risk-neutral bidders", _auction, False),
    ("(player 1) and", _rubinstein, False),
)


def check_formula(question: str, options: tuple[str, ...]) -> Finding:
    """Re-derive a closed-form item from its question; the reading is its canonical answer."""
    from recon_data.gametheory.closed_forms.base import DerivationError

    for marker, reader, threshold in READERS:
        if marker in question:
            try:
                derivation = reader(question)
            except DerivationError as exc:
                raise Unparsed(f"the stated model has no unique solution: {exc}") from None
            key = answer_key(derivation.value, threshold)
            return Finding({"derivation": frozenset({key})}, f"re-derived: {key}",
                           derivation.certificate)  # fmt: skip
    raise Unparsed("no closed-form model recognised")


def answer_key(value: Any, threshold: bool = False) -> str:
    """A derived value as a gold prints it: a number, or the canonical formula (a threshold)."""
    from recon_data.answers import format_number
    from recon_data.answers.formula.bridge import canonical_text

    if not value.free_symbols:
        return format_number(Fraction(str(value)))
    text = canonical_text(value)
    return f"delta >= {text}" if threshold else text


def gold_key(answer: str, kind: str) -> str:
    """The gold in the form `answer_key` prints (raises Unparsed)."""
    from recon_data.answers import format_number, parse_numeric
    from recon_data.answers.expression import read_formula_gold, render_gold
    from recon_data.answers.formula.lexer import FormulaError

    if kind == "numeric":
        value = parse_numeric(answer)
        if value is None:
            raise Unparsed("gold is not a number")
        return format_number(value)
    try:
        return render_gold(read_formula_gold(answer))
    except FormulaError as exc:
        raise Unparsed(f"gold is not an expression: {exc}") from None

"""The canonical printer: printing a parsed formula keeps its value and is a fixpoint, and the
sympy bridge prints derivations as text that parses back to the same function."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon_data.answers.formula.evaluate import Undefined, context, evaluate, same
from recon_data.answers.formula.lexer import FormulaError, tokenize
from recon_data.answers.formula.parser import Names, parse
from recon_data.answers.formula.printer import to_text

NAMES = Names(["a", "b", "c", "n", "delta_1", "p_x"])
POINTS = [
    {"a": Fraction(7, 3), "b": Fraction(5, 11), "c": Fraction(2, 7), "n": Fraction(3),
     "delta_1": Fraction(9, 13), "p_x": Fraction(17, 5)},
    {"a": Fraction(-4, 9), "b": Fraction(13, 2), "c": Fraction(1, 101), "n": Fraction(5),
     "delta_1": Fraction(1, 3), "p_x": Fraction(3, 8)},
]  # fmt: skip

atoms = st.sampled_from(["a", "b", "c", "n", "2", "3", "0.5", "\\delta_1", "p_x", "p_{x}"])


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"{p[0]} + {p[1]}"),
        pair.map(lambda p: f"{p[0]} - {p[1]}"),
        pair.map(lambda p: f"{p[0]}*{p[1]}"),
        pair.map(lambda p: f"({p[0]})({p[1]})"),
        pair.map(lambda p: f"{p[0]}/{p[1]}"),
        pair.map(lambda p: f"\\frac{{{p[0]}}}{{{p[1]}}}"),
        pair.map(lambda p: f"({p[0]})^{{2}}"),
        children.map(lambda x: f"-({x})"),
        children.map(lambda x: f"({x})"),
        children.map(lambda x: f"\\sqrt{{{x}}}"),
        children.map(lambda x: f"({x})^{{-1}}"),
    )


formulas = st.recursive(atoms, _combine, max_leaves=12)


def _values(tree: tuple) -> list[object]:
    out: list[object] = []
    for point in POINTS:
        try:
            out.append(evaluate(tree, point, context()))
        except (Undefined, FormulaError):
            out.append(None)
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formulas)
def test_print_keeps_the_value_and_is_a_fixpoint(text: str) -> None:
    try:
        tree = parse(tokenize(text), NAMES)
    except FormulaError:
        return  # ambiguous juxtapositions such as `2 3` are refused, not printed
    printed = to_text(tree)
    again = parse(tokenize(printed), NAMES)
    assert again == tree, (text, printed)
    assert to_text(again) == printed
    for x, y in zip(_values(tree), _values(again), strict=True):
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            assert same(x, y)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("\\frac{a-c}{b(n+1)}", "(a - c)/(b*(n + 1))"),
        ("a/2b", "a/(2*b)"),
        ("2a/3b", "2*a/(3*b)"),
        ("\\frac12 a", "1/2*a"),
        ("-a*b", "-a*b"),
        ("a*(-b)", "a*(-b)"),
        ("a - -b", "a - (-b)"),
        ("-(-(-(a*a)))", "-(-(-a*a))"),
        ("(a/b)c", "a/b*c"),
        ("c(a/b)", "c*(a/b)"),
        ("a/(b/c)", "a/(b/c)"),
        ("\\sqrt[3]{a}", "a^(1/3)"),
        ("a^{-1}", "a^(-1)"),
        ("\\delta_1^2 p_{x}", "delta_1^2*p_x"),
        ("ln(a) + \\exp{b}", "ln(a) + exp(b)"),
    ],
)
def test_canonical_text_of_common_forms(text: str, printed: str) -> None:
    assert to_text(parse(tokenize(text), NAMES)) == printed


def test_bridge_prints_derivations_that_parse_back_to_the_same_function() -> None:
    import sympy

    from recon_data.answers.formula.bridge import canonical_text

    a, b, c, n, v, big_v = sympy.symbols("a b c n v V", positive=True)
    delta = sympy.Symbol("delta", positive=True)
    cases = [
        (a - c) / (b * (n + 1)),
        (a - c) ** 2 / (4 * b),
        -(a - c - n) / (2 * b),
        (n - 1) * v**n / (n * big_v ** (n - 1)),
        sympy.Rational(9, 17) * a,
        1 / (1 + delta),
        sympy.sqrt(a * b) / 2,
        sympy.log(a) - sympy.log(b),
    ]
    names = Names(["a", "b", "c", "n", "v", "V", "delta"])
    for expr in cases:
        text = canonical_text(expr)
        tree = parse(tokenize(text), names)
        assert to_text(tree) == text
        point = {"a": Fraction(7, 2), "b": Fraction(3, 5), "c": Fraction(1, 3), "n": Fraction(4),
                 "v": Fraction(2, 3), "V": Fraction(5, 2), "delta": Fraction(4, 5)}  # fmt: skip
        got = evaluate(tree, point, context())
        want = expr.subs({sympy.Symbol(k, positive=True): sympy.Rational(x.numerator, x.denominator)
                          for k, x in point.items()})  # fmt: skip
        assert abs(float(got) - float(want)) < 1e-12 * max(1.0, abs(float(want))), (text, got)
    assert canonical_text(a / (b * n + b) - c / (b * n + b)) == "(a - c)/(b*(n + 1))"

"""The `expression` answer kind: equivalent forms, near misses, relations against a threshold,
hedges and negations, gold canonical form, domains and their points, threads, determinism."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import pytest

from recon_data.answers import get_kind
from recon_data.answers.formula.domain import parse_domain, sample_points
from recon_data.answers.formula.gold import read_formula_gold
from recon_data.answers.formula.lexer import FormulaError
from recon_data.verifiers import grade, parse_gold

COURNOT = "(a - c)/(b*(n + 1)) where 0 < c < a, 0 < b, 1 <= n, n integer"
TRIGGER = "delta >= (T - R)/(T - P) where P < R < T"
DEMAND = "alpha*m/p_x where 0 < alpha < 1, 0 < m, 0 < p_x"
FIRST_PRICE = "v*(n - 1)/n where 0 < v < V, 2 <= n, n integer"
ALL_PAY = "v^n*(n - 1)/(V^(n - 1)*n) where 0 < v < V, 2 <= n, n integer"
RUBINSTEIN = "S*(delta_2 - 1)/(delta_1*delta_2 - 1) where 0 < delta_1 < 1, 0 < delta_2 < 1, 0 < S"
QUASI = "(m - p_x*theta)/p_x where 0 < theta, 0 < p_x, 0 < m"
ROOT = "sqrt(a*b)/2 where 0 < a, 0 < b"
LOG = "ln(a) - ln(b) where 0 < a, 0 < b"

# (gold, boxed answer, status): written the way models write, each checked by hand.
PAIRS = [
    (COURNOT, r"\frac{a-c}{b(n+1)}", "correct"),
    (COURNOT, r"\dfrac{a - c}{(n+1)b}", "correct"),
    (COURNOT, r"q^* = \frac{a-c}{bn+b}", "correct"),
    (COURNOT, r"q_i^* = \frac{a}{b(n+1)} - \frac{c}{b(n+1)}", "correct"),
    (COURNOT, r"\frac{a-c}{b}\cdot\frac{1}{n+1}", "correct"),
    (COURNOT, r"\left(\frac{a-c}{b}\right)\frac{1}{n+1}", "correct"),
    (COURNOT, r"(a-c)/(b(n+1))", "correct"),
    (COURNOT, "(a - c)/(b*(n + 1))", "correct"),
    (COURNOT, r"(a-c)/b(n+1)", "correct"),  # juxtaposition binds tighter than `/`
    (COURNOT, r"\frac{a-c}{b(n+1)} where a > c", "correct"),
    (COURNOT, r"$\frac{a-c}{(n+1)\,b}$", "correct"),
    (COURNOT, r"\frac{a-c}{b(n-1)}", "wrong"),
    (COURNOT, r"\frac{a+c}{b(n+1)}", "wrong"),
    (COURNOT, r"\frac{a-c}{bn+1}", "wrong"),
    (COURNOT, r"\frac{a-c}{2b}", "wrong"),
    (COURNOT, r"\frac{a-c}{b(n+1)^2}", "wrong"),
    (COURNOT, r"\frac{a-c}{b(n+1)} + 10^{-9}", "wrong"),
    (COURNOT, r"q \le \frac{a-c}{b(n+1)}", "wrong"),  # a bound, not the value
    (COURNOT, r"\frac{a-c}{b(n+1)} \text{ units}", "unparsed"),
    (COURNOT, r"\frac{a-x}{b(n+1)}", "unparsed"),  # x is no parameter
    (COURNOT, r"\frac{a-c}{b2}", "unparsed"),  # b2: b times 2, or b squared mangled?
    (COURNOT, r"\frac{a-c}{b(n+1)} \approx 0.3", "unparsed"),
    (TRIGGER, r"\delta \geq \frac{T-R}{T-P}", "correct"),
    (TRIGGER, r"\delta^* = \frac{T-R}{T-P}", "correct"),
    (TRIGGER, r"\frac{T-R}{T-P}", "correct"),
    (TRIGGER, r"\frac{T-R}{T-P} \le \delta", "correct"),
    (TRIGGER, r"\delta > \frac{T-R}{T-P}", "correct"),
    (TRIGGER, r"δ ≥ (T−R)/(T−P)", "correct"),
    (TRIGGER, r"\underline{\delta} = 1 - \frac{R-P}{T-P}", "correct"),
    (TRIGGER, r"\delta \ge \delta^* = \frac{T-R}{T-P}", "correct"),
    (TRIGGER, r"\delta < \frac{T-R}{T-P}", "wrong"),
    (TRIGGER, r"\delta \le \frac{T-R}{T-P}", "wrong"),
    (TRIGGER, r"\delta \ge \frac{T-R}{R-P}", "wrong"),
    (TRIGGER, r"\delta \ge \frac{R-P}{T-P}", "wrong"),
    (DEMAND, r"\frac{\alpha m}{p_x}", "correct"),
    (DEMAND, r"x^* = \alpha m / p_x", "correct"),
    (DEMAND, r"\alpha\frac{m}{p_{x}}", "correct"),
    (DEMAND, r"\frac{α m}{p_x}", "correct"),
    (DEMAND, r"x(p_x, p_y, m) = \frac{m\alpha}{p_x}", "correct"),
    (DEMAND, r"\frac{(1-\alpha)m}{p_x}", "wrong"),
    (DEMAND, r"\frac{\alpha m}{p_y}", "unparsed"),  # p_y is not a parameter of this item
    (FIRST_PRICE, r"b(v) = \frac{n-1}{n}v", "correct"),
    (FIRST_PRICE, r"\left(1-\frac{1}{n}\right)v", "correct"),
    (FIRST_PRICE, r"v - \frac{v}{n}", "correct"),
    (FIRST_PRICE, r"\frac{(n-1)v_i}{n}", "correct"),
    (FIRST_PRICE, r"\frac{n-1}{n}v^2", "wrong"),
    (FIRST_PRICE, r"\frac{v}{n}", "wrong"),
    (ALL_PAY, r"\frac{n-1}{n}\frac{v^n}{V^{n-1}}", "correct"),
    (ALL_PAY, r"\frac{(n-1)v^n}{nV^{n-1}}", "correct"),
    (ALL_PAY, r"b(v) = \frac{n-1}{n}V\left(\frac{v}{V}\right)^n", "correct"),
    (ALL_PAY, r"\frac{n-1}{n}v\left(\frac{v}{V}\right)^{n-1}", "correct"),
    (ALL_PAY, r"\frac{n-1}{n}\frac{v^{n-1}}{V^{n-1}}", "wrong"),
    (ALL_PAY, r"\frac{n-1}{n}\frac{v^{n}}{V^{n}}", "wrong"),
    (RUBINSTEIN, r"\frac{1-\delta_2}{1-\delta_1\delta_2}S", "correct"),
    (RUBINSTEIN, r"S\frac{1-\delta_2}{1-\delta_1 \delta_2}", "correct"),
    (RUBINSTEIN, r"\frac{S(1-δ_2)}{1-δ_1δ_2}", "correct"),
    (RUBINSTEIN, r"\frac{S}{1+\delta_1}", "wrong"),
    (RUBINSTEIN, r"\frac{1-\delta_1}{1-\delta_1\delta_2}S", "wrong"),
    (QUASI, r"\frac{m}{p_x} - \theta", "correct"),
    (QUASI, r"x^* = m/p_x - θ", "correct"),
    (QUASI, r"\frac{m - \theta}{p_x}", "wrong"),
    (ROOT, r"\frac{\sqrt{a}\sqrt{b}}{2}", "correct"),
    (ROOT, r"\frac12\sqrt{ab}", "correct"),
    (ROOT, r"\sqrt{\frac{ab}{4}}", "correct"),
    (ROOT, r"\frac{ab}{2}", "wrong"),
    (ROOT, r"\sqrt[3]{ab}/2", "wrong"),
    (LOG, r"\ln\frac{a}{b}", "correct"),
    (LOG, r"\log(a/b)", "correct"),
    (LOG, r"\ln(a) + \ln(b)", "wrong"),
]


def _box(content: str) -> str:
    return f"<think>reasoning</think>\nSo the answer is \\boxed{{{content}}}."


@pytest.mark.parametrize(("gold", "answer", "status"), PAIRS)
def test_pairs_graded_as_a_careful_grader_would(gold: str, answer: str, status: str) -> None:
    verdict = grade(_box(answer), gold, "expression")
    assert verdict.status == status, (answer, verdict)


def test_correct_rational_answers_are_proven_not_only_sampled() -> None:
    verdict = grade(_box(r"\frac{a}{bn+b}-\frac{c}{bn+b}"), COURNOT, "expression")
    assert verdict.correct and "proven" in verdict.reason
    verdict = grade(_box(r"\frac{n-1}{n}V\left(\frac{v}{V}\right)^n"), ALL_PAY, "expression")
    assert verdict.correct and "proven" in verdict.reason


def test_agreement_at_every_point_without_identity_is_caught() -> None:
    # (n-1)(n-2)...(n-8) vanishes at the integers the gold's points use for n when its domain
    # is 1..9; the polynomial identity check still sees the difference.
    gold = "a/n where 0 < a, 1 <= n, n <= 8, n integer"
    answer = r"\frac{a}{n} + (n-1)(n-2)(n-3)(n-4)(n-5)(n-6)(n-7)(n-8)"
    verdict = grade(_box(answer), gold, "expression")
    assert verdict.status == "wrong" and "not identical" in verdict.reason


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (r"\frac{a-c}{b(n+1)} \text{ or } \frac{a-c}{2b}", "several"),
        (r"\frac{a-c}{b(n+1)}, \frac{a-c}{2b}", "several"),
        (r"\frac{a-c}{b(n+1)} \lor \frac{a-c}{3b}", "several"),
        (r"\frac{a-c}{b(n+1)} \pm 1", "several"),
        (r"\frac{a-c}{b(n+1)} = \frac{a-c}{2b}", "sides"),
        (r"\text{not } \frac{a-c}{b(n+1)}", "negated"),
        (r"q \neq \frac{a-c}{b(n+1)}", "negated"),
        (r"q \not\le \frac{a-c}{b(n+1)}", "negated"),
        (r"\neg\left(q = \frac{a-c}{b(n+1)}\right)", "negated"),
        (r"\frac{a-c}{b(n+1)} (wrong)", "negated"),
        (r"\frac{a-c}{b(n+1)} \text{ is incorrect}", "negated"),
        (r"\frac{a-c}{b(n+1)}, possibly \frac{a-c}{2b}", "several"),
        (r"\frac{a-c}{b(n+1)} \text{ or perhaps } \frac{a-c}{2b}", "several"),
    ],
)
def test_hedges_and_negations_are_wrong(answer: str, why: str) -> None:
    verdict = grade(_box(answer), COURNOT, "expression")
    assert verdict.status == "wrong" and why in verdict.reason, verdict


def test_softening_words_and_negations_inside_conditions_are_read_through() -> None:
    assert grade(_box(r"\text{probably } \frac{a-c}{b(n+1)}"), COURNOT, "expression").correct
    conditions = r"\frac{a-c}{b(n+1)} \text{ where } a \text{ is not } c"
    assert grade(_box(conditions), COURNOT, "expression").correct
    negated = grade(_box(r"\frac{a-c}{b(n+1)} (wrong)"), COURNOT, "expression")
    assert negated.reading == "negated" and negated.reward == -3


def test_the_same_answer_twice_is_no_hedge() -> None:
    one = grade(_box(r"\frac{a-c}{b(n+1)}, i.e. \frac{a}{b(n+1)}-\frac{c}{b(n+1)}"), COURNOT)
    assert one.status == "unparsed"  # `i.e.` is no formula: a box must be a formula
    same = r"\frac{a-c}{b(n+1)}, \frac{a}{b(n+1)}-\frac{c}{b(n+1)}"
    assert grade(_box(same), COURNOT, "expression").correct
    two_boxes = (
        r"<think>r</think> \boxed{\delta^* = \frac{T-R}{T-P}} so \boxed{\delta \ge \frac{T-R}{T-P}}"
    )
    assert grade(two_boxes, TRIGGER, "expression").correct
    other = r"<think>r</think> \boxed{\frac{T-R}{T-P}} or \boxed{\frac{T-R}{R-P}}"
    verdict = grade(other, TRIGGER, "expression")
    assert verdict.status == "wrong" and verdict.hedged


def test_gold_reads_canonical_and_renders_what_a_model_boxes() -> None:
    kind = get_kind("expression")
    gold = parse_gold(TRIGGER, "expression")
    assert gold.canonical == TRIGGER and kind.render(gold.value) == "delta >= (T - R)/(T - P)"
    assert kind.check(TRIGGER, ()) is None and kind.check(COURNOT, ()) is None
    field, message = kind.check("(a-c)/(b(n+1)) where 0 < c < a, 0 < b, 1 <= n, n integer", ())
    assert field == "answer" and "(a - c)/(b*(n + 1)) where" in message
    assert kind.canonicalize(r"\frac{a-c}{3b} where 0 < c < a, 0 < b", ()) == (
        "(a - c)/(3*b) where 0 < c < a, 0 < b"
    )
    assert grade(_box(kind.render(gold.value)), TRIGGER, "expression").correct


@pytest.mark.parametrize(
    ("gold", "problem"),
    [
        ("(a - c)/b", "reads `FORMULA where CONDITIONS`"),
        ("(a - c)/b where 0 < a", "unknown name 'c'"),
        ("a/b where 0 < a, b < 0 < b", "no point"),
        ("a where 0 < a < b < a", "cycle"),
        ("a where a < 1, 2 < a", "no point"),
        ("1/(a - a) where 0 < a", "undefined"),
        ("a where 0 < 1", "compares two numbers"),
        ("a where 0 < import", "not a parameter name"),
        ("a = a where 0 < a", "also a parameter"),
        ("__import__('os') where 0 < a", "unexpected"),
    ],
)
def test_bad_golds_are_refused_with_a_reason(gold: str, problem: str) -> None:
    with pytest.raises(FormulaError, match=problem):
        read_formula_gold(gold)
    check = get_kind("expression").check(gold, ())
    assert check is not None and check[0] == "answer"


def test_domain_points_respect_chains_bounds_and_integers() -> None:
    domain = parse_domain("0 < c < a, 0 < b, 2 <= n, n <= 5, n integer, P < R < T, 0 < d < 1")
    points = list(sample_points(domain, 200, seed=7))
    assert len(points) == 200
    for p in points:
        assert 0 < p["c"] < p["a"] and p["b"] > 0 and 0 < p["d"] < 1
        assert p["n"].denominator == 1 and 2 <= p["n"] <= 5
        assert p["P"] < p["R"] < p["T"]
    assert {int(p["n"]) for p in points} == {2, 3, 4, 5}
    assert points == list(sample_points(domain, 200, seed=7))  # seeded
    assert domain.positive("a") and not domain.positive("P")


def test_points_are_a_function_of_the_gold_text() -> None:
    first = read_formula_gold.__wrapped__(COURNOT)  # type: ignore[attr-defined]
    again = read_formula_gold.__wrapped__(COURNOT)  # type: ignore[attr-defined]
    assert first.points == again.points and first.values == again.values
    assert all(isinstance(v, Fraction) for v in first.values)


def test_grading_is_thread_safe_and_deterministic() -> None:
    jobs = [(gold, answer) for gold, answer, _ in PAIRS] * 4
    serial = [grade(_box(a), g, "expression") for g, a in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda job: grade(_box(job[1]), job[0], "expression"), jobs))
    assert [(v.status, v.reason) for v in threaded] == [(v.status, v.reason) for v in serial]


def test_inference_never_mistakes_other_kinds_for_formulas() -> None:
    from recon_data.verifiers import infer_kind

    assert infer_kind(COURNOT) == "expression"
    for other in ("Yes", "Option 2: Both firms defect", "B, A, C", "[[0, 1]]", "3/4", "a + b"):
        assert infer_kind(other) != "expression"

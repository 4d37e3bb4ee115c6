"""Formula answers: the `expression` kind against Math-Verify on the same pairs (agreement, time).

Run on demand (not a test), alone or from bench_verifiers.py:
    python benchmarks/bench_formulas.py [--generated 40] [--repeat 3]

Pairs: a hand-labelled table (equivalent LaTeX forms, near misses, relations against a
threshold, hedges, negations, hostile strings), plus pairs made from generated closed-form
items: for each, the gold as our canonical text, the gold as sympy's LaTeX printer writes it
(equivalent), and two wrong answers (the gold doubled, and the gold with 1 added). Both
graders see the same completion `<think>...</think> \\boxed{answer}`; Math-Verify gets the
gold formula in sympy's LaTeX (`$\\frac{\\alpha m}{p_{x}}$`, its best case; it has no notion of
the stated domains or of a threshold, so a threshold gold is given as its formula).
Prints, per grader: pairs graded as labelled, CPU ms per pair on its first grading (cold:
our gold parse and sample points, Math-Verify's parse caches empty; the first pair of ours also
imports sympy) and the best of `--repeat` gradings after (warm, as in a training run where each
gold repeats), and where the two disagree. CPU time, not wall time: the machine is shared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

_COURNOT = "(a - c)/(b*(n + 1)) where 0 < c < a, 0 < b, 1 <= n, n integer"
_TRIGGER = "delta >= (T - R)/(T - P) where P < R < T"
_DEMAND = "alpha*m/p_x where 0 < alpha < 1, 0 < m, 0 < p_x"
_ALL_PAY = "v^n*(n - 1)/(V^(n - 1)*n) where 0 < v < V, 2 <= n, n integer"
_BARGAIN = "S*(delta_2 - 1)/(delta_1*delta_2 - 1) where 0 < delta_1 < 1, 0 < delta_2 < 1, 0 < S"

# (gold, boxed answer, correct?): labelled by hand.
HAND: list[tuple[str, str, bool]] = [
    (_COURNOT, r"\frac{a-c}{b(n+1)}", True),
    (_COURNOT, r"q^* = \dfrac{a - c}{(n+1)b}", True),
    (_COURNOT, r"\frac{a}{bn+b}-\frac{c}{bn+b}", True),
    (_COURNOT, r"\frac{a-c}{b}\cdot\frac{1}{n+1}", True),
    (_COURNOT, r"(a-c)/(b(n+1))", True),
    (_COURNOT, r"\frac{a-c}{b(n-1)}", False),
    (_COURNOT, r"\frac{a+c}{b(n+1)}", False),
    (_COURNOT, r"\frac{a-c}{2b}", False),
    (_COURNOT, r"q \le \frac{a-c}{b(n+1)}", False),
    (_COURNOT, r"\frac{a-c}{b(n+1)} \text{ or } \frac{a-c}{2b}", False),
    (_COURNOT, r"\text{not } \frac{a-c}{b(n+1)}", False),
    (_COURNOT, r"q \neq \frac{a-c}{b(n+1)}", False),
    (_COURNOT, r"\frac{a-c}{b(n+1)} \pm 1", False),
    (_COURNOT, "__import__('os').getpid()", False),
    (_COURNOT, "(a-c).__class__", False),
    (_TRIGGER, r"\delta \geq \frac{T-R}{T-P}", True),
    (_TRIGGER, r"\delta^* = \frac{T-R}{T-P}", True),
    (_TRIGGER, r"\frac{T-R}{T-P} \le \delta", True),
    (_TRIGGER, r"\delta \le \frac{T-R}{T-P}", False),
    (_TRIGGER, r"\delta \ge \frac{T-R}{R-P}", False),
    (_DEMAND, r"\frac{\alpha m}{p_x}", True),
    (_DEMAND, r"x^* = \alpha m / p_x", True),
    (_DEMAND, r"\frac{(1-\alpha)m}{p_x}", False),
    (_ALL_PAY, r"\frac{n-1}{n}\frac{v^n}{V^{n-1}}", True),
    (_ALL_PAY, r"\frac{n-1}{n}V\left(\frac{v}{V}\right)^n", True),
    (_ALL_PAY, r"\frac{n-1}{n}\frac{v^{n-1}}{V^{n-1}}", False),
    (_BARGAIN, r"\frac{1-\delta_2}{1-\delta_1\delta_2}S", True),
    (_BARGAIN, r"\frac{S}{1+\delta_1}", False),
]


def generated_pairs(count: int) -> list[tuple[str, str, bool]]:
    """Pairs from generated closed-form items: canonical, sympy LaTeX, doubled, plus one."""
    import sympy

    from recon_data.answers.expression import read_formula_gold
    from recon_data.answers.formula.bridge import to_sympy
    from recon_data.curation.generators import create
    from recon_data.curation.generators.registry import FORMULA_FAMILIES

    out: list[tuple[str, str, bool]] = []
    per = max(1, count // len(FORMULA_FAMILIES))
    for name in FORMULA_FAMILIES:
        for sample in create(name, "hard").generate(per, seed=99):
            gold = sample.record["answer"]
            parsed = read_formula_gold(gold)
            expr = to_sympy(parsed.formula, {n: sympy.Symbol(n) for n in parsed.names.params})
            out += [
                (gold, parsed.text, True),
                (gold, sympy.latex(expr), True),
                (gold, sympy.latex(2 * expr), False),
                (gold, sympy.latex(expr + 1), False),
            ]
    return out


def _ours(pairs: list[tuple[str, str, bool]]) -> Callable[[int], bool]:
    from recon_data.verifiers import grade

    def run(i: int) -> bool:
        gold, answer, _ = pairs[i]
        return grade(f"<think>x</think> \\boxed{{{answer}}}", gold, "expression").correct

    return run


def _math_verify(pairs: list[tuple[str, str, bool]]) -> Callable[[int], bool] | None:
    try:
        from math_verify import parse, verify
    except ImportError:
        return None

    golds = {gold: _latex_gold(gold) for gold, _, _ in pairs}

    def run(i: int) -> bool:
        gold, answer, _ = pairs[i]
        return bool(verify(parse(golds[gold]), parse(f"<think>x</think> \\boxed{{{answer}}}")))

    return run


def _latex_gold(gold: str) -> str:
    """The gold formula as sympy's LaTeX (`\\frac{\\alpha m}{p_{x}}`): Math-Verify's best case."""
    import sympy

    from recon_data.answers.expression import read_formula_gold
    from recon_data.answers.formula.bridge import to_sympy

    parsed = read_formula_gold(gold)  # a threshold's formula alone: no relation, no domains
    expr = to_sympy(parsed.formula, {n: sympy.Symbol(n) for n in parsed.names.params})
    return f"${sympy.latex(expr)}$"


def measure(
    run: Callable[[int], bool], count: int, repeat: int
) -> tuple[list[bool], list[float], list[float]]:
    """Verdicts, CPU ms of each pair's first grading (cold caches), best of `repeat` after."""
    verdicts, cold = [], []
    for i in range(count):
        start = time.process_time()
        verdicts.append(run(i))
        cold.append((time.process_time() - start) * 1000)
    warm = []
    for i in range(count):
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            run(i)
            best = min(best, time.process_time() - start)
        warm.append(best * 1000)
    return verdicts, cold, warm


def report(generated: int = 40, repeat: int = 3) -> None:
    """Print the comparison table."""
    pairs = HAND + generated_pairs(generated)
    labels = [ok for _, _, ok in pairs]
    graders = {"recon_data expression": _ours(pairs), "math-verify 0.9": _math_verify(pairs)}
    results = {}
    print(f"{len(pairs)} formula pairs ({len(HAND)} hand-labelled, {len(pairs) - len(HAND)} "
          f"from generated items); CPU ms per pair, each timed alone")  # fmt: skip
    print(f"{'grader':<24} {'as labelled':>12} {'cold median':>12} {'cold mean':>10} "
          f"{'cold max':>9} {'warm median':>12} {'warm mean':>10}")  # fmt: skip
    for name, run in graders.items():
        if run is None:
            print(f"{name:<24} not installed (pip install math-verify): skipped")
            continue
        verdicts, cold, warm = measure(run, len(pairs), repeat)
        results[name] = verdicts
        right = sum(v == ok for v, ok in zip(verdicts, labels, strict=True))
        print(f"{name:<24} {right:>5}/{len(pairs):<6} {statistics.median(cold):>12.2f} "
              f"{statistics.mean(cold):>10.2f} {max(cold):>9.2f} {statistics.median(warm):>12.2f} "
              f"{statistics.mean(warm):>10.2f}")  # fmt: skip
    if len(results) == 2:
        ours, theirs = results.values()
        differ = [i for i in range(len(pairs)) if ours[i] != theirs[i]]
        print(f"the two disagree on {len(differ)} pairs:")
        for i in differ:
            gold, answer, ok = pairs[i]
            print(f"  label {'right' if ok else 'wrong'}: ours {ours[i]}, math-verify {theirs[i]}:"
                  f" {answer[:60]!r}  (gold {gold.split(' where ')[0][:40]})")  # fmt: skip


def main() -> None:
    """Run the comparison from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=40, help="generated items (4 pairs each)")
    parser.add_argument("--repeat", type=int, default=3, help="timings per pair; the best counts")
    args = parser.parse_args()
    report(args.generated, args.repeat)


if __name__ == "__main__":
    main()

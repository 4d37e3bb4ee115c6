"""Time the verifiers on long synthetic completions, side by side in one run.

Run on demand (not a test):
    python benchmarks/bench_verifiers.py [--n 2000] [--size 26000] [--repeat 5] [--math-verify-n 30]

Compares, on the same ~26 KB completions (reasoning, `</think>`, a boxed answer; every
answer kind, right and wrong, some hedging or malformed):
  - release:   a re-implementation of the release's raw-string regex reward
  - grade:     `recon_data.verifiers.grade`, one call per completion
  - reward:    `recon_data.verifiers.hierarchical_reward`, one call per batch of 64 (TRL's way)
  - math-verify: `parse` + `verify` on the same texts, when the package is importable
Then formula answers (`expression` kind) against math-verify on the same pairs, agreement and
CPU time per pair: see bench_formulas.py (`--formulas 0` leaves it out).
Prints completions per second (CPU), the CPU-time ratio to the release reward, best wall and
CPU seconds of a pass and its peak traced memory (wall time is unreliable on a shared
machine), then the worst case: for each hostile input shape of 1 MB, the CPU ms per MB of
the slowest reader call (`grade` for every kind, `read_move` for every parser) beside a
trivial Python scan of the same text, and the peak traced memory.
Nothing asserts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

from recon_data.verifiers import grade, hierarchical_reward
from recon_data.verifiers.release import release_reward

_WORDS = (
    "the firm",
    "discount factor",
    "payoff",
    "deviates",
    "equilibrium",
    "so",
    "we compare",
    "Option 2",
    "is larger than",
    "\\frac{1}{2}",
    "\\delta",
    "$1,250.75$",
    "therefore",
    "player 1",
    "best response",
    "{",
    "}",
    "→",
    "cooperation",
    "grim trigger",
    "\\(x\\)",
)

_OPTIONS = (
    "Both firms cooperate every period",
    "Both firms defect every period",
    "Firm A cooperates while firm B defects",
    "The firms alternate between cooperating and defecting",
)
_PROMPT = "Question: which outcome is enforceable?\n\nOptions:\n" + "\n".join(
    f"Option {i}: {text}" for i, text in enumerate(_OPTIONS, 1)
)


def _reasoning(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 20))) + ".\n"
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)[:size]


def _case(rng: random.Random) -> tuple[str, str, str]:
    """Return (boxed answer text, gold, prompt) for one random kind, right or wrong."""
    kind = rng.choice(("mcq", "mcq", "mcq", "yes_no", "ordering", "profile_set"))
    if kind == "mcq":
        gold_number = rng.randint(1, 4)
        gold = f"Option {gold_number}: {_OPTIONS[gold_number - 1]}"
        pick = gold_number if rng.random() < 0.6 else rng.randint(1, 4)
        box = rng.choice(
            (
                f"Option {pick}: {_OPTIONS[pick - 1]}",
                f"Option {pick}: {_OPTIONS[pick - 1]}.",
                f"\\text{{Option {pick}}}",
            )
        )
        return box, gold, _PROMPT
    if kind == "yes_no":
        gold = rng.choice(("Yes", "No"))
        return rng.choice(("Yes", "No", "yes.")), gold, ""
    if kind == "ordering":
        letters = ["A", "B", "C", "D"]
        rng.shuffle(letters)
        gold = ", ".join(letters)
        if rng.random() < 0.5:
            rng.shuffle(letters)
        return rng.choice((", ", ",", " -> ")).join(letters), gold, ""
    pairs = sorted({(rng.randint(0, 2), rng.randint(0, 2)) for _ in range(rng.randint(0, 3))})
    gold = "[" + ", ".join(f"[{i}, {j}]" for i, j in pairs) + "]"
    shown = list(reversed(pairs)) if rng.random() < 0.5 else pairs
    return "[" + ", ".join(f"({i}, {j})" for i, j in shown) + "]", gold, ""


def make_completions(n: int, size: int, seed: int = 0) -> list[tuple[str, str, str]]:
    """Return n (completion, gold, prompt) triples whose completions are about `size` chars."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        box, gold, prompt = _case(rng)
        tail = f"</think>\n\nThe answer is:\n\\boxed{{{box}}}"
        roll = rng.random()
        if roll < 0.05:
            tail += f"\n\\boxed{{{_case(rng)[0]}}}"  # a second, possibly different, box
        elif roll < 0.08:
            tail = tail.replace("\\boxed{", "\\boxed{{", 1)  # unbalanced braces
        out.append(("<think>\n" + _reasoning(rng, size - len(tail)) + tail, gold, prompt))
    return out


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float, int]:
    """Return (best CPU seconds, best wall seconds, peak traced bytes) over `repeat` passes."""
    cpu, wall = [], []
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    # Peak memory from one extra traced pass (tracing slows it, so it is not timed).
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(cpu), min(wall), peak


_MB = 1_000_000
_MARKS = "a" + "\u0301\u0316" * (_MB // 2)  # combining marks of alternating classes


def _fill(unit: str) -> str:
    return unit * max(1, _MB // len(unit))


def _spans(open_: str, close: str, unit: str) -> str:
    """256 different answers of 3,900 characters each, every one read to the end."""
    body = (unit * (3900 // len(unit) + 1))[:3900]
    return "<think>x</think>" + "".join(f"{open_}{i} {body}{close}" for i in range(256))


def hostile_shapes() -> dict[str, str]:
    """About 1 MB each: the input shapes issues 15 and 19 found slow, after `</think>`."""
    t = "<think>x</think>"
    return {
        "spaces": t + _fill(" "),
        "'option' + 50 spaces": t + _fill("option" + " " * 50),
        "'\\boxed' + 50 spaces": t + _fill("\\boxed" + " " * 50),
        "words, tabs, newlines": t + _fill("the answer   \n\t  is   "),
        "'<s>' without '</s>'": t + _fill("<s>"),
        "'<s>choice ' repeated": t + _fill("<s>choice "),
        "many different tags": t + "".join(f"<s>choice_{i % 997}</s>" for i in range(_MB // 16)),
        "a tag of combining marks": t + "<s>" + _MARKS + "</s>",
        "combining marks + full-width o": t + "\uff4fption 2 " + _MARKS,
        "unbalanced boxes": t + _fill("\\boxed{"),
        "many different boxes": t + "".join(f"\\boxed{{{i}}}" for i in range(_MB // 10)),
        "'(' x 4000 in a box": t + "\\boxed{" + "(" * 4000 + "1}" + " " * (_MB - 4100),
        "'choice_1 ' repeated (bare)": t + _fill("choice_1 "),
        "'Option 2 ' repeated": t + _fill("Option 2 "),
        "'</think>' repeated": _fill("</think>"),
        "one digit run": t + _fill("9"),
        "256 different boxes of 'Yes or No / '": _spans("\\boxed{", "}", "Yes or No / "),
        "256 different boxes of '{a} '": _spans("\\boxed{", "}", "{a} "),
        "256 different tags of 'choice_1 or choice_2 '": _spans(
            "<s>", "</s>", "choice_1 or choice_2 "
        ),
    }


def _worst_case() -> list[tuple[str, float, float, float]]:
    """Per shape: worst CPU ms/MB of one reader call, a trivial scan's, and peak MiB."""
    from recon_data.games.parsing import read_move

    legal = ("choice_1", "choice_2", "choice_3")
    calls: list[Callable[[str], object]] = [
        *(lambda x, g=g: grade(x, g, options=_OPTIONS) for g in ("Option 2: x", "Yes")),
        *(lambda x, g=g: grade(x, g) for g in ("B, A, D, C", "[[0, 1]]", "1/3")),
        lambda x: grade(x, "(a - c)/(3*b) where 0 < c < a, 0 < b", "expression"),
        *(lambda x, p=p: read_move(x, legal, p) for p in ("auto", "tag", "boxed", "bare")),
    ]
    out = []
    for name, text in hostile_shapes().items():
        size = len(text) / _MB
        scan, _, _ = _time(lambda x=text: sum(1 for c in x if c == "\x00"), 2)  # type: ignore[misc]
        worst = peak = 0.0
        for call in calls:
            cpu, _, traced = _time(lambda c=call, x=text: c(x), 2)  # type: ignore[misc]
            worst, peak = max(worst, cpu), max(peak, traced)
        out.append((name, worst * 1000 / size, scan * 1000 / size, peak / 2**20))
    return out


def main() -> None:
    """Run the comparison and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="completions per timed pass")
    parser.add_argument("--size", type=int, default=26_000, help="characters per completion")
    parser.add_argument("--repeat", type=int, default=5, help="passes; the fastest counts")
    parser.add_argument("--math-verify-n", type=int, default=30, help="completions for math-verify")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--formulas", type=int, default=40, help="generated closed-form items for the formula "
        "comparison with math-verify (bench_formulas.py); 0 leaves it out",
    )  # fmt: skip
    args = parser.parse_args()

    data = make_completions(args.n, args.size, args.seed)
    texts = [c for c, _, _ in data]
    golds = [g for _, g, _ in data]
    prompts = [p for _, _, p in data]
    mean_kb = statistics.mean(len(t.encode()) for t in texts) / 1024

    def run_release() -> None:
        for text, gold in zip(texts, golds, strict=True):
            release_reward(text, gold)

    def run_grade() -> None:
        for text, gold, prompt in data:
            grade(text, gold, prompt=prompt or None)

    def run_reward() -> None:
        for start in range(0, len(texts), 64):
            end = start + 64
            hierarchical_reward(
                prompts=prompts[start:end], completions=texts[start:end], answer=golds[start:end]
            )

    run_grade()  # warm the gold and option caches as a training run would
    rows: list[tuple[str, int, tuple[float, float, int]]] = [
        ("release regex reward (re-implemented)", len(texts), _time(run_release, args.repeat)),
        ("recon_data grade()", len(texts), _time(run_grade, args.repeat)),
        (
            "recon_data hierarchical_reward (batches of 64)",
            len(texts),
            _time(run_reward, args.repeat),
        ),
    ]
    mv = _math_verify_runner(texts, golds, args.math_verify_n)
    if mv is not None:
        count = min(args.math_verify_n, len(texts))
        rows.append(("math-verify parse+verify", count, _time(mv, 1)))

    base_cpu = rows[0][2][0] / rows[0][1]
    print(f"{len(texts)} completions, mean {mean_kb:.1f} KB, best of {args.repeat} passes")
    print(
        f"{'grader':<48} {'completions/s':>14} {'CPU vs release':>15} {'wall s':>8} "
        f"{'CPU s':>8} {'peak MiB':>9}"
    )
    for name, count, (cpu, wall, peak) in rows:
        per = cpu / count
        print(
            f"{name:<48} {count / cpu:>14,.0f} {per / base_cpu:>14.2f}x {wall:>8.3f} "
            f"{cpu:>8.3f} {peak / 2**20:>9.2f}"
        )
    if mv is None:
        print("math-verify: not installed (pip install math-verify) - skipped")
    print(
        "worst case per input shape (1 MB): CPU ms per MB of the slowest single call among "
        "grade (6 kinds) and read_move (4 parsers), beside a trivial Python scan of the text"
    )
    print(f"  {'shape':<32} {'ms/MB':>8} {'scan ms/MB':>11} {'peak MiB':>9}")
    for name, ms, scan, peak in _worst_case():
        print(f"  {name:<32} {ms:>8.1f} {scan:>11.1f} {peak:>9.2f}")
    if args.formulas:
        from bench_formulas import report  # the sibling script (benchmarks/ is on sys.path)

        print()
        report(args.formulas, repeat=3)


def _math_verify_runner(texts: list[str], golds: list[str], n: int) -> Callable[[], None] | None:
    try:
        from math_verify import parse, verify
    except ImportError:
        return None
    sample = list(zip(texts, golds, strict=True))[:n]
    parsed_golds = [parse(f"\\boxed{{{g}}}") for _, g in sample]

    def run() -> None:
        for (text, _), gold in zip(sample, parsed_golds, strict=True):
            verify(gold, parse(text))

    return run


if __name__ == "__main__":
    main()

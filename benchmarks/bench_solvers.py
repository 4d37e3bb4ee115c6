"""Time the exact solvers, side by side with nashpy in the same run.

Run on demand (not a test):
    python benchmarks/bench_solvers.py [--seed 0] [--n3 20000] [--n10 2000] [--n6 10] [--trees 30]

Measures, on random games built before the clock starts (integer payoffs):
  - pure Nash equilibria of 3x3 and 10x10 games: `recon_data.gametheory.pure_nash` against
    nashpy's best-response test (`Game.is_best_response`) on every pure profile;
  - all mixed equilibria of 6x6 games: `support_enumeration` (exact) against nashpy's
    `support_enumeration` (floats; it compares payoffs with `==` and misses equilibria,
    so the equilibria each found are printed too);
  - the perfectly transparent equilibrium and iterated strict dominance of 3x3 games;
    `is_feasible` on 4x4 games (the planar hull test, with the general Caratheodory search
    it replaces for two players in brackets) and grim-trigger `sustainable` on dilemmas;
  - subgame-perfect paths of random binary trees of depth 8 (256 leaves), when
    `recon_data.gametheory.tree` exists.
For each: items per CPU second (time.process_time), wall seconds, peak traced memory of a
second, traced pass (tracemalloc), and our speed over nashpy's. Nothing asserts.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import resource
import time
import tracemalloc
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from recon_data.gametheory import NormalFormGame, pure_nash, support_enumeration


def measure(fn: Callable[[Any], Any], items: Sequence[Any]) -> dict[str, float]:
    """Run fn over items: items per CPU second, wall seconds, then peak memory of a traced rerun."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for item in items:
        fn(item)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    sample = items[: max(1, min(len(items), 200))]
    tracemalloc.start()
    for item in sample:
        fn(item)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"rate": len(items) / max(cpu, 1e-9), "cpu": cpu, "wall": wall, "peak_kib": peak / 1024}


def matrices(rng: random.Random, m: int, n: int, low: int, high: int) -> tuple[list, list]:
    """Two random integer payoff matrices of shape m x n."""
    return (
        [[rng.randint(low, high) for _ in range(n)] for _ in range(m)],
        [[rng.randint(low, high) for _ in range(n)] for _ in range(m)],
    )


def nashpy_pure(game: Any) -> list[tuple[int, int]]:
    """Pure equilibria through nashpy: its best-response test on every pure profile."""
    import numpy as np

    m, n = game.payoff_matrices[0].shape
    rows, cols = np.eye(m), np.eye(n)
    return [
        (i, j) for i in range(m) for j in range(n) if all(game.is_best_response(rows[i], cols[j]))
    ]


def nashpy_mixed(game: Any) -> list[Any]:
    """All equilibria nashpy's support enumeration returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(game.support_enumeration())


def random_tree(rng: random.Random, depth: int, player: int = 0) -> Any:
    """A binary tree, players alternating, payoffs drawn from a wide range (ties rare)."""
    from recon_data.gametheory.tree import Decision, Terminal

    if depth == 0:
        return Terminal((rng.randint(-(10**6), 10**6), rng.randint(-(10**6), 10**6)))
    return Decision(
        player,
        tuple((label, random_tree(rng, depth - 1, 1 - player)) for label in ("L", "R")),
    )


def row(
    name: str, ours: dict[str, float], theirs: dict[str, float] | None, extra: str = ""
) -> None:
    """Print one benchmark line."""
    ratio = f"{ours['rate'] / theirs['rate']:8.1f}x" if theirs else "       -"
    nash = f"{theirs['rate']:10.1f}" if theirs else "         -"
    print(
        f"{name:<28} {ours['rate']:10.1f} {ours['cpu']:8.2f} {ours['wall']:8.2f} "
        f"{ours['peak_kib']:9.0f} {nash} {ratio}  {extra}"
    )


def elimination_and_repeated(rng: random.Random, count: int) -> None:
    """PTE and iterated dominance on 3x3 games; hull membership and grim trigger on 2x2 ones."""
    from fractions import Fraction

    from recon_data.gametheory import (
        is_feasible,
        iterated_elimination,
        perfectly_transparent,
        sustainable,
    )
    from recon_data.gametheory.hull import in_hull_general

    games = [NormalFormGame.from_bimatrix(*matrices(rng, 3, 3, 0, 8)) for _ in range(count)]
    row("perfectly_transparent 3x3", measure(perfectly_transparent, games), None)
    row("iterated_elimination 3x3", measure(iterated_elimination, games), None)
    games = [NormalFormGame.from_bimatrix(*matrices(rng, 4, 4, -9, 9)) for _ in range(count)]
    cases = [(g, (Fraction(rng.randint(-90, 90), 10),) * 2) for g in games]
    general = measure(lambda c: in_hull_general(c[0].table, c[1]), cases[: count // 20 or 1])
    fast = measure(lambda c: is_feasible(c[1], c[0]), cases)
    row("is_feasible 4x4 (planar)", fast, None, f"(general path: {general['rate']:.0f}/s)")
    dilemmas = []
    for _ in range(count):
        s, p, c, t = sorted(rng.sample(range(1, 1000), 4))
        game = NormalFormGame.from_bimatrix([[c, s], [t, p]], [[c, t], [s, p]])
        dilemmas.append((game, Fraction(rng.randint(5, 95), 100)))
    paths = ([(0, 0)], [(0, 1)], [(0, 1), (1, 0)])
    grim = measure(lambda gd: [sustainable(path, gd[1], gd[0]) for path in paths], dilemmas)
    row("sustainable 2x2, 3 paths", grim, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n3", type=int, default=20000, help="3x3 games for pure_nash")
    parser.add_argument("--n10", type=int, default=2000, help="10x10 games for pure_nash")
    parser.add_argument("--n6", type=int, default=10, help="6x6 games for support enumeration")
    parser.add_argument("--trees", type=int, default=30, help="depth-8 trees for subgame_perfect")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    try:
        import nashpy
        import numpy as np
    except ImportError:
        nashpy = None
    print(
        f"{'benchmark':<28} {'ours/s':>10} {'cpu s':>8} {'wall s':>8} {'peak KiB':>9} "
        f"{'nashpy/s':>10} {'speedup':>9}"
    )
    for size, count in ((3, args.n3), (10, args.n10)):
        raw = [matrices(rng, size, size, -9, 9) for _ in range(count)]
        games = [NormalFormGame.from_bimatrix(a, b) for a, b in raw]
        ours = measure(pure_nash, games)
        theirs = None
        if nashpy is not None:
            some = raw[: max(1, count // 10)]
            npg = [nashpy.Game(np.array(a), np.array(b)) for a, b in some]
            theirs = measure(nashpy_pure, npg)
        built = measure(lambda ab: NormalFormGame.from_bimatrix(*ab), raw[: count // 4 or 1])
        row(f"pure_nash {size}x{size}", ours, theirs, f"(building games: {built['rate']:.0f}/s)")
    raw = [matrices(rng, 6, 6, -(10**6), 10**6) for _ in range(args.n6)]
    games = [NormalFormGame.from_bimatrix(a, b) for a, b in raw]
    found = sum(len(support_enumeration(g).equilibria) for g in games)
    ours = measure(support_enumeration, games)
    theirs, extra = None, f"equilibria found: ours {found}"
    if nashpy is not None:
        npg = [nashpy.Game(np.array(a), np.array(b)) for a, b in raw]
        theirs = measure(nashpy_mixed, npg)
        extra += f", nashpy {sum(len(nashpy_mixed(g)) for g in npg)}"
    row("support_enumeration 6x6", ours, theirs, extra)
    elimination_and_repeated(rng, args.n3 // 10 or 1)
    if importlib.util.find_spec("recon_data.gametheory.tree") is None:
        print("subgame_perfect depth 8: skipped (recon_data.gametheory.tree not present)")
    else:
        from recon_data.gametheory.tree import subgame_perfect

        trees = [random_tree(rng, 8) for _ in range(args.trees)]
        row("subgame_perfect depth 8", measure(subgame_perfect, trees), None, "(256 leaves)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process max RSS: {rss:.0f} MiB (peak KiB columns: tracemalloc over the solver calls)")


if __name__ == "__main__":
    main()

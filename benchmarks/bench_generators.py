"""Problems generated per second, per generator and for the default mixture (one core).

Run: python benchmarks/bench_generators.py [--n 2000] [--mixture 100000] [--difficulty medium]
Each measurement runs in a fresh process so peak memory (ru_maxrss) is its own; it prints
problems/sec on wall time and on CPU time, wall seconds, peak resident memory, and the CPU
microseconds one `create` (or `mixture`) takes: building the generator and validating its
config, paid once per generator, never per problem.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys

_CHILD = """
import json, resource, sys, time
from recon_data.curation.generators import create, mixture
name, n, level = sys.argv[1], int(sys.argv[2]), sys.argv[3]
gen = mixture(difficulty=level) if name == "mixture" else create(name, level)
gen.sample(0, 0)  # imports and caches outside the clock
wall, cpu = time.perf_counter(), time.process_time()
for i in range(1, n + 1):
    gen.sample(0, i)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# Building the generator (its config validated once): paid per generator, not per problem.
reps = 20 if name == "mixture" else 500
made = time.process_time()
for _ in range(reps):
    mixture(difficulty=level) if name == "mixture" else create(name, level)
made = (time.process_time() - made) / reps
print(json.dumps({"name": name, "n": n, "wall_s": wall, "cpu_s": cpu, "peak_mib": rss,
                  "create_us": made * 1e6}))
"""


def measure(name: str, n: int, level: str) -> dict:
    """Run one measurement in a child process and return its numbers."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, name, str(n), level],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    """Measure every generator, then the mixture, and print a table (or JSON)."""
    from recon_data.curation.generators.registry import GENERATORS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="problems per generator")
    ap.add_argument("--mixture", type=int, default=100000, help="problems for the mixture run")
    ap.add_argument("--difficulty", default="medium")
    ap.add_argument("--only", nargs="*", help="generators to measure (default: all)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = []
    for name in args.only or list(GENERATORS):
        rows.append(measure(name, args.n, args.difficulty))  # none is slow enough to sample less
    if args.mixture:
        rows.append(measure("mixture", args.mixture, args.difficulty))
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'generator':22} {'n':>7} {'per s (wall)':>13} {'per s (cpu)':>12} {'wall s':>8} "
          f"{'peak MiB':>9} {'create us':>10}")  # fmt: skip
    for r in rows:
        print(
            f"{r['name']:22} {r['n']:7d} {r['n'] / r['wall_s']:13.0f} {r['n'] / r['cpu_s']:12.0f} "
            f"{r['wall_s']:8.2f} {r['peak_mib']:9.1f} {r['create_us']:10.0f}"
        )
    own = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    print(f"total child CPU: {own:.1f} s")


if __name__ == "__main__":
    main()

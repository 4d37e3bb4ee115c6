"""Time the gold-label audit on a built corpus: CPU time, wall time, peak memory.

Usage: python benchmarks/bench_audit.py CORPUS [--no-leaks]
"""

from __future__ import annotations

import resource
import sys
import time


def main() -> None:
    """Audit the corpus once and print the timings and the per-category summary."""
    from recon_data.curation.audit import audit_corpus

    corpus = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    leaks = "--no-leaks" not in sys.argv
    cpu, wall = time.process_time(), time.perf_counter()
    report = audit_corpus(corpus, leaks=leaks)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"audit of {len(report.items)} items (leaks={'on' if leaks else 'off'})")
    print(f"cpu {cpu:.2f} s, wall {wall:.2f} s, peak RSS {peak_mib:.0f} MiB")
    for cat, row in report.summary().items():
        print(f"  {cat:22s} " + " ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()

"""Time `make_variants` on a built corpus beside `audit_corpus` of the same corpus, each in
its own process: CPU time, wall time, peak memory, and the ratio per item.

Usage: python benchmarks/bench_variants.py CORPUS [K]
"""

from __future__ import annotations

import json
import subprocess
import sys

_CHILD = """
import json, resource, sys, time
corpus, what, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
cpu, wall = time.process_time(), time.perf_counter()
if what == "variants":
    from recon_data.curation.variants import make_variants
    report = make_variants(corpus, None, k=k)
    items = sum(len(v) for v in report.records.values())
else:
    from recon_data.curation.audit import audit_corpus
    items = len(audit_corpus(corpus, leaks=False).items)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"items": items, "cpu": cpu, "wall": wall, "peak_mib": peak}))
"""


def run(corpus: str, what: str, k: int) -> dict[str, float]:
    """One measurement in a fresh process (imports and caches start cold)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, corpus, what, str(k)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print both measurements and the CPU cost of a written item relative to an audited one."""
    corpus = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rows = {"make_variants": run(corpus, "variants", k), "audit_corpus": run(corpus, "audit", k)}
    for name, row in rows.items():
        print(
            f"{name:14s} {row['items']:6d} items  cpu {row['cpu']:6.2f} s  "
            f"wall {row['wall']:6.2f} s  peak RSS {row['peak_mib']:5.0f} MiB"
        )
    v, a = rows["make_variants"], rows["audit_corpus"]
    ratio = (v["cpu"] / v["items"]) / (a["cpu"] / a["items"])
    print(f"CPU per written item / CPU per audited item: {ratio:.2f}x (k={k})")


if __name__ == "__main__":
    main()

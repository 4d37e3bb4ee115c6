"""Time the corpus pipeline: build, validate, import/--help start-up, and streaming validation.

Run on demand (not a test):  python benchmarks/bench_corpus.py [--release DIR] [--records N]
Prints figures; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RELEASE = ROOT.parent / "shared" / "recon-release"


def _best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _subprocess_time(code: list[str], n: int = 7) -> float:
    return _best_of(n, lambda: subprocess.run(code, check=True, capture_output=True))


def synthetic_records(n: int, seed: int = 0):
    """Yield n valid problem records of varied kinds (about 600 bytes each)."""
    rng = random.Random(seed)
    words = [
        "price",
        "demand",
        "supply",
        "firm",
        "auction",
        "bid",
        "payoff",
        "equilibrium",
        "strategy",
        "discount",
        "market",
    ]
    for i in range(n):
        kind = ("mcq", "yes_no", "ordering", "profile_set")[i % 4]
        question = " ".join(rng.choice(words) for _ in range(60))
        rec = {
            "id": f"syn-{i:09d}",
            "split": "train",
            "source": "steer",
            "category": "trigger",
            "answer_kind": kind,
            "question": question,
            "options": [],
            "prompt": [{"role": "user", "content": "Question:\n" + question}],
            "provenance": {"file": "synthetic.jsonl", "row": i},
        }
        if kind == "mcq":
            rec["options"] = [f"{rng.random():.2f}" for _ in range(4)]
            rec["answer"] = f"Option 2: {rec['options'][1]}"
        elif kind == "yes_no":
            rec.update(category="econnli", source="econnli", answer=rng.choice(["Yes", "No"]))
        elif kind == "ordering":
            letters = list("ABCD")
            rng.shuffle(letters)
            rec.update(category="econlogicqa", source="econlogicqa", answer=", ".join(letters))
        else:
            rec.update(category="pure_nash", source="eth_3x3_games", answer="[[0, 1], [2, 2]]")
        yield rec


def _peak_rss_validate(path: Path) -> tuple[float, float]:
    code = (
        "import resource, sys, time\n"
        "from recon_data.validate import validate_path\n"
        "t = time.perf_counter(); r = validate_path(sys.argv[1]); dt = time.perf_counter() - t\n"
        "assert r.ok, r.issues[:3]\n"
        "print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    seconds, rss_mb = map(float, out.stdout.split())
    return seconds, rss_mb


def main() -> None:
    """Run every measurement and print a table of figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--release", type=Path, default=DEFAULT_RELEASE)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()

    from recon_data.curation.build import build_corpus
    from recon_data.validate import validate_path

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "corpus"
        build_s = _best_of(3, lambda: build_corpus(out, args.release, force=True))
        rows.append(("build the full release (2,100 problems + 866 traces)", f"{build_s:.3f} s"))
        validate_s = _best_of(5, lambda: validate_path(out))
        rows.append(("validate the built corpus (in-process)", f"{validate_s:.3f} s"))

        py = sys.executable
        bare = _subprocess_time([py, "-c", "pass"])
        imp = _subprocess_time([py, "-c", "import recon_data"])
        rows.append(("python start-up (reference)", f"{bare * 1000:.0f} ms"))
        rows.append(("import recon_data (minus start-up)", f"{(imp - bare) * 1000:.0f} ms"))
        helps = _subprocess_time([py, "-m", "recon_data.cli", "--help"], n=5)
        rows.append(("recon-data --help (minus start-up)", f"{(helps - bare) * 1000:.0f} ms"))
        cli_validate = _subprocess_time([py, "-m", "recon_data.cli", "validate", str(out)], n=5)
        rows.append(("recon-data validate CORPUS (whole process)", f"{cli_validate:.3f} s"))

        sizes = sorted({max(1, args.records // 10), args.records})
        for n in sizes:
            path = tmp / f"syn-{n}.jsonl"
            with open(path, "w", encoding="utf-8") as fh:
                for rec in synthetic_records(n):
                    fh.write(json.dumps(rec, separators=(",", ":")) + "\n")
            mb = path.stat().st_size / 1e6
            seconds, rss = _peak_rss_validate(path)
            rows.append(
                (
                    f"stream-validate {n:,} synthetic records ({mb:,.0f} MB)",
                    f"{n / seconds:,.0f} records/s, {seconds:.1f} s, peak RSS {rss:,.0f} MB",
                )
            )
            path.unlink()

    width = max(len(r[0]) for r in rows)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main()

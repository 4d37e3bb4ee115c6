"""Time the corpus pipeline: build, validate, start-up, and streaming validation.

Run on demand (not a test):
    python benchmarks/bench_corpus.py [--release DIR] [--records N] [--startup-only]
Prints figures; nothing here asserts a time.

Start-up is the CPU time (user + system) of whole processes, median of --rounds runs, with
the commands interleaved round by round so that load on a shared machine hits all of them
alike, each against the same-round empty interpreter (`python -c pass`). Children run with
bytecode caching on (PYTHONDONTWRITEBYTECODE removed, one warm-up run each), as Python's
default is; with caching off every run recompiles the package and the ratios mean little.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
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


# The peer for `recon-data --help` (issue 25 asks for at most 1.5x it): a bare typer app with
# the same command names and one-line helps, each command without options.
BARE_TYPER_HELP = """
import typer
from recon_data.cli import COMMANDS
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
def _bare() -> None:
    pass
for name, (_, text) in COMMANDS.items():
    app.command(name, help=text)(_bare)
app()
"""
# The peer of a small command: one argument and one flag in typer.
TYPER_APP = """
from pathlib import Path
import typer
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
@app.command()
def main(path: Path, as_json: bool = typer.Option(False, "--json")):
    print(path)
app()
"""


def _child_cpu(cmd: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=False, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup_rows(commands: dict[str, list[str]], rounds: int) -> list[tuple[str, str]]:
    """Median CPU time of each command and its median ratio to an empty interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    bare = [sys.executable, "-c", "pass"]
    for cmd in [bare, *commands.values()]:
        subprocess.run(cmd, check=False, capture_output=True, env=env)  # warm-up: writes .pyc
    cpu: dict[str, list[float]] = {name: [] for name in ["bare", *commands]}
    ratio: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        base = _child_cpu(bare, env)
        cpu["bare"].append(base)
        for name, cmd in commands.items():
            t = _child_cpu(cmd, env)
            cpu[name].append(t)
            ratio[name].append(t / base)
    rows = [
        ("empty interpreter, python -c pass", f"{statistics.median(cpu['bare']) * 1000:.0f} ms CPU")
    ]
    for name in commands:
        rows.append(
            (
                name,
                f"{statistics.median(cpu[name]) * 1000:.0f} ms CPU, "
                f"{statistics.median(ratio[name]):.1f}x the empty interpreter",
            )
        )
    return rows


def _help_ratio(
    commands: dict[str, list[str]], cli: list[str], py: str, rounds: int
) -> tuple[str, str]:
    """Median per-round ratio of `recon-data --help` to the bare typer app's `--help`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    ours, peer = [*cli, "--help"], [py, "-c", BARE_TYPER_HELP, "--help"]
    ratios = [_child_cpu(ours, env) / _child_cpu(peer, env) for _ in range(rounds)]
    return ("recon-data --help / bare typer app --help", f"{statistics.median(ratios):.2f}x")


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
    parser.add_argument("--rounds", type=int, default=15, help="Start-up runs per command.")
    parser.add_argument(
        "--startup-only", action="store_true", help="Only the start-up rows (about a minute)."
    )
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
        script = Path(py).with_name("recon-data")  # the console script users run
        cli = [str(script)] if script.exists() else [py, "-m", "recon_data.cli"]
        small = tmp / "three.jsonl"
        lines = (out / "problems" / "train.jsonl").read_text("utf-8").splitlines(keepends=True)
        small.write_text("".join(lines[:3]), encoding="utf-8")
        commands = {
            "import recon_data": [py, "-c", "import recon_data"],
            "recon-data --help": [*cli, "--help"],
            "peer: a bare typer app with the same command names, --help": [
                py,
                "-c",
                BARE_TYPER_HELP,
                "--help",
            ],
            "recon-data validate of a 3-record file": [*cli, "validate", str(small)],
            # Peer, side by side: the same 3 records read through the pydantic models.
            "the 3 records through the pydantic models instead": [
                py,
                "-c",
                "import sys; from recon_data.schema import Problem; "
                "[Problem.model_validate_json(line) for line in open(sys.argv[1], 'rb')]",
                str(small),
            ],
            "recon-data validate CORPUS (2,966 records)": [*cli, "validate", str(out)],
        }
        commands["peer: a one-argument, one-flag typer command"] = [py, "-c", TYPER_APP, "x"]
        rows += startup_rows(commands, args.rounds)
        rows.append(_help_ratio(commands, cli, py, args.rounds))
        if args.startup_only:
            _print(rows)
            return

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

    _print(rows)


def _print(rows: list[tuple[str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main()

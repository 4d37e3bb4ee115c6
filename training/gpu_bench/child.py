"""One part of the benchmark in its own process: `python -m recon_data.training.gpu_bench.child`.

The parent runs every part this way, so a crash, an out-of-memory error or a hung engine in
one part cannot take the others down, and each part starts with the whole GPU free.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from importlib import import_module
from pathlib import Path

from recon_data.training.gpu_bench.common import Results
from recon_data.training.gpu_bench.options import PARTS, BenchOptions

MODULES = {
    "sft": "recon_data.training.gpu_bench.sft_part",
    "grpo": "recon_data.training.gpu_bench.grpo_part",
    "eval": "recon_data.training.gpu_bench.eval_part",
}


def one_line(exc: BaseException) -> str:
    """Return an exception as `Type: first line of its message`, at most 400 characters."""
    text = str(exc).strip().splitlines()
    line = f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
    return line[:400]


def run_part(part: str, options: BenchOptions, result: Path, deadline: float) -> int:
    """Run one part, writing its result file; return the process's exit status."""
    results = Results(result)
    results.update(part=part)
    try:
        module = import_module(MODULES[part])
        module.run(options, results, deadline)
    except BaseException as exc:  # the parent must learn of every failure, Ctrl-C included
        traceback.print_exc()  # into the part's log, for whoever reads it
        results.update(status="error", error=one_line(exc))
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the parent's arguments and run the part."""
    p = argparse.ArgumentParser(prog="gpu_bench.child")
    p.add_argument("part", choices=PARTS)
    p.add_argument("--options", type=Path, required=True)
    p.add_argument("--result", type=Path, required=True)
    p.add_argument(
        "--deadline", type=float, required=True, help="epoch seconds the part must end by"
    )
    ns = p.parse_args(argv)
    options = BenchOptions.from_json(json.loads(ns.options.read_text(encoding="utf-8")))
    return run_part(ns.part, options, ns.result, ns.deadline)


if __name__ == "__main__":
    sys.exit(main())

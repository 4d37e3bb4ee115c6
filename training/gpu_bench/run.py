"""The benchmark run: refuse a machine without CUDA, run the parts in turn, write one JSON."""

from __future__ import annotations

import json
import os
import platform
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.training.gpu_bench import gpumem
from recon_data.training.gpu_bench.model import shape as model_shape
from recon_data.training.gpu_bench.options import NEEDS_VLLM, WEIGHTS, BenchOptions, parse_options
from recon_data.training.gpu_bench.runner import CommandFor, PartRun, run_part, share

REPORT_NAME = "gpu_bench.json"
PACKAGES = ("torch", "transformers", "trl", "peft", "accelerate", "vllm", "datasets", "recon-data")
TRAIN_STACK = ("torch", "transformers", "trl", "peft", "accelerate", "datasets")
MIN_SECONDS = 5.0  # a part offered less than this is skipped, not started


def check_device(options: BenchOptions) -> dict[str, Any]:
    """Describe the device, or refuse in one line when CUDA was asked for and is not there.

    Only torch is imported (no model, no CUDA context: the parts run in their own processes).
    """
    if options.device == "cpu":
        return {"requested": "cpu", "name": platform.processor() or platform.machine()}
    from recon_data.training.checks import is_installed

    if not is_installed("torch"):
        raise ReconDataError("torch is not installed; the GPU benchmark needs torch built for CUDA")
    import torch

    if not torch.cuda.is_available():
        build = f"built for CUDA {torch.version.cuda}" if torch.version.cuda else "a CPU-only build"
        raise ReconDataError(
            f"no CUDA GPU is visible (torch {torch.__version__}, {build}); run the benchmark on a "
            "GPU machine, or check its code path here with --device cpu --tiny --generation transformers"
        )
    info: dict[str, Any] = {
        "requested": "cuda",
        "count": torch.cuda.device_count(),
        "torch_cuda": torch.version.cuda,
    }
    info.update(gpumem.device_info() or {})
    return info


def versions() -> dict[str, str]:
    """Installed versions of Python and the libraries the parts use ('not installed' when absent)."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def missing_for(part: str, options: BenchOptions, installed: dict[str, str]) -> str | None:
    """Say why a part cannot run here (a library is missing), or None."""
    if options.generation == "vllm" and part in NEEDS_VLLM and installed["vllm"] == "not installed":
        return "vllm: not installed"
    lacking = [m for m in TRAIN_STACK if installed[m] == "not installed"]
    if part == "eval":  # no trainer; TRL only for the R1-Distill chat template
        lacking = [m for m in lacking if m in ("torch", "transformers", "trl")]
    return f"{', '.join(lacking)}: not installed" if lacking else None


def write_report(
    report: dict[str, Any], out: Path, env: dict[str, str] | None = None
) -> list[Path]:
    """Write the report to `out` and, when $OUT is set, to $OUT/gpu_bench.json; return the paths."""
    env = dict(os.environ) if env is None else env
    targets = [out]
    if env.get("OUT"):
        extra = Path(env["OUT"]) / REPORT_NAME
        if extra.resolve() != out.resolve():
            targets.append(extra)
    text = json.dumps(report, indent=2, sort_keys=False, default=str) + "\n"
    for path in targets:
        try:
            if path.is_dir():
                raise IsADirectoryError(21, "is a folder")
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise ReconDataError(
                f"cannot write the report: {exc.strerror or exc}", file=str(path)
            ) from None
    return targets


def log_dir(out: Path, env: dict[str, str]) -> Path:
    """Where the parts' logs go: $OUT/gpu_bench_logs when $OUT is set, else beside the report."""
    if env.get("OUT"):
        return Path(env["OUT"]) / "gpu_bench_logs"
    return out.parent / f"{out.stem}_logs"


def child_command(options_file: Path) -> CommandFor:
    """The command that runs one part in a fresh interpreter."""

    def command(name: str, result: Path, deadline: float) -> Sequence[str]:
        return [
            sys.executable,
            "-m",
            "recon_data.training.gpu_bench.child",
            name,
            "--options",
            str(options_file),
            "--result",
            str(result),
            "--deadline",
            f"{deadline:.3f}",
        ]

    return command


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_benchmark(
    options: BenchOptions,
    *,
    device: dict[str, Any],
    argv: Sequence[str] = (),
    env: dict[str, str] | None = None,
    command_for: CommandFor | None = None,
) -> dict[str, Any]:
    """Run the requested parts in order, each isolated and within its share of the budget.

    The report is rewritten after every part, so an interrupted run still leaves one.
    """
    env = dict(os.environ) if env is None else dict(env)
    # Nothing is downloaded by design: no library may spend the budget waiting on a network.
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("VLLM_NO_USAGE_STATS", "1")
    out = Path(options.out)
    start = time.monotonic()
    installed = versions()
    report: dict[str, Any] = {
        "benchmark": "recon-data gpu_bench",
        "format": 1,
        "status": "running",
        "started": _now(),
        "finished": None,
        "seconds": None,
        "argv": list(argv),
        "device": device,
        "versions": installed,
        "settings": options.to_json(),
        # The shape now; the parts add the parameter count and how the vocabulary was matched.
        "model": {"config": model_shape(options.tiny)},
        "parts": {name: {"status": "pending"} for name in options.parts},
    }
    write_report(report, out, env)  # at once: an unwritable --out fails before any work
    logs = log_dir(out, env)
    with tempfile.TemporaryDirectory(prefix="gpu_bench_") as tmp:
        options_file = Path(tmp) / "options.json"
        options_file.write_text(json.dumps(options.to_json()), encoding="utf-8")
        command = command_for or child_command(options_file)
        sampler = gpumem.used_bytes if options.device == "cuda" else (lambda: None)
        try:
            for i, name in enumerate(options.parts):
                left = options.budget - (time.monotonic() - start)
                why = missing_for(name, options, installed)
                if why is None and left < MIN_SECONDS:
                    why = "no time left in the budget"
                if why is not None:
                    outcome: dict[str, Any] = {"status": "skipped", "seconds": 0.0, "error": why}
                else:
                    budget = share(WEIGHTS, options.parts[i:], name, left)
                    result = Path(tmp) / f"{name}.json"
                    part = PartRun(
                        name,
                        command(name, result, time.time() + budget),
                        budget,
                        result,
                        logs / f"{name}.log",
                    )
                    outcome = run_part(part, env=env, sampler=gpumem.PeakSampler(sampler))
                report["model"].update(outcome.pop("model", None) or {})
                report["parts"][name] = outcome
                _say(name, outcome)
                write_report(report, out, env)
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: the running part was stopped; say so in the report, then stop.
            report.update(status="interrupted", finished=_now())
            write_report(report, out, env)
            raise
    ok = all(p["status"] == "ok" for p in report["parts"].values())
    report.update(
        status="ok" if ok else "incomplete",
        finished=_now(),
        seconds=round(time.monotonic() - start, 3),
    )
    for path in write_report(report, out, env):
        print(f"gpu_bench: wrote {path}", file=sys.stderr)
    return report


def _say(name: str, outcome: dict[str, Any]) -> None:
    bits = [f"gpu_bench: {name}: {outcome['status']} in {outcome.get('seconds', 0):.1f} s"]
    if outcome.get("tokens_per_second") is not None:
        bits.append(f"{outcome['tokens_per_second']:.0f} tokens/s")
    for key in ("peak_allocated_gib", "peak_device_used_gib"):
        if outcome.get(key) is not None:
            bits.append(f"{key} {outcome[key]:.1f}")
    if outcome.get("error"):
        bits.append(str(outcome["error"]))
    print(", ".join(bits), file=sys.stderr, flush=True)


def _terminate(signum: int, frame: object) -> None:
    # A SIGTERM to the run (a job limit) unwinds like Ctrl-C, so the running part is stopped too.
    raise KeyboardInterrupt


def run_gpu_bench(options: BenchOptions, *, argv: Sequence[str] = ()) -> int:
    """Refuse a machine without CUDA, run the parts, write the report; return the exit status.

    0 when every part measured, 2 when one did not (the report says why). A SIGTERM (a job
    limit) stops the running part like Ctrl-C does; user errors raise ReconDataError.
    """
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        device = check_device(options)
        report = run_benchmark(options, device=device, argv=argv)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0 if report["status"] == "ok" else 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line; errors are one line and exit status 1."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return run_gpu_bench(parse_options(args), argv=args)
    except ReconDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("gpu_bench: interrupted", file=sys.stderr)
        return 130

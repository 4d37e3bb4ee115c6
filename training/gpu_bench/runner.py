"""Run each part in its own process under a time budget, and collect what it reports.

A part's process gets a deadline; past its budget its whole process group (vLLM's engine
processes included) is terminated, killed after a short grace, and the GPU is free for the
next part. Whatever the part wrote before that (build time, steps done) is kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recon_data.training.gpu_bench.gpumem import PeakSampler

GRACE = 5.0  # seconds between SIGTERM and SIGKILL, and to wait for the group to go


@dataclass(frozen=True)
class PartRun:
    """How to run one part: its command, budget and the files it writes."""

    name: str
    command: Sequence[str]
    budget: float
    result: Path
    log: Path


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of the group belongs to someone else: still there
        return True
    return True


def _wait_gone(pgid: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while _alive(pgid):
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def end_group(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the part's process group (its own session), then kill what is left."""
    pgid = proc.pid  # start_new_session: the part leads its own group
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        if sig == signal.SIGTERM:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=GRACE)
        if _wait_gone(pgid, GRACE if sig == signal.SIGKILL else 0.5):
            break
    if proc.poll() is None:
        proc.wait()


def _read_result(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _last_line(log: Path) -> str | None:
    try:
        lines = [
            ln.strip() for ln in log.read_text(encoding="utf-8", errors="replace").splitlines()
        ]
    except OSError:
        return None
    lines = [ln for ln in lines if ln]
    return lines[-1][:400] if lines else None


def _failure(code: int, log: Path) -> str:
    """Say why a part that wrote no error of its own failed: a signal, or its last words."""
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    if code == 0:
        return "exited without reporting a result"
    last = _last_line(log)
    return f"exited with status {code}: {last}" if last else f"exited with status {code}"


def run_part(
    part: PartRun, *, env: dict[str, str] | None = None, sampler: PeakSampler | None = None
) -> dict[str, Any]:
    """Run one part's process to its end or its budget; return its outcome (never raises for the part)."""
    part.log.parent.mkdir(parents=True, exist_ok=True)
    part.result.unlink(missing_ok=True)
    start = time.monotonic()
    timed_out = False
    sampler = sampler or PeakSampler(read=lambda: None)
    with part.log.open("wb") as log, sampler:
        try:
            proc = subprocess.Popen(
                list(part.command),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env=env,
            )
        except OSError as exc:
            return {"status": "error", "seconds": 0.0, "error": f"cannot start: {exc}"}
        try:
            proc.wait(timeout=part.budget)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            # Always, also after a clean exit (engine processes a part left behind would hold
            # GPU memory) and on Ctrl-C (the part runs in its own session: it got no SIGINT).
            end_group(proc)
    seconds = round(time.monotonic() - start, 3)
    outcome = _read_result(part.result)
    outcome.pop("part", None)
    if timed_out:
        outcome["status"] = "timeout"
        outcome["error"] = f"ran past its budget of {part.budget:.0f} s and was stopped"
    elif proc.returncode != 0 or outcome.get("status") != "ok":
        outcome["status"] = "error"
        if not outcome.get("error"):
            outcome["error"] = _failure(proc.returncode, part.log)
    outcome.setdefault("error", None)
    outcome.update(
        seconds=seconds,
        budget_seconds=round(part.budget, 1),
        exit_status=proc.returncode,
        log=str(part.log),
        **sampler.summary(),
    )
    return outcome


def share(
    weights: dict[str, float], remaining_parts: Sequence[str], name: str, left: float
) -> float:
    """A part's budget: its weight's share of the seconds left, among the parts still to run."""
    total = sum(weights[p] for p in remaining_parts)
    return left * weights[name] / total if total > 0 else left


CommandFor = Callable[[str, Path, float], Sequence[str]]

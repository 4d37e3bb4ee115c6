"""GPU memory as nvidia-smi sees it: every process on the device, sampled while a part runs.

torch's counters see only the allocations of the process that reads them; vLLM's engine runs
in a process of its own, and the CUDA context is not counted at all. Sampling nvidia-smi from
the parent twice a second catches all of it (a peak shorter than the interval can be missed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from typing import Any

MIB = 2**20
GIB = 2**30


def visible_index() -> str:
    """The nvidia-smi index (or UUID) of the first GPU this process's CUDA sees."""
    visible = os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",")[0].strip()
    return visible or "0"


def parse_csv(text: str) -> list[list[str]]:
    """Split nvidia-smi's `--format=csv,noheader,nounits` output into rows of fields."""
    return [[f.strip() for f in line.split(",")] for line in text.splitlines() if line.strip()]


def _number(field: str) -> float | None:
    try:
        return float(field)
    except ValueError:  # "[N/A]", "[Not Supported]"
        return None


def nvidia_smi(fields: str, index: str | None = None) -> list[list[str]] | None:
    """Query nvidia-smi for comma-separated fields of one GPU; None when it is missing or fails."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    cmd = [exe, f"--query-gpu={fields}", "--format=csv,noheader,nounits"]
    if index is not None:
        cmd += ["-i", index]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return parse_csv(done.stdout) if done.returncode == 0 else None


def used_bytes(index: str | None = None) -> float | None:
    """Memory in use on the GPU right now (all processes), in bytes; None when unknown."""
    rows = nvidia_smi("memory.used", index or visible_index())
    if not rows or not rows[0]:
        return None
    mib = _number(rows[0][0])
    return None if mib is None else mib * MIB


def device_info() -> dict[str, Any] | None:
    """Name, total memory and driver of the visible GPU, from nvidia-smi; None without it."""
    rows = nvidia_smi("name,memory.total,driver_version", visible_index())
    if not rows or len(rows[0]) < 3:
        return None
    name, total, driver = rows[0][:3]
    mib = _number(total)
    return {
        "name": name,
        "memory_total_gib": None if mib is None else round(mib * MIB / GIB, 2),
        "driver": driver,
    }


class PeakSampler:
    """Sample a memory reading in a thread while a part runs; keep the first and the largest."""

    def __init__(
        self, read: Callable[[], float | None] = used_bytes, interval: float = 0.5
    ) -> None:
        self.read = read
        self.interval = interval
        self.before: float | None = None
        self.peak: float | None = None
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _record(self, value: float | None) -> None:
        if value is None:
            return
        self.samples += 1
        self.peak = value if self.peak is None else max(self.peak, value)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._record(self.read())

    def __enter__(self) -> PeakSampler:
        self.before = self.read()
        self._record(self.before)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._record(self.read())

    def summary(self) -> dict[str, float | int | None]:
        """Peak and starting device memory in GiB (None when nothing could be read)."""
        return {
            "peak_device_used_gib": None if self.peak is None else round(self.peak / GIB, 3),
            "device_used_before_gib": None if self.before is None else round(self.before / GIB, 3),
            "device_samples": self.samples,
        }

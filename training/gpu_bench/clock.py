"""A trainer callback that times optimizer steps and stops before a part's time runs out."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from transformers import TrainerCallback

from recon_data.training.gpu_bench.common import sync


class StepClock(TrainerCallback):
    """Record each optimizer step's wall time; stop training when the next step would not fit.

    The first `warmup` steps are timed but not measured; training always runs at least one
    measured step, since a part that measured nothing has nothing to report.
    """

    def __init__(
        self,
        device: str,
        *,
        warmup: int,
        deadline: float,
        on_step: Callable[[list[float]], None] | None = None,
    ) -> None:
        self.device = device
        self.warmup = warmup
        self.deadline = deadline
        self.on_step = on_step
        self.times: list[float] = []
        self.stopped_early = False
        self._start = 0.0

    @property
    def measured(self) -> list[float]:
        """The step times after warm-up."""
        return self.times[self.warmup :]

    def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        """Start the clock once the GPU is idle."""
        sync(self.device)
        self._start = time.perf_counter()

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        """Stop the clock, report, and end training if another step would pass the deadline."""
        sync(self.device)
        self.times.append(time.perf_counter() - self._start)
        if self.on_step is not None:
            self.on_step(self.times)
        if self.measured and time.time() + statistics.mean(self.times) > self.deadline:
            self.stopped_early = state.global_step < state.max_steps
            control.should_training_stop = True


def step_summary(clock: StepClock, tokens_per_step: float | None) -> dict[str, Any]:
    """Return the measured step times and the tokens/s they give (None where unknown)."""
    measured = clock.measured
    mean = statistics.mean(measured) if measured else None
    return {
        "step_seconds": [round(t, 4) for t in clock.times],
        "warmup_steps": min(clock.warmup, len(clock.times)),
        "measured_steps": len(measured),
        "seconds_per_step": round(mean, 4) if mean else None,
        "tokens_per_step": tokens_per_step,
        "tokens_per_second": round(tokens_per_step / mean, 2)
        if mean and tokens_per_step is not None
        else None,
        "stopped_early_for_time": clock.stopped_early,
    }

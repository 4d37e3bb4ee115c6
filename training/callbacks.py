"""A rich progress bar and one console line of metrics per logging step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transformers import TrainerCallback

# Metrics worth a place on the one console line, in this order, when the trainer logs them.
_KEYS = (
    "loss",
    "reward",
    "reward_std",
    "kl",
    "grad_norm",
    "learning_rate",
    "completions/mean_length",
    "entropy",
    "mean_token_accuracy",
    "num_tokens",
)


def format_metrics(logs: dict[str, Any]) -> str:
    """Render a trainer log dict as one compact line, the most useful metrics first."""
    ordered = [k for k in _KEYS if k in logs] + sorted(
        k for k in logs if k not in _KEYS and isinstance(logs[k], (int, float)) and "/" not in k
    )
    parts = []
    for key in ordered:
        value = logs[key]
        if isinstance(value, float):
            parts.append(f"{key}={value:.4g}")
        elif isinstance(value, int):
            parts.append(f"{key}={value}")
    return "  ".join(parts)


class RichLogCallback(TrainerCallback):
    """Show a rich progress bar for the optimizer steps and print each log as one line above it."""

    def __init__(self, console: Any = None) -> None:
        self.console = console
        self.progress: Any = None
        self.task: Any = None

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        """Start the progress bar on the main process."""
        if not state.is_world_process_zero:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold blue]training"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self.progress.start()
        self.task = self.progress.add_task(
            "train", total=state.max_steps, completed=state.global_step
        )

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        """Advance the bar to the trainer's global step."""
        if self.progress is not None:
            self.progress.update(self.task, completed=state.global_step)

    def on_log(
        self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        """Print the metrics of one logging step."""
        if not state.is_world_process_zero or not logs:
            return
        line = format_metrics(logs)
        if not line:
            return
        text = f"step {state.global_step}/{state.max_steps}  {line}"
        if self.progress is not None:
            self.progress.console.print(text, highlight=False)
        else:
            from rich.console import Console

            (self.console or Console()).print(text, highlight=False)

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        """Stop the bar."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


class AdapterBaseCallback(TrainerCallback):
    """Record the starting adapter as the base of every checkpoint's adapter (GRPO on an SFT adapter)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        """Patch the adapter config of the checkpoint just written."""
        from recon_data.training.modelio import set_adapter_base

        if state.is_world_process_zero:
            set_adapter_base(Path(args.output_dir) / f"checkpoint-{state.global_step}", self.base)


def quiet_default_callbacks(trainer: Any) -> None:
    """Drop transformers' tqdm bar and raw log printer in favour of RichLogCallback."""
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    trainer.remove_callback(ProgressCallback)
    trainer.remove_callback(PrinterCallback)

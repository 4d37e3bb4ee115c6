"""Generation settings (a pydantic model) and the loaded-backend interface every backend implements."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Literal, get_args

from pydantic import Field, field_validator

from recon_data.config import FrozenConfig
from recon_data.errors import ReconDataError

Messages = Sequence[dict[str, str]]
Progress = Callable[[int], None]

Dtype = Literal["auto", "bfloat16", "float16", "float32", "half", "float"]
DTYPES: tuple[str, ...] = get_args(Dtype)


class GenerationConfig(FrozenConfig):
    """Decoding and backend settings; every field can be set with `--set key=value`."""

    max_new_tokens: int = Field(6144, ge=1)
    temperature: float = Field(0.0, ge=0)  # 0 is greedy
    top_p: float = Field(1.0, gt=0, le=1)
    seed: int = 42  # the paper's evaluation notebook
    dtype: Dtype = "auto"
    batch_size: int = Field(8, ge=1)
    # vLLM: prompt + 6,144 new tokens fit; the model allows 131,072.
    max_model_len: int | None = Field(8192, ge=1)
    gpu_memory_utilization: float = Field(0.9, gt=0, le=1)
    tensor_parallel_size: int = Field(1, ge=1)
    base_url: str | None = Field(None, pattern=r"^https?://")
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = Field(8, ge=1)
    request_timeout: float = Field(600.0, gt=0)
    max_retries: int = Field(2, ge=0)  # openai: retries of a failed request, with backoff

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        # pydantic reads `true` as 1 for a number; no setting here is a switch, so refuse it.
        if isinstance(value, bool):
            raise ValueError(f"expected a number or text, not {value!r}")
        return value


def parse_generation(values: dict[str, Any], *, source: str = "--set") -> GenerationConfig:
    """Build the settings from `key: value` pairs; a bad key or value is one ReconDataError."""
    import difflib

    names = list(GenerationConfig.model_fields)
    for key in values:
        if key not in names:
            close = difflib.get_close_matches(key, names, n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ReconDataError(f"unknown generation setting{hint}", file=source, field=key)
    try:
        return GenerationConfig(**values)
    except ReconDataError as exc:
        raise ReconDataError(exc.reason, file=source, field=exc.field) from None


Emit = Callable[[int, str], None]


class Generator:
    """A loaded backend: `gen(conversations)` returns one completion per conversation.

    Load-time settings (dtype, max_model_len, tensor_parallel_size, ...) come from the config
    given when loading; per-call settings (max_new_tokens, temperature, top_p, seed) from the
    config passed to the call, else the loading one, so self-play can reseed every round.
    """

    def __init__(self, config: GenerationConfig) -> None:
        self.config = config

    def __call__(
        self,
        conversations: list[Messages],
        *,
        config: GenerationConfig | None = None,
        progress: Progress | None = None,
        on_result: Emit | None = None,
    ) -> list[str]:
        """Generate one completion per conversation, in input order.

        `on_result(index, text)` is called as each completion arrives (from worker threads,
        one at a time), so a caller can save responses before the whole batch is done.
        """
        results: list[str | None] = [None] * len(conversations)
        lock = threading.Lock()

        def emit(index: int, text: str) -> None:
            with lock:
                results[index] = text
                if on_result is not None:
                    on_result(index, text)
                if progress is not None:
                    progress(1)

        if conversations:
            self._generate(conversations, config or self.config, emit)
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:  # a backend bug, not a user error: keep the traceback
            raise RuntimeError(f"backend returned no completion for inputs {missing[:5]}")
        return [r for r in results if r is not None]

    def _generate(
        self, conversations: list[Messages], config: GenerationConfig, emit: Emit
    ) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release what the backend holds (GPU memory, connections)."""

    def __enter__(self) -> Generator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

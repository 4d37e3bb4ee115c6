"""Generation backends for evaluation: vLLM, transformers `generate`, an OpenAI-compatible server.

Every backend takes the released chat messages, renders them with the model's chat template
and its generation prompt (the Table 3 protocol), decodes greedily by default, and returns
the completion text only (what follows the generation prompt).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from recon_data.errors import ReconDataError

Messages = Sequence[dict[str, str]]
Progress = Callable[[int], None]
BACKENDS = ("vllm", "transformers", "openai")


@dataclass
class GenerationConfig:
    """Decoding and backend settings; every field can be set with `--set key=value`."""

    max_new_tokens: int = 6144
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 42  # the paper's evaluation notebook
    dtype: str = "auto"
    batch_size: int = 8
    max_model_len: int | None = (
        8192  # vLLM: prompt + 6,144 new tokens fit; the model allows 131,072
    )
    gpu_memory_utilization: float = 0.9
    tensor_parallel_size: int = 1
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = 8
    request_timeout: float = 600.0


DTYPES = ("auto", "bfloat16", "float16", "float32", "half", "float")


def check_generation(config: GenerationConfig) -> None:
    """Refuse generation settings every backend would reject only after loading the model."""
    # Each rule says what is allowed (`x >= 0` rather than refusing `x < 0`), so NaN fails it too.
    rules: list[tuple[str, bool, str]] = [
        ("max_new_tokens", config.max_new_tokens >= 1, "at least 1"),
        ("temperature", config.temperature >= 0, "0 or more (0 is greedy)"),
        ("top_p", 0 < config.top_p <= 1, "above 0 and at most 1"),
        ("batch_size", config.batch_size >= 1, "at least 1"),
        (
            "max_model_len",
            config.max_model_len is None or config.max_model_len >= 1,
            "at least 1 (or null)",
        ),
        ("gpu_memory_utilization", 0 < config.gpu_memory_utilization <= 1, "above 0 and at most 1"),
        ("tensor_parallel_size", config.tensor_parallel_size >= 1, "at least 1"),
        ("concurrency", config.concurrency >= 1, "at least 1"),
        ("request_timeout", config.request_timeout > 0, "above 0 seconds"),
        ("dtype", config.dtype in DTYPES, f"one of {', '.join(DTYPES)}"),
        (
            "base_url",
            config.base_url is None or config.base_url.startswith(("http://", "https://")),
            "an http:// or https:// URL",
        ),
    ]
    for name, ok, expected in rules:
        if not ok:
            raise ReconDataError(f"must be {expected}, got {getattr(config, name)!r}", field=name)


def pick_backend(requested: str | None) -> str:
    """Return the backend to use: the one asked for, or vLLM when installed with a GPU, else transformers."""
    from recon_data.training import checks

    if requested is not None:
        if requested not in BACKENDS:
            raise ReconDataError(
                f"unknown backend {requested!r}; expected one of {', '.join(BACKENDS)}"
            )
        return requested
    if checks.is_installed("vllm") and checks.cuda_available():
        return "vllm"
    return "transformers"


def check_backend(backend: str, *, adapter: str | None) -> None:
    """Fail early on a backend that cannot run here or cannot take these options."""
    from recon_data.training import checks

    if backend in ("vllm", "transformers"):
        checks.require_train_stack()
    if backend == "vllm":
        if not checks.is_installed("vllm"):
            raise ReconDataError(
                "backend vllm: vllm is not installed (`pip install vllm`), or use --backend transformers"
            )
        if not checks.cuda_available():
            raise ReconDataError(
                "backend vllm needs a CUDA GPU and none is visible; use --backend transformers"
            )
    if backend == "openai" and adapter is not None:
        raise ReconDataError(
            "--adapter does not apply to --backend openai: serve the adapter with the server "
            "(e.g. `vllm serve BASE --enable-lora --lora-modules NAME=PATH`) and pass --model NAME"
        )


def generate(
    backend: str,
    model: str,
    conversations: list[Messages],
    config: GenerationConfig,
    *,
    adapter: str | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """Generate one completion per conversation with the chosen backend, in input order."""
    tick = progress or (lambda n: None)
    if backend == "openai":
        return _openai(model, conversations, config, tick)
    if backend == "vllm":
        return _vllm(model, adapter, conversations, config, tick)
    return _transformers(model, adapter, conversations, config, tick)


def _render(tokenizer: Any, conversations: list[Messages]) -> list[str]:
    return [
        tokenizer.apply_chat_template(list(c), tokenize=False, add_generation_prompt=True)
        for c in conversations
    ]


def _transformers(
    model_ref: str,
    adapter: str | None,
    conversations: list[Messages],
    config: GenerationConfig,
    tick: Progress,
) -> list[str]:
    import torch

    from recon_data.training import modelio

    tokenizer = modelio.load_tokenizer(adapter or model_ref, padding_side="left")
    model = modelio.load_model(model_ref, dtype=config.dtype)
    if adapter is not None:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter).merge_and_unload()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device).eval()
    torch.manual_seed(config.seed)
    sampling = config.temperature > 0
    texts = _render(tokenizer, conversations)
    out: list[str] = []
    for start in range(0, len(texts), max(1, config.batch_size)):
        chunk = texts[start : start + max(1, config.batch_size)]
        # The template already carries the BOS token, so the tokenizer must not add another.
        enc = tokenizer(chunk, return_tensors="pt", padding=True, add_special_tokens=False).to(
            device
        )
        with torch.no_grad():
            ids = model.generate(
                **enc,
                max_new_tokens=config.max_new_tokens,
                do_sample=sampling,
                temperature=config.temperature if sampling else None,
                top_p=config.top_p if sampling else None,
                top_k=None,
                pad_token_id=tokenizer.pad_token_id,
            )
        new = ids[:, enc["input_ids"].shape[1] :]
        out.extend(tokenizer.batch_decode(new, skip_special_tokens=True))
        tick(len(chunk))
    return out


def _vllm(
    model_ref: str,
    adapter: str | None,
    conversations: list[Messages],
    config: GenerationConfig,
    tick: Progress,
) -> list[str]:
    from vllm import LLM, SamplingParams

    from recon_data.training import modelio

    if modelio.is_adapter_dir(model_ref):
        raise ReconDataError(
            "backend vllm takes a full model as --model; pass the adapter with --adapter, or the run's merged/ "
            "folder (train with --set save_merged=true)",
            file=model_ref,
        )
    tokenizer = modelio.load_tokenizer(adapter or model_ref)
    kwargs: dict[str, Any] = {
        "model": model_ref,
        "dtype": config.dtype,
        "seed": config.seed,
        "gpu_memory_utilization": config.gpu_memory_utilization,
        "tensor_parallel_size": config.tensor_parallel_size,
    }
    if config.max_model_len is not None:
        kwargs["max_model_len"] = config.max_model_len
    lora = None
    if adapter is not None:
        from vllm.lora.request import LoRARequest

        kwargs.update(enable_lora=True, max_lora_rank=max(8, _adapter_rank(adapter)))
        lora = LoRARequest("recon-adapter", 1, adapter)
    llm = LLM(**kwargs)
    params = SamplingParams(
        temperature=config.temperature,
        top_p=config.top_p,
        max_tokens=config.max_new_tokens,
        seed=config.seed,
    )
    # Token ids, not text: vLLM would add a second BOS to a template that already starts with one.
    prompts = [
        {"prompt_token_ids": tokenizer(text, add_special_tokens=False)["input_ids"]}
        for text in _render(tokenizer, conversations)
    ]
    outputs = llm.generate(prompts, params, lora_request=lora)
    tick(len(outputs))
    return [o.outputs[0].text for o in outputs]


def _adapter_rank(adapter: str) -> int:
    from pathlib import Path

    config = json.loads((Path(adapter) / "adapter_config.json").read_text(encoding="utf-8"))
    return int(config.get("r", 16))


def _openai(
    model: str, conversations: list[Messages], config: GenerationConfig, tick: Progress
) -> list[str]:
    base = (
        config.base_url or os.environ.get("OPENAI_BASE_URL") or "http://localhost:8000/v1"
    ).rstrip("/")
    key = os.environ.get(config.api_key_env)

    def one(messages: Messages) -> str:
        body: dict[str, Any] = {
            "model": model,
            "messages": list(messages),
            "temperature": config.temperature,
            "top_p": config.top_p,
            "max_tokens": config.max_new_tokens,
            "seed": config.seed,
        }
        request = urllib.request.Request(
            f"{base}/chat/completions",
            data=json.dumps(body).encode("utf-8"),
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {key}"} if key else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=config.request_timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:200]
            raise ReconDataError(
                f"server answered HTTP {exc.code}: {detail}", file=f"{base}/chat/completions"
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ReconDataError(f"cannot reach the server: {reason}", file=base) from None
        tick(1)
        return completion_text(payload)

    with ThreadPoolExecutor(max_workers=max(1, config.concurrency)) as pool:
        return list(pool.map(one, conversations))


def completion_text(payload: dict[str, Any]) -> str:
    """Return a chat completion's text, putting back reasoning a server's parser split off."""
    try:
        choice = payload["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError):
        raise ReconDataError(f"unexpected server reply: {json.dumps(payload)[:200]}") from None
    content = message.get("content") or ""
    reasoning = message.get("reasoning_content") or message.get("reasoning")
    if not reasoning:
        return content
    # vLLM's reasoning parsers move the `<think>` part out of `content`; grading needs it back.
    # The `</think>` goes back only where the reasoning ended: a response cut off at the token
    # limit inside its reasoning has no answer part, and must grade as a format error.
    ended = bool(content) or choice.get("finish_reason") != "length"
    return f"{reasoning}\n</think>\n\n{content}" if ended else reasoning

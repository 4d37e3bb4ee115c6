"""Part `eval`: Table 3 generation throughput (greedy, 6,144 new tokens) as `recon-data eval` runs it.

vLLM's engine is built as the eval backend builds it (the `GenerationConfig` defaults:
dtype, seed, memory share, max_model_len), from the config alone (`load_format="dummy"`),
and gets every prompt at once as token ids. A random model would stop at a random EOS, so
every completion is made to run to the token limit (`ignore_eos`): the time measured is that
of the longest answers Table 3 allows.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from recon_data.training.gpu_bench import common
from recon_data.training.gpu_bench.options import BenchOptions


def prompt_ids(options: BenchOptions, tokenizer: Any) -> tuple[list[list[int]], str]:
    """Token ids of the rendered prompts: the corpus's eval split, or synthetic ones."""
    if options.corpus is not None:
        from recon_data.training import data

        problems = data.eval_problems(
            data.resolve_corpus(options.corpus), limit=options.eval_prompts
        )
        conversations = [
            [{"role": m.role, "content": m.content} for m in p.prompt] for p in problems
        ]
        source = f"corpus {options.corpus} (eval split)"
    else:
        conversations = [
            [
                {
                    "role": "user",
                    "content": common.text_of_tokens(tokenizer, options.prompt_tokens, i),
                }
            ]
            for i in range(options.eval_prompts)
        ]
        source = f"synthetic, about {options.prompt_tokens} tokens each"
    texts = [
        tokenizer.apply_chat_template(c, tokenize=False, add_generation_prompt=True)
        for c in conversations
    ]
    # As the vLLM backend does: the template holds the BOS, so the tokenizer adds none.
    return [tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts], source


def generate_vllm(
    options: BenchOptions,
    folder: Path,
    prompts: list[list[int]],
    config: Any,
    results: common.Results,
) -> list[int]:
    """Start vLLM on the model folder with random weights, generate, return each completion's length."""
    import os

    os.environ.setdefault("VLLM_LOGGING_STREAM", "ext://sys.stderr")
    from vllm import LLM, SamplingParams

    start = time.perf_counter()
    llm = LLM(
        model=str(folder),
        load_format="dummy",
        dtype="bfloat16",
        seed=config.seed,
        gpu_memory_utilization=config.gpu_memory_utilization,
        tensor_parallel_size=config.tensor_parallel_size,
        max_model_len=config.max_model_len,
    )
    results.update(init_seconds=round(time.perf_counter() - start, 3))
    params = SamplingParams(
        temperature=config.temperature,
        top_p=config.top_p,
        max_tokens=options.max_new_tokens,
        seed=config.seed,
        ignore_eos=True,
    )
    start = time.perf_counter()
    outputs = llm.generate([{"prompt_token_ids": ids} for ids in prompts], params)
    results.update(generate_seconds=round(time.perf_counter() - start, 3))
    return [len(o.outputs[0].token_ids) for o in outputs]


def generate_transformers(
    options: BenchOptions,
    model_config: Any,
    prompts: list[list[int]],
    config: Any,
    results: common.Results,
) -> list[int]:
    """Generate with `model.generate` in batches (greedy, every completion to the limit)."""
    import torch

    start = time.perf_counter()
    model = common.build(options, model_config, results).eval()
    results.update(init_seconds=round(time.perf_counter() - start, 3))
    pad = model_config.pad_token_id
    lengths: list[int] = []
    start = time.perf_counter()
    for first in range(0, len(prompts), config.batch_size):
        batch = prompts[first : first + config.batch_size]
        width = max(len(ids) for ids in batch)
        # Left padding, as the transformers backend pads.
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in batch], device=options.device)
        mask = torch.tensor(
            [[0] * (width - len(p)) + [1] * len(p) for p in batch], device=options.device
        )
        with torch.no_grad():
            out = model.generate(
                input_ids=ids,
                attention_mask=mask,
                do_sample=False,
                max_new_tokens=options.max_new_tokens,
                min_new_tokens=options.max_new_tokens,
                pad_token_id=pad,
            )
        lengths.extend([out.shape[1] - width] * len(batch))
    common.sync(options.device)
    results.update(generate_seconds=round(time.perf_counter() - start, 3))
    return lengths


def run(options: BenchOptions, results: common.Results, deadline: float) -> None:
    """Generate greedily for a batch of prompts and report tokens/s and peak memory."""
    from recon_data.training.generation import GenerationConfig
    from recon_data.training.gpu_bench.model import save_model_dir

    device = options.device
    use_vllm = options.generation == "vllm"
    # vLLM's engine runs in its own process: this one leaves CUDA alone (so vLLM need not
    # switch to spawning), and its GPU memory is nvidia-smi's reading, taken by the parent.
    if not use_vllm:
        common.reset_memory(device)
    config = GenerationConfig()
    tokenizer, model_config = common.model_parts(options, results)
    prompts, source = prompt_ids(options, tokenizer)
    lengths = [len(p) for p in prompts]
    results.update(
        settings={
            "engine": "vllm" if use_vllm else "transformers generate",
            "prompts": len(prompts),
            "prompt_source": source,
            "prompt_tokens": {"mean": round(sum(lengths) / len(lengths), 1), "max": max(lengths)},
            "max_new_tokens": options.max_new_tokens,
            "temperature": config.temperature,
            "ignore_eos": True,
            "seed": config.seed,
            "max_model_len": config.max_model_len if use_vllm else None,
            "gpu_memory_utilization": config.gpu_memory_utilization if use_vllm else None,
            "batch_size": len(prompts) if use_vllm else config.batch_size,
        }
    )
    common.say(f"eval: {len(prompts)} prompts, {options.max_new_tokens} new tokens each")
    if use_vllm:
        with tempfile.TemporaryDirectory(prefix="gpu_bench_eval_") as tmp:
            folder = save_model_dir(model_config, tokenizer, Path(tmp) / "model")
            produced = generate_vllm(options, folder, prompts, config, results)
    else:
        produced = generate_transformers(options, model_config, prompts, config, results)
    seconds = results.data["generate_seconds"]
    results.update(
        status="ok",
        device=common.device_name(device),
        generated_tokens=sum(produced),
        completion_tokens={"min": min(produced), "max": max(produced)},
        tokens_per_second=round(sum(produced) / seconds, 2) if seconds else None,
        memory_note="vLLM's engine process is not in peak_allocated_gib: see peak_device_used_gib"
        if use_vllm
        else None,
        **common.memory(device, torch_counters=not use_vllm),
    )

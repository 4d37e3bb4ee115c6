"""A GPU benchmark at the paper's settings, on a random-weight Qwen2.5-7B (nothing downloaded).

`python -m recon_data.training.gpu_bench` (or `bash scripts/gpu_bench.sh`) measures LoRA SFT
tokens/s, one GRPO step with colocated vLLM, and Table 3 eval generation throughput, each in
its own process under a time budget, and writes one JSON. Importing this package loads only
the standard library and the option parser; torch loads in the parts' processes.
"""

from __future__ import annotations

from recon_data.training.gpu_bench.options import BenchOptions, bench_options, parse_options
from recon_data.training.gpu_bench.run import (
    check_device,
    main,
    run_benchmark,
    run_gpu_bench,
    write_report,
)

__all__ = [
    "BenchOptions",
    "bench_options",
    "check_device",
    "main",
    "parse_options",
    "run_benchmark",
    "run_gpu_bench",
    "write_report",
]

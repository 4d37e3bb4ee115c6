#!/usr/bin/env bash
# Set up a virtual environment with everything (CPU torch first), then run the main job:
# build the corpus from the release, validate it and print its statistics.
set -euo pipefail
cd "$(dirname "$0")/.."

RELEASE="${RECON_RELEASE:-../shared/recon-release}"
VENV="${RECON_VENV:-.venv}"

if [ ! -x "$VENV/bin/python" ]; then
  # Reuse packages the machine already has; the venv adds only what is missing.
  python3 -m venv --system-site-packages "$VENV"
fi
# shellcheck disable=SC1091
. "$VENV/bin/activate"
# torch first, pinned: a bare `torch` requirement would pull a CUDA build and gigabytes of wheels.
python -m pip install -q "torch==2.13.0"
# DeepSpeed builds against the torch above: without build isolation, or pip would fetch a
# CUDA torch to build it. einops and hjson are imported by it but not declared.
python -m pip install -q --no-build-isolation "deepspeed>=0.15,<0.20" einops hjson
# Strict editable mode: a tree of links under build/ that type checkers and IDEs can read
# (the default import-hook install hides every type); a new module needs this step again.
python -m pip install -q -e ".[dev,train,eval,gtbench,gym,lmeval,vf]" --config-settings editable_mode=strict

if [ "${1:-}" = "--install-only" ]; then
  exit 0
fi

if [ -d "$RELEASE" ]; then
  SOURCE="$RELEASE"
else
  SOURCE="MasterZhou/Recon"
fi
recon-data build --source "$SOURCE" --out corpus --force
recon-data validate corpus
recon-data stats corpus

#!/usr/bin/env bash
# Set up a virtual environment with everything (CPU torch first), then run the main job:
# build the corpus from the release, validate it and print its statistics.
#   bash scripts/setup.sh                 install if needed, then the main job
#   bash scripts/setup.sh --install-only  install if needed (what scripts/test.sh runs)
# The install is skipped when nothing it depends on changed since the last one (the stamp
# below: pyproject.toml, this script, the Python and the checkout's path).
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

stamp_now() {
  { pwd; python --version; sha256sum pyproject.toml scripts/setup.sh; } | sha256sum | cut -d' ' -f1
}
STAMP="$VENV/.recon-install-stamp"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_now)" ]; then
  echo "setup: install up to date (delete $STAMP to force it)" >&2
else
  rm -f "$STAMP"
  # torch first, pinned: a bare `torch` requirement would pull a CUDA build and gigabytes of wheels.
  python -m pip install -q "torch==2.13.0"
  # DeepSpeed builds against the torch above: without build isolation, or pip would fetch a
  # CUDA torch to build it. einops and hjson are imported by it but not declared.
  python -m pip install -q --no-build-isolation "deepspeed>=0.15,<0.20" einops hjson
  # Strict editable mode puts a folder on the path (build/__editable__.*) that type checkers
  # and IDEs read; the default import-hook install hides every type from them. Its package is
  # then made one link to recon_data/ itself, so modules added later import without a reinstall.
  python -m pip install -q -e ".[dev,train,eval,gtbench,gym,lmeval,vf,scale]" --config-settings editable_mode=strict
  for tree in build/__editable__.recon_data-*; do
    rm -rf "$tree/recon_data"
    ln -s "$PWD/recon_data" "$tree/recon_data"
  done
  stamp_now > "$STAMP"
fi

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
echo "recon-data is installed in $VENV: in a new shell run \`. $VENV/bin/activate\` (or call $VENV/bin/recon-data)."

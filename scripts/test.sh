#!/usr/bin/env bash
# Install (if needed) and run the linter, the type checker and the whole test suite.
#   bash scripts/test.sh [PYTEST ARGS]         everything: what CI (.ci/run) runs
#   bash scripts/test.sh --fast [PYTEST ARGS]  the edit-test loop: lint and every test not
#                                              marked slow (type checking: run mypy yourself)
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi
bash scripts/setup.sh --install-only
# shellcheck disable=SC1091
. "${RECON_VENV:-.venv}/bin/activate"
ruff check .
if [ "$fast" = 1 ]; then
  exec python -m pytest -q -p no:cacheprovider -m "not slow" "$@"
fi
# The package, and a user-style probe beside it (assert_type fails on names typed as Any).
mypy recon_data tests/typing/probe.py
python -m pytest -q -p no:cacheprovider "$@"

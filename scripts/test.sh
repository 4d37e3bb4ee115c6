#!/usr/bin/env bash
# Install (if needed) and run the whole test suite plus the linter.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --install-only
# shellcheck disable=SC1091
. "${RECON_VENV:-.venv}/bin/activate"
ruff check .
# The package, and a user-style probe beside it (assert_type fails on names typed as Any).
mypy recon_data tests/typing/probe.py
python -m pytest -q -p no:cacheprovider "$@"

"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def require_module(module: str) -> ModuleType:
    """Import an optional dependency; a missing one fails under CI and skips locally."""
    # In CI a missing training stack is a failure, never a skip.
    if os.environ.get("CI") == "true":
        return importlib.import_module(module)
    return pytest.importorskip(module)

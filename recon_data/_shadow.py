"""Keep the checkout's root folders from shadowing installed top-level packages."""

from __future__ import annotations

import importlib.util
import os
import sys


def step_aside(name: str, here: str) -> None:
    """Replace top-level module `name` (a root folder of this checkout) by what the name means.

    Run from a checkout's root, `verifiers/`, `curation/` and `training/` are on sys.path as
    top-level packages and would shadow installed packages of those names (PyPI has a
    `verifiers`). This loads what the name means without the checkout's root on the path, or
    fails exactly as if the folder were not there. (A module may replace itself in
    sys.modules while it is imported.)
    """
    root = os.path.dirname(os.path.dirname(os.path.abspath(here)))
    del sys.modules[name]
    saved = sys.path[:]
    sys.path[:] = [p for p in saved if os.path.abspath(p or os.curdir) != root]
    try:
        spec = importlib.util.find_spec(name)
    finally:
        sys.path[:] = saved
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise

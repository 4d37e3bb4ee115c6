"""Answer extraction, normalisation and grading for every Recon answer kind.

`grade` grades one completion; `hierarchical_reward`, `accuracy_reward` and
`format_reward` are GRPO reward functions (`trl grpo --reward_funcs
recon_data.verifiers.hierarchical_reward`). Each answer kind's grammar lives in the
answer-kind registry (`recon_data.answers`); importing this package loads only the
standard library and `recon_data.answers`, and the scoring report (`score_file`) on
first use.
"""

from __future__ import annotations

if __name__ != "recon_data.verifiers":
    # Run from a checkout's root, this folder is on sys.path as a top-level `verifiers` and would
    # shadow any installed package of that name (PyPI has a `verifiers`). Step aside: load what
    # the name means without the checkout's root on the path, or fail exactly as if this folder
    # were not there. (A module may replace itself in sys.modules while it is imported.)
    def _step_aside(name: str, here: str) -> None:
        import importlib.util
        import os
        import sys

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

    _step_aside(__name__, __file__)

from recon_data._lazy import lazy_exports
from recon_data.verifiers.gold import KINDS, GoldError, infer_kind, parse_gold
from recon_data.verifiers.grade import REWARDS, STATUSES, Status, Verdict, grade
from recon_data.verifiers.rewards import (
    REWARD_FUNCTIONS,
    accuracy_reward,
    format_reward,
    grade_batch,
    hierarchical_reward,
)

_LAZY = {
    "score_file": "recon_data.verifiers.score",
    "score_records": "recon_data.verifiers.score",
    "ScoreReport": "recon_data.verifiers.score",
}

__all__ = [
    "KINDS",
    "REWARDS",
    "REWARD_FUNCTIONS",
    "STATUSES",
    "GoldError",
    "Status",
    "Verdict",
    "accuracy_reward",
    "format_reward",
    "grade",
    "grade_batch",
    "hierarchical_reward",
    "infer_kind",
    "parse_gold",
    *_LAZY,
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())

"""A user's module, type-checked as such: the package's names carry their real types.

mypy runs on this file beside the package (scripts/test.sh) and from outside the checkout
against an installed wheel (tests/test_typing.py). `assert_type` fails on `Any`, so a name
that reaches type checkers as `Any` (an unfollowable import, a lazy facade without its
`TYPE_CHECKING` imports) fails the check.
"""

from __future__ import annotations

from pathlib import Path
from typing import assert_type

import recon_data
import recon_data.curation.audit
import recon_data.verifiers
from recon_data.curation.audit.run import AuditReport
from recon_data.schema import Problem
from recon_data.verifiers.grade import Verdict

verdict = recon_data.verifiers.grade("<think>x</think> \\boxed{Yes}", "Yes")
assert_type(verdict, Verdict)
assert_type(verdict.reward, float)
report = recon_data.curation.audit.audit_corpus(Path("corpus"))
assert_type(report, AuditReport)
assert_type(recon_data.Problem, type[Problem])

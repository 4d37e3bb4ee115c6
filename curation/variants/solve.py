"""A variant's gold: solved on the transformed instance, then held to three checks.

1. Solve: matrix families by their exact solver on the transformed matrices; every other
   category by its audit checker (the audit's reader and the exact solver) on the variant's
   own text. The answer must be one option (or profile list) under every reading.
2. The transform's prediction: the source's gold carried through the answer map must be
   that answer (a sound transform moves the answer exactly so).
3. The audit re-reads the variant (`agree`), and where the edit says what the audit must
   read (its `check`), the certificate shows exactly the transformed instance.
A variant failing any check is rejected with the reason, never written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from recon_data.curation.variants import matrix
from recon_data.curation.variants.base import Edit, Mismatch, Skip, map_answer

if TYPE_CHECKING:
    from recon_data.curation.audit.base import ItemAudit
    from recon_data.schema import Problem


@lru_cache(maxsize=4096)
def audited(problem: Problem) -> ItemAudit:
    """The audit of one problem (cached: the transforms of one source share it)."""
    from recon_data.curation.audit import audit_item

    return audit_item(problem)


def source_status(problem: Problem) -> str:
    """Why a problem can or cannot be a variant source: `agree`, or the reason it is not."""
    from recon_data.curation.audit.run import CHECKERS

    if problem.category in CHECKERS:
        return audited(problem).status
    if problem.category in matrix.CATEGORIES:
        try:
            gold, _ = matrix.solve(problem.category, *matrix.read(problem))
        except Skip as exc:
            return f"unsolved: {exc}"
        return "agree" if gold == problem.answer else "disagree"
    return "no solver"


def solve_variant(source: Problem, edit: Edit, record: dict[str, Any]) -> tuple[str, Any]:
    """Return (gold, certificate) of a variant record, or raise Mismatch with the reason."""
    from recon_data.curation.audit.run import CHECKERS
    from recon_data.schema import Problem

    expected = map_answer(source.answer, source.answer_kind, edit.answers, edit.options)
    certificate: Any = None
    if source.category in matrix.CATEGORIES:
        problem = Problem.model_validate({**record, "answer": expected})
        gold, certificate = matrix.solve(source.category, *matrix.read(problem))
        if gold != expected:
            raise Mismatch(f"the solver gives {gold}, the transform predicts {expected}")
    if source.category not in CHECKERS:
        if certificate is None:
            raise Mismatch(f"no solver for {source.category}")
        return expected, certificate
    # The audit's reader and exact solver on the variant's own text; the gold the record
    # carries while it runs is the prediction, so `agree` means the solver's one answer is it.
    problem = Problem.model_validate({**record, "answer": expected})
    found = audited(problem)
    if found.status != "agree":
        solver = ", ".join(found.solver) or "nothing"
        raise Mismatch(
            f"the audit says {found.status} ({found.reason[:120]}); solver: {solver}; "
            f"the transform predicts {expected}"
        )
    if edit.check is not None:
        why = edit.check(found.certificate)
        if why:
            raise Mismatch(why[:300])
    return found.solver[0], certificate if certificate is not None else found.certificate

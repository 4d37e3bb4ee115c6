"""The records' cross-field rules, which the pydantic models (`recon_data.schema`) run.

Kept apart from the models so they read as plain functions over a record's attributes and
stay importable without pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from recon_data.answers.registry import REGISTRY
from recon_data.categories import BY_SLUG, GENERATED_SOURCE

GENERATED_FILE = "generated"  # provenance.file of every generated record


class RuleError(ValueError):
    """A cross-field rule failed; `field` names the field the user should fix."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def error_field(err: Mapping[str, Any]) -> str | None:
    """Return the dotted field a pydantic error points at, or the field a cross-field rule named."""
    loc = ".".join(str(p) for p in err.get("loc", ()))
    if loc:
        return loc
    cause = (err.get("ctx") or {}).get("error")
    return getattr(cause, "field", None)


def check_problem_rules(p: Any) -> None:
    """Raise RuleError when category, source, generation, answer_kind, options and answer disagree."""
    cat = BY_SLUG[p.category]
    _check_origin(p)
    if p.generation is None and p.source != cat.source:
        raise RuleError(
            "source", f"category {p.category!r} comes from {cat.source!r}, not {p.source!r}"
        )
    if p.answer_kind not in cat.answer_kinds:
        raise RuleError(
            "answer_kind",
            f"category {p.category!r} is answered as {'/'.join(cat.answer_kinds)}, not {p.answer_kind!r}",
        )
    kind = REGISTRY[p.answer_kind]
    if not kind.has_options and p.options:
        raise RuleError("options", f"only mcq problems have options, this one is {p.answer_kind!r}")
    problem = kind.check(p.answer, p.options)
    if problem is not None:
        raise RuleError(*problem)


def _check_origin(p: Any) -> None:
    """A generated record says so three ways that must agree: source, generation, provenance."""
    gen, prov = p.generation, p.provenance
    if gen is None:
        if p.source == GENERATED_SOURCE:
            raise RuleError("generation", "a generated problem must carry its generation block")
        if prov.file == GENERATED_FILE:
            raise RuleError("provenance.file", "only generated problems have file 'generated'")
        return
    if p.source != GENERATED_SOURCE:
        raise RuleError(
            "source", f"a problem with a generation block has source 'generated', not {p.source!r}"
        )
    if prov.file != GENERATED_FILE or prov.row != gen.index:
        raise RuleError(
            "provenance",
            f"a generated problem's provenance is file 'generated', row {gen.index} (its index)",
        )
    if prov.release_answer is not None:
        raise RuleError("provenance.release_answer", "a generated problem has no release answer")


def check_trace_rules(t: Any) -> None:
    """Raise RuleError when a trace links to itself or its answer is not in its response."""
    if t.problem_id is not None and t.problem_id == t.id:
        raise RuleError("problem_id", "a trace cannot be its own problem")
    if t.answer and t.answer not in t.response:
        raise RuleError("answer", "the answer is not what the response says (not found in it)")

"""Validate record JSON with pydantic-core alone, from the core schemas the models export.

`recon-data validate` of a small file used to spend most of its time importing pydantic and
building the record models (issue 15). The models are still the one source of the records'
fields and constraints: `recon_data.schema.core_record_schema` exports their pydantic-core
schema (records as dicts) to `schemas/*.core.json`, a test keeps those files equal to the
models, and this module builds the same Rust validator from them, so messages and error
locations are the models' own. The cross-field rules are the functions in `recon_data.rules`,
the ones the models call. If the installed pydantic-core cannot read the shipped files (a
different version), the schemas are derived from the models instead: slower, same verdicts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic_core import SchemaValidator

from recon_data.rules import check_problem_rules, check_trace_rules

_SCHEMAS = Path(__file__).with_name("schemas")
_VALIDATORS: dict[str, SchemaValidator] = {}


class RecordView:
    """Read-only attribute access to a record dict, so the rules read it as they read a model."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        try:
            value = self._data[name]
        except KeyError:
            raise AttributeError(name) from None
        return RecordView(value) if isinstance(value, dict) else value


def _problem_rules(record: dict[str, Any]) -> dict[str, Any]:
    check_problem_rules(RecordView(record))
    return record


def _trace_rules(record: dict[str, Any]) -> dict[str, Any]:
    check_trace_rules(RecordView(record))
    return record


# The marker each model validator became in the exported schema -> the function it stands for.
_RULES = {"rule:Problem": _problem_rules, "rule:Trace": _trace_rules}
_MODEL_NAMES = {"problems": "Problem", "traces": "Trace"}


def record_validator(kind: str) -> SchemaValidator:
    """Return the validator of `problems` or `traces` records (JSON text in, dict out)."""
    if kind not in _MODEL_NAMES:
        raise ValueError(f"unknown record kind {kind!r}; expected problems or traces")
    if kind not in _VALIDATORS:
        _VALIDATORS[kind] = _build(kind)
    return _VALIDATORS[kind]


def _build(kind: str) -> SchemaValidator:
    name = _MODEL_NAMES[kind]
    try:
        shipped = json.loads((_SCHEMAS / f"{name.lower()}.core.json").read_text("utf-8"))
        return SchemaValidator(bind_rules(shipped))
    except Exception:  # missing file, or a pydantic-core that reads the file differently
        return SchemaValidator(bind_rules(derived_schema(name)))


def derived_schema(name: str) -> dict[str, Any]:
    """Return the core schema of model `name` derived from the models now (imports pydantic)."""
    from recon_data import schema

    return schema.core_record_schema(getattr(schema, name))


def bind_rules(node: Any) -> Any:
    """Return a copy of an exported core schema with each `rule:<Model>` marker bound to its rules."""
    if isinstance(node, list):
        return [bind_rules(v) for v in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "no-info" and isinstance(node.get("function"), str):
        marker = node["function"]
        if marker not in _RULES:
            raise ValueError(f"unknown rule marker {marker!r} in a record schema")
        return {"type": "no-info", "function": _RULES[marker]}
    return {key: bind_rules(value) for key, value in node.items()}

"""Validate record JSON with pydantic-core alone, from the core schemas the models export.

`recon-data validate` of a small file used to spend most of its time importing pydantic and
building the record models (issue 15). The models are still the one source of the records'
fields and constraints: `recon_data.schema.core_record_schema` exports their pydantic-core
schema to `schemas/*.core.json`, a test keeps those files equal to the models, and this
module builds the same Rust validator from them, so messages and error locations are the
models' own. Records come back as plain objects with the models' attributes (`rec.id`,
`rec.provenance.row`), and the cross-field rules are the functions in `recon_data.rules`
that the models call. If the installed pydantic-core cannot read the shipped files (another
version), the schemas are derived from the models instead: slower start, same verdicts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic_core import SchemaValidator

from recon_data.rules import check_problem_rules, check_trace_rules

_SCHEMAS = Path(__file__).with_name("schemas")
_VALIDATORS: dict[str, SchemaValidator] = {}


class RecordObject:
    """A validated record: the model's fields as attributes, no methods (pydantic-core fills it)."""

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("__"))
        return f"{type(self).__name__}({fields})"


def _problem_rules(record: Any) -> Any:
    check_problem_rules(record)
    return record


def _trace_rules(record: Any) -> Any:
    check_trace_rules(record)
    return record


# What each `rule:` marker in an exported schema stands for: a model validator's rules.
_RULES = {"rule:Problem": _problem_rules, "rule:Trace": _trace_rules}
# One plain class per `class:<Model>` marker, made on first sight, so records print as their model.
_CLASSES: dict[str, type[RecordObject]] = {}
_MODEL_NAMES = {"problems": "Problem", "traces": "Trace"}


def record_validator(kind: str) -> SchemaValidator:
    """Return the validator of `problems` or `traces` records (JSON text in, record object out)."""
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
    """Return a copy of an exported core schema with its `rule:` and `class:` markers bound."""
    if isinstance(node, list):
        return [bind_rules(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "function" and node.get("type") == "no-info" and isinstance(value, str):
            out[key] = _bound(_RULES, value)
        elif key == "cls" and isinstance(value, str):
            out[key] = _record_class(value)
        else:
            out[key] = bind_rules(value)
    return out


def _record_class(marker: str) -> type[RecordObject]:
    if not marker.startswith("class:") or not marker[6:].isidentifier():
        raise ValueError(f"unknown marker {marker!r} in a record schema")
    if marker not in _CLASSES:
        name = marker[6:]
        _CLASSES[marker] = type(name, (RecordObject,), {"__doc__": f"A validated {name}."})
    return _CLASSES[marker]


def _bound(table: dict[str, Any], marker: str) -> Any:
    if marker not in table:
        raise ValueError(f"unknown marker {marker!r} in a record schema")
    return table[marker]

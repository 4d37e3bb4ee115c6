"""The shipped JSON Schemas against the models they are exported from.

`validate` runs the pydantic models themselves; the JSON Schema files ship for consumers in
other languages. These tests hold the files equal to the models' export and run valid and
broken records through both: where they disagree, it must be a cross-field rule of
`recon_data.rules` (a model-level check with arithmetic or lookups JSON Schema does not state),
never a field's type or constraint.
"""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from recon_data.schema import Problem, Trace, problem_json_schema, trace_json_schema

MODELS = {"problem": Problem, "trace": Trace}
EXPORTS = {"problem": problem_json_schema, "trace": trace_json_schema}
def _shipped(name: str) -> dict[str, Any]:
    text = files("recon_data").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@pytest.mark.parametrize("name", ["problem", "trace"])
def test_shipped_schemas_are_what_the_models_export(name: str) -> None:
    assert _shipped(name) == json.loads(json.dumps(EXPORTS[name]())), (
        "run `python -m recon_data.schema` to regenerate the shipped schemas"
    )


def _model_errors(name: str, record: Any) -> list[tuple[str, tuple]] | None:
    try:
        MODELS[name].model_validate_json(json.dumps(record))
    except ValidationError as exc:
        return [(e["type"], tuple(e["loc"])) for e in exc.errors()]
    return None


def _schema_accepts(validator: jsonschema.Draft202012Validator, record: Any) -> bool:
    return not any(True for _ in validator.iter_errors(record))


def _problem(corpus_dir: Path, category: str) -> dict:
    for line in (corpus_dir / "problems" / "train.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        if rec["category"] == category:
            return rec
    raise AssertionError(category)


def _mutations(record: dict) -> list[dict]:
    """Every field removed, or set to a value of each wrong JSON type, plus an extra field."""
    out = []
    for key in list(record):
        gone = copy.deepcopy(record)
        del gone[key]
        out.append(gone)
        # 12.5, not 12.0: JSON Schema reads 12.0 as the integer 12 (test below).
        for bad in (None, 12, 12.5, True, "", "x", [], ["x"], {}, {"x": 1}):
            changed = copy.deepcopy(record)
            changed[key] = bad
            out.append(changed)
    out.append({**copy.deepcopy(record), "extra": 1})
    return out


def _agree(name: str, cases: list[Any]) -> int:
    """Run every case through the model and the shipped schema; return how many were rejected."""
    validator = jsonschema.Draft202012Validator(_shipped(name))
    rejected = 0
    for case in cases:
        errors = _model_errors(name, case)
        accepted = _schema_accepts(validator, case)
        rejected += errors is not None
        if errors is None:
            assert accepted, (case, list(validator.iter_errors(case))[:1])
        elif accepted:
            # Only a model-level cross-field rule may tell them apart.
            assert all(err == ("value_error", ()) for err in errors), (case, errors)
    return rejected


def test_release_records_pass_both(corpus_dir: Path) -> None:
    for name, folder in (("problem", "problems"), ("trace", "cot")):
        records = [
            json.loads(line)
            for path in sorted((corpus_dir / folder).glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines()
        ]
        assert records and _agree(name, records) == 0


def test_broken_problems_are_refused_by_both(corpus_dir: Path) -> None:
    mcq = _problem(corpus_dir, "enforceability")
    ordering = _problem(corpus_dir, "econlogicqa")
    cases = _mutations(mcq) + _mutations(ordering)
    for field, bad in (("row", "3"), ("row", -1), ("row", 1.5), ("file", ""), ("x", 1)):
        rec = copy.deepcopy(mcq)
        rec["provenance"][field] = bad
        cases.append(rec)
    for key, bad in (("answer", "Option 9"), ("answer", "Option 1 or 2"), ("source", "steer2")):
        cases.append({**copy.deepcopy(mcq), key: bad})
    for change in (
        {"source": "generated"},
        {"provenance": {"file": "generated", "row": 0}},
        {"prompt": [{"role": "robot", "content": "x"}]},
        {"prompt": [{"role": "user"}]},
        {"id": "-starts-with-a-dash"},
        {"options": []},
        {"answer_kind": "yes_no"},
    ):
        cases.append({**copy.deepcopy(mcq), **change})
    cases.append({**copy.deepcopy(ordering), "options": ["A", "B"]})
    assert _agree("problem", cases) > len(cases) // 2


def test_generated_problems_pass_both_and_broken_ones_fail_both() -> None:
    from recon_data.curation.generators import create

    record = json.loads(json.dumps(create("mixed_nash", "easy").sample(5, 2).record))
    assert _agree("problem", [record]) == 0
    cases = _mutations(record)
    for key, bad in (("index", "1"), ("version", 0), ("generator", "Bad Name"), ("config", [])):
        rec = copy.deepcopy(record)
        rec["generation"][key] = bad
        cases.append(rec)
    for change in (
        {"source": "steer"},
        {"provenance": {"file": "generated", "row": record["provenance"]["row"] + 1}},
        {"provenance": {**record["provenance"], "release_answer": "x"}},
        {"generation": None},
    ):
        cases.append({**copy.deepcopy(record), **change})
    assert _agree("problem", cases) > len(cases) // 2


def test_broken_traces_are_refused_by_both(corpus_dir: Path) -> None:
    trace = json.loads((corpus_dir / "cot" / "train.jsonl").read_text("utf-8").splitlines()[0])
    cases = _mutations(trace)
    for change in (
        {"problem_id": trace["id"]},
        {"answer": "not in the response at all \u2603"},
        {"answer": ""},
        {"category": "nope"},
    ):
        cases.append({**copy.deepcopy(trace), **change})
    assert _agree("trace", cases) > len(cases) // 2


def test_a_rule_added_to_the_models_reaches_validate(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 25: `validate` once ran an exported copy of the models' schema, so a new model rule
    # left it accepting records the models refuse. It runs the models now: prove it.
    from recon_data import rules
    from recon_data.validate import validate_path

    line = (corpus_dir / "problems" / "train.jsonl").read_text("utf-8").splitlines()[0]
    path = tmp_path / "one.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    assert validate_path(path).ok
    original = rules.check_problem_rules

    def stricter(record: Any) -> None:
        original(record)
        raise rules.RuleError("question", "a new rule refuses every record")

    monkeypatch.setattr("recon_data.schema.check_problem_rules", stricter)
    report = validate_path(path)
    assert not report.ok and "a new rule refuses every record" in report.issues[0].message


def test_an_integral_float_is_the_one_documented_difference(corpus_dir: Path) -> None:
    # JSON Schema's "integer" accepts 1.0 (the same number as 1); the models are strict and
    # refuse it, so a record written by a float-happy tool fails `validate` with a clear message.
    record = _problem(corpus_dir, "enforceability")
    record["provenance"]["row"] = 1.0
    assert _schema_accepts(jsonschema.Draft202012Validator(_shipped("problem")), record)
    assert _model_errors("problem", record) == [("int_type", ("provenance", "row"))]

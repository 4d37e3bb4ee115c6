"""The pydantic-core record validator (used by `validate`) against the pydantic models.

The validator is built from schema files the models export; these tests prove it agrees with
the models record by record: the same accepted records (the release, a generated record) and
the same errors, field and message, on a battery of broken ones.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from recon_data import record_validator as rv
from recon_data.schema import Problem, Trace, core_record_schema

MODELS = {"problems": Problem, "traces": Trace}


def _verdict(validate: Any, text: str) -> list[tuple[tuple, str]] | None:
    try:
        validate(text)
    except ValidationError as exc:
        return [(e["type"], tuple(map(str, e["loc"])), e["msg"]) for e in exc.errors()]
    return None


def _same(kind: str, record: Any) -> None:
    text = json.dumps(record)
    theirs = _verdict(MODELS[kind].model_validate_json, text)
    ours = _verdict(rv.record_validator(kind).validate_json, text)
    assert ours == theirs, (record, ours, theirs)


@pytest.mark.parametrize("name", ["problem", "trace"])
def test_shipped_core_schemas_are_what_the_models_export(name: str) -> None:
    # Text equality, so the field order (the order errors are reported in) is checked too.
    shipped = Path(rv.__file__).with_name("schemas") / f"{name}.core.json"
    model = Problem if name == "problem" else Trace
    derived = json.dumps(core_record_schema(model), indent=2) + "\n"
    assert shipped.read_text("utf-8") == derived, (
        "run `python -m recon_data.schema` to regenerate the shipped schemas"
    )


def test_every_release_record_reads_the_same(corpus_dir: Path) -> None:
    for kind, folder in (("problems", "problems"), ("traces", "cot")):
        for path in sorted((corpus_dir / folder).glob("*.jsonl")):
            validator = rv.record_validator(kind)
            for line in path.read_bytes().splitlines():
                ours = validator.validate_json(line)
                model = MODELS[kind].model_validate_json(line)
                assert _plain(ours) == model.model_dump(mode="json")


def _plain(value: Any) -> Any:
    """A validated record object as JSON-ready data, like a model's `model_dump(mode="json")`."""
    if isinstance(value, rv.RecordObject):
        return {k: _plain(v) for k, v in vars(value).items() if not k.startswith("__")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _problem(corpus_dir: Path, category: str) -> dict:
    for line in (corpus_dir / "problems" / "train.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        if rec["category"] == category:
            return rec
    raise AssertionError(category)


def _mutations(record: dict) -> list[dict]:
    """Every field removed, or set to a value of each wrong JSON type, plus extra fields."""
    out = []
    for key in list(record):
        gone = copy.deepcopy(record)
        del gone[key]
        out.append(gone)
        for bad in (None, 12, 12.0, True, "", "x", [], ["x"], {}, {"x": 1}):
            changed = copy.deepcopy(record)
            changed[key] = bad
            out.append(changed)
    extra = copy.deepcopy(record)
    extra["extra"] = 1
    out.append(extra)
    return out


def test_broken_problems_get_the_models_errors(corpus_dir: Path) -> None:
    mcq = _problem(corpus_dir, "enforceability")
    ordering = _problem(corpus_dir, "econlogicqa")
    cases = _mutations(mcq) + _mutations(ordering)
    for field, bad in (("row", "3"), ("row", -1), ("row", 1.0), ("file", ""), ("x", 1)):
        rec = copy.deepcopy(mcq)
        rec["provenance"][field] = bad
        cases.append(rec)
    for key, bad in (("answer", "Option 9"), ("answer", "Option 1 or 2"), ("source", "steer2")):
        rec = copy.deepcopy(mcq)
        rec[key] = bad
        cases.append(rec)
    for change in (
        {"source": "generated"},  # no generation block
        {"provenance": {"file": "generated", "row": 0}},  # generated file, release record
        {"prompt": [{"role": "robot", "content": "x"}]},
        {"prompt": [{"role": "user"}]},
        {"id": "-starts-with-a-dash"},
        {"options": []},
        {"answer_kind": "yes_no"},
    ):
        cases.append({**copy.deepcopy(mcq), **change})
    ordering_bad = copy.deepcopy(ordering)
    ordering_bad["options"] = ["A", "B"]  # options on a kind without them
    cases.append(ordering_bad)
    for case in cases:
        _same("problems", case)


def test_broken_generated_problems_get_the_models_errors() -> None:
    from recon_data.curation.generators import create

    record = json.loads(json.dumps(create("mixed_nash", "easy").sample(5, 2).record))
    _same("problems", record)
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
    for case in cases:
        _same("problems", case)


def test_broken_traces_get_the_models_errors(corpus_dir: Path) -> None:
    line = (corpus_dir / "cot" / "train.jsonl").read_text("utf-8").splitlines()[0]
    trace = json.loads(line)
    cases = _mutations(trace)
    for change in (
        {"problem_id": trace["id"]},
        {"answer": "not in the response at all \u2603"},
        {"answer": ""},
        {"category": "nope"},
    ):
        cases.append({**copy.deepcopy(trace), **change})
    for case in cases:
        _same("traces", case)


def test_not_json_and_not_objects_fail_alike() -> None:
    for text in ("", "[", "[]", "null", "3", '"x"', '{"id": "a"', "{} {}"):
        for kind in MODELS:
            theirs = _verdict(MODELS[kind].model_validate_json, text)
            ours = _verdict(rv.record_validator(kind).validate_json, text)
            assert theirs is not None and ours == theirs, (kind, text)


def test_unreadable_shipped_schemas_fall_back_to_the_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_dir: Path
) -> None:
    # A pydantic-core that cannot read the shipped files (or files gone) must not change verdicts.
    (tmp_path / "problem.core.json").write_text('{"type": "no-such-schema"}', encoding="utf-8")
    monkeypatch.setattr(rv, "_SCHEMAS", tmp_path)
    monkeypatch.setattr(rv, "_VALIDATORS", {})
    mcq = _problem(corpus_dir, "enforceability")
    for kind, record in (("problems", mcq), ("problems", {**mcq, "answer": "Option 9"})):
        _same(kind, record)
    assert set(rv._VALIDATORS) == {"problems"}


def test_unknown_kinds_and_markers_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown record kind"):
        rv.record_validator("problem")
    with pytest.raises(ValueError, match="unknown marker 'rule:Nope'"):
        rv.bind_rules({"type": "no-info", "function": "rule:Nope"})
    with pytest.raises(ValueError, match="unknown marker 'klass:Nope'"):
        rv.bind_rules({"type": "model", "cls": "klass:Nope"})


def test_records_come_back_with_the_models_attributes(corpus_dir: Path) -> None:
    line = (corpus_dir / "problems" / "train.jsonl").read_bytes().splitlines()[0]
    ours, model = (
        rv.record_validator("problems").validate_json(line),
        Problem.model_validate_json(line),
    )
    assert type(ours).__name__ == "Problem" and "train-" in repr(ours)
    assert (ours.id, ours.provenance.row, ours.prompt[0].role) == (
        model.id,
        model.provenance.row,
        model.prompt[0].role,
    )

"""The corpus records: `Problem` and `Trace` (pydantic v2), with cross-field rules."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recon_data import answers
from recon_data.categories import BY_SLUG

SCHEMA_VERSION = "1.0"

CategorySlug = Literal[
    "enforceability",
    "backward_induction",
    "trigger",
    "feasibility",
    "auction_risk",
    "endowment_effect",
    "certainty_effect",
    "time_inconsistency",
    "budget_balance",
    "condorcet_criterion",
    "bayes_nash",
    "econlogicqa",
    "econnli",
    "pure_nash",
    "pte",
]
SplitName = Literal["train", "eval"]
SourceName = Literal["steer", "econlogicqa", "econnli", "eth_3x3_games"]
AnswerKindName = Literal["mcq", "yes_no", "ordering", "profile_set", "numeric"]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$"


class RuleError(ValueError):
    """A cross-field rule failed; `field` names the field the user should fix."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Message(_Record):
    """One chat message, exactly as released."""

    role: Literal["system", "user", "assistant"]
    content: str


class Provenance(_Record):
    """Where a record came from: release file, 0-based data row, and the raw gold if changed."""

    file: str = Field(min_length=1)
    row: int = Field(ge=0)
    release_answer: str | None = Field(
        default=None,
        description="The gold exactly as released, when the canonical `answer` differs from it.",
    )


# Kind-specific shapes of the gold, expressed in JSON Schema so that non-Python consumers get
# the same checks; rules that need arithmetic (option number in range) stay in Python.
_KIND_RULES = [
    {
        "if": {"properties": {"answer_kind": {"const": "mcq"}}},
        "then": {
            "properties": {"options": {"minItems": 2}, "answer": {"pattern": r"^Option \d+: \S"}}
        },
        "else": {"properties": {"options": {"maxItems": 0}}},
    },
    {
        "if": {"properties": {"answer_kind": {"const": "yes_no"}}},
        "then": {"properties": {"answer": {"enum": ["Yes", "No"]}}},
    },
    {
        "if": {"properties": {"answer_kind": {"const": "ordering"}}},
        "then": {"properties": {"answer": {"pattern": r"^[A-Za-z](\s*,\s*[A-Za-z])+\s*$"}}},
    },
    {
        "if": {"properties": {"answer_kind": {"const": "profile_set"}}},
        "then": {
            "properties": {
                "answer": {
                    "pattern": r"^\[\s*(\[\s*-?\d+\s*,\s*-?\d+\s*\]\s*(,\s*\[\s*-?\d+\s*,\s*-?\d+\s*\]\s*)*)?\]$"
                }
            }
        },
    },
]


class Problem(_Record):
    """One economics problem with its canonical gold answer."""

    model_config = ConfigDict(json_schema_extra={"allOf": _KIND_RULES})

    id: str = Field(pattern=ID_PATTERN, description="Stable unique id, derived from content.")
    split: SplitName
    category: CategorySlug
    source: SourceName
    answer_kind: AnswerKindName
    question: str = Field(min_length=1, description="The problem body without the instructions.")
    options: tuple[str, ...] = Field(default=(), description="Option texts (mcq only), in order.")
    answer: str = Field(min_length=1, description="Canonical gold answer.")
    prompt: tuple[Message, ...] = Field(min_length=1, description="The chat messages as released.")
    provenance: Provenance

    @model_validator(mode="after")
    def _cross_field(self) -> Problem:
        check_problem_rules(self)
        return self


class Trace(_Record):
    """One teacher reasoning trace (Recon-CoT) linked to its problem."""

    id: str = Field(pattern=ID_PATTERN)
    problem_id: str | None = Field(
        default=None, description="The problem this trace answers; null only if unmatched."
    )
    category: CategorySlug | None = None
    prompt: str = Field(min_length=1, description="The user text as released.")
    response: str = Field(min_length=1, description="`<think>...</think>` then the boxed answer.")
    answer: str = Field(description="What the response's box says.")
    provenance: Provenance

    @model_validator(mode="after")
    def _cross_field(self) -> Trace:
        if self.problem_id is not None and self.problem_id == self.id:
            raise RuleError("problem_id", "a trace cannot be its own problem")
        if self.answer and self.answer not in self.response:
            raise RuleError("answer", "the answer is not what the response says (not found in it)")
        return self


def error_field(err: dict[str, Any]) -> str | None:
    """Return the dotted field a pydantic error points at, or the field a cross-field rule named."""
    loc = ".".join(str(p) for p in err.get("loc", ()))
    if loc:
        return loc
    cause = (err.get("ctx") or {}).get("error")
    return getattr(cause, "field", None)


def check_problem_rules(p: Problem) -> None:
    """Raise RuleError when category, source, answer_kind, options and answer disagree."""
    cat = BY_SLUG[p.category]
    if p.source != cat.source:
        raise RuleError(
            "source", f"category {p.category!r} comes from {cat.source!r}, not {p.source!r}"
        )
    if p.answer_kind not in cat.answer_kinds:
        raise RuleError(
            "answer_kind",
            f"category {p.category!r} is answered as {'/'.join(cat.answer_kinds)}, not {p.answer_kind!r}",
        )
    if p.answer_kind != "mcq" and p.options:
        raise RuleError("options", f"only mcq problems have options, this one is {p.answer_kind!r}")
    _check_answer(p)


def _check_answer(p: Problem) -> None:
    kind, gold = p.answer_kind, p.answer
    if kind == "mcq":
        if len(p.options) < 2:
            raise RuleError("options", "an mcq problem needs at least 2 options")
        if any(not o.strip() for o in p.options):
            raise RuleError("options", "option texts must not be empty")
        parsed = answers.parse_mcq_gold(gold)
        if parsed is None:
            raise RuleError("answer", f"mcq gold must read 'Option N: text', got {gold[:60]!r}")
        number, text = parsed
        if not 1 <= number <= len(p.options):
            raise RuleError("answer", f"option {number} does not exist ({len(p.options)} options)")
        if p.options[number - 1] != text:
            raise RuleError("answer", f"gold text is not the text of option {number}")
    elif kind == "yes_no":
        if gold not in ("Yes", "No"):
            raise RuleError("answer", f"yes_no gold must be 'Yes' or 'No', got {gold[:60]!r}")
    elif kind == "ordering":
        letters = answers.parse_ordering(gold)
        if letters is None or not answers.is_letter_permutation(letters):
            raise RuleError(
                "answer",
                f"ordering gold must be a permutation of distinct letters, got {gold[:60]!r}",
            )
    elif kind == "profile_set":
        if answers.parse_profile_set(gold) is None:
            raise RuleError(
                "answer", f"profile_set gold must be a list of integer pairs, got {gold[:60]!r}"
            )
    elif kind == "numeric" and answers.parse_numeric(gold) is None:
        raise RuleError("answer", f"numeric gold must be a number, got {gold[:60]!r}")


def problem_json_schema() -> dict:
    """Return the JSON Schema of `Problem` as exported from the model."""
    return _schema(Problem)


def trace_json_schema() -> dict:
    """Return the JSON Schema of `Trace` as exported from the model."""
    return _schema(Trace)


def _schema(model: type[BaseModel]) -> dict:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = (
        f"https://huggingface.co/datasets/MasterZhou/Recon/{model.__name__.lower()}.schema.json"
    )
    schema["x-schema-version"] = SCHEMA_VERSION
    return schema


def write_schema_files(folder: str | None = None) -> list[str]:
    """Regenerate the shipped JSON Schema files from the models; return the paths written."""
    import json
    from pathlib import Path

    target = Path(folder) if folder else Path(__file__).with_name("schemas")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (("problem", problem_json_schema()), ("trace", trace_json_schema())):
        path = target / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(str(path))
    return written


if __name__ == "__main__":
    print("\n".join(write_schema_files()))

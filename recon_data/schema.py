"""The corpus records: `Problem` and `Trace` (pydantic v2), with cross-field rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from recon_data.answers.registry import KIND_NAMES, REGISTRY
from recon_data.categories import BY_SLUG, GENERATED_SOURCE

# 1.1: optional `generation` block, source "generated", categories mixed_nash and
# iterated_dominance. Every 1.0 record is a valid 1.1 record.
SCHEMA_VERSION = "1.1"
# Versions whose records this package reads: every 1.0 record is a valid 1.1 record.
READABLE_SCHEMA_VERSIONS = ("1.0", "1.1")

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
    "mixed_nash",
    "iterated_dominance",
]
SplitName = Literal["train", "eval"]
SourceName = Literal["steer", "econlogicqa", "econnli", "eth_3x3_games", "generated"]
Difficulty = Literal["easy", "medium", "hard"]
# The registry decides which kinds exist; Literal of a tuple spells out its members.
AnswerKindName = Literal[KIND_NAMES]  # type: ignore[valid-type]

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
    """Where a record came from: release file, 0-based data row, and the raw gold if changed.

    A generated record has no release file: its provenance is file "generated" and row the
    generator's index (the `generation` block names the stream), and never a release answer.
    """

    file: str = Field(min_length=1)
    # Strict: the shipped JSON Schema says integer, so "12", 12.0 and true are refused here too.
    row: int = Field(ge=0, strict=True)
    release_answer: str | None = Field(
        default=None,
        description="The gold exactly as released, when the canonical `answer` differs from it.",
    )


# Kind-specific shapes of the gold, expressed in JSON Schema so that non-Python consumers get
# the same checks; rules that need arithmetic (option number in range) stay in Python. Each
# kind states its own shape (`AnswerKind.json_rule`); kinds without options must have none.
def _kind_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for kind in REGISTRY.values():
        if kind.json_rule is None:
            continue
        rule: dict[str, Any] = {
            "if": {"properties": {"answer_kind": {"const": kind.name}}},
            "then": {"properties": kind.json_rule},
        }
        if kind.has_options:
            rule["else"] = {"properties": {"options": {"maxItems": 0}}}
        rules.append(rule)
    return rules


# Source "generated" exactly when a generation block is present (1.1), for JSON Schema users.
_ORIGIN_RULE: dict[str, Any] = {
    "if": {"properties": {"source": {"const": GENERATED_SOURCE}}, "required": ["source"]},
    "then": {"required": ["generation"], "properties": {"generation": {"type": "object"}}},
    "else": {"properties": {"generation": {"type": "null"}}},
}
_KIND_RULES = [*_kind_rules(), _ORIGIN_RULE]


GENERATED_FILE = "generated"  # provenance.file of every generated record


class Generation(_Record):
    """How a generated problem was made: generator, version, stream, settings, solver proof."""

    generator: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$", description="Generator name.")
    version: int = Field(ge=1, strict=True, description="Generator version (bumped on change).")
    seed: int = Field(strict=True, description="Stream seed passed to the generator.")
    index: int = Field(ge=0, strict=True, description="0-based position in the split's stream.")
    difficulty: Difficulty
    config: dict[str, JsonValue] = Field(description="The generator's full config (JSON object).")
    certificate: JsonValue = Field(description="The exact solver's certificate of the gold.")

    def __hash__(self) -> int:
        # config/certificate are JSON containers (unhashable); hash the canonical JSON instead.
        return hash(self.model_dump_json())


class Problem(_Record):
    """One economics problem with its canonical gold answer."""

    model_config = ConfigDict(json_schema_extra={"allOf": _KIND_RULES})  # type: ignore[dict-item]

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
    generation: Generation | None = Field(
        default=None,
        description="How a generated problem was made: generator, version, seed, index, "
        "difficulty, config, solver certificate. Present exactly when source is `generated` "
        "(schema 1.1); null for release problems. The `datasets` view holds it as a JSON string.",
    )

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


def error_field(err: Mapping[str, Any]) -> str | None:
    """Return the dotted field a pydantic error points at, or the field a cross-field rule named."""
    loc = ".".join(str(p) for p in err.get("loc", ()))
    if loc:
        return loc
    cause = (err.get("ctx") or {}).get("error")
    return getattr(cause, "field", None)


def check_problem_rules(p: Problem) -> None:
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


def _check_origin(p: Problem) -> None:
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

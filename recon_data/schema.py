"""The corpus records: `Problem` and `Trace` (pydantic v2), with cross-field rules."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from recon_data.answers.registry import KIND_NAMES, REGISTRY
from recon_data.categories import CATEGORY_SLUGS, GENERATED_SOURCE, Source, Split
from recon_data.rules import check_problem_rules, check_trace_rules
from recon_data.schema_version import SCHEMA_VERSION

__all__ = ["Generation", "Message", "Problem", "Provenance", "Trace"]

# The category table, the splits and the sources are decided in `recon_data.categories`; a
# Literal of a tuple spells out its members.
CategorySlug = Literal[CATEGORY_SLUGS]  # type: ignore[valid-type]
SplitName = Split
SourceName = Source
Difficulty = Literal["easy", "medium", "hard"]
# The registry decides which kinds exist; Literal of a tuple spells out its members.
AnswerKindName = Literal[KIND_NAMES]  # type: ignore[valid-type]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$"


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


class Generation(_Record):
    """How a generated problem was made: generator, version, stream, settings, solver proof."""

    generator: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$", description="Generator name.")
    version: int = Field(ge=1, strict=True, description="Generator version (bumped on change).")
    seed: int = Field(strict=True, description="Stream seed passed to the generator.")
    index: int = Field(ge=0, strict=True, description="0-based position in the split's stream.")
    # Null only where no generator drew the item: a variant of a release problem.
    difficulty: Difficulty | None = Field(
        default=None,
        description="Difficulty preset of the generator; null (or absent) for a variant of a "
        "release item.",
    )
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
        check_trace_rules(self)
        return self


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
    """Regenerate the shipped JSON Schema files from the models; return their paths."""
    import json
    from pathlib import Path

    target = Path(folder) if folder else Path(__file__).with_name("schemas")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    files = (
        ("problem.schema.json", problem_json_schema()),
        ("trace.schema.json", trace_json_schema()),
    )
    for name, schema in files:
        path = target / name
        text = json.dumps(schema, indent=2, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")
        written.append(str(path))
    return written


if __name__ == "__main__":
    print("\n".join(write_schema_files()))

"""The one way a user-facing config is written: a frozen pydantic model with one-line errors.

Generator configs (`recon_data.curation.generators.base.GeneratorConfig`) and the
decontamination settings (`recon_data.curation.decontam.config.DecontamConfig`) subclass
`FrozenConfig`: pydantic converts `--set key=value` strings to the field types, unknown
settings are refused, a made config never changes, and any bad value is one
`ReconDataError` line naming the setting. The two exceptions (TRL's argument dataclasses and
reasoning-gym's config dataclass) are listed, with their reasons, in docs/design.md.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)

from recon_data.errors import ReconDataError


class FrozenConfig(BaseModel):
    """Base of every user-facing config: frozen, no unknown keys, one-line errors."""

    # Frozen: whatever was made with a config (a record's generation block, a report's
    # settings) keeps it. NaN and infinities fail every float range.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_not_switches(cls, data: Any) -> Any:
        # pydantic reads True as 1 for a number; a switch given for a count is a mistake.
        if isinstance(data, dict):
            for key, value in data.items():
                field = cls.model_fields.get(key)
                if (
                    isinstance(value, bool)
                    and field is not None
                    and field.annotation in (int, float)
                ):
                    raise ReconDataError(f"needs a number, got {value!r}", field=key)
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _one_line_errors(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # A bad setting is a user error: one line naming the first bad one, not pydantic's
        # report. The range checks of subclasses raise ReconDataError themselves.
        try:
            return handler(data)
        except ValidationError as exc:
            raise setting_error(cls, exc) from None


def setting_error(cls: type[BaseModel], exc: ValidationError) -> ReconDataError:
    """Return the first error of `exc` as one line naming the setting (and, if unknown, the known ones)."""
    err = exc.errors(include_url=False)[0]
    name = ".".join(str(part) for part in err["loc"]) or None
    if err["type"] == "extra_forbidden":
        message = f"unknown setting; known: {', '.join(cls.model_fields)}"
    else:
        message = f"{_expected(err)}, got {_shown(err.get('input'))}"
    return ReconDataError(message, field=name)


def _expected(err: Any) -> str:
    """Say what a setting accepts, in the words the rest of the CLI uses (else pydantic's)."""
    ctx = err.get("ctx") or {}
    words = {
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "greater_than": f"must be above {ctx.get('gt')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "less_than": f"must be below {ctx.get('lt')}",
        "literal_error": f"must be one of {ctx.get('expected')}",
        "string_pattern_mismatch": f"must match {ctx.get('pattern')}",
        "value_error": str(ctx.get("error")),
    }
    return words.get(err["type"], str(err["msg"]))


def _shown(value: Any, limit: int = 80) -> str:
    """The offending value for the message, cut short (a `--set` value can be megabytes)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."

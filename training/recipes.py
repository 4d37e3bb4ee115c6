"""Training recipes: YAML files read by TRL's own config classes, with `key=value` overrides.

A recipe is one flat YAML mapping. Each key belongs to one of three dataclasses:
`ReconArguments` (what only this package knows: corpus, reward names, CUDA need),
TRL's `ModelConfig` (model path, dtype, LoRA) and TRL's `SFTConfig` or `GRPOConfig`
(everything `transformers.TrainingArguments` and the trainer take). Each key is checked
against the three classes' fields and coerced to the field's type (`coerce_values`), then
each class is built from the keys it owns, so the YAML speaks TRL's own field names.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

RECIPES_DIR = Path(__file__).parent / "recipes"
TRAINERS = ("sft", "grpo")


@dataclass
class ReconArguments:
    """Recipe fields that belong to recon-data rather than to TRL."""

    trainer: str = field(
        default="sft", metadata={"help": "Which trainer the recipe is for: sft or grpo."}
    )
    description: str = field(
        default="", metadata={"help": "One line shown by `recon-data train recipes`."}
    )
    corpus: str | None = field(
        default=None,
        metadata={"help": "Corpus folder; the cached build of the release when unset."},
    )
    split: str = field(default="train", metadata={"help": "Problem split GRPO trains on."})
    requires_cuda: bool = field(
        default=False, metadata={"help": "Refuse to start without a CUDA GPU."}
    )
    train_limit: int | None = field(
        default=None, metadata={"help": "Use only the first N training records."}
    )
    drop_eval_overlap: bool = field(
        default=False,
        metadata={
            "help": "SFT: leave out traces whose problem is in the eval split (the paper kept them)."
        },
    )
    max_prompt_length: int | None = field(
        default=None, metadata={"help": "GRPO: leave out prompts longer than this many tokens."}
    )
    reward_funcs: list[str] = field(
        default_factory=lambda: ["hierarchical_reward"],
        metadata={
            "help": "GRPO: reward functions by name (or key) from recon_data.verifiers.REWARD_FUNCTIONS."
        },
    )
    generation: str = field(
        default="auto",
        metadata={
            "help": "GRPO: 'vllm' (colocated), 'transformers', or 'auto' (vLLM when installed)."
        },
    )
    save_merged: bool = field(
        default=False,
        metadata={"help": "Also save base + adapter merged into one model under OUTPUT/merged."},
    )


@dataclass
class Recipe:
    """A parsed recipe: its name, source file and the three config objects built from it."""

    name: str
    path: Path | None
    recon: ReconArguments
    model: Any  # trl.ModelConfig
    args: Any  # trl.SFTConfig or trl.GRPOConfig
    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what loading changed, shown at the start

    @property
    def trainer(self) -> str:
        """Return which trainer this recipe drives (sft or grpo)."""
        return self.recon.trainer


def list_recipes() -> dict[str, str]:
    """Return the shipped recipes as {name: description}."""
    import yaml

    out: dict[str, str] = {}
    for path in sorted(RECIPES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out[path.stem] = str(data.get("description", ""))
    return out


def recipe_path(name_or_path: str) -> Path:
    """Resolve a shipped recipe name (`sft`, `grpo-smoke`) or a YAML path to a file."""
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix in (".yaml", ".yml"):
        if not candidate.is_file():
            raise ReconDataError("recipe file not found", file=str(candidate))
        return candidate
    shipped = RECIPES_DIR / f"{name_or_path}.yaml"
    if shipped.is_file():
        return shipped
    names = sorted(p.stem for p in RECIPES_DIR.glob("*.yaml"))
    raise ReconDataError(
        f"unknown recipe {name_or_path!r}; shipped recipes: {', '.join(names)} (or pass a .yaml path)"
    )


def read_recipe_values(name_or_path: str) -> tuple[Path, dict[str, Any]]:
    """Read a recipe's YAML mapping without building any config object."""
    import yaml

    path = recipe_path(name_or_path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReconDataError(f"invalid YAML: {exc}", file=str(path)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReconDataError("a recipe must be a YAML mapping of field: value", file=str(path))
    return path, data


def parse_overrides(pairs: list[str] | None) -> dict[str, Any]:
    """Turn `key=value` strings into a dict; values are read as YAML (numbers, lists, null)."""
    import yaml

    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, raw = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise ReconDataError(f"--set expects key=value, got {pair!r}")
        try:
            out[key] = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            out[key] = raw
    return out


def load_recipe(
    name_or_path: str,
    *,
    trainer: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Recipe:
    """Load a recipe and apply overrides; unknown keys and bad values raise ReconDataError."""
    path, values = read_recipe_values(name_or_path)
    values = {**values, **(overrides or {})}
    # A recipe that does not say which trainer it is for belongs to the command that runs it.
    kind = str(values.setdefault("trainer", trainer or "sft"))
    if kind not in TRAINERS:
        raise ReconDataError(
            f"trainer must be one of {', '.join(TRAINERS)}, got {kind!r}", file=str(path)
        )
    if trainer is not None and kind != trainer:
        raise ReconDataError(
            f"recipe {path.stem!r} is a {kind} recipe; use `recon-data train {kind}` or pick a {trainer} recipe",
            file=str(path),
        )
    classes = config_classes(kind)
    values = coerce_values(values, classes, source=str(path))
    recon = _build(classes[:1], values, path)[0]
    if recon.requires_cuda:
        # Before TRL's configs: they reject bf16 on a CPU-only machine with a less helpful message.
        from recon_data.training.checks import require_cuda

        require_cuda(path.stem, kind)
    from recon_data.training.checks import reconcile_precision

    # Before TRL's configs: building them hands the launcher's precision to DeepSpeed.
    precision_note = reconcile_precision(values)
    model, args = _build(classes[1:], values, path)
    model.lora_target_modules = _module_list(
        values.get("lora_target_modules"), model.lora_target_modules
    )
    notes = [precision_note] if precision_note else []
    return Recipe(
        name=path.stem, path=path, recon=recon, model=model, args=args, values=values, notes=notes
    )


def _module_list(given: Any, built: Any) -> Any:
    """Undo TRL's collapse of a one-item `lora_target_modules` list into a string, for plain names.

    peft reads a string as one regular expression that must match a module's full dotted name,
    so `[q_proj]` would match nothing; as a list it matches every `....q_proj`, like longer lists.
    `[all-linear]` and one-item regular expressions keep TRL's string form.
    """
    if isinstance(given, list) and len(given) == 1 and isinstance(built, str):
        name = given[0]
        if name != "all-linear" and re.fullmatch(r"[A-Za-z0-9_.]+", name):
            return [name]
    return built


def config_classes(kind: str) -> tuple[type, type, type]:
    """Return (ReconArguments, ModelConfig, SFTConfig|GRPOConfig) for a trainer kind."""
    from trl import GRPOConfig, ModelConfig, SFTConfig

    return ReconArguments, ModelConfig, SFTConfig if kind == "sft" else GRPOConfig


def _build(classes: tuple[type, ...], values: dict[str, Any], path: Path) -> list[Any]:
    built = []
    for cls in classes:
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        kwargs = {k: v for k, v in values.items() if k in names}
        try:
            built.append(cls(**kwargs))
        except (ValueError, TypeError) as exc:
            # TRL and transformers validate option combinations in __post_init__.
            raise ReconDataError(f"incompatible options: {exc}", file=str(path)) from None
    return built


def coerce_values(
    values: dict[str, Any], classes: tuple[type, ...], *, source: str
) -> dict[str, Any]:
    """Check every key names a field of one of `classes` and convert values to the field types."""
    hints: dict[str, Any] = {}
    for cls in classes:
        cls_hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.init:
                hints.setdefault(f.name, cls_hints.get(f.name, Any))
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in hints:
            close = difflib.get_close_matches(key, list(hints), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ReconDataError(f"unknown recipe field{hint}", file=source, field=key)
        try:
            out[key] = coerce(value, hints[key])
        except (TypeError, ValueError) as exc:
            raise ReconDataError(str(exc), file=source, field=key) from None
    return out


def coerce(value: Any, annotation: Any) -> Any:
    """Convert a YAML or command-line value to a dataclass field's annotated type."""
    origin = typing.get_origin(annotation)
    if annotation is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        members = typing.get_args(annotation)
        if value is None and type(None) in members:
            return None
        errors = []
        for member in (m for m in members if m is not type(None)):
            try:
                return coerce(value, member)
            except (TypeError, ValueError) as exc:
                errors.append(str(exc))
        raise ValueError(errors[0] if errors else f"cannot use {value!r} here")
    if origin is typing.Literal:
        if value in typing.get_args(annotation):
            return value
        raise ValueError(f"expected one of {typing.get_args(annotation)}, got {value!r}")
    if origin in (list, tuple):
        (item,) = typing.get_args(annotation)[:1] or (Any,)
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"expected a list, got {value!r}")
        return [coerce(v, item) for v in value]
    if origin is dict or annotation is dict:
        if isinstance(value, str):
            value = json.loads(value)
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, got {value!r}")
        return value
    if annotation is bool:
        return _to_bool(value)
    if annotation is int:
        if isinstance(value, bool):
            raise ValueError(f"expected an integer, got {value!r}")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, (int, str)):
            return int(value)
        raise ValueError(f"expected an integer, got {value!r}")
    if annotation is float:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value!r}")
        # PyYAML reads `2e-4` (no dot) as a string, so strings are parsed here.
        return float(value)
    if annotation is str:
        if isinstance(value, (dict, list)):
            raise ValueError(f"expected text, got {value!r}")
        return value if isinstance(value, str) else str(value)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation(value)
    return value


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "yes", "on", "1"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "no", "off", "0"):
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"expected true or false, got {value!r}")

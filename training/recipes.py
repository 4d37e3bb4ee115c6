"""Training recipes: YAML files read by TRL's own config classes, with `key=value` overrides.

A recipe is one flat YAML mapping. Each key belongs to one of three dataclasses:
`ReconArguments` (what only this package knows: corpus, reward names, CUDA need),
TRL's `ModelConfig` (model path, dtype, LoRA) and TRL's `SFTConfig` or `GRPOConfig`
(everything `transformers.TrainingArguments` and the trainer take). Every value is typed by
TRL's own parser (`TrlParser`, an `HfArgumentParser`, over the three classes: `parse_values`),
exactly as `trl sft --key value` types it; then each class is built from the keys it owns,
so the YAML speaks TRL's own field names.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import re
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

# resolve(): an editable install runs this file through a link; name the real folder in messages.
RECIPES_DIR = Path(__file__).resolve().parent / "recipes"
TRAINERS = ("sft", "grpo", "selfplay")


# Not a FrozenConfig (the project's way, docs/design.md "Configuration"): TRL's parser
# (`TrlParser`, an `HfArgumentParser`) types and builds dataclasses only, beside TRL's own.
@dataclass
class ReconArguments:
    """Recipe fields that belong to recon-data rather than to TRL."""

    trainer: str = field(
        default="sft", metadata={"help": "Which trainer the recipe is for: sft, grpo or selfplay."}
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
    values = parse_values(values, classes, source=str(path))
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


def recon_class(kind: str) -> type:
    """The recipe's own fields for a trainer kind (self-play adds its `selfplay_*` fields)."""
    return _selfplay_arguments() if kind == "selfplay" else ReconArguments


@cache
def _selfplay_arguments() -> type:
    from recon_data.training.selfplay_args import SelfPlayFields

    @dataclass
    class SelfPlayArguments(SelfPlayFields, ReconArguments):
        """ReconArguments plus the self-play fields (training/selfplay_args.py)."""

    return SelfPlayArguments


def config_classes(kind: str) -> tuple[type, type, type]:
    """Return (ReconArguments, ModelConfig, SFTConfig|GRPOConfig) for a trainer kind."""
    from trl import GRPOConfig, ModelConfig, SFTConfig

    return recon_class(kind), ModelConfig, SFTConfig if kind == "sft" else GRPOConfig


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


def parse_values(
    values: dict[str, Any], classes: tuple[type, ...], *, source: str
) -> dict[str, Any]:
    """Type every recipe value with TRL's own parser, as `trl sft --key value` would.

    Each value is written back as command-line text (`true`, `2e-4`, a list as several
    arguments, a mapping as JSON) and read by a `TrlParser` over `classes`, so field types,
    choices and booleans follow TRL and transformers. Unknown keys are refused with the
    closest field names.
    """
    from trl import TrlParser

    parser = TrlParser(typing.cast(Any, classes), exit_on_error=False)
    actions: dict[str, argparse.Action] = {}
    for action in parser._actions:
        # A boolean that defaults to true also has a `--no_NAME` action: keep the first.
        actions.setdefault(action.dest, action)
    hints = _field_hints(classes)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in actions or key not in hints:
            close = difflib.get_close_matches(key, list(hints), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ReconDataError(f"unknown recipe field{hint}", file=source, field=key)
        try:
            out[key] = _parse_one(parser, actions[key], hints[key], value)
        except (argparse.ArgumentError, ValueError, TypeError) as exc:
            message = exc.message if isinstance(exc, argparse.ArgumentError) else str(exc)
            raise ReconDataError(message, file=source, field=key) from None
    return out


def _field_hints(classes: tuple[type, ...]) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    for cls in classes:
        cls_hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.init:
                hints.setdefault(f.name, cls_hints.get(f.name, Any))
    return hints


def _parse_one(parser: Any, action: argparse.Action, hint: Any, value: Any) -> Any:
    """Parse one field's value through the parser; None and lists where the type allows them."""
    members = typing.get_args(hint)
    if value is None:
        # The parser cannot say `null`; a field typed `X | None` takes it as is.
        if hint is Any or type(None) in members:
            return None
        raise ValueError("expected a value, got null")
    many = action.nargs in ("+", "*")
    if many and isinstance(value, str):  # `--set lora_target_modules=q_proj,v_proj`
        value = [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)) and not many:
        # One-value options that also take a list (report_to): each item parsed alone.
        if not any(typing.get_origin(m) is list or m is list for m in (hint, *members)):
            raise ValueError(f"expected one value, got a list: {value!r}")
        return [_parse_one(parser, action, Any, item) for item in value]
    words = [_as_text(v) for v in value] if isinstance(value, (list, tuple)) else [_as_text(value)]
    namespace, _ = parser.parse_known_args([action.option_strings[0], *words])
    return getattr(namespace, action.dest)


def _as_text(value: Any) -> str:
    """Write a YAML value the way it would be typed on TRL's command line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        raise ValueError(f"expected a flat value, got {value!r}")
    return str(value)

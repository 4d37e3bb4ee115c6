"""Refuse a wrong `train` invocation in a fraction of a second, before the ML stack loads.

Importing TRL's config classes loads transformers and torch (about 5 s of CPU here), and the
full recipe parse needs them. What can be judged without them is judged first: the recipe
exists and is for this trainer, every field name is one TRL or we know (read from TRL's and
transformers' source with `ast`, never imported), the model folder and corpus exist, and a
recipe that needs a CUDA GPU is refused on a machine with no NVIDIA driver at all.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import importlib.util
import os
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

# Where a base class lives when the module that names it re-exports it lazily.
_DEFINED_IN = {("transformers", "TrainingArguments"): "transformers.training_args"}
CONFIG_CLASSES = {
    "model": ("trl.trainer.model_config", "ModelConfig"),
    "sft": ("trl.trainer.sft_config", "SFTConfig"),
    "grpo": ("trl.trainer.grpo_config", "GRPOConfig"),
    "selfplay": ("trl.trainer.grpo_config", "GRPOConfig"),
}


def precheck(recipe: str | None, trainer: str, overrides: dict[str, Any]) -> None:
    """Raise ReconDataError for what is wrong with this launch, without importing torch or TRL."""
    from recon_data.training import modelio
    from recon_data.training.checks import SMOKE_HINT
    from recon_data.training.recipes import read_recipe_values, recon_class

    path, raw = read_recipe_values(recipe or trainer)
    values = {**raw, **overrides}
    kind = str(values.get("trainer", trainer))
    if kind != trainer:
        raise ReconDataError(
            f"recipe {path.stem!r} is a {kind} recipe; use `recon-data train {kind}` or pick a {trainer} recipe",
            file=str(path),
        )
    fields = recipe_field_names(trainer)
    if fields is not None:
        known = fields | {f.name for f in dataclasses.fields(recon_class(trainer)) if f.init}
        for key in values:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=3)
                hint = f"; did you mean {' or '.join(close)}?" if close else ""
                source = "--set" if key in overrides else str(path)
                raise ReconDataError(f"unknown recipe field{hint}", file=source, field=key)
    if values.get("requires_cuda") and not nvidia_driver_present():
        raise ReconDataError(
            f"recipe {path.stem!r} needs a CUDA GPU and none is visible; to check the pipeline on CPU "
            f"run `{SMOKE_HINT[trainer]}` (build the tiny model with `recon-data train tiny-model DIR`)"
        )
    modelio.check_model_ref(values.get("model_name_or_path"))
    corpus = values.get("corpus")
    # `games:...` names the decision-node dataset (training/game_data.py), not a folder.
    if isinstance(corpus, str) and corpus.split(":")[0] == "games":
        corpus = None
    if trainer == "selfplay":
        from recon_data.training.selfplay_args import check_selfplay

        check_selfplay(values)
    if isinstance(corpus, str) and _looks_local(corpus) and not Path(corpus).expanduser().exists():
        raise ReconDataError("corpus folder not found (check --corpus)", file=corpus)


def nvidia_driver_present() -> bool:
    """True when an NVIDIA driver is installed (CUDA may be usable); False means it cannot be."""
    if Path("/proc/driver/nvidia/version").exists():
        return True
    return shutil.which("nvidia-smi") is not None


def _looks_local(ref: str) -> bool:
    # A Hub id is ORG/NAME: exactly one slash, not a relative or absolute path.
    return ref.startswith((".", "~", os.sep)) or ref.count("/") != 1


@cache
def recipe_field_names(trainer: str) -> frozenset[str] | None:
    """Return the init fields of TRL's ModelConfig and the trainer's config, read from source.

    None when the source cannot be read this way (another TRL layout): the full parse after
    the import still refuses unknown fields then.
    """
    names: set[str] = set()
    for key in ("model", trainer):
        fields = _class_fields(*CONFIG_CLASSES[key])
        if fields is None:
            return None
        names |= fields
    return frozenset(names)


def _class_fields(module: str, name: str, depth: int = 0) -> set[str] | None:
    if depth > 8:
        return None
    tree = _parse(module)
    if tree is None:
        return None
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    if cls is None:
        where = _DEFINED_IN.get((module, name))
        return _class_fields(where, name, depth + 1) if where else None
    fields = {
        stmt.target.id
        for stmt in cls.body
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and not _is_classvar(stmt.annotation)
        and not _init_false(stmt.value)
    }
    for base in cls.bases:
        if not isinstance(base, ast.Name):
            return None
        origin = _imported_from(tree, module, base.id)
        if origin is None:
            if any(isinstance(n, ast.ClassDef) and n.name == base.id for n in tree.body):
                origin = module
            else:
                return None
        inherited = _class_fields(origin, base.id, depth + 1)
        if inherited is None:
            return None
        fields |= inherited
    return fields


@cache
def _parse(module: str) -> ast.Module | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    try:
        return ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None


def _imported_from(tree: ast.Module, module: str, name: str) -> str | None:
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(a.name == name for a in node.names):
            if node.level == 0:
                return node.module
            base = module.split(".")[: -node.level]
            return ".".join([*base, *([node.module] if node.module else [])])
    return None


def _is_classvar(annotation: ast.expr) -> bool:
    text = ast.unparse(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _init_false(value: ast.expr | None) -> bool:
    return (
        isinstance(value, ast.Call)
        and any(
            k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in value.keywords
        )
    )

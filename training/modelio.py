"""Finding, loading and saving models: full checkpoints, LoRA adapters, and adapters on adapters."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.hfdata import hub_offline, hub_reachable

ADAPTER_CONFIG = "adapter_config.json"
MODEL_CONFIG = "config.json"


def is_local_ref(ref: str) -> bool:
    """True when `ref` names a local folder rather than a Hub id like `org/name`."""
    if Path(ref).expanduser().exists() or ref.startswith((".", "/", "~")) or ref.count("/") > 1:
        return True
    # `outputs/recon-sft` is a missing local run when `outputs/` exists here, not a Hub repo.
    return Path(ref.split("/")[0]).is_dir()


def is_adapter_dir(ref: str | Path) -> bool:
    """True when `ref` is a local folder holding a PEFT adapter (adapter_config.json)."""
    return (Path(ref).expanduser() / ADAPTER_CONFIG).is_file()


def adapter_base(adapter: str | Path) -> str:
    """Return the base model an adapter was trained on, as recorded in its adapter_config.json."""
    path = Path(adapter).expanduser() / ADAPTER_CONFIG
    try:
        base = json.loads(path.read_text(encoding="utf-8")).get("base_model_name_or_path")
    except (OSError, ValueError) as exc:
        raise ReconDataError(f"cannot read adapter config: {exc}", file=str(path)) from None
    if not base:
        raise ReconDataError(
            "adapter config names no base model", file=str(path), field="base_model_name_or_path"
        )
    return str(base)


def check_model_ref(ref: str | None, *, option: str = "--model") -> str:
    """Check a model reference before any loading; return it with local paths made absolute."""
    if not ref:
        raise ReconDataError(
            f"no model given: pass {option} (a local folder or a Hub id); for a CPU smoke run build a tiny "
            "random one with `recon-data train tiny-model DIR`"
        )
    if not is_local_ref(ref):
        check_hub_ref(ref, option=option)
        return ref
    path = Path(ref).expanduser()
    if not path.is_dir():
        raise ReconDataError(f"model folder not found (check {option})", file=str(path))
    if not (path / MODEL_CONFIG).is_file() and not (path / ADAPTER_CONFIG).is_file():
        raise ReconDataError(
            f"not a model folder: it has neither {MODEL_CONFIG} nor {ADAPTER_CONFIG}",
            file=str(path),
        )
    if (path / ADAPTER_CONFIG).is_file():
        check_model_ref(adapter_base(path), option=f"the base model of adapter {path}")
    return str(path.resolve())


def check_hub_ref(ref: str, *, option: str = "--model") -> None:
    """Fail at once on a Hub id that is neither cached nor fetchable (offline), instead of retrying."""
    from huggingface_hub import try_to_load_from_cache
    from huggingface_hub.errors import HFValidationError

    try:
        cached = try_to_load_from_cache(ref, MODEL_CONFIG)
    except HFValidationError:
        raise ReconDataError(
            f"no such model folder, and not a valid Hub id (check {option})", file=ref
        ) from None
    if isinstance(cached, str):
        return
    if hub_offline("TRANSFORMERS_OFFLINE"):
        raise ReconDataError(
            f"no such model folder, and not in the Hub cache while HF_HUB_OFFLINE is set (check {option})",
            file=ref,
        )
    if not hub_reachable():
        raise ReconDataError(
            f"no such model folder, and the Hub is unreachable to fetch it as a Hub id (check {option})",
            file=ref,
        )


def has_tokenizer(path: Path) -> bool:
    """True when a local folder carries tokenizer files."""
    return (path / "tokenizer_config.json").is_file() or (path / "tokenizer.json").is_file()


def load_tokenizer(ref: str, *, padding_side: str = "left") -> Any:
    """Load the tokenizer saved with a model or adapter (or the adapter's base when it has none)."""
    from transformers import AutoTokenizer

    source = ref
    while is_adapter_dir(source) and not has_tokenizer(Path(source).expanduser()):
        source = adapter_base(source)
    tokenizer = _wrap_load(lambda: AutoTokenizer.from_pretrained(source), source)
    tokenizer.padding_side = padding_side
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(
    ref: str,
    *,
    dtype: str | None = "auto",
    attn_implementation: str | None = None,
    trust_remote_code: bool = False,
) -> Any:
    """Load a causal LM; adapters are applied to their base and merged, recursively."""
    from transformers import AutoModelForCausalLM

    if is_adapter_dir(ref):
        from peft import PeftModel

        base = load_model(
            adapter_base(ref),
            dtype=dtype,
            attn_implementation=attn_implementation,
            trust_remote_code=trust_remote_code,
        )
        peft_model = _wrap_load(lambda: PeftModel.from_pretrained(base, ref), ref)
        # name_or_path keeps pointing at the full base model: vLLM loads its architecture from there.
        return peft_model.merge_and_unload()
    kwargs: dict[str, Any] = {"trust_remote_code": trust_remote_code}
    if dtype is not None:
        kwargs["dtype"] = _dtype(dtype)
    if attn_implementation:
        kwargs["attn_implementation"] = attn_implementation
    return _wrap_load(lambda: AutoModelForCausalLM.from_pretrained(ref, **kwargs), ref)


def base_of_chain(ref: str) -> str:
    """Return the full model at the bottom of an adapter chain (the ref itself when it is one)."""
    seen = set()
    while is_adapter_dir(ref) and ref not in seen:
        seen.add(ref)
        ref = adapter_base(ref)
    return ref


def empty_model(ref: str, *, trust_remote_code: bool = False) -> Any | None:
    """Build a model's architecture on the meta device (no weights read); None when its config is unreadable."""
    from accelerate import init_empty_weights
    from transformers import AutoConfig, AutoModelForCausalLM

    source = base_of_chain(ref)
    try:
        config = AutoConfig.from_pretrained(source, trust_remote_code=trust_remote_code)
        with _no_zero3_init(), init_empty_weights():
            return AutoModelForCausalLM.from_config(config, trust_remote_code=trust_remote_code)
    except (OSError, ValueError, KeyError, ImportError):
        # An unreadable config (offline Hub id, unknown architecture) is reported by the real load.
        return None


@contextlib.contextmanager
def _no_zero3_init() -> Iterator[None]:
    """Keep transformers from wrapping a meta-device build in deepspeed.zero.Init under ZeRO-3.

    Under an accelerate ZeRO-3 launch `from_config` partitions every new model with
    deepspeed.zero.Init, which copies tensors and fails on the meta device ("Cannot copy out
    of meta tensor"). transformers skips zero.Init while its own `set_zero3_state` is active.
    """
    try:
        from transformers.modeling_utils import set_zero3_state
    except ImportError:  # older or newer transformers without the switch: nothing to skip
        yield
        return
    with set_zero3_state():
        yield


def _dtype(name: str) -> Any:
    import torch

    if name == "auto":
        return "auto"
    value = getattr(torch, name, None)
    if not isinstance(value, torch.dtype):
        raise ReconDataError(
            f"unknown dtype {name!r}; use auto, bfloat16, float16 or float32", field="dtype"
        )
    return value


def _wrap_load(load: Any, ref: str) -> Any:
    try:
        return load()
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hint = "" if is_local_ref(ref) else " (the Hub may be unreachable: pass a local folder)"
        raise ReconDataError(f"cannot load model: {first}{hint}", file=ref) from None


def save_merged(adapter_dir: str | Path, out_dir: Path, *, dtype: str | None = "auto") -> Path:
    """Reload a saved adapter onto its base, merge, and save a standalone model with its tokenizer."""
    # Reloading from disk (instead of merging the live model) also works after sharded (ZeRO-3) training.
    model = load_model(str(adapter_dir), dtype=dtype)
    tokenizer = load_tokenizer(str(adapter_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def set_adapter_base(folder: str | Path, base: str) -> None:
    """Point a saved adapter at the model it was trained on top of (here: another adapter)."""
    path = Path(folder) / ADAPTER_CONFIG
    if path.is_file():
        config = json.loads(path.read_text(encoding="utf-8"))
        config["base_model_name_or_path"] = base
        path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")

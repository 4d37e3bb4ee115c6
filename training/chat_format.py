"""How SFT rows reach the trainer for any chat template, with the loss on the assistant's tokens.

TRL masks the loss to the assistant turn through `{% generation %}` markers, which it can add
only to the templates it knows (R1-Distill, Qwen2.5, Llama-3.0, ...). For every other template
(Llama-3.1/3.2, Mistral, a custom one) the rows are tokenized here instead: the prompt rendered
with the template's generation prompt, exactly as at inference, then the completion (the rest
of the rendered conversation, or the trace and the end-of-sequence token where the template
rewrites the assistant turn), and labels that are -100 on the prompt. Either way the whole
reasoning is checked to survive tokenisation before any model is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

TRL = "trl"  # TRL renders `messages` and masks with its (patched) training template
TOKENS = "tokens"  # rows tokenized here: input_ids and labels


@dataclass(frozen=True)
class SFTFormat:
    """Which form the SFT rows take and one line saying why."""

    mode: str
    note: str


def _squash(text: str) -> str:
    # Templates trim content and tokenizers re-space it; the words and their order must survive.
    return "".join(text.split())


def apply_template_file(tokenizer: Any, args: Any) -> None:
    """Put a recipe's `chat_template_path` (.jinja file) on the tokenizer, as SFTTrainer would."""
    path = getattr(args, "chat_template_path", None)
    if path is None or not str(path).endswith((".jinja", ".j2")):
        return
    try:
        tokenizer.chat_template = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise ReconDataError(
            f"cannot read the chat template: {exc.strerror or exc}",
            file=str(path),
            field="chat_template_path",
        ) from None
    # Applied here, so SFTTrainer must not apply it again on top of a tokenizer it already changed.
    args.chat_template_path = None


def require_template(tokenizer: Any, model_ref: str) -> str:
    """Return the tokenizer's chat template, or fail in one line saying what to pass."""
    template = getattr(tokenizer, "chat_template", None)
    if isinstance(template, dict):
        template = template.get("default")
    if not template:
        raise ReconDataError(
            "the model's tokenizer has no chat template; pass one with "
            "`--set chat_template_path=FILE.jinja` (or a model id whose template to copy)",
            file=model_ref,
        )
    return str(template)


def trl_training_template(tokenizer: Any) -> str | None:
    """Return the template TRL masks with (its own, or its patched training copy), or None."""
    from trl.chat_template_utils import get_training_chat_template, has_generation_markers

    template = tokenizer.chat_template
    if has_generation_markers(template):
        return str(template)
    try:
        patched = get_training_chat_template(tokenizer)
    except ValueError:
        # TRL's "not training-compatible ... patching is not supported": our tokenized form instead.
        return None
    return str(template) if patched is None else patched


def _masked_text(tokenizer: Any, messages: list[dict[str, str]], template: str) -> str | None:
    from jinja2 import TemplateError

    try:
        out = tokenizer.apply_chat_template(
            messages,
            tokenize=True,
            return_dict=True,
            return_assistant_tokens_mask=True,
            chat_template=template,
        )
    except (TemplateError, TypeError, ValueError):
        return None
    ids = [t for t, m in zip(out["input_ids"], out["assistant_masks"], strict=False) if m]
    return tokenizer.decode(ids) if ids else None


def choose_format(
    tokenizer: Any, sample: list[dict[str, str]], *, assistant_only_loss: bool
) -> SFTFormat:
    """Decide how SFT rows reach the trainer, from the template and one real conversation."""
    response = sample[-1]["content"]
    if not assistant_only_loss:
        # The loss covers everything, but a template that drops the reasoning would still lose it.
        text = tokenizer.apply_chat_template(sample, tokenize=False)
        if _squash(response) in _squash(text):
            return SFTFormat(TRL, "loss on every token (assistant_only_loss is off)")
        return SFTFormat(
            TOKENS,
            "the chat template drops the reasoning, so rows are tokenized here (loss on every token)",
        )
    template = trl_training_template(tokenizer)
    if template is not None:
        masked = _masked_text(tokenizer, sample, template)
        if masked is not None and _squash(response) in _squash(masked):
            return SFTFormat(TRL, "loss on the assistant tokens via TRL's training chat template")
    return SFTFormat(
        TOKENS,
        "TRL cannot mask this chat template, so prompts and completions are tokenized here "
        "(loss on the completion tokens)",
    )


def _overlap(prompt: str, response: str) -> int:
    # A generation prompt may already open the reasoning (`<think>\n`) that the trace starts with.
    for k in range(len(response), 0, -1):
        if response[:k].strip() and prompt.endswith(response[:k]):
            return k
    return 0


def split_conversation(tokenizer: Any, messages: list[dict[str, str]]) -> tuple[str, str]:
    """Render (prompt with generation prompt, completion) text for one conversation ending in the assistant."""
    prompt_msgs, response = messages[:-1], messages[-1]["content"]
    prompt = tokenizer.apply_chat_template(prompt_msgs, tokenize=False, add_generation_prompt=True)
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    if full.startswith(prompt) and _squash(response) in _squash(full[len(prompt) :]):
        return prompt, full[len(prompt) :]
    # The template rewrites the assistant turn (the stock R1 one drops the reasoning) or renders
    # the prompt differently in the full conversation: train on the trace itself, then stop.
    completion = response[_overlap(prompt, response) :]
    return prompt, completion + (tokenizer.eos_token or "")


def tokenized_row(
    tokenizer: Any, messages: list[dict[str, str]], *, assistant_only_loss: bool, record: str | int
) -> dict[str, list[int]]:
    """Tokenize one conversation into input_ids and labels (-100 on the prompt when masking)."""
    prompt, completion = split_conversation(tokenizer, messages)
    # Tokenized apart, so the boundary is the one inference sees; the template holds any BOS.
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    completion_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    response = messages[-1]["content"]
    kept = response[_overlap(prompt, response) :]
    if _squash(kept) not in _squash(tokenizer.decode(completion_ids)):
        raise ReconDataError(
            "the trace does not survive tokenisation with this tokenizer (decoded text differs)",
            record=record,
        )
    masked = [-100] * len(prompt_ids) if assistant_only_loss else list(prompt_ids)
    return {"input_ids": prompt_ids + completion_ids, "labels": masked + completion_ids}


def prepare_sft_rows(
    tokenizer: Any, rows: list[dict[str, Any]], args: Any, *, model_ref: str
) -> tuple[list[dict[str, Any]], SFTFormat]:
    """Return the rows SFTTrainer gets for this tokenizer, adjusting `args` to match the form."""
    if getattr(args, "chat_template_path", None) is not None:
        apply_template_file(tokenizer, args)
        if args.chat_template_path is not None:
            # A model id whose template (and tokens) TRL copies: only TRL can render it.
            return rows, SFTFormat(
                TRL, f"chat template copied from {args.chat_template_path} by TRL"
            )
    require_template(tokenizer, model_ref)
    only_assistant = bool(args.assistant_only_loss)
    fmt = choose_format(tokenizer, rows[0]["messages"], assistant_only_loss=only_assistant)
    if fmt.mode == TRL:
        return rows, fmt
    out = [
        tokenized_row(tokenizer, row["messages"], assistant_only_loss=only_assistant, record=i)
        for i, row in enumerate(rows)
    ]
    # The labels already carry the mask; TRL refuses assistant_only_loss on non-conversational rows.
    args.assistant_only_loss = False
    return out, fmt

"""Any chat template trains: which tokens carry the SFT loss, for four template families.

Each case builds a tiny tokenizer shaped like the family (its special tokens and chat
template), hands the rows recon-data prepares to TRL's real SFTTrainer, and reads back the
labels the trainer would train on.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from _support import require_module

require_module("torch")
require_module("trl")

from recon_data.errors import ReconDataError  # noqa: E402
from recon_data.training.chat_format import TOKENS, TRL, prepare_sft_rows  # noqa: E402

# Slow: builds and trains tiny models per chat template. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow

USER = "Does borrowing fall when rates rise?"
REASONING = "Compare the payoffs of each deviation."
RESPONSE = f"<think>\n{REASONING}\n</think>\n\\boxed{{Yes}}"
ROWS = [
    {"messages": [{"role": "user", "content": USER}, {"role": "assistant", "content": RESPONSE}]}
]

MISTRAL = (
    "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}"
    "{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
    "{{ ' ' + message['content'] + eos_token }}{% endif %}{% endfor %}"
)
# A home-made format with no special tokens at all; its generation prompt opens the reasoning.
CUSTOM = (
    "{% for message in messages %}{% if message['role'] == 'user' %}"
    "{{ '### Question\\n' + message['content'] + '\\n' }}{% else %}"
    "{{ '### Answer\\n' + message['content'] + eos_token + '\\n' }}{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '### Answer\\n<think>\\n' }}{% endif %}"
)


def _family(name: str) -> dict[str, Any]:
    from trl.chat_template_utils import _CHAT_TEMPLATES_DIR

    if name == "r1":
        return {}
    if name == "llama31":
        return {
            "chat_template": (_CHAT_TEMPLATES_DIR / "llama3_1.jinja").read_text(encoding="utf-8"),
            "bos": "<|begin_of_text|>",
            "eos": "<|eot_id|>",
            "pad": "<|finetune_right_pad_id|>",
            "specials": ("<|start_header_id|>", "<|end_header_id|>"),
        }
    if name == "mistral":
        return {"chat_template": MISTRAL, "bos": "<s>", "eos": "</s>", "pad": "<pad>"}
    return {"chat_template": CUSTOM, "bos": "<bos>", "eos": "<eos>", "pad": "<pad>", "specials": ()}


@pytest.fixture(scope="module")
def tokenizers() -> dict[str, Any]:
    """One tiny tokenizer per template family."""
    from recon_data.training.tiny import build_tokenizer

    names = ("r1", "llama31", "mistral", "custom")
    return {n: build_tokenizer(vocab_size=300, **_family(n)) for n in names}


def _trained(tokenizer: Any, *, assistant_only_loss: bool = True) -> tuple[str, str, str]:
    """Return (form, text with loss, whole text) of the first row as TRL's SFTTrainer prepares it."""
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    from recon_data.training.tiny import build_model

    args = SFTConfig(
        output_dir=tempfile.mkdtemp(),
        assistant_only_loss=assistant_only_loss,
        max_length=512,
        report_to=[],
        use_cpu=True,
        dataset_num_proc=None,
    )
    rows, form = prepare_sft_rows(tokenizer, ROWS, args, model_ref="tiny")
    trainer = SFTTrainer(
        model=build_model(tokenizer, {**_SMALL}),
        args=args,
        train_dataset=Dataset.from_list(rows),
        processing_class=tokenizer,
    )
    row = trainer.train_dataset[0]
    ids = [t for t, label in zip(row["input_ids"], row["labels"], strict=True) if label != -100]
    return form.mode, tokenizer.decode(ids), tokenizer.decode(row["input_ids"])


_SMALL = {
    "hidden_size": 16,
    "intermediate_size": 32,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
    "num_key_value_heads": 1,
    "max_position_embeddings": 1024,
}


@pytest.mark.parametrize(
    ("family", "form", "loss_text"),
    [
        # TRL patches the R1-Distill template (its stock one would drop the reasoning).
        ("r1", TRL, f"<｜Assistant｜>{RESPONSE}<｜end▁of▁sentence｜>"),
        # TRL cannot patch these: the rows arrive tokenized, the completion keeps the end of turn.
        ("llama31", TOKENS, f"{RESPONSE}<|eot_id|>"),
        ("mistral", TOKENS, f" {RESPONSE}</s>"),
        # The generation prompt already holds `<think>\n`, so the completion starts after it.
        ("custom", TOKENS, f"{REASONING}\n</think>\n\\boxed{{Yes}}<eos>"),
    ],
)
def test_loss_is_on_the_assistant_turn_with_its_reasoning(
    tokenizers: dict[str, Any], family: str, form: str, loss_text: str
) -> None:
    mode, trained, whole = _trained(tokenizers[family])
    assert mode == form
    assert trained == loss_text
    assert USER in whole and USER not in trained
    # The loss ends on the whole sequence's last token: the model learns to stop.
    assert whole.endswith(trained)


def test_custom_generation_prompt_is_what_inference_sees(tokenizers: dict[str, Any]) -> None:
    tokenizer = tokenizers["custom"]
    _, trained, whole = _trained(tokenizer)
    prompt = tokenizer.apply_chat_template(
        ROWS[0]["messages"][:1], tokenize=False, add_generation_prompt=True
    )
    assert whole == prompt + trained


def test_full_loss_with_a_template_that_drops_the_reasoning(tokenizers: dict[str, Any]) -> None:
    # The stock R1 template keeps only what follows </think>; full-sequence loss must still see it.
    mode, trained, whole = _trained(tokenizers["r1"], assistant_only_loss=False)
    assert mode == TOKENS
    assert trained == whole and REASONING in trained and USER in trained


def test_tokenizer_without_a_template_fails_in_one_line(tokenizers: dict[str, Any]) -> None:
    from trl import SFTConfig

    tokenizer = tokenizers["mistral"]
    saved = tokenizer.chat_template
    tokenizer.chat_template = None
    try:
        args = SFTConfig(
            output_dir=tempfile.mkdtemp(), assistant_only_loss=True, report_to=[], use_cpu=True
        )
        with pytest.raises(ReconDataError, match=r"chat_template_path=FILE\.jinja") as err:
            prepare_sft_rows(tokenizer, ROWS, args, model_ref="some/model")
        assert "\n" not in str(err.value)
    finally:
        tokenizer.chat_template = saved


def test_template_file_from_the_recipe_is_used(tokenizers: dict[str, Any], tmp_path: Path) -> None:
    from trl import SFTConfig

    path = tmp_path / "mistral.jinja"
    path.write_text(MISTRAL, encoding="utf-8")
    tokenizer = tokenizers["custom"]
    saved = tokenizer.chat_template
    try:
        args = SFTConfig(
            output_dir=str(tmp_path),
            chat_template_path=str(path),
            assistant_only_loss=True,
            report_to=[],
            use_cpu=True,
        )
        rows, form = prepare_sft_rows(tokenizer, ROWS, args, model_ref="tiny")
        assert form.mode == TOKENS and args.chat_template_path is None
        assert tokenizer.decode(rows[0]["input_ids"]).startswith(f"<bos>[INST] {USER} [/INST]")
    finally:
        tokenizer.chat_template = saved


def test_sft_on_a_llama31_like_model_trains_end_to_end(
    tokenizers: dict[str, Any], tmp_path: Path
) -> None:
    from recon_data.schema import Problem, Trace
    from recon_data.storage import write_jsonl
    from recon_data.training.recipes import load_recipe
    from recon_data.training.sft import train_sft
    from recon_data.training.tiny import build_model

    tokenizer = tokenizers["llama31"]
    model_dir = tmp_path / "llama"
    build_model(tokenizer, {**_SMALL}).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    corpus = tmp_path / "corpus"
    problem = Problem(
        id="train-nli-1",
        split="train",
        category="econnli",
        source="econnli",
        answer_kind="yes_no",
        question=USER,
        answer="Yes",
        prompt=({"role": "user", "content": USER},),
        provenance={"file": "made-up.csv", "row": 1},
    )
    trace = Trace(
        id="cot-1",
        problem_id=problem.id,
        category=problem.category,
        prompt=USER,
        response=RESPONSE,
        answer="Yes",
        provenance={"file": "made-up-cot.csv", "row": 1},
    )
    write_jsonl(corpus / "problems" / "train.jsonl", [problem.model_dump(mode="json")])
    write_jsonl(corpus / "problems" / "eval.jsonl", [])
    write_jsonl(corpus / "cot" / "train.jsonl", [trace.model_dump(mode="json")] * 2)
    (corpus / "manifest.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "run"
    recipe = load_recipe(
        "sft-smoke",
        trainer="sft",
        overrides={
            "model_name_or_path": str(model_dir),
            "corpus": str(corpus),
            "output_dir": str(out),
            "max_steps": 1,
            "save_strategy": "no",
        },
    )
    result = train_sft(recipe)
    assert result.global_step == 1 and math_finite(result.metrics["train_loss"])
    record = json.loads((out / "recon_run.json").read_text(encoding="utf-8"))
    assert record["sft_format"] == TOKENS
    assert (out / "adapter_config.json").is_file()


def math_finite(value: float) -> bool:
    """True for a real, finite loss."""
    import math

    return math.isfinite(value) and value > 0

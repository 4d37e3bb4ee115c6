"""CLI commands that train and evaluate: `recon-data train sft|grpo|recipes|tiny-model` and `eval`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from recon_data.cli import OrderedGroup

# Where `eval` generates.
BACKENDS = ("vllm", "transformers", "openai")

F = TypeVar("F", bound=Callable[..., Any])


@click.group(
    "train",
    cls=OrderedGroup,
    help="Rebuild the Recon models with TRL (SFT, then GRPO) from recipes in YAML.",
    no_args_is_help=True,
)
def train_group() -> None:
    """Rebuild the Recon models with TRL (SFT, then GRPO) from recipes in YAML."""


def register(group: click.Group) -> None:
    """Add the `train` sub-commands and the `eval` command to the main group."""
    for command in (sft, grpo, recipes, tiny_model, lm_eval_task):
        train_group.add_command(command)
    group.add_command(train_group)
    group.add_command(evaluate)


# `click.option(...)` builds a fresh Option each time the decorator is applied, so these
# are shared between commands.
corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    help="Corpus folder or release folder. Default: the cached build.",
)
force_option = click.option("--force", is_flag=True, help="Replace an existing folder.")


def recipe_options(f: F) -> F:
    """The options `train sft` and `train grpo` share, in their `--help` order."""
    options = [
        click.option("--recipe", help="Shipped recipe name (see `train recipes`) or a YAML file."),
        click.option(
            "--model", help="Model folder or Hub id (GRPO: the SFT output, merged or adapter)."
        ),
        corpus_option,
        click.option(
            "--output-dir",
            type=click.Path(path_type=Path),
            help="Where checkpoints and the model go.",
        ),
        click.option("--max-steps", type=int, help="Optimizer steps (overrides the recipe)."),
        click.option(
            "--set",
            "set_",
            multiple=True,
            help="Override any recipe field: key=value (YAML value). Repeatable.",
        ),
        click.option(
            "--resume", is_flag=True, help="Resume from the last checkpoint in the output dir."
        ),
        click.option(
            "--report-to", help="Also log metrics to: tensorboard, wandb (comma-separated)."
        ),
        click.option(
            "--force",
            is_flag=True,
            help="Train into an output folder that is not empty (its files are replaced).",
        ),
    ]
    # Decorators apply bottom-up, so apply the last option first to keep the listed order.
    for option in reversed(options):
        f = option(f)
    return f


def _overrides(
    model: str | None,
    corpus: Path | None,
    output_dir: Path | None,
    max_steps: int | None,
    report_to: str | None,
    pairs: list[str] | None,
) -> dict[str, Any]:
    from recon_data.training.recipes import parse_overrides

    values = parse_overrides(pairs)
    # The named options win over --set, since they are the more specific spelling.
    named = {
        "model_name_or_path": model,
        "corpus": str(corpus) if corpus is not None else None,
        "output_dir": str(output_dir) if output_dir is not None else None,
        "max_steps": max_steps,
        "report_to": [p.strip() for p in report_to.split(",") if p.strip()] if report_to else None,
    }
    values.update({k: v for k, v in named.items() if v is not None})
    return values


def _run(
    kind: str, recipe: str | None, overrides: dict[str, Any], resume: bool, force: bool
) -> None:
    from rich.console import Console

    from recon_data.training.checks import check_launch, require_train_stack
    from recon_data.training.recipes import load_recipe, read_recipe_values

    require_train_stack()
    # Before TRL loads (seconds per process): a launch that must be refused exits at once.
    _, raw = read_recipe_values(recipe or kind)
    check_launch({**raw, **overrides}.get("use_cpu") is True)
    loaded = load_recipe(recipe or kind, trainer=kind, overrides=overrides)
    console = Console()
    if kind == "sft":
        from recon_data.training.sft import train_sft

        result = train_sft(loaded, resume=resume, force=force, console=console)
    else:
        from recon_data.training.grpo import train_grpo

        result = train_grpo(loaded, resume=resume, force=force, console=console)
    if not result.main_process:
        return
    loss = result.metrics.get("train_loss")
    tail = f", train_loss {loss:.4g}" if loss is not None else ""
    console.print(
        f"saved {kind} output to {result.output_dir} (step {result.global_step}{tail})",
        highlight=False,
    )
    if result.merged_dir is not None:
        console.print(f"merged model: {result.merged_dir}", highlight=False)


@click.command("sft")
@recipe_options
def sft(
    recipe: str | None,
    model: str | None,
    corpus: Path | None,
    output_dir: Path | None,
    max_steps: int | None,
    set_: tuple[str, ...],
    resume: bool,
    report_to: str | None,
    force: bool,
) -> None:
    """Supervised fine-tuning on Recon-CoT (TRL SFTTrainer, LoRA, loss on the assistant tokens)."""
    values = _overrides(model, corpus, output_dir, max_steps, report_to, list(set_))
    _run("sft", recipe, values, resume, force)


@click.command("grpo")
@recipe_options
def grpo(
    recipe: str | None,
    model: str | None,
    corpus: Path | None,
    output_dir: Path | None,
    max_steps: int | None,
    set_: tuple[str, ...],
    resume: bool,
    report_to: str | None,
    force: bool,
) -> None:
    """GRPO on the train split, rewarded by recon_data.verifiers.hierarchical_reward."""
    values = _overrides(model, corpus, output_dir, max_steps, report_to, list(set_))
    _run("grpo", recipe, values, resume, force)


@click.command("recipes")
@click.argument("name", required=False, help="Print this recipe's YAML.")
def recipes(name: str | None) -> None:
    """List the shipped recipes and accelerate configs, or print one recipe."""
    from recon_data.training.recipes import RECIPES_DIR, list_recipes, recipe_path

    if name is not None:
        click.echo(recipe_path(name).read_text(encoding="utf-8").rstrip("\n"))
        return
    for recipe_name, description in list_recipes().items():
        click.echo(f"{recipe_name:<12} {description}")
    accelerate_dir = RECIPES_DIR.parent / "accelerate"
    click.echo("\naccelerate configs (accelerate launch --config_file PATH ...):")
    for path in sorted(accelerate_dir.glob("*.yaml")):
        click.echo(f"  {path}")


@click.command("tiny-model")
@click.argument(
    "out",
    type=click.Path(path_type=Path),
    help="Folder to write the model and tokenizer into.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the random weights.")
@force_option
# Checked in the command (as before), not by click.Choice, so its error message stays the same.
@click.option(
    "--shape",
    default="tiny",
    show_default=True,
    help="tiny, or tiny-hd32 (32-dim heads, for vLLM on CPU).",
)
def tiny_model(out: Path, seed: int, force: bool, shape: str) -> None:
    """Write a tiny random-weight model with the R1-Distill chat format, for CPU smoke runs."""
    from recon_data.errors import ReconDataError
    from recon_data.training.checks import require_train_stack
    from recon_data.training.tiny import save_tiny_model

    if shape not in ("tiny", "tiny-hd32"):
        raise ReconDataError(f"unknown shape {shape!r}; expected tiny or tiny-hd32")
    require_train_stack()
    click.echo(str(save_tiny_model(out, shape=shape, seed=seed, force=force)))


@click.command("lm-eval-task")
@click.argument(
    "out",
    type=click.Path(path_type=Path),
    help="Folder to write the task into (for --include_path).",
)
@corpus_option
@click.option("--split", default="eval", show_default=True, help="eval (recon_eval) or train.")
@force_option
def lm_eval_task(out: Path, corpus: Path | None, split: str, force: bool) -> None:
    """Write an lm-evaluation-harness task (Table 3 protocol) for a corpus split."""
    from recon_data.training.lmeval import write_task

    folder = write_task(corpus, out, split=split, force=force)
    click.echo(str(folder))
    click.echo(
        f"run: lm_eval --model hf --model_args pretrained=MODEL --include_path {folder} "
        f"--tasks recon_{split} --apply_chat_template --batch_size 8"
    )


@click.command("eval")
@click.option(
    "--model",
    required=True,
    help="Model folder or Hub id (for openai: the served name).",
)
@click.option("--adapter", help="LoRA adapter folder to apply.")
@corpus_option
@click.option("--split", default="eval", show_default=True, help="train or eval.")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    help="Default: vllm when installed with a GPU, else transformers.",
)
@click.option("--limit", type=int, help="Only N problems, drawn from every category in proportion.")
@click.option(
    "--set",
    "set_",
    multiple=True,
    help="Generation setting key=value (max_new_tokens, base_url, ...). Repeatable.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Save every response and verdict (JSON Lines).",
)
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
@click.option(
    "--resume",
    is_flag=True,
    help="Continue the run saved in --out: skip the ids it already holds.",
)
def evaluate(
    model: str,
    adapter: str | None,
    corpus: Path | None,
    split: str,
    backend: str | None,
    limit: int | None,
    set_: tuple[str, ...],
    as_json: bool,
    out: Path | None,
    force: bool,
    resume: bool,
) -> None:
    """Evaluate a model as in the paper's Table 3 (temperature 0, chat template) and grade it."""
    from rich.console import Console

    from recon_data.training.evaluation import evaluate as run_eval
    from recon_data.training.evaluation import render
    from recon_data.training.recipes import parse_overrides

    if out is not None:
        check_eval_out(out, force=force or resume)
    report = run_eval(
        model,
        adapter=adapter,
        corpus=corpus,
        split=split,
        backend=backend,
        limit=limit,
        overrides=parse_overrides(list(set_)),
        out=out,
        resume=resume,
        console=Console(stderr=True),
    )
    if as_json:
        click.echo(json.dumps(report.summary(), indent=2))
        return
    render(report, Console())
    if out is not None:
        click.echo(f"responses: {out}")


def check_eval_out(out: Path, *, force: bool) -> None:
    """Refuse an `eval --out` that exists (without --force), is a folder, or cannot be created."""
    from recon_data.errors import ReconDataError
    from recon_data.storage import check_output_file

    check_output_file(out)
    if out.exists() and not force:
        raise ReconDataError(
            "output exists; pass --force to replace it or --resume to continue it", file=str(out)
        )

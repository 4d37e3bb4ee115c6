"""CLI commands that train and evaluate: `recon-data train sft|grpo|selfplay|recipes|tiny-model`
and `eval`."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from recon_data.cli import help_when_bare
from recon_data.cli.options import QuietOpt, quiet_library_bars

train_app = typer.Typer(
    name="train",
    help="Rebuild the Recon models with TRL (SFT, then GRPO) from recipes in YAML.",
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
)
train_app.callback()(help_when_bare)


def register(app: typer.Typer) -> None:
    """Add the `train` sub-commands and the `eval` command to the main app."""
    app.add_typer(train_app, name="train")
    app.command("eval")(evaluate)


# Options several commands share, in their `--help` order.
CorpusOpt = Annotated[
    Path | None,
    typer.Option(help="Corpus folder or release folder. Default: the cached build."),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Write into an existing output folder (its files are replaced)."),
]
RecipeOpt = Annotated[
    str | None,
    typer.Option(help="Shipped recipe name (see `train recipes`) or a YAML file."),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(help="Model folder or Hub id (GRPO: the SFT output, merged or adapter)."),
]
OutputDirOpt = Annotated[Path | None, typer.Option(help="Where checkpoints and the model go.")]
MaxStepsOpt = Annotated[
    int | None, typer.Option(min=1, help="Optimizer steps (overrides the recipe).")
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=VALUE",
        help="Override any recipe field: key=value (YAML value). Repeatable.",
    ),
]
ResumeOpt = Annotated[
    bool, typer.Option("--resume", help="Resume from the last checkpoint in the output dir.")
]
ReportToOpt = Annotated[
    str | None, typer.Option(help="Also log metrics to: tensorboard, wandb (comma-separated).")
]


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
    from recon_data.training.precheck import precheck
    from recon_data.training.recipes import load_recipe, read_recipe_values

    # Everything that can be judged without torch and TRL is judged first (a second, not ten).
    precheck(recipe, kind, overrides)
    require_train_stack()
    _, raw = read_recipe_values(recipe or kind)
    check_launch({**raw, **overrides}.get("use_cpu") is True)
    loaded = load_recipe(recipe or kind, trainer=kind, overrides=overrides)
    console = Console()
    if kind == "sft":
        from recon_data.training.sft import train_sft

        result = train_sft(loaded, resume=resume, force=force, console=console)
    elif kind == "selfplay":
        from recon_data.training.selfplay_train import train_selfplay

        result = train_selfplay(loaded, resume=resume, force=force, console=console)
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


@train_app.command("sft")
def sft(
    recipe: RecipeOpt = None,
    model: ModelOpt = None,
    corpus: CorpusOpt = None,
    output_dir: OutputDirOpt = None,
    max_steps: MaxStepsOpt = None,
    set_: SetOpt = None,
    resume: ResumeOpt = False,
    report_to: ReportToOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Supervised fine-tuning on Recon-CoT (TRL SFTTrainer, LoRA, loss on the assistant tokens)."""
    values = _overrides(model, corpus, output_dir, max_steps, report_to, list(set_ or []))
    quiet_library_bars(quiet)
    _run("sft", recipe, values, resume, force)


@train_app.command("grpo")
def grpo(
    recipe: RecipeOpt = None,
    model: ModelOpt = None,
    corpus: CorpusOpt = None,
    output_dir: OutputDirOpt = None,
    max_steps: MaxStepsOpt = None,
    set_: SetOpt = None,
    resume: ResumeOpt = False,
    report_to: ReportToOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """GRPO on the train split, rewarded by recon_data.verifiers.hierarchical_reward."""
    values = _overrides(model, corpus, output_dir, max_steps, report_to, list(set_ or []))
    quiet_library_bars(quiet)
    _run("grpo", recipe, values, resume, force)


class Credit(str, Enum):
    """How each move of a self-play episode is credited."""

    outcome = "outcome"
    exact = "exact"
    rollout = "rollout"


@train_app.command("selfplay")
def selfplay(
    recipe: RecipeOpt = None,
    model: ModelOpt = None,
    output_dir: OutputDirOpt = None,
    max_steps: MaxStepsOpt = None,
    credit: Annotated[
        Credit | None,
        typer.Option(
            help="Move credit: outcome (the final payoff), exact (equilibrium continuation)"
            " or rollout (plays of the rest of the game). Default: the recipe's."
        ),
    ] = None,
    games: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GAMES",
            help="Game sources (trees:N, treesD:N, matrices:N, matricesRxC:N, repeated:N,"
            " dominant:N, game names); repeatable or comma-separated. Default: the recipe's.",
        ),
    ] = None,
    opponent: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME[:WEIGHT]",
            help="Opponent mix: self, frozen, random, first, spe, tit-for-tat; repeatable."
            " Default: the recipe's.",
        ),
    ] = None,
    set_: SetOpt = None,
    resume: ResumeOpt = False,
    report_to: ReportToOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Self-play GRPO: the policy plays every seat of whole episodes; each turn is a sample
    credited by its move's value."""
    values = _overrides(model, None, output_dir, max_steps, report_to, list(set_ or []))
    named = {
        "selfplay_credit": credit.value if credit is not None else None,
        "selfplay_games": [g for item in games for g in item.split(",") if g.strip()]
        if games
        else None,
        "selfplay_opponents": list(opponent) if opponent else None,
    }
    values.update({k: v for k, v in named.items() if v is not None})
    quiet_library_bars(quiet)
    _run("selfplay", recipe, values, resume, force)


@train_app.command("recipes")
def recipes(
    name: Annotated[str | None, typer.Argument(help="Print this recipe's YAML.")] = None,
) -> None:
    """List the shipped recipes and accelerate configs, or print one recipe."""
    from recon_data.training.recipes import RECIPES_DIR, list_recipes, recipe_path

    if name is not None:
        typer.echo(recipe_path(name).read_text(encoding="utf-8").rstrip("\n"))
        return
    for recipe_name, description in list_recipes().items():
        typer.echo(f"{recipe_name:<12} {description}")
    accelerate_dir = RECIPES_DIR.parent / "accelerate"
    typer.echo("\naccelerate configs (accelerate launch --config_file PATH ...):")
    for path in sorted(accelerate_dir.glob("*.yaml")):
        typer.echo(f"  {path}")


@train_app.command("tiny-model")
def tiny_model(
    out: Annotated[Path, typer.Argument(help="Folder to write the model and tokenizer into.")],
    seed: Annotated[int, typer.Option(help="Seed for the random weights.")] = 0,
    force: ForceOpt = False,
    # Checked in the command, not by a choice type, so its error message names both shapes.
    shape: Annotated[
        str, typer.Option(help="tiny, or tiny-hd32 (32-dim heads, for vLLM on CPU).")
    ] = "tiny",
) -> None:
    """Write a tiny random-weight model with the R1-Distill chat format, for CPU smoke runs."""
    from recon_data.errors import ReconDataError
    from recon_data.training.checks import require_train_stack
    from recon_data.training.tiny import save_tiny_model

    if shape not in ("tiny", "tiny-hd32"):
        raise ReconDataError(f"unknown shape {shape!r}; expected tiny or tiny-hd32")
    require_train_stack()
    typer.echo(str(save_tiny_model(out, shape=shape, seed=seed, force=force)))


@train_app.command("lm-eval-task")
def lm_eval_task(
    out: Annotated[
        Path, typer.Argument(help="Folder to write the task into (for --include_path).")
    ],
    corpus: CorpusOpt = None,
    split: Annotated[str, typer.Option(help="eval (recon_eval) or train.")] = "eval",
    force: ForceOpt = False,
) -> None:
    """Write an lm-evaluation-harness task (Table 3 protocol) for a corpus split."""
    from recon_data.training.lmeval import write_task

    folder = write_task(corpus, out, split=split, force=force)
    typer.echo(str(folder))
    typer.echo(
        f"run: lm_eval --model hf --model_args pretrained=MODEL --include_path {folder} "
        f"--tasks recon_{split} --apply_chat_template --batch_size 8"
    )


def evaluate(
    model: Annotated[
        str, typer.Option(help="Model folder or Hub id (for openai: the served name).")
    ],
    adapter: Annotated[str | None, typer.Option(help="LoRA adapter folder to apply.")] = None,
    corpus: CorpusOpt = None,
    split: Annotated[str, typer.Option(help="train or eval.")] = "eval",
    backend: Annotated[
        str | None,
        typer.Option(
            help="vllm, transformers or openai. Default: vllm when installed with a GPU,"
            " else transformers."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(help="Only N problems, drawn from every category in proportion."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Generation setting key=value (max_new_tokens, base_url, ...). Repeatable.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="Save every response and verdict (JSON Lines).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue the run saved in --out: skip the ids it already holds."
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Evaluate a model as in the paper's Table 3 (temperature 0, chat template) and grade it."""
    from rich.console import Console

    from recon_data.training.evaluation import evaluate as run_eval
    from recon_data.training.evaluation import render
    from recon_data.training.recipes import parse_overrides

    if out is not None:
        check_eval_out(out, force=force or resume)
    bars = quiet_library_bars(quiet or as_json)
    report = run_eval(
        model,
        adapter=adapter,
        corpus=corpus,
        split=split,
        backend=backend,
        limit=limit,
        overrides=parse_overrides(list(set_ or [])),
        out=out,
        resume=resume,
        console=Console(stderr=True, quiet=not bars),
    )
    if as_json:
        typer.echo(json.dumps(report.summary(), indent=2))
        return
    render(report, Console())
    from recon_data.cli.variants import consistency_table

    variants = consistency_table(report.summary())
    if variants is not None:
        Console().print(variants)
    if out is not None:
        typer.echo(f"responses: {out}")


def check_eval_out(out: Path, *, force: bool) -> None:
    """Refuse an `eval --out` that exists (without --force), is a folder, or cannot be created."""
    from recon_data.storage import check_output_file

    check_output_file(out, force=force, also="or --resume to continue it")

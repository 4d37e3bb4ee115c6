"""The `recon-data` command line: thin typer commands over the public library calls."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from recon_data.errors import ReconDataError, SourceUnavailable

# Every command: the module that registers it and its one-line help, in `--help` order.
# Listing them here lets `recon-data --help` (and any one command) start without importing
# every command module and building the whole command tree, which cost more start-up
# time than the rest of the CLI together (issue 15). tests/test_cli_basics.py checks that
# this table matches what the modules register.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": (
        "corpus_cmds",
        "Build the typed corpus (problems, traces, manifest) from the raw release.",
    ),
    "validate": (
        "corpus_cmds",
        "Check JSON, schema, cross-field rules, unique ids and (for a corpus) the manifest.",
    ),
    "stats": ("corpus_cmds", "Show counts by split x category, answer kinds and duplicates."),
    "schema": (
        "corpus_cmds",
        "Print the JSON Schema of a record type (as shipped in the package).",
    ),
    "score": (
        "score",
        "Grade model outputs with the normalising verifiers and print accuracy by category.",
    ),
    "decontaminate": (
        "decontaminate",
        "Find exact, n-gram and near-duplicate overlap inside CORPUS and against benchmarks.",
    ),
    "export": (
        "hub",
        "Write Parquet files per config and split, a dataset card and the corpus manifest.",
    ),
    "push": (
        "hub",
        "Export the corpus and upload it to a Hub dataset repo in one commit (token: HF_TOKEN or login).",
    ),
    "eval": (
        "train",
        "Evaluate a model as in the paper's Table 3 (temperature 0, chat template) and grade it.",
    ),
    "audit": (
        "audit",
        "Re-solve every computable item exactly and judge its gold (agree, disagree, ...).",
    ),
    "clean": (
        "audit",
        "Write a cleaned corpus: permuted options, corrected or dropped golds, no dups or leaks.",
    ),
    "generate": (
        "generate",
        "Generate problems whose golds come from the exact solvers, as a corpus folder.",
    ),
    "variants": (
        "variants",
        "Write variants of every sound item (renamed, reordered, rescaled, retold, bared) as a corpus.",
    ),
    "train": ("train", "Rebuild the Recon models with TRL (SFT, then GRPO) from recipes in YAML."),
    "games": ("games", "Game environments, self-play and exact equilibrium scores."),
    "report": (
        "report",
        "Draw the corpus, its audit and decontamination, and results files as one HTML page.",
    ),
}


def build_app(args: Sequence[str]) -> typer.Typer:
    """Return the typer app for one invocation: only the named command's module is loaded.

    typer builds every registered command's options (a pydantic adapter per parameter) before
    it parses anything, so registering all fourteen commands for every call would cost each
    call the start-up of all of them. The command named in `args` is registered from its
    module; without one (`--help`, a bare call, a typo) each command is registered as a
    parameterless entry whose help comes from `COMMANDS`, which is all the listing needs.
    """
    app = typer.Typer(
        name="recon-data",
        help=_HELP,
        invoke_without_command=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        # Plain help text: rendering help through rich costs more start-up time than the
        # whole CLI without it.
        rich_markup_mode=None,
        context_settings={"help_option_names": ["--help"]},
    )
    app.callback()(_root)
    name = args[0] if args and not args[0].startswith("-") else None
    if name in COMMANDS:
        register_module(app, COMMANDS[name][0])
    else:
        for command, (_, text) in COMMANDS.items():
            app.command(command, help=text)(_listed_only)
    return app


def register_module(app: typer.Typer, module: str) -> None:
    """Add every command one CLI module defines to `app`."""
    importlib.import_module(f"recon_data.cli.{module}").register(app)


def _listed_only() -> None:
    """Stands for a command in the listing; never runs (a named command is loaded instead)."""


def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Build, validate, grade, decontaminate, publish and train on the Recon economics corpus."""
    if version:
        from recon_data import __version__

        typer.echo(f"recon-data {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        # A bare `recon-data` asks for the help: print it, and that is not an error.
        typer.echo(ctx.get_help())
        raise typer.Exit()


def help_when_bare(ctx: typer.Context) -> None:
    """Group callback: print the group's help when no sub-command is given (exit 0)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; user errors print one line and exit 1, never a traceback.

    `RECON_DATA_DEBUG=1` also prints the traceback of a user error, with the exception it
    was turned from, so a bug reported as a user error can still be traced.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not debugging():
        quiet_library_warnings()
    try:
        code = build_app(args)(args=args, prog_name="recon-data", standalone_mode=False)
    except ReconDataError as exc:
        if debugging():
            _print_traceback(exc)
        _fail(f"error: {exc}{_source_fix(exc, args)}")
    except typer.Abort:
        _fail("aborted")
    except KeyboardInterrupt:
        # Ctrl-C outside typer's own handling (while a command module loads, say).
        code = _INTERRUPTED
    except typer.TyperException as exc:
        # Usage errors (unknown option, missing argument, bad value): one line, and where
        # to look.
        ctx = getattr(exc, "ctx", None)
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        _fail(f"error: {exc.format_message()}{where}")
    if code == _INTERRUPTED:
        # typer turns Ctrl-C into exit status 130, the shell's convention for SIGINT.
        if _is_main_rank():
            sys.stderr.write("interrupted\n")
        sys.exit(_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)


_INTERRUPTED = 130
# How each command is told where its corpus or release is, for a source that is not there.
SOURCE_FIX = {
    "build": "pass --source DIR (a folder with the release's three CSVs)",
    "generate": "pass --against DIR (a release folder or corpus) or --no-decontam",
    "eval": "pass --corpus DIR (a corpus or release folder)",
    "train": "pass --corpus DIR (a corpus or release folder)",
    "score": "pass --corpus DIR (a corpus or release folder)",
    "decontaminate": "pass a local benchmark file to --against",
    "export": "give a corpus or release folder as CORPUS",
    "push": "give a corpus or release folder as CORPUS",
}


def _source_fix(exc: ReconDataError, args: Sequence[str]) -> str:
    """For a source neither on disk nor on the Hub: the options that fix it for this command."""
    if not isinstance(exc, SourceUnavailable):
        return ""
    command = next((a for a in args if not a.startswith("-")), "")
    fix = SOURCE_FIX.get(command)
    parts = [fix] if fix else []
    from recon_data.cache import DEFAULT_SOURCE

    if exc.target == DEFAULT_SOURCE:
        # The default source is what a command falls back to when given none.
        parts.append("or set RECON_DATA_SOURCE to a local release folder")
    return f" ({'; '.join(parts)})" if parts else ""


_HELP = "Build, validate, grade, decontaminate, publish and train on the Recon economics corpus."


# Libraries whose deprecation notices concern their own callers (TRL calling transformers,
# say), never a recon-data user: there is nothing the user could change.
_NOISY = ("torch", "transformers", "trl", "peft", "accelerate", "datasets", "deepspeed", "vllm")


def quiet_library_warnings() -> None:
    """Silence the ML libraries' deprecation and advisory warnings on our commands."""
    import warnings

    for module in _NOISY:
        for category in (FutureWarning, DeprecationWarning):
            warnings.filterwarnings("ignore", category=category, module=rf"{module}(\.|$)")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


def debugging() -> bool:
    """Tell whether `RECON_DATA_DEBUG` asks for tracebacks behind user errors."""
    return os.environ.get("RECON_DATA_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def _print_traceback(exc: BaseException) -> None:
    import traceback

    # Errors are raised `from None` to keep the one-line message clean; the context that
    # hides is exactly what a bug report needs, so show it here.
    exc.__suppress_context__ = False
    if _is_main_rank():
        traceback.print_exception(exc, file=sys.stderr)


def _is_main_rank() -> bool:
    # Under torchrun / accelerate every process runs this; one copy of each message is enough.
    return os.environ.get("RANK", "0") in {"", "0"}


def _fail(message: str) -> None:
    if _is_main_rank():
        sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.exit(1)

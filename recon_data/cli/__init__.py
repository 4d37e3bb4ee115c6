"""The `recon-data` command line: thin typer commands over the public library calls."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from recon_data.errors import ReconDataError

# Every command: the module that registers it and its one-line help, in `--help` order.
# Listing them here lets `recon-data --help` (and any one command) start without importing
# every command module and building typer's whole command tree, which cost more start-up
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
    "train": ("train", "Rebuild the Recon models with TRL (SFT, then GRPO) from recipes in YAML."),
    "games": ("games", "Game environments, self-play and exact equilibrium scores."),
}
_MODULE_GROUPS: dict[str, Any] = {}


def module_group(module: str) -> Any:
    """Return the click group of every command one CLI module registers (built once)."""
    if module not in _MODULE_GROUPS:
        mod = importlib.import_module(f"recon_data.cli.{module}")
        sub = typer.Typer(
            add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
        )
        # A callback keeps typer from collapsing a one-command app into a bare command.
        sub.callback()(_no_options)
        mod.register(sub)
        _MODULE_GROUPS[module] = typer.main.get_command(sub)
    return _MODULE_GROUPS[module]


def _no_options() -> None:
    """Group of one module's commands."""


class LazyGroup(TyperGroup):
    """The top-level group: commands are loaded from their module only when invoked."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Return the command names in help order."""
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Import the command's module and return its click command (None if unknown)."""
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        return module_group(entry[0]).commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List the commands with their one-line help, without loading any of them."""
        from typer._click.utils import make_default_short_help

        width = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, make_default_short_help(text, width)) for name, (_, text) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="recon-data",
    cls=LazyGroup,
    help="Build, validate, grade, decontaminate, publish and train on the Recon economics corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: rendering help through rich costs more start-up time than all the
    # rest of the CLI together (issue 15 asks --help under 3x an empty interpreter).
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from recon_data import __version__

        typer.echo(f"recon-data {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Build, validate, grade, decontaminate, publish and train on the Recon economics corpus."""


def main() -> None:
    """Run the CLI; user errors print one line and exit 1, never a traceback.

    `RECON_DATA_DEBUG=1` also prints the traceback of a user error, with the exception it
    was turned from, so a bug reported as a user error can still be traced.
    """
    try:
        code = app(standalone_mode=False, prog_name="recon-data")
    except ReconDataError as exc:
        if debugging():
            _print_traceback(exc)
        _fail(f"error: {exc}")
    except KeyboardInterrupt:
        _fail("interrupted")
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted")
    except Exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # A bare `recon-data` asks for the help: print it, and that is not an error.
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                typer.echo(ctx.get_help())
            sys.exit(0)
        # Usage errors (unknown option, missing argument, bad value) come from the click that
        # typer bundles; recognise them by shape so either click's classes are covered.
        format_message = getattr(exc, "format_message", None)
        if callable(format_message) and hasattr(exc, "exit_code"):
            ctx = getattr(exc, "ctx", None)
            where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            _fail(f"error: {format_message()}{where}")
        raise
    sys.exit(code if isinstance(code, int) else 0)


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

"""The `recon-data` command line: thin click commands over the public library calls."""

from __future__ import annotations

import importlib
import os
import sys

import click

from recon_data.errors import ReconDataError

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
    "train": ("train", "Rebuild the Recon models with TRL (SFT, then GRPO) from recipes in YAML."),
    "games": ("games", "Game environments, self-play and exact equilibrium scores."),
}
_MODULE_GROUPS: dict[str, click.Group] = {}


def module_group(module: str) -> click.Group:
    """Return a group holding every command one CLI module registers (built once)."""
    if module not in _MODULE_GROUPS:
        mod = importlib.import_module(f"recon_data.cli.{module}")
        group = click.Group(name=module)
        mod.register(group)
        _MODULE_GROUPS[module] = group
    return _MODULE_GROUPS[module]


class OrderedGroup(click.Group):
    """A group that lists its commands in the order they were added, as typer did."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the command names in registration order (click sorts them by name)."""
        return list(self.commands)


class LazyGroup(click.Group):
    """The top-level group: commands are loaded from their module only when invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the command names in help order."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module and return its click command (None if unknown)."""
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        return module_group(entry[0]).commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their one-line help, without loading any of them."""
        width = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, _one_line(text, width)) for name, (_, text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _one_line(text: str, width: int) -> str:
    """Cut help text to whole words within `width` characters, marking the cut with `...`."""
    if len(text) <= width:
        return text
    cut = text[: max(width - 3, 1)].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "..."


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from recon_data import __version__

        click.echo(f"recon-data {__version__}")
        ctx.exit()


# click, not typer: typer 0.29 converts every parameter through a pydantic TypeAdapter, so any
# command paid for importing pydantic (about 2x an empty interpreter here) before its work;
# issue 15 asks a small `validate` to start in under 3x. click is what typer is built on.
@click.group(
    "recon-data",
    cls=LazyGroup,
    no_args_is_help=True,
    context_settings={"help_option_names": ["--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Print the version and exit.",
)
def app() -> None:
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
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        _fail("aborted")
    except click.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # A bare `recon-data` asks for the help: print it, and that is not an error.
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                click.echo(ctx.get_help())
            sys.exit(0)
        # Usage errors (unknown option, missing argument, bad value) and a command's own
        # click errors: one line, and where to look.
        ctx = getattr(exc, "ctx", None)
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        _fail(f"error: {exc.format_message()}{where}")
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

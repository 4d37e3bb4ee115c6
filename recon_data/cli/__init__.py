"""The `recon-data` command line: thin typer commands over the public library calls."""

from __future__ import annotations

import os
import sys

import typer

from recon_data.cli import (
    audit,
    corpus_cmds,
    decontaminate,
    games,
    generate,
    hub,
    score,
    train,
)
from recon_data.errors import ReconDataError

app = typer.Typer(
    name="recon-data",
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


# Each module adds its commands; they import their heavy dependencies inside the command.
for _module in (corpus_cmds, score, decontaminate, hub, train, games, audit, generate):
    _module.register(app)


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

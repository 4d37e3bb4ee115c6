"""The `recon-data` command line: thin typer commands over the public library calls."""

from __future__ import annotations

import sys

import typer

from recon_data.cli import corpus_cmds, decontaminate, hub, score, train
from recon_data.errors import ReconDataError

app = typer.Typer(
    name="recon-data",
    help="Build, validate, grade, decontaminate, publish and train on the Recon economics corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module adds its commands; they import their heavy dependencies inside the command.
for _module in (corpus_cmds, score, decontaminate, hub, train):
    _module.register(app)


def main() -> None:
    """Run the CLI; user errors print one line and exit 1, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except ReconDataError as exc:
        _fail(f"error: {exc}")
    except KeyboardInterrupt:
        _fail("interrupted")
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted")
    except Exception as exc:
        # Usage errors (unknown option, missing argument, bad value) come from the click that
        # typer bundles; recognise them by shape so either click's classes are covered.
        if callable(getattr(exc, "format_message", None)) and hasattr(exc, "exit_code"):
            ctx = getattr(exc, "ctx", None)
            where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            _fail(f"error: {exc.format_message()}{where}")
        raise
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str) -> None:
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.exit(1)

"""The typer app: one module per command group, each calling one library function.

One handler maps errors to exit codes: 0 ok, 1 gate not met, 2 usage or input error
(3: an internal error, which is a bug; MATURITY_DEBUG=1 shows its traceback). The console entry point
is :func:`maturity.cli.main`, which answers ``--version`` and a help seen before without loading this.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from maturity import __version__
from maturity.cli import (
    answers_cmd,
    assess_cmd,
    badge_cmd,
    check_cmd,
    config_cmd,
    explain_cmd,
    frameworks_cmd,
    init_cmd,
    portfolio_cmd,
    report_cmd,
    roadmap_cmd,
    scan_cmd,
)
from maturity.errors import EXIT_USAGE, MaturityError, UserError

# failures of writing standard output (files named by -o are OutputErrors): one line, exit 2
WRITE_ERRORS = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}

app = typer.Typer(
    name="maturity",
    help="Measure your team's MLOps maturity from its repository, prove it, and plan the next steps.",
    rich_markup_mode="rich",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
)

err = Console(stderr=True, highlight=False)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it (128 + SIGINT)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"maturity {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Measure your team's MLOps maturity from its repository, prove it, and plan the next steps.

    Start with [bold]maturity scan .[/bold]; answer what no scanner can see with
    [bold]maturity assess[/bold]; gate CI with [bold]maturity check --min google=1[/bold].
    """


for module in (
    scan_cmd,
    assess_cmd,
    answers_cmd,
    roadmap_cmd,
    report_cmd,
    portfolio_cmd,
    check_cmd,
    badge_cmd,
    explain_cmd,
    frameworks_cmd,
    config_cmd,
    init_cmd,
):
    module.register(app)


def report_error(exc: MaturityError) -> None:
    """The message and hint; they may quote a file name or a value from the repository: cleaned."""
    from maturity._text import clean

    err.print(Text.assemble(("error: ", "bold red"), clean(str(exc))), soft_wrap=True)
    if isinstance(exc, UserError) and exc.hint:
        err.print(Text(f"hint: {clean(exc.hint)}", style="bright_black"), soft_wrap=True)


def main() -> None:
    """Console entry point with the central error handler."""
    try:
        app()
    except MaturityError as exc:
        report_error(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            _internal(exc)
        _cannot_write(exc.strerror)
    except SystemExit as exc:
        # click ends a closed standard output (EPIPE) with exit 1, our "gate not met": make it a 2
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _cannot_write(os.strerror(errno.EPIPE))
        if exc.code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into exit code 130 without a word
            err.print("interrupted")
        raise
    except Exception as exc:
        _internal(exc)


def _internal(exc: Exception) -> NoReturn:
    """A bug: say so plainly, no traceback unless asked."""
    if os.environ.get("MATURITY_DEBUG"):
        raise exc
    err.print(Text.assemble(("internal error: ", "bold red"), f"{type(exc).__name__}: {exc}"))
    err.print("This is a bug in maturity; run with MATURITY_DEBUG=1 for the traceback and report it.")
    sys.exit(3)


def _cannot_write(reason: str | None) -> NoReturn:
    _quiet_stdout()
    err.print(Text.assemble(("error: ", "bold red"), f"cannot write the output: {reason}"))
    sys.exit(EXIT_USAGE)


def _quiet_stdout() -> None:
    """Standard output is broken (a closed pipe, a full disk): drop what is left so exit stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

"""The command line. :func:`main` is the console entry point.

``maturity --version`` and the help screens are answered without importing the app (typer, rich and the
command modules: :mod:`maturity.cli.fast`); everything else runs the typer app of
:mod:`maturity.cli.application` (``from maturity.cli import app`` still works: it is loaded on first use).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


def main() -> None:
    """Console entry point: the fast answers first, then the app with the central error handler."""
    import maturity.cli.fast

    if maturity.cli.fast.answer(sys.argv[1:]):
        return
    from maturity.cli.application import main as app_main

    app_main()


def __getattr__(name: str) -> Any:
    """The typer ``app`` (and the error reporting) of :mod:`maturity.cli.application`, loaded on first use."""
    if name not in _APPLICATION_NAMES:  # submodules are imported by the import system, not here
        raise AttributeError(f"module 'maturity.cli' has no attribute {name!r}")
    import maturity.cli.application

    return getattr(maturity.cli.application, name)


_APPLICATION_NAMES = frozenset({"app", "err", "report_error", "WRITE_ERRORS"})

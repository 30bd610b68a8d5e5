"""`maturity explain ID`: what a practice, criterion, question, framework or detector means."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from maturity.cli._common import FrameworksDirOpt


def explain(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A practice (ci_runs_tests), a criterion (google:L2.ci), a question, a framework or a "
            "detector id.",
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-F", help="text or json.")] = "text",
    frameworks_dir: FrameworksDirOpt = None,
) -> None:
    """What it means, why it matters, how it is detected, how to adopt it, and which criteria need it."""
    from maturity.errors import UserError
    from maturity.explain import explain as build
    from maturity.explain import to_text
    from maturity.frameworks.registry import load_library
    from maturity.scan.registry import all_detectors

    if fmt not in ("text", "json"):
        raise UserError(f"unknown --format {fmt!r}; choose text or json")
    detectors, _ = all_detectors()
    data = build(ident, load_library(frameworks_dir or []), detectors)
    typer.echo(json.dumps(data, indent=2) if fmt == "json" else to_text(data), nl=fmt == "json")


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)

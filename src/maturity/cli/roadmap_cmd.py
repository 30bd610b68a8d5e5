"""`maturity roadmap`: the next steps towards the next level of each framework."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from maturity.cli._common import (
    AnswerOpt,
    AnswersOpt,
    ConfigOpt,
    ExcludeOpt,
    FrameworkOpt,
    FrameworksDirOpt,
    PathArg,
    run_pipeline,
    settings_for,
)

ROADMAP_FORMATS = ("table", "json", "markdown")


def roadmap(
    path: PathArg = Path(),
    framework: FrameworkOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-F", help="table, json or markdown.")] = "table",
    frameworks_dir: FrameworksDirOpt = None,
    config: ConfigOpt = None,
    answers: AnswersOpt = None,
    answer: AnswerOpt = None,
    exclude: ExcludeOpt = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Every effect and action, and what each step satisfies."),
    ] = False,
) -> None:
    """The plan: Now / Next / Later, each step with effort, impact, what it unlocks and how to do it.

    Steps are merged across frameworks by practice, ordered by prerequisites and by what they unlock;
    each names the FRAMEWORK:CRITERION ids it satisfies. Questions only you can answer come last.
    """
    from maturity.errors import UserError

    if fmt not in ROADMAP_FORMATS:
        raise UserError(f"unknown --format {fmt!r}; choose {', '.join(ROADMAP_FORMATS)}")
    settings = settings_for(
        path, config=config, frameworks=framework, frameworks_dirs=frameworks_dir, answers=answers,
        exclude=exclude,
    )  # fmt: skip
    report = run_pipeline(path, settings, answer)
    if fmt == "json":
        typer.echo(report.roadmap.model_dump_json(indent=2))
    elif fmt == "markdown":
        from maturity.render.markdown import render_roadmap

        typer.echo(render_roadmap(report), nl=False)
    else:
        from rich.console import Console

        from maturity.render.terminal import roadmap_renderable

        Console().print(roadmap_renderable(report, verbose=verbose))


def register(app: typer.Typer) -> None:
    app.command("roadmap")(roadmap)

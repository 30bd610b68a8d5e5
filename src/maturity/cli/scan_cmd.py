"""`maturity scan`: evidence and ratings, without asking anything."""

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
    OutputOpt,
    PathArg,
    VerboseOpt,
    run_pipeline,
    settings_for,
)

FORMATS = ["table", "json", "markdown", "html", "pdf", "sarif", "junit", "gitlab-codequality"]


FormatOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-F",
        help=f"Output format (repeatable): {', '.join(FORMATS)}.",
        show_default="table",
    ),
]


def scan(
    path: PathArg = Path(),
    framework: FrameworkOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    answers: AnswersOpt = None,
    answer: AnswerOpt = None,
    exclude: ExcludeOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Scan a repository: every practice with its proof (file:line), and a rating per framework.

    [bold]-o FILE[/bold] without [bold]-F[/bold] takes the format from its extension (.json, .sarif, .md...).
    Never asks anything: answers come from the answers file and [bold]--answer[/bold].
    """
    from maturity.cli._outputs import emit, plan

    outputs = plan(fmt, output, allowed=FORMATS, default="table")  # bad -F/-o: exit 2 before anything
    settings = settings_for(
        path,
        config=config,
        frameworks=framework,
        frameworks_dirs=frameworks_dir,
        answers=answers,
        exclude=exclude,
    )
    report = run_pipeline(path, settings, answer)
    emit(report, outputs, verbose=verbose)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)

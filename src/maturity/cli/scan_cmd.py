"""`maturity scan`: evidence and ratings, without asking anything."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity.cli import sweep
from maturity.cli._common import (
    AnswerOpt,
    AnswersOpt,
    ConfigOpt,
    ExcludeOpt,
    FrameworkOpt,
    FrameworksDirOpt,
    OutputOpt,
    VerboseOpt,
    run_pipeline,
    settings_for,
)

if TYPE_CHECKING:
    from maturity.render import Format

FORMATS = ["table", "json", "markdown", "html", "pdf", "sarif", "junit", "gitlab-codequality"]


def parse_formats(values: list[str] | None, default: str = "table") -> list[Format]:
    """The --format values of a sweep (each result is written to --out DIR or shown in turn)."""
    from maturity.errors import UserError
    from maturity.render import Format

    for v in values or []:
        if v not in FORMATS:
            raise UserError(f"unknown --format {v!r}; choose from {', '.join(FORMATS)}")
    return [Format(v) for v in values or [default]]


FormatOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-F",
        help=f"Output format (repeatable): {', '.join(FORMATS)}.",
        show_default="table",
    ),
]


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Repository or project folder; several (or git URLs, URL@ref) are scanned in parallel.",
        show_default=".",
    ),
]


def scan(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    answers: AnswersOpt = None,
    answer: AnswerOpt = None,
    exclude: ExcludeOpt = None,
    verbose: VerboseOpt = False,
    repos: sweep.ReposOpt = None,
    jobs: sweep.JobsOpt = None,
    out: sweep.OutOpt = None,
    record: sweep.RecordOpt = False,
    executor: sweep.ExecutorOpt = "local",
    scheduler: sweep.SchedulerOpt = None,
) -> None:
    """Scan a repository: every practice with its proof (file:line), and a rating per framework.

    [bold]-o FILE[/bold] without [bold]-F[/bold] takes the format from its extension (.json, .sarif, .md...).
    Never asks anything: answers come from the answers file and [bold]--answer[/bold]. Several paths,
    [bold]--repos FILE[/bold] or [bold]--out DIR[/bold] scan many repositories in parallel.
    """
    from maturity.cli._outputs import emit, plan

    if sweep.is_many(paths or [], repos, out, executor):
        args = sweep.scan_args(config, framework, frameworks_dir, answers, answer, exclude, record)
        sweep.run(paths or ["."], bool(paths), repos, out, jobs, executor, scheduler, parse_formats(fmt),
                  output, args)  # fmt: skip
        return
    outputs = plan(fmt, output, allowed=FORMATS, default="table")  # bad -F/-o: exit 2 before anything
    path = Path((paths or ["."])[0])
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
    if record:
        sweep.record_one(path, report)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)

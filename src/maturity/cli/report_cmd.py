"""`maturity report`: HTML, PDF, Markdown or JSON reports, several at once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    run_pipeline,
    settings_for,
)

if TYPE_CHECKING:
    from maturity.cli._outputs import Output
    from maturity.report import Report

REPORT_FORMATS = ("html", "pdf", "markdown", "json")

FormatsOpt = Annotated[
    list[str] | None,
    typer.Option("--format", "-F", help="html, pdf, markdown or json (repeatable, one per --output; "
                 "without it, -o FILE takes the format from the extension).", show_default="html"),
]  # fmt: skip


def load_json(file: Path) -> Report:
    """A report saved with `maturity scan --format json` (or `report --format json`)."""
    from pydantic import ValidationError

    from maturity import _files
    from maturity.errors import UserError
    from maturity.report import SCHEMA_VERSION, Report

    data = _files.read_bytes(file, _files.RESULT_CAP, UserError, "report")
    try:
        report = Report.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"not a maturity JSON report: {where}: {first['msg']}", file=file) from None
    if report.schema_version != SCHEMA_VERSION:
        raise UserError(
            f"report schema_version {report.schema_version!r}; this maturity reads {SCHEMA_VERSION!r}"
        )
    return report


TitleOpt = Annotated[str | None, typer.Option("--title", help="Report title.")]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Organisation name on the cover.")]
LogoOpt = Annotated[Path | None, typer.Option("--logo", help="Logo image (embedded, png/jpg/svg).")]
PaperOpt = Annotated[str, typer.Option("--paper", help="PDF paper size: a4 or letter.")]
FromOpt = Annotated[
    list[Path] | None, typer.Option("--from", help="Render a saved JSON report instead of scanning.")
]


def check_options(
    fmt: list[str] | None, output: list[Path] | None, paper: str, logo: Path | None, sources: list[Path]
) -> list[Output]:
    """Fail early, before scanning or writing anything."""
    from maturity.cli._outputs import plan
    from maturity.errors import UserError

    if len(sources) > 1:
        raise UserError("--from takes one saved report; to combine several results use `maturity portfolio`")
    if paper.lower() not in ("a4", "letter"):
        raise UserError(f"unknown --paper {paper!r}; choose a4 or letter")
    if logo is not None:
        from maturity.render.view import logo_uri

        logo_uri(str(logo))
    return plan(fmt, output, allowed=REPORT_FORMATS, default="html")


def report(
    path: PathArg = Path(),
    fmt: FormatsOpt = None,
    output: OutputOpt = None,
    title: TitleOpt = None,
    org: OrgOpt = None,
    logo: LogoOpt = None,
    paper: PaperOpt = "a4",
    from_json: FromOpt = None,
    framework: FrameworkOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
    config: ConfigOpt = None,
    answers: AnswersOpt = None,
    answer: AnswerOpt = None,
    exclude: ExcludeOpt = None,
) -> None:
    """Write the assessment as a report for people: cover, one-page summary, scorecard, roadmap, appendix.

    Example: [bold]maturity report . -F html -o report.html -F pdf -o report.pdf --org "ACME"[/bold]
    """
    from maturity.cli._outputs import emit
    from maturity.render import RenderOptions

    outputs = check_options(fmt, output, paper, logo, from_json or [])
    if from_json:
        result = load_json(from_json[0])
    else:
        settings = settings_for(
            path, config=config, frameworks=framework, frameworks_dirs=frameworks_dir, answers=answers,
            exclude=exclude,
        )  # fmt: skip
        result = run_pipeline(path, settings, answer)
    options = RenderOptions(title=title, org=org, logo=str(logo) if logo else None, paper=paper.lower())
    emit(result, outputs, options)
    say_written([(o.fmt.value, o.dest) for o in outputs if o.dest is not None])


def say_written(files: list[tuple[str, Path]]) -> None:
    """One line per file on standard error (standard output may carry a report): where, size, pages."""
    from maturity.render.written import line

    for fmt, dest in files:
        typer.echo(line(fmt, dest), err=True)


def register(app: typer.Typer) -> None:
    app.command("report")(report)

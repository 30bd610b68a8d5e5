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
    emit,
    run_pipeline,
    settings_for,
)

if TYPE_CHECKING:
    from maturity.render import Format
    from maturity.report import Report

REPORT_FORMATS = ("html", "pdf", "markdown", "json")

FormatsOpt = Annotated[
    list[str] | None,
    typer.Option("--format", "-F", help="html, pdf, markdown or json (repeatable, one per --output).",
                 show_default="html"),
]  # fmt: skip


def parse(values: list[str] | None) -> list[Format]:
    from maturity.errors import UserError
    from maturity.render import Format

    out = []
    for v in values or ["html"]:
        if v not in REPORT_FORMATS:
            raise UserError(f"unknown --format {v!r}; choose from {', '.join(REPORT_FORMATS)}")
        out.append(Format(v))
    return out


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
    Path | None, typer.Option("--from", help="Render a saved JSON report instead of scanning.")
]


def check_options(fmt: list[str] | None, paper: str, logo: Path | None) -> list[Format]:
    """Fail early, before scanning or writing anything."""
    from maturity.errors import UserError

    if paper.lower() not in ("a4", "letter"):
        raise UserError(f"unknown --paper {paper!r}; choose a4 or letter")
    if logo is not None:
        from maturity.render.view import logo_uri

        logo_uri(str(logo))
    return parse(fmt)


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
    from maturity.render import RenderOptions

    formats = check_options(fmt, paper, logo)
    if from_json is not None:
        result = load_json(from_json)
    else:
        settings = settings_for(
            path, config=config, frameworks=framework, frameworks_dirs=frameworks_dir, answers=answers,
            exclude=exclude,
        )  # fmt: skip
        result = run_pipeline(path, settings, answer)
    options = RenderOptions(title=title, org=org, logo=str(logo) if logo else None, paper=paper.lower())
    emit(result, formats, output, options)


def register(app: typer.Typer) -> None:
    app.command("report")(report)

"""Options shared by the commands that run the pipeline, and the one way to run it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from maturity.config import Settings
    from maturity.pipeline import AskHook
    from maturity.render import Format, RenderOptions
    from maturity.report import Report

PathArg = Annotated[
    Path,
    typer.Argument(
        help="Repository or project folder (a subfolder of a monorepo works too).",
        show_default=True,
    ),
]
FrameworkOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--framework",
        "-f",
        help="Framework id to assess (repeatable); 'all' for every framework. Default: the frameworks "
        "assessed by default (`maturity frameworks list`).",
    ),
]
FrameworksDirOpt = Annotated[
    list[Path] | None,
    typer.Option("--frameworks-dir", help="Extra folder of framework YAML files (repeatable)."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Config file (default: .maturity.yaml or \\[tool.maturity] in pyproject.toml).",
    ),
]
AnswersOpt = Annotated[
    Path | None,
    typer.Option("--answers", help="Answers file (default: .maturity/answers.yaml in PATH)."),
]
AnswerOpt = Annotated[
    list[str] | None,
    typer.Option("--answer", "-a", help="Answer a question: ID=VALUE (repeatable; beats the answers file)."),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Extra folder or glob to ignore (repeatable)."),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="List skipped files and detector errors.")]
OutputOpt = Annotated[
    list[Path] | None,
    typer.Option("--output", "-o", help="Write the Nth --format to this file (repeatable); '-' is stdout."),
]


def settings_for(
    path: Path,
    *,
    config: Path | None = None,
    frameworks: list[str] | None = None,
    frameworks_dirs: list[Path] | None = None,
    answers: Path | None = None,
    exclude: list[str] | None = None,
) -> Settings:
    """The config file's settings with the command-line flags on top."""
    from maturity.config import load_settings

    settings = load_settings(path, config)
    return settings.override(
        "command line",
        frameworks=list(frameworks) if frameworks else None,
        frameworks_dirs=settings.frameworks_dirs + [str(d) for d in frameworks_dirs]
        if frameworks_dirs
        else None,
        answers=str(answers.resolve()) if answers else None,  # a flag is relative to the cwd
        exclude=settings.exclude + list(exclude) if exclude else None,
    )


def run_pipeline(
    path: Path,
    settings: Settings,
    answer_pairs: list[str] | None = None,
    ask: AskHook | None = None,
) -> Report:
    from maturity.pipeline import Options, run

    return run(path, Options(settings=settings, cli_answers=list(answer_pairs or []), ask=ask))


def emit(
    report: Report,
    formats: list[Format],
    outputs: list[Path] | None,
    options: RenderOptions | None = None,
    verbose: bool = False,
) -> None:
    """Render each format: the Nth to the Nth --output, the rest to stdout (one at most)."""
    from maturity.errors import UserError
    from maturity.render import BINARY, Format, render, write

    outputs = list(outputs or [])
    if len(outputs) > len(formats):
        raise UserError("more --output than --format values; give one --format per --output")
    to_stdout = [f for i, f in enumerate(formats) if i >= len(outputs) or str(outputs[i]) == "-"]
    if len(to_stdout) > 1:
        raise UserError("only one format can go to standard output; give --output for the others")
    for i, fmt in enumerate(formats):
        dest = outputs[i] if i < len(outputs) and str(outputs[i]) != "-" else None
        if dest is not None:
            write(report, fmt, dest, options)
            continue
        if fmt in BINARY:
            raise UserError(f"--format {fmt.value} is binary: give --output FILE")
        if fmt is Format.table:
            from rich.console import Console

            from maturity.render.terminal import renderable

            Console().print(renderable(report, verbose=verbose))
        else:
            typer.echo(render(report, fmt, options))

"""Options shared by the commands that run the pipeline, and the one way to run it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from maturity.config import Settings
    from maturity.pipeline import AskHook
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
    typer.Option(
        "--output",
        "-o",
        help="Write the Nth --format here (repeatable; '-' is stdout). Without its --format, the extension "
        "names it: .json .sarif .xml (junit) .md .html .pdf .txt (table).",
    ),
]


def settings_for(
    path: Path,
    *,
    config: Path | None = None,
    frameworks: list[str] | None = None,
    frameworks_dirs: list[Path] | None = None,
    answers: Path | None = None,
    exclude: list[str] | None = None,
    answers_must_exist: bool = True,
) -> Settings:
    """The config file's settings with the command-line flags on top.

    ``--answers`` naming a missing file is an error (``assess``, which creates it, says it may not exist);
    a config file that is found but loses to another one is said on standard error.
    """
    from maturity.config import load_settings
    from maturity.errors import UserError

    if answers is not None and answers_must_exist and not answers.is_file():
        what = "is not a file" if answers.exists() else "does not exist"
        raise UserError(f"--answers {what}", file=answers, hint="`maturity assess` creates it")
    settings = load_settings(path, config)
    winner = Path(settings.config_file).parent if settings.config_file else None
    if same := [f for f in settings.ignored_files if Path(f).parent == winner]:
        ignored = " and ".join(same)
        typer.echo(f"note: config from {settings.config_file}; {ignored} is ignored (keep one)", err=True)
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

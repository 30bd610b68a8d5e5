"""`maturity assess`: scan, ask what the scan cannot know, then show the rating and the roadmap."""

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
    PathArg,
    VerboseOpt,
    run_pipeline,
    settings_for,
)

if TYPE_CHECKING:
    from rich.console import Console

    from maturity.answers.session import Session

NoInputOpt = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never prompt (implied without a terminal or when CI is set): missing answers stay unknown.",
    ),
]
RequireCompleteOpt = Annotated[
    bool,
    typer.Option("--require-complete", help="Fail (exit 2) when a question is left unanswered."),
]
AskAllOpt = Annotated[
    bool,
    typer.Option("--ask-all", help="Also ask the questions the scan already settles."),
]


def assess(
    path: PathArg = Path(),
    framework: FrameworkOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
    answers: AnswersOpt = None,
    answer: AnswerOpt = None,
    no_input: NoInputOpt = False,
    require_complete: RequireCompleteOpt = False,
    ask_all: AskAllOpt = False,
    config: ConfigOpt = None,
    exclude: ExcludeOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Scan, then ask the questions no scanner can answer, then show the rating and next steps.

    Answers are saved to [bold].maturity/answers.yaml[/bold] after each one; run again to resume.

    Keys: arrows or 1-9 choose, b back, s skip, ? help, q or Ctrl-C save and quit.

    Without a terminal (or with [bold]CI[/bold] set) it never prompts; missing answers stay unknown.
    """
    from rich.console import Console

    from maturity.answers.prompt import QuitSession
    from maturity.answers.questionnaire import theme_names
    from maturity.answers.session import Session, can_prompt

    settings = settings_for(
        path,
        config=config,
        frameworks=framework,
        frameworks_dirs=frameworks_dir,
        answers=answers.resolve() if answers else None,  # relative to the current folder
        exclude=exclude,
        answers_must_exist=False,  # assess creates it
    )
    console = Console(highlight=False)
    session = Session(
        repo=path,
        interactive=can_prompt(no_input),
        ask_all=ask_all,
        require_complete=require_complete,
        themes=theme_names(settings.frameworks_dirs),
        console=console,
    )
    try:
        report = run_pipeline(path, settings, answer, ask=session)
    except QuitSession as stop:
        _resume_note(console, session)
        raise typer.Exit(130 if stop.interrupted else 0) from None
    from maturity.render.terminal import renderable

    console.print()
    console.print(renderable(report, verbose=verbose))
    _summary(console, session)


def _resume_note(console: Console, session: Session) -> None:
    import shlex
    import sys

    again = shlex.join(["maturity", *sys.argv[1:]])
    console.print()
    console.print(f"Answers so far are saved in {session.file}.")
    console.print(f"Run `{again}` again to continue where you stopped.", soft_wrap=True)


def _summary(console: Console, session: Session) -> None:
    missing = session.missing()
    stale = session.result.stale if session.result else []
    if missing:
        console.print(
            f"{len(missing)} question(s) unanswered (unknown in the ratings): {', '.join(missing)}",
            style="yellow",
        )
        if not session.interactive:
            console.print(
                "Answer them with `maturity assess` in a terminal, or `--answer ID=VALUE`.",
                style="bright_black",
            )
    if stale:
        console.print(
            f"{len(stale)} answer(s) to questions that changed since: {', '.join(q.id for q in stale)}",
            style="yellow",
        )
    if not missing and not stale:
        console.print("Every question is answered.", style="green")
    console.print(f"Answers file: {session.file}", style="bright_black")


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)

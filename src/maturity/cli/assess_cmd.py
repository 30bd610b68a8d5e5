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
    from maturity.report import Report

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
    typer.Option(
        "--ask-all",
        help="Ask every question of the chosen frameworks, also those the scan or earlier answers settle.",
    ),
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
    """Scan, then ask only what the ratings still need, then show what the answers changed.

    First the answers the scan suggests, on one screen: Enter confirms them all (each remembers the
    evidence it confirmed), r reviews them one by one. Then the other questions, one at a time.
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
    from maturity.render.terminal import renderable, summary

    console.print()
    console.print(renderable(report, verbose=True) if verbose else summary(report))
    _summary(console, session, report)


def _resume_note(console: Console, session: Session) -> None:
    import shlex
    import sys

    again = shlex.join(["maturity", *sys.argv[1:]])
    console.print()
    console.print(f"Answers so far are saved in {session.file}.")
    console.print(f"Run `{again}` again to continue where you stopped.", soft_wrap=True)


def _summary(console: Console, session: Session, report: Report) -> None:
    from maturity.answers.progress import changes

    result = session.result
    missing = session.missing()
    if session.interactive:
        console.print()
        console.print(changes(session.before, report.frameworks, session.given))
    if missing:
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        console.print(
            f"{len(missing)} question(s) unanswered (unknown in the ratings): {shown}", style="yellow"
        )
        if not session.interactive:
            console.print(
                "Answer them with `maturity assess` in a terminal, or `--answer ID=VALUE`.",
                style="bright_black",
            )
    if result and result.stale:
        console.print(
            f"{len(result.stale)} confirmation(s) rest on evidence the scan no longer finds (they do not "
            f"count until confirmed again): {', '.join(q.id for q in result.stale)}",
            style="yellow",
        )
    if result and result.changed:
        console.print(
            f"{len(result.changed)} answer(s) to questions that changed since: "
            f"{', '.join(q.id for q in result.changed)}",
            style="yellow",
        )
    if not missing and not (result and result.changed):
        console.print("Every question the ratings need is answered.", style="green")
    console.print(f"Answers file: {session.file}", style="bright_black")


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)

"""`maturity answers show|validate|clear|schema`: the answers file, kept as code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity.cli._common import AnswersOpt, ConfigOpt, FrameworksDirOpt, PathArg, settings_for
from maturity.cli._listing import ListFormatOpt

if TYPE_CHECKING:
    from maturity.answers.models import Answers, Question

answers_app = typer.Typer(
    name="answers",
    help="Show, check or clear the answers file (.maturity/answers.yaml), or print its JSON Schema.",
    no_args_is_help=True,
)


def _abs(file: Path | None) -> Path | None:
    """--answers is relative to the current folder (the config file's value is relative to PATH)."""
    return file.resolve() if file else None


def _load(
    path: Path, answers: Path | None, config: Path | None, frameworks_dir: list[Path] | None
) -> tuple[Path, Answers, dict[str, Question]]:
    from maturity.answers import store
    from maturity.frameworks.registry import load_library
    from maturity.pipeline import resolve_answers_file

    settings = settings_for(path, config=config, frameworks_dirs=frameworks_dir, answers=_abs(answers))
    file = resolve_answers_file(path, settings)
    library = load_library(settings.frameworks_dirs)
    return file, store.load(file), library.questions


@answers_app.command("show")
def show(
    path: PathArg = Path(),
    answers: AnswersOpt = None,
    config: ConfigOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
    fmt: ListFormatOpt = "table",
) -> None:
    """List the answers: value, note, who and when; removed or changed questions are flagged."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from maturity._text import clean
    from maturity.answers.check import flag
    from maturity.cli._listing import wants_json

    as_json = wants_json(fmt)
    file, loaded, questions = _load(path, answers, config, frameworks_dir)
    if as_json:
        typer.echo(_as_json(file, loaded, questions))
        return
    console = Console(highlight=False)
    if not loaded.answers:
        console.print(f"No answers yet in {file}; `maturity assess` asks the questions.")
        return
    table = Table(title=str(file), title_justify="left")
    for col in ("Question", "Answer", "Who / when", "Note"):
        table.add_column(col, overflow="fold")
    for qid, a in sorted(loaded.answers.items()):
        value = (
            ", ".join(map(str, a.value))
            if isinstance(a.value, list)
            else f"{a.value:g}"
            if isinstance(a.value, float)
            else a.value
        )
        note = Text(clean(a.note or ""))  # the file's text, never read as markup
        if warning := flag(qid, a, questions):
            note = Text.assemble((clean(warning), "yellow"), "; " if a.note else "", note)
        when = a.when.strftime("%Y-%m-%d %H:%M") if a.when else ""
        who = f"{a.who or '?'} {when}".strip()
        table.add_row(Text(clean(qid)), Text(clean(str(value))), Text(clean(who)), note)
    console.print(table)


def _as_json(file: Path, loaded: Answers, questions: dict[str, Question]) -> str:
    """The answers as stored, each with its flag (a removed or changed question), for scripts."""
    import json

    from maturity.answers.check import flag

    data = {
        qid: {
            **a.model_dump(mode="json", exclude_none=True, exclude={"source"}),
            "flag": flag(qid, a, questions),
        }
        for qid, a in sorted(loaded.answers.items())
    }
    return json.dumps({"file": str(file), "answers": data}, indent=2)


@answers_app.command("validate")
def validate(
    path: PathArg = Path(),
    answers: AnswersOpt = None,
    config: ConfigOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
) -> None:
    """Check the answers file: syntax, values, and answers to removed or changed questions."""
    from maturity.answers.check import check
    from maturity.errors import AnswersError

    file, loaded, questions = _load(path, answers, config, frameworks_dir)
    problems = check(loaded, questions)
    for p in problems:
        where = f"{file}:{p.line}" if p.line else str(file)
        typer.echo(f"{where}: {p.question}: {p.level}: {p.message}", err=p.level == "error")
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise AnswersError(f"{len(errors)} invalid answer(s) in {file}")
    typer.echo(f"{file}: {len(loaded.answers)} answer(s), {len(problems)} warning(s)")


@answers_app.command("clear")
def clear(
    path: PathArg = Path(),
    question: Annotated[
        list[str] | None, typer.Option("--question", "-q", help="Clear only this question (repeatable).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Clear all answers without asking.")] = False,
    answers: AnswersOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Remove answers (one question with --question, or all) so `maturity assess` asks again."""
    from maturity.answers import store
    from maturity.errors import AnswersError
    from maturity.pipeline import resolve_answers_file

    file = resolve_answers_file(path, settings_for(path, config=config, answers=_abs(answers)))
    loaded = store.load(file)
    if question:
        unknown = [q for q in question if q not in loaded.answers]
        if unknown:
            raise AnswersError(f"no answer to {', '.join(unknown)} in {file}")
        gone = list(question)
    else:
        if not yes:
            _confirm_clear_all(file, len(loaded.answers))
        gone = list(loaded.answers)
    # onto the file as it is now: answers saved meanwhile by a running `maturity assess` stay
    store.save_merged(file, loaded.answers, dict.fromkeys(gone))
    typer.echo(f"cleared {len(gone)} answer(s) in {file}")


def _confirm_clear_all(file: Path, count: int) -> None:
    import sys

    from maturity.errors import UserError

    if not sys.stdin.isatty():
        raise UserError(f"clearing all {count} answer(s) in {file} needs --yes without a terminal")
    if not typer.confirm(f"Clear all {count} answer(s) in {file}?", default=False):
        raise typer.Exit(1)


@answers_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the answers file (for editors and CI)."""
    from maturity.answers import store

    typer.echo(store.schema(), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(answers_app)

"""The whole of maturity in one function: scan -> answers -> assess -> roadmap -> report.

Each stage takes and returns pydantic models; none prints. Rendering is the caller's business
(``maturity.render``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from maturity.answers.collect import collect
from maturity.answers.models import Answer, Answers, Question
from maturity.assess import Assessment, assess
from maturity.config import Settings, load_settings
from maturity.frameworks.registry import AnyFramework, Library, load_library
from maturity.report import AnswersInfo, HistoryPoint, Provenance, Report, build_report
from maturity.roadmap import plan
from maturity.scan import scan
from maturity.scan.models import Evidence

# the questionnaire plugs in here: (the chosen frameworks' questions, evidence, answers so far, a function
# that rates a set of answers, which says what the ratings still need) -> answers
Rate = Callable[[Answers], Assessment]
AskHook = Callable[[list[Question], Evidence, Answers, Rate], Answers]


@dataclass
class Options:
    """What one run needs beyond the configuration file."""

    settings: Settings | None = None
    cli_answers: list[str] = field(default_factory=list)
    ask: AskHook | None = None
    now: dt.datetime | None = None


def run(path: Path, options: Options | None = None) -> Report:
    """Assess the repository at ``path`` and return the finished report."""
    options = options or Options()
    if not path.is_dir():
        from maturity.errors import UserError

        raise UserError("not a folder", file=path, hint="give the path of a repository or project folder")
    settings = options.settings or load_settings(path)
    library = load_library(settings.frameworks_dirs)
    frameworks = library.select(settings.frameworks)

    evidence = scan(path, library.practices, exclude=settings.exclude, skip=settings.skip)

    answers_file = resolve_answers_file(path, settings)
    answers = collect(answers_file, cli_answers(options.cli_answers, library), library.questions)

    def rate(given: Answers) -> Assessment:
        return assess(frameworks, evidence, given, library.questions)

    if options.ask is not None:  # ask what the ratings still need (it rates as it goes)
        answers = options.ask(questions_for(frameworks, library), evidence, answers, rate)
    assessment = rate(answers)
    roadmap = plan(assessment, library)

    provenance = Provenance(
        generated_at=options.now or dt.datetime.now(dt.UTC),
        config_file=settings.config_file,
        answers=answers_info(answers),
        frameworks={f.id: f.version for f in frameworks},
    )
    names = {p.id: (p.name, p.area) for p in library.catalog.practices}
    report = build_report(evidence, assessment, roadmap, names, provenance)
    report.history = history_points(path)
    return report


def history_points(path: Path) -> list[HistoryPoint]:
    """Earlier assessments recorded with ``--record`` (.maturity/history/), for the trend in reports."""
    from maturity.portfolio.history import points

    return points(path)


def resolve_answers_file(path: Path, settings: Settings) -> Path:
    """The answers file: relative to ``path``; from the repository's config (or the default), inside it."""
    from maturity._paths import confined, repo_root

    file = Path(settings.answers)
    file = file if file.is_absolute() else path / file
    return confined(file, repo_root(path), settings, "answers", "--answers")


def cli_answers(pairs: list[str], library: Library) -> dict[str, Answer]:
    from maturity.answers.collect import parse_cli_answers

    return parse_cli_answers(pairs, library.questions) if pairs else {}


def questions_for(frameworks: list[AnyFramework], library: Library) -> list[Question]:
    """The questions the chosen frameworks need: named by a criterion, or settling a practice they use."""
    needed_q: set[str] = set()
    needed_p: set[str] = set()
    for fw in frameworks:
        for c in fw.criteria():
            needed_q.update(c.questions)
            needed_p.update(c.practices)
    return [
        q for q in library.questions.values() if q.id in needed_q or any(p in needed_p for p in q.practices)
    ]


def answers_info(answers: Answers) -> AnswersInfo:
    who = sorted({a.who for a in answers.answers.values() if a.who})
    return AnswersInfo(file=answers.file, answered=len(answers.answers), who=who)

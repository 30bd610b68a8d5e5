"""The questionnaire as a pipeline ``ask`` hook: ask what the ratings still need, save after every answer.

First the scan's suggestions on one screen (confirm all with one key, or review them one by one), then
the other questions one at a time with progress ("12 of 23, about 6 minutes left") and who should
answer each.

Without a terminal it never prompts: it only works out which questions are still open, so the
command can say how many and which (and ``--require-complete`` can fail on them).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from maturity._text import clean
from maturity.answers import prompt, store
from maturity.answers.confirm import describe, gone, is_stale
from maturity.answers.confirm_screen import confirm_all
from maturity.answers.models import Answer, Answers, Confirmed, Question
from maturity.answers.progress import duration, left, roles
from maturity.answers.questionnaire import Plan, is_current, needed, plan, suggestion
from maturity.assess.models import Assessment, FrameworkRating
from maturity.errors import AnswersError, InteractiveSessionError
from maturity.scan.models import Evidence

NO_TTY_HINT = (
    "answer without a terminal: `maturity assess --no-input` (missing answers stay unknown), "
    "`--answers FILE` or `--answer ID=VALUE`"
)


def can_prompt(no_input: bool = False) -> bool:
    """A person is there: no ``--no-input``, no ``CI`` variable, and a terminal on stdin and stdout."""
    if no_input or os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


@dataclass
class Session:
    """Callable as ``pipeline.AskHook``; remembers the final plan and the ratings before asking."""

    repo: Path
    interactive: bool
    ask_all: bool = False
    require_complete: bool = False
    themes: dict[str, str] = field(default_factory=dict)
    console: Console = field(default_factory=Console)
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    result: Plan | None = None
    file: Path | None = None
    before: list[FrameworkRating] = field(default_factory=list)  # the ratings before this session
    settled: int = 0  # questions of the chosen frameworks that no rating needs now, not answered
    answered_before: int = 0  # of those no rating needs now: answered earlier
    answered_now: set[str] = field(default_factory=set)  # questions answered in this session
    rate: Callable[[Answers], Assessment] | None = None
    _who: str | None = None
    _base: dict[str, Answer] = field(default_factory=dict)  # the file as this session last read it

    def targets(self, questions: list[Question], evidence: Evidence, answers: Answers) -> list[Question]:
        """What to ask with these answers: what the ratings still need (re-rated, so an answer that puts
        a level out of reach ends its questions), or every question with ``--ask-all``."""
        if self.ask_all or self.rate is None:
            return questions
        return _asked_again(questions, needed(questions, self.rate(answers)), evidence, answers)

    def __call__(
        self,
        questions: list[Question],
        evidence: Evidence,
        answers: Answers,
        rate: Callable[[Answers], Assessment] | None = None,
    ) -> Answers:
        self.file = Path(answers.file) if answers.file else self.repo / ".maturity" / "answers.yaml"
        self._base = store.persisted(answers)
        answers = self._save_command_line(answers)
        self.rate = rate
        if rate is not None:
            self.before = list(rate(answers).frameworks)
        targets = self.targets(questions, evidence, answers)
        rest = [q for q in questions if q not in targets]
        self.answered_before = sum(1 for q in rest if answers.get(q.id) is not None)
        self.settled = len(rest) - self.answered_before
        if self.interactive:
            answers = self._interactive(questions, evidence, answers)
        self.result = plan(self.targets(questions, evidence, answers), evidence, answers, self.ask_all)
        missing = self.missing()
        if self.require_complete and missing:
            raise AnswersError(
                f"{len(missing)} question(s) unanswered: {', '.join(missing)}",
                hint="answer them in a terminal with `maturity assess`, or with `--answer ID=VALUE`",
            )
        return answers

    def _save_command_line(self, answers: Answers) -> Answers:
        """``assess --answer ID=VALUE`` records the answer (with who and when), as the roadmap promises."""
        given = {q: a for q, a in answers.answers.items() if a.source == "cli"}
        if not given:
            return answers
        when = self.now().replace(microsecond=0)
        # once saved they are answers of the file, so later saves in this session keep them
        stamped = {
            q: a.model_copy(update={"who": self.who(), "when": when, "source": "file"})
            for q, a in given.items()
        }
        return self._save(answers, stamped)

    def _save(self, answers: Answers, changes: dict[str, Answer]) -> Answers:
        """Save ``changes`` onto the file as it is now (another session may have saved meanwhile), and
        bring ``answers`` up to date with it: the file's answers, what only this run knows (``--answer``)
        on top. A question another session changed too is shown; this session's answer is kept."""
        assert self.file is not None
        merged, conflicts = store.save_merged(self.file, self._base, dict(changes))
        self._base = merged
        for c in conflicts:
            self.console.print(f"note: {clean(c.describe())}", style="yellow", markup=False)
        kept = {q: a for q, a in answers.answers.items() if q not in changes and not store.is_persisted(a)}
        below = {q: a for q, a in kept.items() if a.source != "cli"}
        answers.answers = {**below, **merged, **{q: a for q, a in kept.items() if a.source == "cli"}}
        return answers

    @property
    def given(self) -> int:
        """How many questions were answered in this session (a question answered twice counts once)."""
        return len(self.answered_now)

    def missing(self) -> list[str]:
        """Questions without an answer that counts (never answered, skipped, or a stale confirmation)."""
        if self.result is None:
            return []
        changed = {q.id for q in self.result.changed}
        return [q.id for q in self.result.open if q.id not in changed]

    def who(self) -> str | None:
        if self._who is None:
            self._who = store.current_user(self.repo) or ""
        return self._who or None

    def _interactive(self, questions: list[Question], evidence: Evidence, answers: Answers) -> Answers:
        answers = Answers(answers=dict(answers.answers), file=answers.file)
        start = plan(self.targets(questions, evidence, answers), evidence, answers, self.ask_all)
        self._intro(start, evidence)
        first, skipped = self._confirm_suggestions(start, evidence, answers)
        history: list[str] = []
        revisit: str | None = None
        while True:
            current = plan(self.targets(questions, evidence, answers), evidence, answers, self.ask_all)
            queue = _queue(current, skipped, first)
            q = _find(questions, revisit) if revisit else (queue[0] if queue else None)
            if q is None:
                return answers
            revisit = None
            total = len(history) + len(queue) + (q not in queue)
            reply = self._ask_one(q, current, evidence, answers, (len(history) + 1, total), bool(history))
            if reply.action == "back":
                revisit = history.pop()
                skipped.discard(revisit)
                continue
            history.append(q.id)
            if reply.action == "skip":
                skipped.add(q.id)
                continue
            assert reply.value is not None
            s = suggestion(q, evidence)
            confirms = s.confirms if s is not None and s.value == reply.value and s.confirms else None
            self._record(answers, {q.id: (q, reply.value, reply.note, confirms)})

    def _record(
        self, answers: Answers, given: dict[str, tuple[Question, Any, str | None, list[Confirmed] | None]]
    ) -> None:
        """Store answers given now (with who, when and what they confirmed) and save the file at once."""
        when = self.now().replace(microsecond=0)
        for qid, (q, value, note, confirms) in given.items():
            answers.answers[qid] = Answer(
                value=value, note=note, who=self.who(), when=when, question_version=q.version,
                source="interactive", confirms=confirms,
            )  # fmt: skip
        self.answered_now.update(given)
        self._save(answers, {qid: answers.answers[qid] for qid in given})

    def _confirm_suggestions(
        self, p: Plan, evidence: Evidence, answers: Answers
    ) -> tuple[list[str], set[str]]:
        """The confirm-all screen. Returns the questions to review first, and those skipped for now."""
        items = [(q, s) for q in p.open if (s := suggestion(q, evidence)) is not None]
        if not items:
            return [], set()
        stale = {q.id: describe(gone(a, evidence)) for q in p.stale if (a := answers.get(q.id))}
        try:
            choice = confirm_all(items, self.console, stale)
        except EOFError:
            raise self._eof("the scan's suggestions", answers) from None
        ids = [q.id for q, _ in items]
        if choice == "all":
            self._record(answers, {q.id: (q, s.value, None, s.confirms or None) for q, s in items})
            self.console.print(f"Confirmed {len(items)} answer(s), saved to {self.file}.", style="green")
            return [], set()
        return (ids, set()) if choice == "review" else ([], set(ids))

    def _ask_one(
        self,
        q: Question,
        current: Plan,
        evidence: Evidence,
        answers: Answers,
        where: tuple[int, int],
        can_go_back: bool,
    ) -> prompt.Reply:
        previous = answers.get(q.id)
        stale = describe(gone(previous, evidence)) if previous and q in current.stale else None
        position, total = where
        ctx = prompt.Context(
            position=position,
            total=total,
            left=left(total - position + 1),
            theme=self.themes.get(q.theme, q.theme.replace("_", " ")),
            suggestion=suggestion(q, evidence),
            previous=previous,
            can_go_back=can_go_back,
            stale=stale,
        )
        try:
            return prompt.ask(q, ctx, self.console)
        except EOFError:
            raise self._eof(repr(q.id), answers) from None

    def _eof(self, what: str, answers: Answers) -> InteractiveSessionError:
        kept = len(store.persisted(answers))
        return InteractiveSessionError(
            f"standard input closed while asking {what}; {kept} answer(s) kept in {self.file}",
            hint=NO_TTY_HINT,
        )

    def _intro(self, p: Plan, evidence: Evidence) -> None:
        settled = self.settled + len(p.decided)
        if not p.open:
            answered = p.answered + self.answered_before
            done = f"{answered} answered" + (f", {settled} settled by the scan" if settled else "")
            self.console.print(
                f"Nothing to ask: the ratings need no more answers ({done}). "
                "`maturity assess --ask-all` asks every question of the chosen frameworks again."
            )
            return
        suggested = sum(1 for q in p.open if suggestion(q, evidence) is not None)
        parts = [f"The ratings need {len(p.open)} answer(s), {duration(len(p.open) - suggested, suggested)}"]
        if p.answered + self.answered_before:
            parts.append(f"{p.answered + self.answered_before} answered earlier")
        if settled:
            parts.append(
                f"{settled} other(s) not needed now (settled by the scan, or for levels out of reach)"
            )
        self.console.print("; ".join(parts) + ".")
        self.console.print(f"Who should answer: {roles(p.open)}.", style="cyan")
        self.console.print(
            f"Each answer is saved to {self.file} at once: q or Ctrl-C stops, running it again resumes.",
            style="bright_black",
        )


def _asked_again(
    questions: list[Question], wanted: list[Question], evidence: Evidence, answers: Answers
) -> list[Question]:
    """What the ratings need, plus every question whose answer must be given again (the question
    changed, or the evidence it confirmed is gone), in questionnaire order."""
    again = {
        q.id
        for q in questions
        if (a := answers.get(q.id)) and (not is_current(q, a) or is_stale(a, evidence))
    }
    ids = {q.id for q in wanted} | again
    return [q for q in questions if q.id in ids]


def _queue(p: Plan, skipped: set[str], first: list[str]) -> list[Question]:
    """The open questions still to ask, those under review first."""
    todo = [q for q in p.open if q.id not in skipped]
    return [q for q in todo if q.id in first] + [q for q in todo if q.id not in first]


def _find(questions: list[Question], qid: str) -> Question | None:
    return next((q for q in questions if q.id == qid), None)

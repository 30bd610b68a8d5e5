"""The questionnaire as a pipeline ``ask`` hook: ask the open questions, save after every answer.

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

from rich.console import Console

from maturity._text import clean
from maturity.answers import prompt, store
from maturity.answers.models import Answer, Answers, Question
from maturity.answers.questionnaire import Plan, plan, suggestion
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
    """Callable as ``pipeline.AskHook``; remembers the final plan for the command's summary."""

    repo: Path
    interactive: bool
    ask_all: bool = False
    require_complete: bool = False
    themes: dict[str, str] = field(default_factory=dict)
    console: Console = field(default_factory=Console)
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    result: Plan | None = None
    file: Path | None = None
    _who: str | None = None
    _base: dict[str, Answer] = field(default_factory=dict)  # the file as this session last read it

    def __call__(self, questions: list[Question], evidence: Evidence, answers: Answers) -> Answers:
        self.file = Path(answers.file) if answers.file else self.repo / ".maturity" / "answers.yaml"
        self._base = store.persisted(answers)
        answers = self._save_command_line(answers)
        if self.interactive:
            answers = self._interactive(questions, evidence, answers)
        self.result = plan(questions, evidence, answers, self.ask_all)
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
        """Save ``changes`` onto the file as it is now (another session may have saved meanwhile);
        return the answers in force: the file's, with what only this run knows (``--answer``) on top."""
        assert self.file is not None
        merged, conflicts = store.save_merged(self.file, self._base, dict(changes))
        self._base = merged
        for c in conflicts:
            self.console.print(f"note: {clean(c.describe())}", style="yellow", markup=False)
        only_here = {q: a for q, a in answers.answers.items() if q not in changes and a.source == "cli"}
        return Answers(answers={**merged, **only_here}, file=answers.file)

    def missing(self) -> list[str]:
        """Questions still without any answer (asked but skipped, or never asked)."""
        if self.result is None:
            return []
        stale = {q.id for q in self.result.stale}
        return [q.id for q in self.result.open if q.id not in stale]

    def who(self) -> str | None:
        if self._who is None:
            self._who = store.current_user(self.repo) or ""
        return self._who or None

    def _interactive(self, questions: list[Question], evidence: Evidence, answers: Answers) -> Answers:
        answers = Answers(answers=dict(answers.answers), file=answers.file)
        history: list[str] = []
        skipped: set[str] = set()
        revisit: str | None = None
        self._intro(plan(questions, evidence, answers, self.ask_all))
        while True:
            current = plan(questions, evidence, answers, self.ask_all)
            q = _next(current, skipped, revisit)
            if q is None:
                return answers
            revisit = None
            reply = self._ask_one(q, current, evidence, answers, bool(history))
            if reply.action == "back":
                revisit = history.pop()
                skipped.discard(revisit)
                continue
            history.append(q.id)
            if reply.action == "skip":
                skipped.add(q.id)
                continue
            assert reply.value is not None
            given = Answer(
                value=reply.value,
                note=reply.note,
                who=self.who(),
                when=self.now().replace(microsecond=0),
                question_version=q.version,
                source="interactive",
            )
            answers = self._save(answers, {q.id: given})

    def _ask_one(
        self, q: Question, current: Plan, evidence: Evidence, answers: Answers, can_go_back: bool
    ) -> prompt.Reply:
        ctx = prompt.Context(
            answered=current.answered,
            total=len(current.asked),
            theme=self.themes.get(q.theme, q.theme.replace("_", " ")),
            suggestion=suggestion(q, evidence),
            previous=answers.get(q.id),
            can_go_back=can_go_back,
        )
        try:
            return prompt.ask(q, ctx, self.console)
        except EOFError:
            kept = len(store.persisted(answers))
            raise InteractiveSessionError(
                f"standard input closed while asking {q.id!r}; {kept} answer(s) kept in {self.file}",
                hint=NO_TTY_HINT,
            ) from None

    def _intro(self, p: Plan) -> None:
        settled = f"{len(p.decided)} settled by the scan" if p.decided else ""
        if not p.open:
            done = ", ".join(x for x in (f"{p.answered} answered", settled) if x)
            self.console.print(f"Nothing to ask ({done}); `maturity answers clear` lets you answer again.")
            return
        parts = [f"{len(p.open)} question(s) to answer"]
        if p.answered:
            parts.append(f"{p.answered} already answered")
        if settled:
            parts.append(settled)
        self.console.print(f"{'; '.join(parts)}. Each answer is saved to {self.file} at once.")


def _next(p: Plan, skipped: set[str], revisit: str | None) -> Question | None:
    if revisit is not None:
        for q in p.asked:
            if q.id == revisit:
                return q
    return next((q for q in p.open if q.id not in skipped), None)

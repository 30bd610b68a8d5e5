"""Answers in layers: command line > (interactive) > answers file > nothing.

The interactive layer lives in ``maturity.answers.prompt`` and is the only code that talks to a
terminal; this module only merges.
"""

from __future__ import annotations

from pathlib import Path

from maturity.answers import store
from maturity.answers.models import Answer, Answers, Question
from maturity.errors import AnswersError


def parse_cli_answers(pairs: list[str], questions: dict[str, Question]) -> dict[str, Answer]:
    """``--answer id=value`` pairs, validated against the questions."""
    out: dict[str, Answer] = {}
    for pair in pairs:
        qid, sep, value = pair.partition("=")
        qid, value = qid.strip(), value.strip()
        if not sep or not qid:
            raise AnswersError(f"--answer expects ID=VALUE, got {pair!r}")
        if qid not in questions:
            raise AnswersError(f"--answer: unknown question {qid!r}", hint="see `maturity explain ID`")
        q = questions[qid]
        out[qid] = Answer(value=_typed(q, value), source="cli", question_version=q.version)
    return out


def _typed(q: Question, value: str) -> str | float | list[str]:
    """The value as the question's type stores it: a number, a list (comma-separated), or a choice."""
    allowed = [c.value for c in q.options()]
    if q.type == "number":
        try:
            return float(value)
        except ValueError:
            raise AnswersError(f"--answer {q.id}: expected a number, got {value!r}") from None
    if q.type == "multi":
        values = [v.strip() for v in value.split(",") if v.strip()]
        bad = [v for v in values if v not in allowed]
        if bad:
            raise AnswersError(f"--answer {q.id}: {', '.join(bad)} not among {', '.join(allowed)}")
        return values
    if value not in allowed:
        raise AnswersError(f"--answer {q.id}: {value!r} is not one of {', '.join(allowed)}")
    return value


def collect(
    answers_file: Path, cli: dict[str, Answer] | None = None, questions: dict[str, Question] | None = None
) -> Answers:
    """Merge the answers file and command-line answers (the command line wins).

    With ``questions``, an invalid value in the file is an error (FILE:LINE, exit 2), as in
    ``maturity answers validate``: a run never rates on an answer it cannot read.
    """
    answers = store.load(answers_file)
    if questions is not None:
        from maturity.answers.check import raise_on_errors

        raise_on_errors(answers, questions)
    merged = dict(answers.answers)
    merged.update(cli or {})
    return Answers(answers=merged, file=answers.file)

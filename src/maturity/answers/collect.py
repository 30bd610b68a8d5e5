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
        allowed = [c.value for c in q.options()]
        if q.type in ("status", "choice") and value not in allowed:
            raise AnswersError(f"--answer {qid}: {value!r} is not one of {', '.join(allowed)}")
        out[qid] = Answer(value=value, source="cli", question_version=q.version)
    return out


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

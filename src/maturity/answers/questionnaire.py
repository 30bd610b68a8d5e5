"""Load and validate questionnaire files (``questionnaires/*.yaml``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from pydantic import TypeAdapter

from maturity import _yaml
from maturity.answers.models import Question, Questionnaire
from maturity.errors import QuestionnaireError

ADAPTER: TypeAdapter[Questionnaire] = TypeAdapter(Questionnaire)


def load_questionnaire(file: Path, practices: Collection[str] | None = None) -> Questionnaire:
    text = _yaml.read_text(file, QuestionnaireError)
    data, node = _yaml.parse(text, file, QuestionnaireError)
    if not isinstance(data, dict):
        raise QuestionnaireError("a questionnaire file is a mapping with 'questions'", file=file, line=1)
    q = _yaml.validate(ADAPTER, data, node, file, QuestionnaireError)
    if practices is not None:
        for i, question in enumerate(q.questions):
            refs: list[tuple[str, int | str, str]] = [
                ("practices", k, p) for k, p in enumerate(question.practices)
            ]
            if question.prefill:
                refs.append(("prefill", "practice", question.prefill.practice))
            for a, b, ref in refs:
                if ref not in practices:
                    loc = ("questions", i, a, b)
                    raise QuestionnaireError(
                        f"unknown practice {ref!r} (question {question.id})",
                        file=file,
                        line=_yaml.line_for(node, loc),
                        field=".".join(map(str, loc)),
                    )
    return q


def merge_questions(sources: Iterable[tuple[Path, Questionnaire]]) -> dict[str, Question]:
    """All questions by id; the same id in two files is an error."""
    out: dict[str, Question] = {}
    origin: dict[str, Path] = {}
    for file, q in sources:
        for question in q.questions:
            if question.id in out:
                raise QuestionnaireError(
                    f"question id {question.id!r} is also defined in {origin[question.id]}",
                    file=file,
                )
            out[question.id] = question
            origin[question.id] = file
    return out

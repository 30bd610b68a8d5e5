"""Check an answers file against the questions: invalid values (errors), removed or changed questions
(kept, but flagged)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from maturity.answers.models import Answer, Answers, Question


@dataclass(frozen=True)
class Problem:
    question: str
    level: Literal["error", "warning"]
    message: str
    line: int | None = None


def flag(qid: str, answer: Answer, questions: dict[str, Question]) -> str | None:
    """Why an answer deserves a second look (a removed or changed question), or None."""
    q = questions.get(qid)
    if q is None:
        return "question no longer exists (answer kept)"
    if answer.question_version < q.version:
        return f"question changed (version {answer.question_version} -> {q.version}): asked again"
    return None


def value_error(q: Question, answer: Answer) -> str | None:
    """What is wrong with the value for this question, or None."""
    allowed = [c.value for c in q.options()]
    value = answer.value
    if q.type == "number":
        return None if isinstance(value, (int, float)) else f"expected a number, got {value!r}"
    if q.type == "multi":
        values = value if isinstance(value, list) else [value]
        bad = [str(v) for v in values if v not in allowed]
        return f"{', '.join(bad)} not among {', '.join(allowed)}" if bad else None
    if value not in allowed:
        return f"{value!r} is not one of {', '.join(allowed)}"
    if q.status_of(value).value == "not_applicable" and not (answer.note or "").strip():
        return "'not applicable' needs a reason in 'note'"
    return None


def check(answers: Answers, questions: dict[str, Question]) -> list[Problem]:
    lines = answer_lines(Path(answers.file)) if answers.file else {}
    out: list[Problem] = []
    for qid, a in sorted(answers.answers.items()):
        q = questions.get(qid)
        if q is not None and (msg := value_error(q, a)):
            out.append(Problem(qid, "error", msg, lines.get(qid)))
        if msg := flag(qid, a, questions):
            out.append(Problem(qid, "warning", msg, lines.get(qid)))
    return out


def answer_lines(file: Path) -> dict[str, int]:
    """Question id -> line of its answer in the file (best effort)."""
    try:
        node = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    for k, v in node.value:
        if k.value == "answers" and isinstance(v, yaml.MappingNode):
            return {str(qk.value): qk.start_mark.line + 1 for qk, _ in v.value}
    return {}

"""Check an answers file against the questions: invalid values (errors), removed or changed questions
(kept, but flagged)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from maturity import _yaml
from maturity._files import ANSWERS_CAP
from maturity.answers.models import Answer, Answers, Question
from maturity.errors import AnswersError


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
    """Invalid values (errors, at the value's line) and removed or changed questions (warnings, at the
    answer's line)."""
    values = answer_lines(Path(answers.file)) if answers.file else {}
    keys = answer_lines(Path(answers.file), value=False) if answers.file else {}
    out: list[Problem] = []
    for qid, a in sorted(answers.answers.items()):
        q = questions.get(qid)
        if q is not None and (msg := value_error(q, a)):
            out.append(Problem(qid, "error", msg, values.get(qid)))
        if msg := flag(qid, a, questions):
            out.append(Problem(qid, "warning", msg, keys.get(qid)))
    return out


def answer_lines(file: Path, value: bool = True) -> dict[str, int]:
    """Question id -> line of its answer's value in the file (or of the answer itself)."""
    try:
        node = yaml.compose(_yaml.read_text(file, AnswersError, ANSWERS_CAP), Loader=yaml.SafeLoader)
    except (AnswersError, yaml.YAMLError, RecursionError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    for k, v in node.value:
        if k.value == "answers" and isinstance(v, yaml.MappingNode):
            return {
                str(qk.value): _value_line(qk, qv) if value else int(qk.start_mark.line) + 1
                for qk, qv in v.value
            }
    return {}


def _value_line(key: yaml.Node, answer: yaml.Node) -> int:
    if isinstance(answer, yaml.MappingNode):
        for k, v in answer.value:
            if k.value == "value":
                return int(v.start_mark.line) + 1
    return int(key.start_mark.line) + 1


def raise_on_errors(answers: Answers, questions: dict[str, Question]) -> None:
    """Every command that reads answers refuses an invalid value: FILE:LINE, exit 2 (the file is kept)."""
    errors = [p for p in check(answers, questions) if p.level == "error"]
    if not errors:
        return
    from maturity.answers.store import KEPT_HINT

    first = errors[0]
    more = f" (and {len(errors) - 1} more: `maturity answers validate` lists them)" if len(errors) > 1 else ""
    raise AnswersError(
        f"{first.message}{more}",
        file=Path(answers.file) if answers.file else None,
        line=first.line,
        field=f"answers.{first.question}.value",
        hint=KEPT_HINT,
    )

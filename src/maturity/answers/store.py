"""The answers file (``.maturity/answers.yaml``): read, validate, write atomically.

Format::

    schema_version: 1
    answers:
      release_approval:
        value: yes
        note: ...
        who: Ada
        when: 2026-11-24T10:00:00+00:00
        question_version: 1

Every write goes to a temporary file in the same folder, is fsync'ed, then renamed over the old file.
A corrupt file is never overwritten: loading it raises AnswersError with its line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from maturity import _yaml
from maturity.answers.models import Answer, Answers
from maturity.errors import AnswersError

SCHEMA_VERSION = 1


class AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    answers: dict[str, Answer] = Field(default_factory=dict)


ADAPTER: TypeAdapter[AnswersFile] = TypeAdapter(AnswersFile)


def load(file: Path) -> Answers:
    """The answers in ``file`` (empty if it does not exist)."""
    if not file.exists():
        return Answers(file=str(file))
    text = _yaml.read_text(file, AnswersError)
    data, node = _yaml.parse(text, file, AnswersError)
    if data is None:
        return Answers(file=str(file))
    if not isinstance(data, dict):
        raise AnswersError("expected a mapping with 'schema_version' and 'answers'", file=file, line=1)
    parsed = _yaml.validate(ADAPTER, data, node, file, AnswersError)
    for a in parsed.answers.values():
        a.source = "file"
    return Answers(answers=parsed.answers, file=str(file))


def dump(answers: dict[str, Answer]) -> str:
    body: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "answers": {
            qid: a.model_dump(mode="json", exclude_none=True, exclude={"source"})
            for qid, a in sorted(answers.items())
        },
    }
    header = (
        "# maturity answers: edit with `maturity assess` or by hand; check with `maturity answers validate`\n"
    )
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def save(file: Path, answers: dict[str, Answer]) -> None:
    """Write atomically: temp file in the same folder, fsync, rename."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(dump(answers))
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

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

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from maturity import _files, _yaml
from maturity.answers.models import Answer, Answers
from maturity.errors import AnswersError

SCHEMA_VERSION = 1
KEPT_HINT = (
    "the file was not changed: fix that line (`maturity answers validate` checks it) or move the file away"
)


class AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    answers: dict[str, Answer] = Field(default_factory=dict)


ADAPTER: TypeAdapter[AnswersFile] = TypeAdapter(AnswersFile)


def load(file: Path) -> Answers:
    """The answers in ``file`` (empty if it does not exist)."""
    if not file.exists():
        return Answers(file=str(file))
    text = _yaml.read_text(file, AnswersError, _files.ANSWERS_CAP, "answers file")
    try:
        data, node = _yaml.parse(text, file, AnswersError)
    except AnswersError as exc:
        exc.hint = KEPT_HINT
        raise
    if data is None:
        return Answers(file=str(file))
    if not isinstance(data, dict):
        raise AnswersError(
            "expected a mapping with 'schema_version' and 'answers'", file=file, line=1, hint=KEPT_HINT
        )
    try:
        parsed = _yaml.validate(ADAPTER, _unbool(data), node, file, AnswersError)
    except AnswersError as exc:
        exc.hint = exc.hint or KEPT_HINT
        raise
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
    """Write atomically: temp file in the same folder, fsync, rename. Never a half-written file."""
    try:
        _files.atomic_write(file, dump(answers))
    except OSError as exc:
        raise AnswersError(f"cannot write the answers file: {exc.strerror or exc}", file=file) from exc


@dataclass(frozen=True)
class Conflict:
    """Another session changed an answer this session also changed: shown, and this one's wins."""

    question: str
    theirs: Answer
    mine: Answer | None

    def describe(self) -> str:
        by = f" by {self.theirs.who}" if self.theirs.who else ""
        at = f" at {self.theirs.when:%Y-%m-%d %H:%M} UTC" if self.theirs.when else ""
        mine = f"your answer {_shown(self.mine)} replaces it" if self.mine else "you cleared it"
        return (
            f"{self.question}: answered {_shown(self.theirs)}{by}{at} in another session since this one "
            f"read the file; {mine}"
        )


def _shown(a: Answer | None) -> str:
    if a is None:
        return "nothing"
    value = ", ".join(a.value) if isinstance(a.value, list) else str(a.value)
    return repr(value)


@contextmanager
def locked(file: Path) -> Iterator[None]:
    """An exclusive lock on the answers file's folder (``flock``) while one process reads, merges and
    writes: two ``maturity assess`` sessions on one repository take turns, and neither loses answers."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (Windows: no lock, the merge still runs)
        yield
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(file.parent, os.O_RDONLY)
    except OSError as exc:
        raise AnswersError(f"cannot write the answers file: {exc.strerror or exc}", file=file) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def save_merged(
    file: Path, base: dict[str, Answer], changes: dict[str, Answer | None]
) -> tuple[dict[str, Answer], list[Conflict]]:
    """Apply ``changes`` (an answer, or None to clear it) to the file as it is now, not as this process
    read it (``base``): answers other sessions saved meanwhile are kept. Returns what was written and
    the questions another session changed too (this session's change wins; the other is shown)."""
    with locked(file):
        now = load(file).answers
        conflicts = [
            Conflict(qid, now[qid], mine)
            for qid, mine in changes.items()
            if qid in now and _content(now[qid]) != _content(base.get(qid)) and not _same(now[qid], mine)
        ]
        merged = dict(now)
        for qid, mine in changes.items():
            if mine is None:
                merged.pop(qid, None)
            else:
                merged[qid] = mine
        save(file, merged)
    return merged, conflicts


def _content(a: Answer | None) -> dict[str, Any] | None:
    return a.model_dump(exclude={"source"}) if a is not None else None


def _same(a: Answer, b: Answer | None) -> bool:
    return b is not None and (a.value, a.note) == (b.value, b.note)


def _unbool(data: dict[str, Any]) -> dict[str, Any]:
    """YAML 1.1 reads a hand-typed ``value: yes`` as True: read it as the answer 'yes' (or 'no')."""
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return data
    fixed = {}
    for qid, a in answers.items():
        if isinstance(a, dict) and isinstance(a.get("value"), bool):
            a = {**a, "value": "yes" if a["value"] else "no"}
        fixed[qid] = a
    return {**data, "answers": fixed}


def is_persisted(answer: Answer) -> bool:
    """The answer belongs in the file: it came from the file or was given interactively (not --answer)."""
    return answer.source in ("file", "interactive")


def persisted(answers: Answers) -> dict[str, Answer]:
    """The answers that belong in the file."""
    return {qid: a for qid, a in answers.answers.items() if is_persisted(a)}


def schema() -> str:
    """The JSON Schema of the answers file, for editors and CI."""
    body = ADAPTER.json_schema(mode="validation")
    body["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    body["title"] = "maturity answers file"
    body["properties"]["answers"]["propertyNames"] = {"pattern": r"^[a-z][a-z0-9_]*$"}
    return json.dumps(body, indent=2) + "\n"


def current_user(repo: Path) -> str | None:
    """Who is answering: ``git config user.name`` in ``repo``, else the login name."""
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "config", "user.name"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError):
        return None

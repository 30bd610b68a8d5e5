"""Result files: a scan's JSON (``Report``), or the record of a repository whose scan failed.

``maturity scan --out DIR`` writes one file per repository, ``NAME.json``: the same JSON as a single
scan, or (when the scan failed) a small :class:`ScanFailure` so that the portfolio can list it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from maturity import _files
from maturity.errors import UserError
from maturity.report import SCHEMA_VERSION, Report, Tool

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^[\w.-]+@[\w.-]+:")


class FailedTarget(BaseModel):
    path: str


class ScanFailure(BaseModel):
    """A repository that could not be scanned (clone failed, not a folder, invalid config...)."""

    schema_version: str = SCHEMA_VERSION
    kind: Literal["scan-failure"] = "scan-failure"
    tool: Tool = Field(default_factory=Tool)
    target: FailedTarget
    error: str
    generated_at: dt.datetime


@dataclass
class Loaded:
    """One result file: a report or a failure, and the repository it is about."""

    file: Path
    report: Report | None = None
    failure: ScanFailure | None = None

    @property
    def key(self) -> str:
        """The repository's identity across runs: the path or URL it was scanned from.

        A result scanned as ``.`` (a CI artifact) says nothing about which repository it was, so its
        file name stands in (name artifacts after the repository).
        """
        path = self.report.target.path if self.report else self.failure.target.path if self.failure else ""
        if path.rstrip("/") in ("", ".", "./"):
            return self.file.stem
        return path.rstrip("/")

    @property
    def name(self) -> str:
        tail = re.split(r"[/:\\]", self.key)[-1].removesuffix(".git")
        return tail.split("@", 1)[0] or self.key


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def read(file: Path) -> Loaded:
    """A result file, validated; anything else is a usage error naming the file."""
    raw = _files.read_bytes(file, _files.RESULT_CAP, UserError, "result file")
    try:
        doc = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"not JSON: {exc}", file=file) from None
    if not isinstance(doc, dict):
        raise UserError("not a maturity result (expected a JSON object)", file=file)
    version = str(doc.get("schema_version", ""))
    if version != SCHEMA_VERSION:
        raise UserError(
            f"result schema_version {version!r}; this maturity reads {SCHEMA_VERSION!r}", file=file
        )
    try:
        if doc.get("kind") == "scan-failure":
            return Loaded(file=file, failure=ScanFailure.model_validate(doc))
        return Loaded(file=file, report=Report.model_validate(doc))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"not a maturity result: {first['msg']}", file=file, field=where or None) from None


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the ``*.json`` files in it (sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.glob("*.json") if f.is_file()))
        elif p.exists():
            out.append(p)
        else:
            raise UserError("no such file or folder", file=p)
    return out


def read_all(paths: list[Path]) -> list[Loaded]:
    files = expand(paths)
    if not files:
        raise UserError("no result files given", hint="maturity scan ... --out results/ writes them")
    return [read(f) for f in files]

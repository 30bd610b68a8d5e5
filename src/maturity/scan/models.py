"""Evidence: what the scan proved about each practice, with file and line."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class Outcome(StrEnum):
    """What the repository shows about one practice.

    ``absent`` means a detector affirmatively looked and found nothing; ``unknown`` means nothing
    could tell. ``not_applicable`` is set by configuration (``skip``), always with a reason.
    """

    present = "present"
    partial = "partial"
    absent = "absent"
    unknown = "unknown"
    not_applicable = "not_applicable"


# when several detectors speak about one practice, the strongest word wins
OUTCOME_RANK = {
    Outcome.present: 4,
    Outcome.partial: 3,
    Outcome.absent: 2,
    Outcome.unknown: 1,
    Outcome.not_applicable: 0,
}


class Proof(BaseModel):
    """One piece of evidence: a file (relative POSIX path), a line if there is one, and what it shows."""

    path: str
    line: int | None = None
    detector: str
    detail: str


class Finding(BaseModel):
    """A detector's statement about one practice."""

    practice: str
    outcome: Outcome
    detector: str
    evidence: list[Proof] = Field(default_factory=list)
    message: str = ""
    details: dict[str, Any] = Field(default_factory=dict)


class PracticeEvidence(BaseModel):
    """All findings about one practice, merged: one entry per catalog practice in the scan JSON."""

    id: str
    status: Outcome = Outcome.unknown
    evidence: list[Proof] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    reason: str | None = Field(default=None, description="why: for absent/unknown/not_applicable")


class SkippedFile(BaseModel):
    path: str
    reason: str


class GitFacts(BaseModel):
    commit: str | None = None
    branch: str | None = None
    dirty: bool | None = None


class Target(BaseModel):
    path: str = Field(description="the scanned folder, as given")
    root: str = Field(description="absolute path evidence paths are relative to")
    subdir: str | None = Field(default=None, description="PATH relative to the git root, if a subfolder")
    git: GitFacts | None = None


class Evidence(BaseModel):
    """The output of the scan stage."""

    target: Target
    practices: dict[str, PracticeEvidence]
    facts: dict[str, Any] = Field(default_factory=dict)
    skipped: list[SkippedFile] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list, description="detectors or plugins that failed")

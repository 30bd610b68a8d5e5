"""The finished result every renderer formats: evidence + assessment + roadmap + provenance.

``Report.model_dump_json()`` is the JSON contract (``schema_version``); never break it without
bumping the version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

from maturity import __version__
from maturity.assess.models import Assessment, FrameworkRating, Status
from maturity.roadmap.models import Roadmap
from maturity.scan.models import Evidence, GitFacts, Outcome, Proof, SkippedFile
from maturity.verdict import Verdict

SCHEMA_VERSION = "1"


class Tool(BaseModel):
    name: str = "maturity"
    version: str = __version__


class TargetInfo(BaseModel):
    path: str
    git: GitFacts | None = None


class PracticeEntry(BaseModel):
    id: str
    name: str
    area: str
    status: Outcome = Field(description="what the scan found")
    evidence: list[Proof] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    reason: str | None = None
    assessed: Status = Field(description="after answers: met / partial / unmet / unknown / not_applicable")
    basis: str = Field(description="evidence, answer, config or none")
    conflict: str | None = None


class AnswersInfo(BaseModel):
    file: str | None = None
    answered: int = 0
    who: list[str] = Field(default_factory=list)


class Provenance(BaseModel):
    generated_at: dt.datetime
    config_file: str | None = None
    answers: AnswersInfo = Field(default_factory=AnswersInfo)
    frameworks: dict[str, str] = Field(default_factory=dict, description="framework id -> version")


class HistoryPoint(BaseModel):
    """An earlier recorded assessment of the same target (``maturity scan --record``), for the trend."""

    generated_at: dt.datetime
    commit: str | None = None
    labels: dict[str, str] = Field(default_factory=dict, description="framework -> 'level 1' / 'score 0.5'")
    values: dict[str, float | None] = Field(default_factory=dict, description="level (-1: below) or score")
    versions: dict[str, str] = Field(default_factory=dict, description="framework id -> version")
    practices: dict[str, str] = Field(default_factory=dict, description="practice id -> assessed status")


class Report(BaseModel):
    schema_version: str = SCHEMA_VERSION
    tool: Tool = Field(default_factory=Tool)
    target: TargetInfo
    provenance: Provenance
    practices: list[PracticeEntry]
    frameworks: list[FrameworkRating]
    roadmap: Roadmap
    details: dict[str, Any] = Field(default_factory=dict)
    skipped: list[SkippedFile] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    history: list[HistoryPoint] = Field(
        default_factory=list, description="earlier recorded assessments, oldest first (left out when none)"
    )
    gate: Verdict | None = Field(
        default=None, description="the verdict of `maturity check` (left out of other commands' JSON)"
    )

    @model_serializer(mode="wrap")
    def _without_empty_additions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if not self.history:
            data.pop("history", None)
        if self.gate is None:
            data.pop("gate", None)
        return data

    def framework(self, fid: str) -> FrameworkRating | None:
        return next((f for f in self.frameworks if f.id == fid), None)


def build_report(
    evidence: Evidence,
    assessment: Assessment,
    roadmap: Roadmap,
    names: dict[str, tuple[str, str]],
    provenance: Provenance,
) -> Report:
    """Assemble the report; ``names`` maps practice id -> (name, area)."""
    entries = []
    for pid, ev in evidence.practices.items():
        ps = assessment.practices[pid]
        name, area = names.get(pid, (pid, "other"))
        entries.append(
            PracticeEntry(
                id=pid,
                name=name,
                area=area,
                status=ev.status,
                evidence=ev.evidence,
                details=ev.details,
                reason=ev.reason,
                assessed=ps.status,
                basis=ps.basis,
                conflict=ps.conflict,
            )
        )
    return Report(
        target=TargetInfo(path=evidence.target.path, git=evidence.target.git),
        provenance=provenance,
        practices=entries,
        frameworks=assessment.frameworks,
        roadmap=roadmap,
        details=evidence.facts,
        skipped=evidence.skipped,
        errors=evidence.errors,
    )

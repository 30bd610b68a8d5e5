"""The assessment: a status per practice and criterion, with reasons; a rating per framework."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field


class Status(StrEnum):
    met = "met"
    partial = "partial"
    unmet = "unmet"
    unknown = "unknown"
    not_applicable = "not_applicable"


class Reason(BaseModel):
    """Why a practice or criterion has its status: a proof, an answer, configuration, or nothing."""

    kind: Literal["evidence", "answer", "config", "none"]
    ref: str = Field(description="practice id or question id")
    status: str = Field(description="the scan outcome or the answer's status")
    path: str | None = None
    line: int | None = None
    detector: str | None = None
    detail: str | None = None
    value: str | float | list[str] | None = None
    who: str | None = None
    when: dt.datetime | None = None
    note: str | None = None


class PracticeStatus(BaseModel):
    id: str
    status: Status
    scan: str = Field(description="what the scan said (present/partial/absent/unknown/not_applicable)")
    basis: Literal["evidence", "answer", "config", "none"]
    reasons: list[Reason] = Field(default_factory=list)
    conflict: str | None = Field(default=None, description="set when an answer overrides the scan")


class CriterionResult(BaseModel):
    id: str
    title: str
    status: Status
    because: list[Reason] = Field(default_factory=list)
    basis: Literal["evidence", "answers", "mixed", "none"] = "none"
    level: int | None = None
    section: str | None = None
    dimension: str | None = None
    points: float | None = None
    practices: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    roadmap: str = ""


class DimensionRating(BaseModel):
    id: str
    name: str
    level: int | None
    level_name: str


class SectionRating(BaseModel):
    id: str
    name: str
    score: float
    max: float
    unknown: int = Field(description="items whose status is unknown (scored 0)")


class Coverage(BaseModel):
    """How much of a rating rests on evidence, on answers, and on nothing."""

    total: int
    evidence: int
    answers: int
    unknown: int
    not_applicable: int


class FrameworkRating(BaseModel):
    id: str
    name: str
    short_name: str
    version: str
    scoring: Literal["levels", "points"]
    # levels model
    level_label: str = "level"
    level: int | None = None
    level_name: str | None = None
    max_level: int | None = None
    level_if_unknowns_met: int | None = None
    dimensions: list[DimensionRating] = Field(default_factory=list)
    # points model
    score: float | None = None
    max_score: float | None = None
    score_if_unknowns_met: float | None = None
    band: str | None = None
    band_summary: str | None = None
    sections: list[SectionRating] = Field(default_factory=list)
    holding_section: str | None = Field(default=None, description="the section holding the score down")
    # both
    criteria: list[CriterionResult]
    coverage: Coverage


class Assessment(BaseModel):
    practices: dict[str, PracticeStatus]
    frameworks: list[FrameworkRating]

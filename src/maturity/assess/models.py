"""The assessment: a status per practice and criterion, with reasons; a rating per framework."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field


class Status(StrEnum):
    """A practice's or criterion's status after answers.

    ``inferred``: no one answered, but the repository shows what a person would answer (with proof). It
    counts in the estimate and the ceiling, never in the confirmed figure.
    """

    met = "met"
    inferred = "inferred"
    partial = "partial"
    unmet = "unmet"
    unknown = "unknown"
    not_applicable = "not_applicable"


class Reason(BaseModel):
    """Why a practice or criterion has its status: a proof, an answer, configuration, or nothing."""

    kind: Literal["evidence", "answer", "config", "inference", "none"]
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
    basis: Literal["evidence", "answers", "mixed", "inference", "none"] = "none"
    role: Literal["core", "supporting"] = "core"
    conflict: str | None = Field(default=None, description="set when an answer overrides the scan")
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
    level: int | None = Field(description="the estimate")
    level_name: str
    confirmed_level: int | None = None
    ceiling_level: int | None = None


class SectionRating(BaseModel):
    id: str
    name: str
    score: float = Field(description="the estimate")
    confirmed_score: float | None = None
    ceiling_score: float | None = None
    max: float
    unknown: int = Field(description="items whose status is unknown (scored 0)")


class Coverage(BaseModel):
    """How much of a rating rests on evidence, on answers, and on nothing."""

    total: int
    evidence: int
    answers: int
    unknown: int
    inferred: int = 0
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
    confirmed_level: int | None = Field(default=None, description="from evidence and answers only")
    ceiling_level: int | None = Field(default=None, description="if every unknown turned out met")
    level_if_unknowns_met: int | None = Field(
        default=None, description="same as ceiling_level (kept for schema 1)"
    )
    dimensions: list[DimensionRating] = Field(default_factory=list)
    # points model
    score: float | None = None
    max_score: float | None = None
    confirmed_score: float | None = Field(default=None, description="from evidence and answers only")
    ceiling_score: float | None = Field(default=None, description="if every unknown turned out met")
    score_if_unknowns_met: float | None = Field(
        default=None, description="same as ceiling_score (kept for schema 1)"
    )
    band: str | None = None
    band_summary: str | None = None
    sections: list[SectionRating] = Field(default_factory=list)
    holding_section: str | None = Field(default=None, description="the section holding the score down")
    # both: the headline (``level``/``score``) is the estimate; what it rests on
    estimate_basis: str = Field(default="confirmed", description="confirmed, or estimated")
    to_confirm: list[str] = Field(
        default_factory=list, description="criteria the estimate rests on that a person should confirm"
    )
    criteria: list[CriterionResult]
    coverage: Coverage


class Assessment(BaseModel):
    practices: dict[str, PracticeStatus]
    frameworks: list[FrameworkRating]

"""The portfolio: many results rolled up. Its JSON (``Portfolio.model_dump_json()``) is a contract of
its own, with its own ``schema_version``; it is built only from scan results (schema "1")."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from maturity.report import Tool

PORTFOLIO_SCHEMA_VERSION = "1"


class Rating(BaseModel):
    """One framework's headline for one repository: the estimate (``level``/``score``)."""

    label: str = Field(description="e.g. 'level 1' or 'score 0.5'")
    value: float | None = Field(description="level or score; -1 below the first level")
    basis: str = Field(description="confirmed, or estimated (rests on inferred or unknown criteria)")
    version: str = Field(description="the framework's version in that result")
    name: str | None = Field(default=None, description="the level's or band's name")


class RepoRow(BaseModel):
    key: str = Field(description="the path or URL scanned (the file name for results scanned as '.')")
    name: str
    team: str | None = None
    file: str
    link: str | None = Field(
        default=None, description="its own report (HTML/PDF beside the JSON, or the JSON)"
    )
    commit: str | None = None
    generated_at: dt.datetime
    tool_version: str
    ratings: dict[str, Rating] = Field(default_factory=dict)
    practices: dict[str, str] = Field(default_factory=dict, description="practice id -> assessed status")
    met: float = Field(description="practices met (partial counts half)")
    total: int = Field(description="practices that apply")
    verdict: str
    next_step: str | None = None


class Failed(BaseModel):
    key: str
    name: str
    team: str | None = None
    file: str
    error: str


class FrameworkInfo(BaseModel):
    id: str
    name: str
    short_name: str
    scoring: Literal["levels", "points"]
    level_label: str = "level"


class Bucket(BaseModel):
    label: str
    value: float | None = None
    count: int
    repos: list[str] = Field(default_factory=list)


class Distribution(BaseModel):
    """How many repositories sit at each level (or band) of one framework version."""

    framework: str
    name: str
    version: str
    scoring: Literal["levels", "points"]
    buckets: list[Bucket]
    total: int
    median: str = Field(
        default="", description="the median repository's figure, e.g. 'level 1' or 'score 0.5'"
    )
    median_value: float | None = None
    estimated: int = Field(description="repositories whose figure rests on inferred or unknown criteria")


class PracticeRow(BaseModel):
    id: str
    name: str
    area: str
    counts: dict[str, int] = Field(description="assessed status -> repositories")
    missing: int = Field(description="repositories where it applies and is not met")
    lifts: dict[str, int] = Field(
        default_factory=dict,
        description="framework -> repositories this practice alone lifts a level (score)",
    )
    lifted: list[str] = Field(default_factory=list, description="repositories it lifts in any framework")


class HeatRow(BaseModel):
    label: str
    kind: Literal["repository", "team"]
    cells: dict[str, float | None] = Field(
        description="practice -> share met (partial half); None: unknown/n-a"
    )
    statuses: dict[str, str] = Field(default_factory=dict, description="practice -> status (repository rows)")
    repos: int = 1


class Mover(BaseModel):
    repo: str
    framework: str
    name: str
    before: str
    after: str
    change: Literal["up", "down"]
    delta: float


class TeamRow(BaseModel):
    team: str
    repos: int
    failed: int = 0
    share_met: float
    ratings: dict[str, str] = Field(default_factory=dict, description="framework -> median label")


class Portfolio(BaseModel):
    schema_version: str = PORTFOLIO_SCHEMA_VERSION
    kind: Literal["maturity-portfolio"] = "maturity-portfolio"
    tool: Tool = Field(default_factory=Tool)
    generated_at: dt.datetime
    repositories: list[RepoRow] = Field(default_factory=list)
    failures: list[Failed] = Field(default_factory=list)
    frameworks: list[FrameworkInfo] = Field(default_factory=list)
    distributions: list[Distribution] = Field(default_factory=list)
    practices: list[PracticeRow] = Field(default_factory=list, description="most often missing first")
    practice_names: dict[str, str] = Field(default_factory=dict)
    columns: list[str] = Field(default_factory=list, description="heat map columns: practice ids")
    heatmap: list[HeatRow] = Field(default_factory=list)
    teams: list[TeamRow] = Field(default_factory=list)
    movers: list[Mover] = Field(default_factory=list)
    previous: int = Field(default=0, description="results of the previous period compared with")
    notes: list[str] = Field(default_factory=list)

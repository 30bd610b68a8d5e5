"""Frameworks as data: the practice catalog and one generic framework schema.

A framework is YAML that refers to practice ids (from ``frameworks/practices.yaml``) and question ids
(from ``questionnaires/*.yaml``); it never imports code. ``scoring`` picks the model:

* ``levels``: ordered levels of criteria; a level is reached when its criteria and every lower
  level's are met. Optional ``dimensions`` give a level per dimension as well.
* ``points``: sections of items scored 0 / 0.5 / 1; a section scores the sum; the overall score
  aggregates the sections (``min`` for the ML Test Score); ``bands`` interpret the overall.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID = r"^[a-z][a-z0-9_]*$"
FRAMEWORK_ID = r"^[a-z][a-z0-9-]*$"
CRITERION_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class Lifecycle(StrEnum):
    experimental = "experimental"
    stable = "stable"
    deprecated = "deprecated"


class Effort(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_Strict):
    title: str
    url: str


class Practice(_Strict):
    """One practice of the catalog: the join key between detectors, questions and frameworks."""

    id: str = Field(pattern=ID, description="snake_case statement that can be true or false")
    name: str
    area: str = Field(pattern=ID, description="family for grouping and select/ignore")
    summary: str = Field(description="what it is, one line")
    why: str = Field(description="why it matters")
    how: list[str] = Field(min_length=1, description="concrete steps to adopt it")
    effort: Effort
    requires: list[str] = Field(default_factory=list, description="practices to adopt first")
    links: list[Link] = Field(default_factory=list)
    snippet: str | None = Field(default=None, description="a short starter example")
    lifecycle: Lifecycle = Lifecycle.stable
    aliases: list[str] = Field(default_factory=list)


class Catalog(_Strict):
    schema_version: Literal[1] = 1
    practices: list[Practice]

    @model_validator(mode="after")
    def _unique(self) -> Catalog:
        _no_duplicates([p.id for p in self.practices], "practice")
        return self


class Criterion(_Strict):
    """What must be true: practices (all or any) and/or answers to questions."""

    id: str = Field(pattern=CRITERION_ID)
    title: str
    description: str = ""
    practices: list[str] = Field(default_factory=list)
    match: Literal["all", "any"] = Field(
        default="all", description="all: every practice and question; any: at least one"
    )
    questions: list[str] = Field(default_factory=list)
    dimension: str | None = None
    roadmap: str = Field(description="what to do when this is not met")
    aliases: list[str] = Field(default_factory=list)
    lifecycle: Lifecycle = Lifecycle.stable

    @model_validator(mode="after")
    def _has_source(self) -> Criterion:
        if not self.practices and not self.questions:
            raise ValueError("a criterion needs at least one practice or question")
        return self


class Source(_Strict):
    title: str
    url: str
    publisher: str = ""
    year: int | None = None
    notes: str = ""


class Dimension(_Strict):
    id: str = Field(pattern=ID)
    name: str
    description: str = ""


class Level(_Strict):
    level: int = Field(ge=0)
    name: str
    summary: str
    criteria: list[Criterion] = Field(default_factory=list)


class Section(_Strict):
    id: str = Field(pattern=ID)
    name: str
    description: str = ""
    items: list[Criterion] = Field(min_length=1)


class Band(_Strict):
    """An interpretation of the overall score: ``above`` < score <= ``up_to`` (None: unbounded)."""

    name: str
    above: float | None = None
    up_to: float | None = None
    summary: str

    def contains(self, score: float) -> bool:
        return (self.above is None or score > self.above) and (self.up_to is None or score <= self.up_to)


class _FrameworkBase(_Strict):
    id: str = Field(pattern=FRAMEWORK_ID)
    name: str
    short_name: str = ""
    version: str = Field(description="which revision of the published framework this file follows")
    description: str
    sources: list[Source] = Field(min_length=1)
    lifecycle: Lifecycle = Lifecycle.stable
    aliases: list[str] = Field(default_factory=list)

    def criteria(self) -> list[Criterion]:
        raise NotImplementedError


class LevelsFramework(_FrameworkBase):
    scoring: Literal["levels"]
    dimensions: list[Dimension] = Field(default_factory=list)
    levels: list[Level] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> LevelsFramework:
        numbers = [lv.level for lv in self.levels]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            raise ValueError(f"levels must be consecutive and ascending, got {numbers}")
        _no_duplicates([c.id for c in self.criteria()], "criterion")
        dims = {d.id for d in self.dimensions}
        for lv in self.levels:
            for c in lv.criteria:
                if dims and c.dimension not in dims:
                    raise ValueError(
                        f"criterion {c.id!r}: dimension must be one of {sorted(dims)}, got {c.dimension!r}"
                    )
                if not dims and c.dimension is not None:
                    raise ValueError(f"criterion {c.id!r} names a dimension but none are declared")
        return self

    def criteria(self) -> list[Criterion]:
        return [c for lv in self.levels for c in lv.criteria]

    def level_of(self, criterion_id: str) -> Level:
        return next(lv for lv in self.levels if any(c.id == criterion_id for c in lv.criteria))


class PointsFramework(_FrameworkBase):
    scoring: Literal["points"]
    aggregate: Literal["min", "sum", "mean"] = "min"
    sections: list[Section] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> PointsFramework:
        _no_duplicates([c.id for c in self.criteria()], "item")
        _no_duplicates([s.id for s in self.sections], "section")
        return self

    def criteria(self) -> list[Criterion]:
        return [c for s in self.sections for c in s.items]

    def section_of(self, criterion_id: str) -> Section:
        return next(s for s in self.sections if any(c.id == criterion_id for c in s.items))

    def band_for(self, score: float) -> Band | None:
        return next((b for b in self.bands if b.contains(score)), None)


Framework = Annotated[LevelsFramework | PointsFramework, Field(discriminator="scoring")]


def _no_duplicates(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i!r}")
        seen.add(i)

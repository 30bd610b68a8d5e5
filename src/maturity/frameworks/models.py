"""Frameworks as data: the practice catalog and one generic framework schema.

A framework is YAML that refers to practice ids (from ``frameworks/practices.yaml``) and question ids
(from ``questionnaires/*.yaml``); it never imports code. ``scoring`` picks the model:

* ``levels``: ordered levels of criteria. A criterion is ``core`` (what the source says defines the
  level; the default) or ``supporting`` (a component or trait the source lists). A level is reached
  when every core criterion is met, at least ``supporting_share`` of its supporting criteria are met,
  and every lower level is reached. With no roles every criterion is core: all must be met.
  Optional ``dimensions`` give a level per dimension as well; ``dimension_chart: scale`` asks reports
  to draw them as a dimension-by-level grid.

Every framework is assessed by default; ``default: false`` makes it one that is assessed only when
selected (an organisation-level framework whose questions should not be asked of everyone).
* ``points``: sections of items scored 0 / 0.5 / 1; a section scores the sum; the overall score
  aggregates the sections (``min`` for the ML Test Score); ``bands`` interpret the overall.
"""

from __future__ import annotations

from collections.abc import Callable
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


class LocatedError(ValueError):
    """A validation error that knows where, below the model that raised it, the problem is."""

    def __init__(self, message: str, loc: tuple[int | str, ...] = ()) -> None:
        super().__init__(message)
        self.loc = loc


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_Strict):
    title: str
    url: str


class Practice(_Strict):
    """One practice of the catalog: the join key between detectors, questions and frameworks."""

    id: str = Field(pattern=ID, description="snake_case statement that can be true or false")
    name: str
    area: str = Field(pattern=ID, description="family for grouping (an id from the catalog's 'areas')")
    summary: str = Field(description="what it is, one line")
    why: str = Field(description="why it matters")
    how: list[str] = Field(min_length=1, description="concrete steps to adopt it")
    effort: Effort
    requires: list[str] = Field(default_factory=list, description="practices to adopt first")
    links: list[Link] = Field(default_factory=list)
    snippet: str | None = Field(default=None, description="a short starter example")
    lifecycle: Lifecycle = Lifecycle.stable
    aliases: list[str] = Field(default_factory=list)
    informational: bool = Field(
        default=False,
        description="shown in the scan and explained, but no framework rates it (e.g. it was found not to "
        "evidence what any criterion means)",
    )


class Area(_Strict):
    """A family of practices, with the name reports show (the id stays for configuration and JSON)."""

    id: str = Field(pattern=ID)
    name: str = Field(description="display name, e.g. 'Continuous integration'")
    short: str = Field(default="", description="a shorter name for chart labels; default: name")


class Catalog(_Strict):
    schema_version: Literal[1] = 1
    areas: list[Area] = Field(min_length=1, description="practice areas in display order")
    practices: list[Practice]

    @model_validator(mode="after")
    def _unique(self) -> Catalog:
        _no_duplicates([a.id for a in self.areas], "area", lambda i: ("areas", i, "id"))
        _no_duplicates([p.id for p in self.practices], "practice", lambda i: ("practices", i, "id"))
        known = [a.id for a in self.areas]
        for i, p in enumerate(self.practices):
            if p.area not in known:
                raise LocatedError(
                    f"practice {p.id!r}: unknown area {p.area!r}; "
                    f"declare it under 'areas' ({', '.join(known)})",
                    ("practices", i, "area"),
                )
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
    role: Literal["core", "supporting"] = Field(
        default="core",
        description="core: defines the level (must be met); supporting: counts towards the level's share",
    )
    source: str = Field(default="", description="where in the source this criterion comes from")
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
    supporting_share: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="share of the supporting criteria (of those whose status is known) that must be met",
    )
    rationale: str = Field(default="", description="why these roles and this share, from the source")
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
    default: bool = Field(
        default=True,
        description="assessed when no framework is chosen; false: only when selected "
        "(--framework ID, --framework all, or 'frameworks:' in the configuration)",
    )

    def criteria(self) -> list[Criterion]:
        raise NotImplementedError


class LevelsFramework(_FrameworkBase):
    scoring: Literal["levels"]
    level_label: str = Field(default="level", description="what a level is called: level, stage, tier")
    dimensions: list[Dimension] = Field(default_factory=list)
    dimension_chart: Literal["table", "scale"] = Field(
        default="table",
        description="how reports draw the dimensions: 'table' (a level per dimension) or 'scale' (a "
        "dimension-by-level grid with each cell's criteria, the shape of a maturity scale)",
    )
    levels: list[Level] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> LevelsFramework:
        numbers = [lv.level for lv in self.levels]
        for i, n in enumerate(numbers[1:], start=1):
            if n != numbers[i - 1] + 1:
                raise LocatedError(
                    f"levels must be consecutive and ascending: {n} follows {numbers[i - 1]}",
                    ("levels", i, "level"),
                )
        located = [
            (("levels", i, "criteria", j), c)
            for i, lv in enumerate(self.levels)
            for j, c in enumerate(lv.criteria)
        ]
        ids = [c.id for _, c in located]
        _no_duplicates(ids, "criterion", lambda k: (*located[k][0], "id"))
        dims = {d.id for d in self.dimensions}
        if self.dimension_chart == "scale" and not dims:
            raise LocatedError("dimension_chart 'scale' needs dimensions", ("dimension_chart",))
        for loc, c in located:
            if dims and c.dimension not in dims:
                raise LocatedError(
                    f"criterion {c.id!r}: dimension must be one of {sorted(dims)}, got {c.dimension!r}",
                    (*loc, "dimension"),
                )
            if not dims and c.dimension is not None:
                raise LocatedError(
                    f"criterion {c.id!r} names a dimension but none are declared", (*loc, "dimension")
                )
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
        located = [
            (("sections", i, "items", j), c)
            for i, s in enumerate(self.sections)
            for j, c in enumerate(s.items)
        ]
        _no_duplicates([c.id for _, c in located], "item", lambda k: (*located[k][0], "id"))
        _no_duplicates([s.id for s in self.sections], "section", lambda i: ("sections", i, "id"))
        _check_bands(self.bands)
        return self

    def criteria(self) -> list[Criterion]:
        return [c for s in self.sections for c in s.items]

    def section_of(self, criterion_id: str) -> Section:
        return next(s for s in self.sections if any(c.id == criterion_id for c in s.items))

    def band_for(self, score: float) -> Band | None:
        return next((b for b in self.bands if b.contains(score)), None)


Framework = Annotated[LevelsFramework | PointsFramework, Field(discriminator="scoring")]


def _no_duplicates(ids: list[str], what: str, where: Callable[[int], tuple[int | str, ...]]) -> None:
    seen: set[str] = set()
    for k, i in enumerate(ids):
        if i in seen:
            raise LocatedError(f"duplicate {what} id {i!r}", where(k))
        seen.add(i)


def _check_bands(bands: list[Band]) -> None:
    """Bands go up without gaps or overlaps: each starts (``above``) where the previous ends (``up_to``)."""
    for i, b in enumerate(bands):
        if b.above is not None and b.up_to is not None and b.up_to < b.above:
            raise LocatedError(
                f"band {b.name!r} ends ({b.up_to}) below where it starts ({b.above})", ("bands", i)
            )
        if i > 0 and b.above is None:
            raise LocatedError(
                f"only the first band may be open below; {b.name!r} needs 'above'", ("bands", i)
            )
        if i < len(bands) - 1 and b.up_to is None:
            raise LocatedError(
                f"only the last band may be open above; {b.name!r} needs 'up_to'", ("bands", i)
            )
        if i > 0 and b.above != bands[i - 1].up_to:
            prev = bands[i - 1]
            kind = (
                "a gap"
                if b.above is not None and prev.up_to is not None and b.above > prev.up_to
                else "an overlap"
            )
            raise LocatedError(
                f"{kind} between bands {prev.name!r} (up to {prev.up_to}) and {b.name!r} (above {b.above})",
                ("bands", i, "above"),
            )

"""Scoring for ``scoring: levels``: cumulative level gates, overall and per dimension. Pure."""

from __future__ import annotations

from collections.abc import Callable

from maturity.assess.models import CriterionResult, DimensionRating, Status
from maturity.frameworks.models import LevelsFramework

PASSING = (Status.met, Status.not_applicable)


def reached_level(
    framework: LevelsFramework,
    results: dict[str, CriterionResult],
    keep: Callable[[CriterionResult], bool] = lambda r: True,
    passing: tuple[Status, ...] = PASSING,
) -> int | None:
    """The highest level whose criteria, and every lower level's, all pass.

    ``keep`` restricts the criteria considered (one dimension); None means not even the first level.
    """
    reached: int | None = None
    for lv in framework.levels:
        considered = [results[c.id] for c in lv.criteria if keep(results[c.id])]
        if all(r.status in passing for r in considered):
            reached = lv.level
        else:
            break
    return reached


def level_name(framework: LevelsFramework, level: int | None) -> str:
    if level is None:
        return f"below {framework.levels[0].name}"
    return next(lv.name for lv in framework.levels if lv.level == level)


def rate_levels(
    framework: LevelsFramework, results: dict[str, CriterionResult]
) -> tuple[int | None, int | None, list[DimensionRating]]:
    """(level, level if every unknown turned out met, per-dimension ratings)."""
    level = reached_level(framework, results)
    optimistic = reached_level(framework, results, passing=(*PASSING, Status.unknown))
    dims = []
    for d in framework.dimensions:
        dl = reached_level(framework, results, keep=lambda r, d=d.id: r.dimension == d)  # type: ignore[misc]
        dims.append(DimensionRating(id=d.id, name=d.name, level=dl, level_name=level_name(framework, dl)))
    return level, optimistic, dims

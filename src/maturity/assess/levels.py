"""Scoring for ``scoring: levels``: core criteria, a share of supporting criteria, cumulative. Pure.

A level is reached when every core criterion passes, at least the level's ``supporting_share`` of its
supporting criteria pass, and every lower level is reached. Three views of one set of results:

* ``confirmed``: evidence and answers only. An inferred or unknown criterion does not pass, and unknown
  supporting criteria count in the share as not met.
* ``estimated`` (the headline): inferred criteria pass; an unknown core criterion does not; unknown
  supporting criteria are left out of the share (as OpenSSF Scorecard leaves inconclusive checks out of
  its aggregate). When no supporting criterion of a level is known, its share is not met.
* ``ceiling``: every unknown (and inferred) criterion passes.

Not-applicable criteria pass and are left out of the share. A partial criterion does not pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from maturity.assess.models import CriterionResult, DimensionRating, Status
from maturity.frameworks.models import Level, LevelsFramework

View = Literal["confirmed", "estimated", "ceiling"]
VIEWS: tuple[View, ...] = ("confirmed", "estimated", "ceiling")

# per view: statuses that pass, and statuses left out of a share (neither met nor unmet)
_PASS: dict[View, frozenset[Status]] = {
    "confirmed": frozenset({Status.met, Status.not_applicable}),
    "estimated": frozenset({Status.met, Status.not_applicable, Status.inferred}),
    "ceiling": frozenset({Status.met, Status.not_applicable, Status.inferred, Status.unknown}),
}
_LEFT_OUT: dict[View, frozenset[Status]] = {
    "confirmed": frozenset({Status.not_applicable}),
    "estimated": frozenset({Status.not_applicable, Status.unknown}),
    "ceiling": frozenset({Status.not_applicable}),
}


def level_passes(level: Level, results: list[CriterionResult], view: View) -> bool:
    """Whether ``results`` (this level's criteria, possibly one dimension's) reach ``level``."""
    passing = _PASS[view]
    core = [r for r in results if r.role == "core"]
    if any(r.status not in passing for r in core):
        return False
    supporting = [r for r in results if r.role == "supporting"]
    if not supporting or level.supporting_share <= 0:
        return True
    known = [r for r in supporting if r.status not in _LEFT_OUT[view]]
    if not known:
        # nothing can tell: all not applicable passes; all unknown does not meet the share
        return all(r.status is Status.not_applicable for r in supporting)
    met = sum(1 for r in known if r.status in passing)
    return met >= level.supporting_share * len(known) - 1e-9


def reached_level(
    framework: LevelsFramework,
    results: dict[str, CriterionResult],
    view: View = "estimated",
    keep: Callable[[CriterionResult], bool] = lambda r: True,
) -> int | None:
    """The highest level reached in ``view``; ``keep`` restricts the criteria (one dimension).

    None means not even the first level (frameworks whose first level has criteria).
    """
    reached: int | None = None
    for lv in framework.levels:
        considered = [results[c.id] for c in lv.criteria if keep(results[c.id])]
        if not level_passes(lv, considered, view):
            break
        reached = lv.level
    return reached


def level_name(framework: LevelsFramework, level: int | None) -> str:
    if level is None:
        return f"below {framework.levels[0].name}"
    return next(lv.name for lv in framework.levels if lv.level == level)


def to_confirm(
    framework: LevelsFramework, results: dict[str, CriterionResult], level: int | None
) -> list[str]:
    """Criteria the estimate rests on, up to the estimated level: inferred ones, and unknown supporting
    criteria that were left out of a share (where the level has one)."""
    top = -1 if level is None else level
    out = []
    for lv in framework.levels:
        if lv.level > top:
            break
        for c in lv.criteria:
            r = results[c.id]
            if r.status is Status.inferred or (
                r.status is Status.unknown and r.role == "supporting" and lv.supporting_share > 0
            ):
                out.append(c.id)
    return out


def rate_levels(
    framework: LevelsFramework, results: dict[str, CriterionResult]
) -> tuple[dict[View, int | None], list[DimensionRating]]:
    """The level in each view, and the per-dimension ratings (each with its three views)."""
    levels = {view: reached_level(framework, results, view) for view in VIEWS}
    dims = []
    for d in framework.dimensions:

        def keep(r: CriterionResult, d: str = d.id) -> bool:
            return r.dimension == d

        per = {view: reached_level(framework, results, view, keep) for view in VIEWS}
        dims.append(
            DimensionRating(
                id=d.id,
                name=d.name,
                level=per["estimated"],
                level_name=level_name(framework, per["estimated"]),
                confirmed_level=per["confirmed"],
                ceiling_level=per["ceiling"],
            )
        )
    return levels, dims

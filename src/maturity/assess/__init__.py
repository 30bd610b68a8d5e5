"""The assess stage: evidence + answers + frameworks -> Assessment. Pure; prints nothing."""

from __future__ import annotations

from typing import Any

from maturity.answers.confirm import in_force
from maturity.answers.models import Answers, Question
from maturity.assess.levels import level_name, rate_levels, to_confirm
from maturity.assess.models import Assessment, Coverage, CriterionResult, FrameworkRating, Status
from maturity.assess.points import item_points, rate_points
from maturity.assess.status import criterion_result, practice_statuses
from maturity.frameworks.models import LevelsFramework, PointsFramework
from maturity.scan.models import Evidence

__all__ = ["Assessment", "assess"]


def assess(
    frameworks: list[LevelsFramework | PointsFramework],
    evidence: Evidence,
    answers: Answers,
    questions: dict[str, Question],
) -> Assessment:
    answers = in_force(answers, evidence)  # a confirmation whose evidence is gone no longer counts
    practices = practice_statuses(evidence, answers, questions)
    ratings = []
    for fw in frameworks:
        results = {c.id: criterion_result(c, practices, answers, questions) for c in fw.criteria()}
        ratings.append(rate(fw, results))
    return Assessment(practices=practices, frameworks=ratings)


def rate(fw: LevelsFramework | PointsFramework, results: dict[str, CriterionResult]) -> FrameworkRating:
    """Dispatch on the scoring model; the strategies are pure functions."""
    common: dict[str, Any] = {
        "id": fw.id,
        "name": fw.name,
        "short_name": fw.short_name or fw.name,
        "version": fw.version,
        "coverage": coverage(list(results.values())),
    }
    if isinstance(fw, LevelsFramework):
        for lv in fw.levels:
            for c in lv.criteria:
                results[c.id].level = lv.level
        levels, dims = rate_levels(fw, results)
        level = levels["estimated"]
        confirm = to_confirm(fw, results, level)
        return FrameworkRating(
            **common, scoring="levels", level_label=fw.level_label, level=level,
            level_name=level_name(fw, level), max_level=fw.levels[-1].level,
            confirmed_level=levels["confirmed"], ceiling_level=levels["ceiling"],
            level_if_unknowns_met=levels["ceiling"], dimensions=dims,
            estimate_basis="confirmed" if level == levels["confirmed"] and not confirm else "estimated",
            to_confirm=confirm, criteria=list(results.values()),
        )  # fmt: skip
    for s in fw.sections:
        for c in s.items:
            results[c.id].section = s.id
            results[c.id].points = item_points(results[c.id])
    scores, sections, holding = rate_points(fw, results)
    score = scores["estimated"]
    band = fw.band_for(score)
    inferred = [r.id for r in results.values() if r.status is Status.inferred]
    return FrameworkRating(
        **common, scoring="points", score=score, confirmed_score=scores["confirmed"],
        ceiling_score=scores["ceiling"], score_if_unknowns_met=scores["ceiling"],
        max_score=max(s.max for s in sections) if fw.aggregate == "min" else sum(s.max for s in sections),
        band=band.name if band else None, band_summary=band.summary if band else None,
        sections=sections, holding_section=holding,
        estimate_basis="confirmed" if score == scores["confirmed"] else "estimated",
        to_confirm=inferred, criteria=list(results.values()),
    )  # fmt: skip


def coverage(results: list[CriterionResult]) -> Coverage:
    return Coverage(
        total=len(results),
        evidence=sum(
            1 for r in results if r.status is not Status.unknown and r.basis in ("evidence", "mixed")
        ),
        answers=sum(1 for r in results if r.status is not Status.unknown and r.basis == "answers"),
        unknown=sum(1 for r in results if r.status is Status.unknown),
        inferred=sum(1 for r in results if r.status is Status.inferred),
        not_applicable=sum(1 for r in results if r.status is Status.not_applicable),
    )

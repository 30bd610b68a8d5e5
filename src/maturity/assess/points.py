"""Scoring for ``scoring: points``: items 0 / 0.5 / 1, section sums, an aggregate, a band. Pure."""

from __future__ import annotations

from maturity.assess.models import CriterionResult, SectionRating, Status
from maturity.frameworks.models import PointsFramework

# not applicable (skipped with a reason) is left out, like in the levels model: it is not a gap, so it
# does not lower a section (the roadmap, which skips it as done, then agrees with the score)
POINTS = {Status.met: 1.0, Status.partial: 0.5, Status.not_applicable: 1.0}


def item_points(status: Status) -> float:
    """1 when automated and repeated (met), 0.5 when manual and documented (partial), 1 when not
    applicable, else 0."""
    return POINTS.get(status, 0.0)


def aggregate(kind: str, values: list[float]) -> float:
    if not values:
        return 0.0
    if kind == "min":
        return min(values)
    if kind == "sum":
        return sum(values)
    return round(sum(values) / len(values), 2)


def rate_points(
    framework: PointsFramework, results: dict[str, CriterionResult]
) -> tuple[float, float, list[SectionRating], str | None]:
    """(score, score if every unknown turned out met, sections, the section holding the score down)."""
    sections: list[SectionRating] = []
    optimistic: list[float] = []
    for s in framework.sections:
        rs = [results[c.id] for c in s.items]
        score = sum(item_points(r.status) for r in rs)
        unknown = sum(1 for r in rs if r.status is Status.unknown)
        sections.append(SectionRating(id=s.id, name=s.name, score=score, max=float(len(rs)), unknown=unknown))
        optimistic.append(score + unknown)
    values = [s.score for s in sections]
    score = aggregate(framework.aggregate, values)
    holding = None
    if framework.aggregate == "min" and sections:
        holding = min(sections, key=lambda s: s.score).id
    return score, aggregate(framework.aggregate, optimistic), sections, holding

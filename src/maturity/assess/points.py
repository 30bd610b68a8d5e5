"""Scoring for ``scoring: points``: items 0 / 0.5 / 1, section sums, an aggregate, a band. Pure.

The ML Test Score (2017) gives an item 1 point when a system runs it automatically and repeatedly, 0.5
when it is done by hand with results written up and shared, 0 otherwise. So:

* met (automated, from the scan or an answer) earns 1;
* partial earns 0.5 only from a person's answer ("done by hand, documented"): weak scan evidence (a tool
  configured but never run) is not a documented manual test, and earns nothing;
* not applicable earns 0: the paper has no exemption (reports show the reason);
* inferred earns its point in the estimate and the ceiling, never in the confirmed score;
* unknown earns 0, except in the ceiling, where it earns 1.
"""

from __future__ import annotations

from maturity.assess.levels import VIEWS, View
from maturity.assess.models import CriterionResult, SectionRating, Status
from maturity.frameworks.models import PointsFramework


def item_points(result: CriterionResult, view: View = "estimated") -> float:
    status = result.status
    if status is Status.met:
        return 1.0
    if status is Status.partial:
        return 0.5 if result.basis in ("answers", "mixed") and _answered_partial(result) else 0.0
    if status is Status.inferred:
        return 0.0 if view == "confirmed" else 1.0
    if status is Status.unknown:
        return 1.0 if view == "ceiling" else 0.0
    return 0.0


def _answered_partial(result: CriterionResult) -> bool:
    return any(r.kind == "answer" and r.status == "partial" for r in result.because)


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
) -> tuple[dict[View, float], list[SectionRating], str | None]:
    """(score per view, sections, the section holding the estimate down)."""
    sections: list[SectionRating] = []
    per_view: dict[View, list[float]] = {v: [] for v in VIEWS}
    for s in framework.sections:
        rs = [results[c.id] for c in s.items]
        sums = {v: sum(item_points(r, v) for r in rs) for v in VIEWS}
        for v in VIEWS:
            per_view[v].append(sums[v])
        unknown = sum(1 for r in rs if r.status is Status.unknown)
        sections.append(
            SectionRating(
                id=s.id, name=s.name, score=sums["estimated"], confirmed_score=sums["confirmed"],
                ceiling_score=sums["ceiling"], max=float(len(rs)), unknown=unknown,
            )
        )  # fmt: skip
    scores = {v: aggregate(framework.aggregate, per_view[v]) for v in VIEWS}
    holding = None
    if framework.aggregate == "min" and sections:
        holding = min(sections, key=lambda s: s.score).id
    return scores, sections, holding

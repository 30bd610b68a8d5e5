"""Unmet criteria -> steps merged by practice -> ordered by prerequisites, then by what they unlock.

A first version: one step per practice (or per unanswered question) that stands between a framework
and its next level (or, for points frameworks, any item not yet automated).
"""

from __future__ import annotations

from graphlib import TopologicalSorter

from maturity.assess.models import Assessment, CriterionResult, FrameworkRating, Status
from maturity.frameworks.registry import Library
from maturity.roadmap.models import Roadmap, Step, Unlock

EFFORT_RANK = {"low": 0, "medium": 1, "high": 2}


def _blocking(rating: FrameworkRating) -> list[tuple[CriterionResult, str]]:
    """Criteria that stand between the framework and its next step up, with that target."""
    out = []
    for c in rating.criteria:
        if c.status in (Status.met, Status.not_applicable):
            continue
        target = f"level {c.level}" if rating.scoring == "levels" else f"section {c.section}"
        out.append((c, target))
    return out


def plan(assessment: Assessment, library: Library) -> Roadmap:
    practices = library.practices
    steps: dict[str, Step] = {}
    for rating in assessment.frameworks:
        for crit, target in _blocking(rating):
            ref = f"{rating.id}:{crit.id}"
            unlock = Unlock(framework=rating.id, target=target, criterion=crit.id)
            open_practices = [
                p
                for p in crit.practices
                if assessment.practices[p].status not in (Status.met, Status.not_applicable)
            ]
            keys: list[tuple[str | None, str | None]] = [(p, None) for p in open_practices]
            keys = keys or [(None, q) for q in crit.questions]
            for pid, qid in keys:
                key = pid or f"q:{qid}"
                if key not in steps:
                    steps[key] = _new_step(key, pid, qid, library, assessment)
                step = steps[key]
                if ref not in step.criteria:
                    step.criteria.append(ref)
                    step.unlocks.append(unlock)
    for step in steps.values():
        step.impact = len(step.criteria)
        step.requires = [
            r for r in (practices[step.practice].requires if step.practice else []) if r in steps
        ]
    return Roadmap(steps=_order(steps))


def _new_step(key: str, pid: str | None, qid: str | None, library: Library, a: Assessment) -> Step:
    if pid is not None:
        p = library.practices[pid]
        return Step(
            id=key, title=p.name, practice=pid, horizon="later", effort=p.effort.value, impact=0,
            criteria=[], why=p.why, how=list(p.how), snippet=p.snippet, status=a.practices[pid].status.value,
        )  # fmt: skip
    q = library.questions[qid or ""]
    return Step(
        id=key, title=q.text, question=qid, horizon="later", effort="medium", impact=0, criteria=[],
        why=q.help, status="unanswered",
    )  # fmt: skip


def _order(steps: dict[str, Step]) -> list[Step]:
    """Prerequisites first; among ready steps, the most criteria satisfied, then the least effort."""
    sorter: TopologicalSorter[str] = TopologicalSorter({k: set(s.requires) for k, s in steps.items()})
    sorter.prepare()
    ordered: list[Step] = []
    while sorter.is_active():
        ready = sorted(
            sorter.get_ready(),
            key=lambda k: (-steps[k].impact, EFFORT_RANK[steps[k].effort], k),
        )
        for k in ready:
            ordered.append(steps[k])
            sorter.done(k)
    for i, step in enumerate(ordered):
        step.horizon = "now" if i < 3 else "next" if i < 8 else "later"
    return ordered

"""Which practice, if it alone were met, would lift a repository's rating: the platform investment view.

For one repository and one framework: every criterion that names the practice and does not pass yet
is re-evaluated as if the practice were met (an ``any`` criterion passes; an ``all`` criterion passes
when its other practices are met and its questions answered yes), and the framework is rated again by
the assessment's own scoring code. A higher level (or score) counts as a lift. A result whose
framework version differs from the installed definition is left out (its criteria may differ).
"""

from __future__ import annotations

from collections.abc import Mapping

from maturity.assess import rate
from maturity.assess.models import CriterionResult, FrameworkRating, Status
from maturity.frameworks.models import Criterion, LevelsFramework, PointsFramework
from maturity.report import Report

AnyFramework = LevelsFramework | PointsFramework
PASSING = {Status.met, Status.not_applicable, Status.inferred}
DONE = {"met", "not_applicable"}


def _answered_yes(result: CriterionResult, question: str) -> bool:
    return any(r.kind == "answer" and r.ref == question and r.status == "yes" for r in result.because)


def _would_pass(c: Criterion, result: CriterionResult, practice: str, statuses: Mapping[str, str]) -> bool:
    if c.match == "any":
        return True
    others = [p for p in c.practices if p != practice]
    return all(statuses.get(p) in DONE for p in others) and all(_answered_yes(result, q) for q in c.questions)


def _value(r: FrameworkRating) -> float:
    if r.scoring == "points":
        return r.score or 0.0
    return -1.0 if r.level is None else float(r.level)


def lifts(report: Report, frameworks: Mapping[str, AnyFramework]) -> dict[str, set[str]]:
    """practice id -> frameworks whose rating it alone would raise, for one repository."""
    statuses = {p.id: p.assessed.value for p in report.practices}
    out: dict[str, set[str]] = {}
    for rating in report.frameworks:
        fw = frameworks.get(rating.id)
        if fw is None or fw.version != rating.version:
            continue
        defs = {c.id: c for c in fw.criteria()}
        open_ = [c for c in rating.criteria if c.status not in PASSING and c.id in defs]
        candidates = {p for c in open_ for p in c.practices if statuses.get(p) not in DONE}
        for practice in sorted(candidates):
            results = {c.id: c.model_copy() for c in rating.criteria}
            changed = False
            for c in open_:
                if practice in c.practices and _would_pass(defs[c.id], c, practice, statuses):
                    results[c.id].status = Status.met
                    changed = True
            if changed and _value(rate(fw, results)) > _value(rating):
                out.setdefault(practice, set()).add(rating.id)
    return out

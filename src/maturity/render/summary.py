"""The summary pieces of the view: strengths, gaps, the scorecard by practice area, roadmap groups."""

from __future__ import annotations

from collections import Counter
from typing import Any

from maturity.assess.models import FrameworkRating
from maturity.render.charts import inline_bar
from maturity.render.meta import area_name
from maturity.report import Report
from maturity.roadmap.models import HORIZON_HELP, HORIZON_NAMES


def basis_note(f: FrameworkRating) -> str:
    """What the headline figure rests on: "confirmed", or "estimated: 3 criteria to confirm with ..."."""
    if f.estimate_basis == "confirmed":
        return "confirmed"
    n = len(f.to_confirm)
    confirmed = f.confirmed_score if f.scoring == "points" else f.confirmed_level
    if f.scoring == "points":
        shown = f"{confirmed or 0:g}"
    else:
        shown = f"below {f.level_label} 1" if confirmed is None else f"{f.level_label} {confirmed}"
    if n:
        what = "criterion" if n == 1 else "criteria"
        return f"estimated: {n} {what} to confirm with `maturity assess`; confirmed {shown}"
    return f"estimated; confirmed {shown}"


def ceiling_note(f: FrameworkRating) -> str:
    """The ceiling when it is above the estimate: what the unknowns could add."""
    if f.scoring == "levels" and f.ceiling_level not in (None, f.level):
        return f"up to {f.level_label} {f.ceiling_level} if the unknowns turn out met"
    if f.scoring == "points" and f.ceiling_score is not None and f.ceiling_score != f.score:
        return f"up to {f.ceiling_score:g} if the unknowns turn out met"
    return ""


def criteria_count(report: Report) -> Counter[str]:
    """How many criteria (across frameworks) each practice takes part in."""
    n: Counter[str] = Counter()
    for f in report.frameworks:
        for c in f.criteria:
            n.update(c.practices)
    return n


def strengths(report: Report) -> list[dict[str, str]]:
    n = criteria_count(report)
    met = [p for p in report.practices if p.assessed.value == "met"]
    met.sort(key=lambda p: (-n[p.id], p.basis != "evidence", p.name))
    out = []
    for p in met[:3]:
        e = p.evidence[0] if p.evidence else None
        proof = "answer" if e is None else f"{e.path}:{e.line}" if e.line else e.path
        out.append({"name": p.name, "proof": proof})
    return out


def gaps(report: Report) -> list[dict[str, str]]:
    """The first three steps of work, each with what it blocks (missing criteria first)."""
    steps = [s for s in report.roadmap.steps if s.horizon != "confirm" and s.criteria]
    return [{"name": s.title, "why": s.why, "blocks": blocks(s.targets)} for s in steps[:3]]


def by_need(effects: list[str]) -> list[str]:
    """A step's effects, what is missing for a level first ('1 of 3 missing', 'the last missing core
    criterion'), then what completes or adds to a level."""
    return sorted(effects, key=lambda e: "missing" not in e)


def blocks(effects: list[str], shown: int = 2) -> str:
    """'1 of 3 missing for Google MLOps level 2; ... and 1 more': what is missing first."""
    ordered = by_need(effects)
    more = len(ordered) - shown
    return "; ".join(ordered[:shown]) + (f"; and {more} more" if more > 0 else "")


def area_rows(report: Report) -> list[dict[str, Any]]:
    n = criteria_count(report)
    by_area: dict[str, list[Any]] = {}
    for p in report.practices:
        if p.assessed.value != "not_applicable":
            by_area.setdefault(p.area, []).append(p)
    rows = []
    for area, ps in sorted(by_area.items(), key=lambda kv: (area_name(kv[0]).order, kv[0])):
        met = [p for p in ps if p.assessed.value == "met"]
        partial = [p for p in ps if p.assessed.value == "partial"]
        open_ = sorted((p for p in ps if p.assessed.value != "met"), key=lambda p: (-n[p.id], p.name))
        strong = sorted(met, key=lambda p: (-n[p.id], p.name))
        rows.append({
            "name": area_name(area).name, "short": area_name(area).short,
            "met": len(met) + 0.5 * len(partial), "total": len(ps),
            "strength": strong[0].name if strong else "", "gap": open_[0].name if open_ else "",
            "bar": inline_bar(len(met) + 0.5 * len(partial), len(ps)),
        })  # fmt: skip
    return rows


def horizons(report: Report) -> list[dict[str, Any]]:
    out = []
    for h in ("now", "next", "later", "confirm"):
        steps = report.roadmap.by_horizon(h)
        if steps:
            out.append({"id": h, "name": HORIZON_NAMES[h], "help": HORIZON_HELP[h], "steps": steps})
    return out


def plan_summary(report: Report) -> str:
    steps = report.roadmap.steps
    if not steps:
        return "The roadmap is empty: every criterion of the chosen frameworks is met."
    parts = [f"{len(report.roadmap.by_horizon(h))} {h}" for h in ("now", "next", "later", "confirm")]
    return (
        f"{len(steps)} steps in the roadmap: " + ", ".join(p for p in parts if not p.startswith("0 ")) + "."
    )


def not_applicable(report: Report) -> list[dict[str, str]]:
    return [
        {"name": p.name, "reason": p.reason or "not applicable"}
        for p in report.practices
        if p.assessed.value == "not_applicable"
    ]


def confirm_groups(report: Report) -> list[dict[str, Any]]:
    """The questions to confirm, grouped by who should answer them (largest group first)."""
    groups: dict[str, list[Any]] = {}
    for s in report.roadmap.by_horizon("confirm"):
        groups.setdefault(s.role or "the team", []).append(s)
    out = []
    for role, steps in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        items = [{"id": s.question or s.id, "text": question_text(s), "suggested": s.status == "inferred"}
                 for s in steps]  # fmt: skip
        out.append({"role": role, "count": len(steps), "suggested": sum(i["suggested"] for i in items),
                    "questions": items})  # fmt: skip
    return out


def question_text(step: Any) -> str:
    """The question of a 'Confirm with <role>: <question>' step."""
    prefix = f"Confirm with {step.role or 'the team'}: "
    return str(step.title[len(prefix) :] if step.title.startswith(prefix) else step.title)


def confirm_summary(groups: list[dict[str, Any]]) -> str:
    """'32 questions for 5 roles (7 the scan suggests an answer to)'."""
    n = sum(g["count"] for g in groups)
    suggested = sum(g["suggested"] for g in groups)
    roles = len(groups)
    text = f"{n} question{'s' if n != 1 else ''} for {roles} role{'s' if roles != 1 else ''}"
    return text + (f" ({suggested} the scan suggests an answer to)" if suggested else "")

"""The CI gate: a finished Report + Gate settings (+ a baseline) -> Verdict. Pure; prints nothing.

* A minimum compares with the level (levels frameworks; below the first level fails any minimum) or
  the score (points frameworks): the estimate by default, the confirmed figure with ``confirmed``.
* A required practice must be assessed ``met``.
* A waiver (``FRAMEWORK:CRITERION``) counts that criterion as met, and the rating is recomputed by the
  same scoring code as the assessment; an expired waiver is not applied and fails the gate
  (:mod:`maturity.gate.waivers`).
* A baseline fails the gate on any regression; improvements are reported.

The verdict (:class:`maturity.verdict.Verdict`) travels with the report to the renderers;
:func:`explain` puts it in plain lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from maturity.assess.models import CriterionResult, FrameworkRating, Status
from maturity.baseline import Baseline, from_report, improvements, regressions, version_changes
from maturity.config import Gate
from maturity.errors import UserError
from maturity.frameworks.models import LevelsFramework, PointsFramework, Practice
from maturity.gate import waivers
from maturity.gate.explain import explain
from maturity.report import Report
from maturity.verdict import Hint, Holder, Passed, Problem, Verdict, WaiverNote

__all__ = ["evaluate", "explain", "parse_minimums"]

AnyFramework = LevelsFramework | PointsFramework
PASSING = (Status.met, Status.not_applicable)
HOLD_ORDER = {Status.unmet: 0, Status.unknown: 1, Status.partial: 2, Status.inferred: 3}


def parse_minimums(pairs: list[str]) -> dict[str, float]:
    """``--min google=1`` pairs -> {framework: minimum}; bad syntax or a framework twice: usage error."""
    out: dict[str, float] = {}
    for pair in pairs:
        fid, sep, value = pair.partition("=")
        fid = fid.strip()
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not sep or not fid or number != number or number < 0:
            raise UserError(f"--min expects FRAMEWORK=NUMBER (e.g. google=1), got {pair!r}")
        if fid in out:
            raise UserError(f"--min {fid} is given twice ({out[fid]:g} and {number:g}); give it once")
        out[fid] = number
    return out


def evaluate(
    report: Report,
    gate: Gate,
    frameworks: Mapping[str, AnyFramework],
    practices: Mapping[str, Practice] | None = None,
    baseline: Baseline | None = None,
    today: dt.date | None = None,
    baseline_file: str | None = None,
) -> Verdict:
    """Apply the gate to a finished report. Raises UserError for minimums or waivers that make no sense."""
    today = today or dt.date.today()
    _check_minimums(report, gate.min)
    notes = waivers.notes(report, gate, today)
    active = [n for n in notes if not n.expired]
    ratings = {r.id: waivers.with_waivers(r, active, frameworks) for r in report.frameworks}
    verdict = Verdict(warn_only=gate.warn_only, figure="confirmed" if gate.confirmed else "estimate",
                      waivers=notes, warnings=waivers.warnings(notes, today))  # fmt: skip
    verdict.ratings = {fid: _actual(r, gate.confirmed) for fid, r in ratings.items()}
    for fid, minimum in gate.min.items():
        rating = ratings[fid]
        actual = _actual(rating, gate.confirmed)
        label = _label(rating, gate.confirmed)
        if actual is not None and actual >= minimum:
            verdict.met.append(Passed(kind="min", subject=fid, framework=fid, wanted=minimum, got=actual,
                                      label=label))  # fmt: skip
        else:
            verdict.problems.append(_shortfall(report, rating, minimum, frameworks.get(fid), gate.confirmed))
    _required(verdict, report, gate.require, practices or {})
    verdict.problems.extend(_expired(n) for n in notes if n.expired)
    if baseline is not None:
        _against(verdict, baseline, from_report(report), baseline_file)
    return verdict


def _check_minimums(report: Report, minimums: Mapping[str, float]) -> None:
    known = ", ".join(f.id for f in report.frameworks)
    for fid, minimum in minimums.items():
        rating = report.framework(fid)
        if rating is None:
            raise UserError(f"--min {fid}: unknown or unassessed framework (assessed: {known})")
        top = rating.max_level if rating.scoring == "levels" else rating.max_score
        if top is not None and minimum > top:
            raise UserError(f"--min {fid}={minimum:g} can never be met: the highest is {top:g}")


def _actual(rating: FrameworkRating, confirmed: bool = False) -> float | None:
    if rating.scoring == "levels":
        level = rating.confirmed_level if confirmed else rating.level
        return None if level is None else float(level)
    return rating.confirmed_score if confirmed else rating.score


def _label(rating: FrameworkRating, confirmed: bool = False) -> str:
    """e.g. 'level 1 (ML pipeline automation, estimated)' or 'score 0.5 (confirmed)'."""
    which = "confirmed" if confirmed else rating.estimate_basis
    if rating.scoring == "levels":
        level = rating.confirmed_level if confirmed else rating.level
        if level is None:
            return f"below the first {rating.level_label} ({which})"
        name = f"{rating.level_name}, " if level == rating.level and rating.level_name else ""
        return f"{rating.level_label} {level} ({name}{which})"
    score = rating.confirmed_score if confirmed else rating.score
    band = f"{rating.band}, " if rating.band and not confirmed else ""
    return f"score {score or 0:g} ({band}{which})"


def _holding(
    rating: FrameworkRating, minimum: float, fw: AnyFramework | None, confirmed: bool = False
) -> list[CriterionResult]:
    """The criteria that stand between the rating and the minimum."""
    passing = PASSING if confirmed else (*PASSING, Status.inferred)
    if rating.scoring == "levels":
        held = [c for c in rating.criteria if c.level is not None and c.level <= minimum]
        held = [c for c in held if c.status not in passing]
    else:
        aggregate = fw.aggregate if isinstance(fw, PointsFramework) else "sum"
        low = {s.id for s in rating.sections if s.score < minimum} if aggregate == "min" else None
        held = [c for c in rating.criteria if c.status not in passing]
        held = [c for c in held if low is None or c.section in low]
    return sorted(held, key=lambda c: HOLD_ORDER.get(c.status, 3))


def _shortfall(
    report: Report, rating: FrameworkRating, minimum: float, fw: AnyFramework | None, confirmed: bool
) -> Problem:
    held = _holding(rating, minimum, fw, confirmed)
    refs = {f"{rating.id}:{c.id}" for c in held}
    step = next((s for s in report.roadmap.steps if refs & set(s.criteria)), None)
    label = _label(rating, confirmed)
    holders = [
        Holder(criterion=c.id, title=c.title, status=c.status.value, practices=c.practices) for c in held
    ]
    return Problem(
        kind="min", subject=rating.id, framework=rating.id, name=rating.short_name or rating.name,
        wanted=minimum, got=_actual(rating, confirmed), label=label, holding=holders,
        first_step=Hint(title=step.title, how=step.how[0] if step.how else step.why) if step else None,
        message=f"{rating.id} is {label}, below the minimum {minimum:g}",
    )  # fmt: skip


def _required(
    verdict: Verdict, report: Report, require: list[str], practices: Mapping[str, Practice]
) -> None:
    entries = {p.id: p for p in report.practices}
    for pid in require:
        entry = entries.get(pid)
        if entry is None:
            raise UserError(f"--require {pid}: unknown practice", hint="`maturity explain` lists practices")
        status = entry.assessed.value
        if entry.assessed is Status.met:
            verdict.met.append(Passed(kind="required", subject=pid, practice=pid, wanted="met", got=status,
                                      label=entry.name))  # fmt: skip
            continue
        step = next((s for s in report.roadmap.steps if s.practice == pid), None)
        hint = Hint(title=step.title, how=step.how[0] if step.how else step.why) if step else None
        if hint is None and pid in practices:
            hint = Hint(title=practices[pid].name, how=practices[pid].how[0])
        verdict.problems.append(Problem(
            kind="required", subject=pid, practice=pid, name=entry.name, wanted="met", got=status,
            label=status, first_step=hint,
            message=f"required practice {pid} ({entry.name}) is {status}, must be met",
        ))  # fmt: skip


def _expired(note: WaiverNote) -> Problem:
    return Problem(
        kind="expired-waiver", subject=note.criterion, framework=note.criterion.partition(":")[0],
        wanted=str(note.expires), got="expired", reason=note.reason, file=note.file, line=note.line,
        message=f"waiver for {note.criterion} expired on {note.expires} (reason was: {note.reason})",
    )  # fmt: skip


def _against(verdict: Verdict, baseline: Baseline, now: Baseline, file: str | None) -> None:
    verdict.baseline = file or "baseline"
    for r in regressions(baseline, now):
        verdict.problems.append(Problem(
            kind="regression", subject=r.subject, framework=_framework_of(r.subject),
            practice=r.subject.removeprefix("practice ") if r.subject.startswith("practice ") else None,
            wanted=r.before, got=r.now, message=f"regression: {r.subject} was {r.before}, now {r.now}",
        ))  # fmt: skip
    verdict.improvements = improvements(baseline, now)
    verdict.notes = version_changes(baseline, now)
    if not any(p.kind == "regression" for p in verdict.problems):
        verdict.met.append(Passed(kind="baseline", subject=verdict.baseline, label="no regression"))


def _framework_of(subject: str) -> str | None:
    return None if subject.startswith("practice ") else subject.rsplit(" ", 1)[0]

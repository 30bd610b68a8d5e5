"""The CI gate: a finished Report + Gate settings (+ a baseline) -> GateResult. Pure; prints nothing.

* A minimum compares with the level (levels frameworks; below the first level fails any minimum) or
  the score (points frameworks): the estimate by default, the confirmed figure with ``confirmed``.
* A required practice must be assessed ``met``.
* A waiver (``FRAMEWORK:CRITERION``) counts that criterion as met, and the rating is recomputed by the
  same scoring code as the assessment; an expired waiver is not applied and fails the gate.
* A baseline fails the gate on any regression.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel, Field

from maturity.assess import rate
from maturity.assess.models import CriterionResult, FrameworkRating, Status
from maturity.baseline import Baseline, Regression, from_report, regressions, version_changes
from maturity.config import Gate, Waiver
from maturity.errors import ConfigError, UserError
from maturity.frameworks.models import LevelsFramework, PointsFramework, Practice
from maturity.report import Report

AnyFramework = LevelsFramework | PointsFramework
PASSING = (Status.met, Status.not_applicable)
HOLD_ORDER = {Status.unmet: 0, Status.unknown: 1, Status.partial: 2, Status.inferred: 3}
# the verdict fits one screen: the first holders per minimum (unmet first); the JSON keeps them all
MAX_HOLDING_SHOWN = 6


class Hint(BaseModel):
    """The first roadmap step towards meeting something."""

    title: str
    how: str = ""


class Holder(BaseModel):
    criterion: str
    title: str
    status: str


class Shortfall(BaseModel):
    """A framework below its minimum."""

    framework: str
    name: str
    minimum: float
    actual: float | None
    label: str = Field(description="e.g. 'level 0 (Manual process)' or 'score 0.5'")
    holding: list[Holder] = Field(default_factory=list)
    first_step: Hint | None = None


class MissingPractice(BaseModel):
    practice: str
    name: str
    status: str
    first_step: Hint | None = None


class WaiverNote(BaseModel):
    criterion: str
    reason: str
    expires: dt.date | None = None
    expired: bool = False


class Check(BaseModel):
    """A minimum that was met, for the summary."""

    framework: str
    minimum: float
    label: str


class GateResult(BaseModel):
    shortfalls: list[Shortfall] = Field(default_factory=list)
    missing: list[MissingPractice] = Field(default_factory=list)
    waivers: list[WaiverNote] = Field(default_factory=list)
    regressions: list[Regression] = Field(default_factory=list)
    met: list[Check] = Field(default_factory=list)
    ratings: dict[str, float | None] = Field(default_factory=dict, description="after waivers")
    baseline_checked: bool = False
    warn_only: bool = False
    confirmed: bool = False
    notes: list[str] = Field(default_factory=list, description="comparisons that could not be made, and why")
    previous: str | None = Field(
        default=None, description="the previous result compared with (check --previous)"
    )

    @property
    def expired(self) -> list[WaiverNote]:
        return [w for w in self.waivers if w.expired]

    @property
    def problems(self) -> int:
        return len(self.shortfalls) + len(self.missing) + len(self.expired) + len(self.regressions)

    @property
    def passed(self) -> bool:
        return self.problems == 0


def parse_minimums(pairs: list[str]) -> dict[str, float]:
    """``--min google=1`` pairs -> {framework: minimum}; bad syntax is a usage error."""
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
        out[fid] = number
    return out


def evaluate(
    report: Report,
    gate: Gate,
    frameworks: Mapping[str, AnyFramework],
    practices: Mapping[str, Practice] | None = None,
    baseline: Baseline | None = None,
    today: dt.date | None = None,
) -> GateResult:
    """Apply the gate to a finished report. Raises UserError for minimums or waivers that make no sense."""
    today = today or dt.date.today()
    _check_minimums(report, gate.min)
    notes = [_waiver_note(w, today) for w in gate.waivers]
    active = [n for n in notes if not n.expired]
    _check_waivers(report, notes)
    ratings = {r.id: _with_waivers(r, active, frameworks) for r in report.frameworks}
    result = GateResult(waivers=notes, warn_only=gate.warn_only, confirmed=gate.confirmed)
    result.ratings = {fid: _actual(r, gate.confirmed) for fid, r in ratings.items()}
    for fid, minimum in gate.min.items():
        rating = ratings[fid]
        actual = _actual(rating, gate.confirmed)
        if actual is not None and actual >= minimum:
            result.met.append(Check(framework=fid, minimum=minimum, label=_label(rating, gate.confirmed)))
        else:
            result.shortfalls.append(_shortfall(report, rating, minimum, frameworks.get(fid), gate.confirmed))
    result.missing = _missing(report, gate.require, practices or {})
    if baseline is not None:
        now = from_report(report)
        result.regressions = regressions(baseline, now)
        result.notes = version_changes(baseline, now)
        result.baseline_checked = True
    return result


def _check_minimums(report: Report, minimums: Mapping[str, float]) -> None:
    known = ", ".join(f.id for f in report.frameworks)
    for fid, minimum in minimums.items():
        rating = report.framework(fid)
        if rating is None:
            raise UserError(f"--min {fid}: unknown or unassessed framework (assessed: {known})")
        top = rating.max_level if rating.scoring == "levels" else rating.max_score
        if top is not None and minimum > top:
            raise UserError(f"--min {fid}={minimum:g} can never be met: the highest is {top:g}")


def _waiver_note(waiver: Waiver, today: dt.date) -> WaiverNote:
    expired = waiver.expires is not None and waiver.expires < today
    return WaiverNote(
        criterion=waiver.criterion, reason=waiver.reason, expires=waiver.expires, expired=expired
    )


def _check_waivers(report: Report, notes: list[WaiverNote]) -> None:
    for n in notes:
        fid, sep, cid = n.criterion.partition(":")
        if not sep or not fid or not cid:
            raise ConfigError(f"waiver criterion must be FRAMEWORK:CRITERION, got {n.criterion!r}")
        rating = report.framework(fid)
        if rating is not None and all(c.id != cid for c in rating.criteria):
            raise ConfigError(f"waiver {n.criterion!r}: {fid} has no criterion {cid!r}")


def _with_waivers(
    rating: FrameworkRating, active: list[WaiverNote], frameworks: Mapping[str, AnyFramework]
) -> FrameworkRating:
    """The rating recomputed with waived criteria counted as met (the assessment's own scoring code)."""
    waived = {n.criterion.partition(":")[2] for n in active if n.criterion.partition(":")[0] == rating.id}
    fw = frameworks.get(rating.id)
    if not waived or fw is None:
        return rating
    results: dict[str, CriterionResult] = {}
    for c in rating.criteria:
        results[c.id] = c.model_copy(update={"status": Status.met} if c.id in waived else {})
    return rate(fw, results)


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
    report: Report, rating: FrameworkRating, minimum: float, fw: AnyFramework | None, confirmed: bool = False
) -> Shortfall:
    held = _holding(rating, minimum, fw, confirmed)
    refs = {f"{rating.id}:{c.id}" for c in held}
    step = next((s for s in report.roadmap.steps if refs & set(s.criteria)), None)
    return Shortfall(
        framework=rating.id,
        name=rating.short_name or rating.name,
        minimum=minimum,
        actual=_actual(rating, confirmed),
        label=_label(rating, confirmed),
        holding=[Holder(criterion=c.id, title=c.title, status=c.status.value) for c in held],
        first_step=Hint(title=step.title, how=step.how[0] if step.how else step.why) if step else None,
    )


def _missing(report: Report, require: list[str], practices: Mapping[str, Practice]) -> list[MissingPractice]:
    entries = {p.id: p for p in report.practices}
    out = []
    for pid in require:
        entry = entries.get(pid)
        if entry is None:
            raise UserError(f"--require {pid}: unknown practice", hint="`maturity explain` lists practices")
        if entry.assessed is Status.met:
            continue
        step = next((s for s in report.roadmap.steps if s.practice == pid), None)
        hint = Hint(title=step.title, how=step.how[0] if step.how else step.why) if step else None
        if hint is None and pid in practices:
            p = practices[pid]
            hint = Hint(title=p.name, how=p.how[0])
        out.append(
            MissingPractice(practice=pid, name=entry.name, status=entry.assessed.value, first_step=hint)
        )
    return out


def explain(result: GateResult) -> list[str]:
    """The gate's verdict in plain lines: every problem, then what was waived and what was met."""
    verdict = (
        "PASSED" if result.passed else f"FAILED ({result.problems} problem{'s' * (result.problems != 1)})"
    )
    if not result.passed and result.warn_only:
        verdict += " [warn-only: not blocking]"
    lines = [f"maturity check: {verdict}"]
    for s in result.shortfalls:
        lines.append(f"✗ {s.framework}: {s.label}, minimum {s.minimum:g}")
        shown = s.holding[:MAX_HOLDING_SHOWN]
        lines.extend(f"    held down by {h.criterion} ({h.status}): {h.title}" for h in shown)
        if len(s.holding) > len(shown):
            more = len(s.holding) - len(shown)
            lines.append(f"    ... and {more} more (`maturity roadmap` or --format json lists them all)")
        lines.append(_step_line(s.first_step))
    for m in result.missing:
        lines.append(f"✗ required practice {m.practice} ({m.name}) is {m.status}, must be met")
        lines.append(_step_line(m.first_step))
    for w in result.expired:
        lines.append(
            f"✗ waiver for {w.criterion} expired on {w.expires} (reason was: {w.reason}); renew or remove it"
        )
    for r in result.regressions:
        lines.append(f"✗ regression: {r.subject} was {r.before}, now {r.now}")
    lines.extend(f"! {note}" for note in result.notes)
    for w in result.waivers:
        if not w.expired:
            until = f" until {w.expires}" if w.expires else ""
            lines.append(f"~ waived {w.criterion}{until}: {w.reason}")
    lines.extend(f"✓ {c.framework}: {c.label}, minimum {c.minimum:g}" for c in result.met)
    if result.baseline_checked and not result.regressions:
        lines.append("✓ no regression against the baseline")
    if result.previous and not result.regressions:
        lines.append(f"✓ no regression since {result.previous}")
    if len(lines) == 1:
        lines.append("note: no minimum, required practice or baseline is configured: nothing was enforced")
        lines.append(
            "      set them with --min/--require/--baseline or in [tool.maturity.gate] (`maturity init`)"
        )
    return lines


def _step_line(hint: Hint | None) -> str:
    if hint is None:
        return (
            "    first step: answer the open questions (`maturity assess`) to settle what the scan cannot see"
        )
    return f"    first step: {hint.title}" + (f": {hint.how}" if hint.how else "")

"""Waivers with discipline: each names a real criterion, at most one per criterion (checked when the
config is read), an optional maximum length, a warning when one is unused or expires within 30 days,
and an expired one fails the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from maturity.assess import rate
from maturity.assess.models import CriterionResult, FrameworkRating, Status
from maturity.config import Gate, Waiver
from maturity.errors import ConfigError
from maturity.frameworks.models import LevelsFramework, PointsFramework
from maturity.report import Report
from maturity.verdict import WaiverNote

AnyFramework = LevelsFramework | PointsFramework
SOON_DAYS = 30
PASSING = (Status.met, Status.not_applicable)


def notes(report: Report, gate: Gate, today: dt.date) -> list[WaiverNote]:
    """Check every waiver against the report and the gate's rules; a bad one is a ConfigError (exit 2)."""
    out = []
    for waiver in gate.waivers:
        _check(report, waiver, gate.max_waiver_days, today)
        file, line = waiver.where
        expired = waiver.expires is not None and waiver.expires < today
        used = _used(report, waiver, gate)
        out.append(WaiverNote(criterion=waiver.criterion, reason=waiver.reason, expires=waiver.expires,
                              expired=expired, used=used, file=file, line=line))  # fmt: skip
    return out


def _fail(waiver: Waiver, message: str) -> ConfigError:
    file, line = waiver.where
    return ConfigError(message, file=file, line=line, field="gate.waivers")


def _check(report: Report, waiver: Waiver, max_days: int | None, today: dt.date) -> None:
    fid, sep, cid = waiver.criterion.partition(":")
    if not sep or not fid or not cid:
        raise _fail(waiver, f"waiver criterion must be FRAMEWORK:CRITERION, got {waiver.criterion!r}")
    rating = report.framework(fid)
    if rating is not None and all(c.id != cid for c in rating.criteria):
        raise _fail(waiver, f"waiver {waiver.criterion!r}: {fid} has no criterion {cid!r}")
    if max_days is None:
        return
    if waiver.expires is None:
        raise _fail(waiver, f"waiver {waiver.criterion!r} needs an expiry date (gate.max_waiver_days)")
    if (waiver.expires - today).days > max_days:
        latest = today + dt.timedelta(days=max_days)
        raise _fail(
            waiver,
            f"waiver {waiver.criterion!r} runs to {waiver.expires}, more than {max_days} days "
            f"(gate.max_waiver_days); the latest allowed today is {latest}",
        )


def _used(report: Report, waiver: Waiver, gate: Gate) -> bool:
    """A waiver changes something: its framework is gated and its criterion is not passing anyway."""
    fid, _, cid = waiver.criterion.partition(":")
    rating = report.framework(fid)
    if rating is None or fid not in gate.min:
        return False
    criterion = next((c for c in rating.criteria if c.id == cid), None)
    return criterion is not None and criterion.status not in PASSING


def warnings(waivers: list[WaiverNote], today: dt.date) -> list[str]:
    """Unused waivers and waivers that expire within 30 days."""
    out = []
    for w in waivers:
        if w.expired:
            continue
        if not w.used:
            out.append(
                f"waiver for {w.criterion} is unused (met anyway, or its framework has no minimum); remove it"
            )
        if w.expires is not None and (w.expires - today).days <= SOON_DAYS:
            days = (w.expires - today).days
            out.append(f"waiver for {w.criterion} expires on {w.expires} (in {days} day{'s' * (days != 1)})")
    return out


def with_waivers(
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

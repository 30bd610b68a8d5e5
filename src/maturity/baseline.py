"""The baseline: a floor of framework levels/scores and practice statuses a repository must not fall below.

``maturity check --update-baseline`` records today's result; ``--baseline FILE`` fails on any regression:
a lower level or score, or a practice that was ``met`` and is not any more. Improvements are reported too.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from maturity import _files
from maturity.errors import UserError
from maturity.report import Report
from maturity.verdict import Change

DEFAULT_FILE = ".maturity/baseline.json"


class Floor(BaseModel):
    """One framework's recorded rating."""

    scoring: Literal["levels", "points"]
    level: int | None = None
    score: float | None = None
    version: str | None = Field(default=None, description="the framework file's version when recorded")


class Baseline(BaseModel):
    schema_version: Literal[1] = 1
    generated_at: dt.datetime | None = None
    commit: str | None = None
    frameworks: dict[str, Floor] = Field(default_factory=dict)
    practices: dict[str, str] = Field(default_factory=dict, description="practice id -> assessed status")


Regression = Change  # something worse than the baseline says it was


def from_report(report: Report) -> Baseline:
    return Baseline(
        generated_at=report.provenance.generated_at,
        commit=report.target.git.commit if report.target.git else None,
        frameworks={
            f.id: Floor(scoring=f.scoring, level=f.level, score=f.score, version=f.version)
            for f in report.frameworks
        },
        practices={p.id: p.assessed.value for p in report.practices},
    )


def load(file: Path) -> Baseline:
    """Read a baseline; any problem is a usage error (exit 2) naming the file."""
    hint = "create it with `maturity check --update-baseline`"
    if not file.exists():
        raise UserError("baseline file does not exist", file=file, hint=hint)
    text = _files.read_bytes(file, _files.BASELINE_CAP, UserError, "baseline")
    try:
        return Baseline.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(
            f"not a maturity baseline: {first['msg']}", file=file, field=where or None, hint=hint
        ) from None


def save(file: Path, baseline: Baseline) -> None:
    """Write the baseline (atomically, through the one writer of every command)."""
    from maturity.render import write_data

    text = json.dumps(baseline.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    write_data(file, text.encode("utf-8"))


def _level_label(level: int | None) -> str:
    return "below the first level" if level is None else f"level {level}"


def _rank(level: int | None) -> int:
    return -1 if level is None else level


def regressions(baseline: Baseline, now: Baseline) -> list[Change]:
    """Every way ``now`` is worse than ``baseline``; frameworks or practices not assessed now are left out."""
    return _compare(baseline, now, worse=True)


def improvements(baseline: Baseline, now: Baseline) -> list[Change]:
    """Every way ``now`` is better than ``baseline`` (time to record a new floor)."""
    return _compare(baseline, now, worse=False)


def _compare(baseline: Baseline, now: Baseline, worse: bool) -> list[Change]:
    out: list[Change] = []
    for fid, floor in sorted(baseline.frameworks.items()):
        cur = now.frameworks.get(fid)
        if cur is None or _changed(floor, cur):
            continue
        moved = _rank(cur.level) != _rank(floor.level)
        if floor.scoring == "levels" and moved and (_rank(cur.level) < _rank(floor.level)) == worse:
            out.append(Change(subject=f"{fid} level", before=_level_label(floor.level),
                              now=_level_label(cur.level)))  # fmt: skip
        before, score = floor.score or 0.0, cur.score or 0.0
        if floor.scoring == "points" and score != before and (score < before) == worse:
            out.append(Change(subject=f"{fid} score", before=f"{before:g}", now=f"{score:g}"))
    for pid, status in sorted(baseline.practices.items()):
        cur_status = now.practices.get(pid)
        if cur_status is None or cur_status == status or "met" not in (status, cur_status):
            continue
        if (status == "met") == worse:
            out.append(Change(subject=f"practice {pid}", before=status, now=cur_status))
    return out


def _changed(floor: Floor, cur: Floor) -> bool:
    return floor.version is not None and cur.version is not None and floor.version != cur.version


def version_changes(baseline: Baseline, now: Baseline) -> list[str]:
    """Frameworks whose definition changed since the baseline: their figures are not compared."""
    out = []
    for fid, floor in sorted(baseline.frameworks.items()):
        cur = now.frameworks.get(fid)
        if cur is not None and _changed(floor, cur):
            out.append(
                f"{fid}: the framework changed since the baseline ({floor.version} -> {cur.version}); "
                "its level is not compared (record a new baseline with --update-baseline)"
            )
    return out

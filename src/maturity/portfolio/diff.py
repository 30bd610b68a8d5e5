"""What changed between two results of the same repository: ratings, criteria and practices. Pure.

Only what is comparable is compared: a framework whose ``version`` differs between the two results is
named, not compared (its criteria may have changed meaning); a different tool version is noted, since
its detectors may find more or less.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from maturity.assess.models import FrameworkRating
from maturity.report import Report

DIFF_SCHEMA_VERSION = "1"
# how good a status is, to call a change a gain or a loss (not applicable is neither)
RANK = {"met": 4, "present": 4, "inferred": 3, "partial": 2, "unknown": 1, "unmet": 0, "absent": 0}
Change = Literal["gained", "lost", "changed"]


class Side(BaseModel):
    path: str
    commit: str | None = None
    generated_at: dt.datetime
    tool_version: str


class FigureChange(BaseModel):
    framework: str
    name: str
    before: str | None = Field(description="e.g. 'level 1' or 'score 0.5'; None when not assessed")
    after: str | None
    before_value: float | None = None
    after_value: float | None = None
    change: Literal["up", "down", "same", "added", "removed", "not_comparable"]
    note: str | None = None


class StatusChange(BaseModel):
    id: str = Field(description="practice id, or FRAMEWORK:CRITERION")
    title: str
    before: str
    after: str
    change: Change


class Diff(BaseModel):
    schema_version: str = DIFF_SCHEMA_VERSION
    kind: Literal["maturity-diff"] = "maturity-diff"
    old: Side
    new: Side
    frameworks: list[FigureChange] = Field(default_factory=list)
    criteria: list[StatusChange] = Field(default_factory=list)
    practices: list[StatusChange] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def of(self, change: Change) -> list[StatusChange]:
        return [c for c in self.practices if c.change == change]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> str:
        """improved, regressed, mixed or unchanged."""
        ups = [f for f in self.frameworks if f.change == "up"]
        downs = [f for f in self.frameworks if f.change == "down"]
        gained = self.of("gained") + [c for c in self.criteria if c.change == "gained"]
        lost = self.of("lost") + [c for c in self.criteria if c.change == "lost"]
        if (ups or gained) and (downs or lost):
            return "mixed"
        if ups or gained:
            return "improved"
        if downs or lost:
            return "regressed"
        return "unchanged"


def side(report: Report) -> Side:
    git = report.target.git
    return Side(
        path=report.target.path,
        commit=git.commit if git else None,
        generated_at=report.provenance.generated_at,
        tool_version=report.tool.version,
    )


def figure(r: FrameworkRating) -> tuple[str, float | None]:
    """The headline (estimate) as a label and a number (below the first level is -1)."""
    if r.scoring == "points":
        return f"score {r.score or 0:g}", r.score or 0.0
    if r.level is None:
        return f"below the first {r.level_label}", -1.0
    return f"{r.level_label} {r.level}", float(r.level)


def _change(rank_before: int, rank_after: int) -> Change:
    return "gained" if rank_after > rank_before else "lost" if rank_after < rank_before else "changed"


def status_change(sid: str, title: str, before: str, after: str) -> StatusChange | None:
    if before == after:
        return None
    if "not_applicable" in (before, after):
        return StatusChange(id=sid, title=title, before=before, after=after, change="changed")
    return StatusChange(
        id=sid,
        title=title,
        before=before,
        after=after,
        change=_change(RANK.get(before, 1), RANK.get(after, 1)),
    )


def compare_framework(old: FrameworkRating | None, new: FrameworkRating | None) -> FigureChange:
    ref = new or old
    assert ref is not None
    name = ref.short_name or ref.name
    if old is None or new is None:
        label, value = figure(ref)
        if old is None:
            return FigureChange(
                framework=ref.id, name=name, before=None, after=label, after_value=value, change="added"
            )
        return FigureChange(
            framework=ref.id, name=name, before=label, after=None, before_value=value, change="removed"
        )
    (b, bv), (a, av) = figure(old), figure(new)
    if old.version != new.version:
        note = f"the framework changed ({old.version} -> {new.version}): ratings and criteria not compared"
        return FigureChange(
            framework=ref.id,
            name=name,
            before=b,
            after=a,
            before_value=bv,
            after_value=av,
            change="not_comparable",
            note=note,
        )
    change = "up" if (av or 0) > (bv or 0) else "down" if (av or 0) < (bv or 0) else "same"
    return FigureChange(
        framework=ref.id, name=name, before=b, after=a, before_value=bv, after_value=av, change=change
    )


def criteria_changes(old: FrameworkRating, new: FrameworkRating) -> list[StatusChange]:
    before = {c.id: c for c in old.criteria}
    out = []
    for c in new.criteria:
        prev = before.get(c.id)
        if prev is not None:
            ch = status_change(f"{new.id}:{c.id}", c.title, prev.status.value, c.status.value)
            if ch is not None:
                out.append(ch)
    return out


def diff(old: Report, new: Report) -> Diff:
    """Everything that changed from ``old`` to ``new``."""
    result = Diff(old=side(old), new=side(new))
    ids = list(dict.fromkeys([f.id for f in new.frameworks] + [f.id for f in old.frameworks]))
    for fid in ids:
        fc = compare_framework(old.framework(fid), new.framework(fid))
        result.frameworks.append(fc)
        if fc.note:
            result.notes.append(f"{fc.framework}: {fc.note}")
        o, n = old.framework(fid), new.framework(fid)
        if fc.change in ("up", "down", "same") and o is not None and n is not None:
            result.criteria.extend(criteria_changes(o, n))
    before = {p.id: p for p in old.practices}
    for p in new.practices:
        prev = before.get(p.id)
        if prev is not None and (ch := status_change(p.id, p.name, prev.assessed.value, p.assessed.value)):
            result.practices.append(ch)
    result.notes.extend(_notes(old, new))
    return result


def _notes(old: Report, new: Report) -> list[str]:
    notes = []
    if old.tool.version != new.tool.version:
        notes.append(
            f"the results come from maturity {old.tool.version} and {new.tool.version}: "
            "detectors may have changed, so some practice changes may come from the tool"
        )
    a, b = old.target.path.rstrip("/"), new.target.path.rstrip("/")
    if a != b and "." not in (a, b) and a and b:
        notes.append(f"the results are of different targets ({a} and {b})")
    if new.provenance.generated_at < old.provenance.generated_at:
        notes.append("the new result is older than the old one (were the files given in the right order?)")
    return notes

"""The gate's verdict: what ``maturity check`` decided, carried by the finished report (``Report.gate``).

Every renderer reads it from the report (JSON ``gate`` object, SARIF errors, a JUnit suite, the
Markdown job summary...); none of them receives the gate itself. A verdict is data: it prints nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, computed_field

ProblemKind = Literal["min", "required", "regression", "expired-waiver"]


class Hint(BaseModel):
    """The first roadmap step towards meeting something."""

    title: str
    how: str = ""


class Holder(BaseModel):
    """A criterion that holds a framework below its minimum."""

    criterion: str
    title: str
    status: str
    practices: list[str] = Field(default_factory=list)


class Problem(BaseModel):
    """One reason the gate fails."""

    kind: ProblemKind
    subject: str = Field(description="the framework, practice, 'FRAMEWORK level' or waived criterion")
    framework: str | None = None
    practice: str | None = None
    name: str = Field(default="", description="the framework's or practice's name")
    wanted: float | str | None = Field(default=None, description="the minimum, 'met', or the baseline's")
    got: float | str | None = Field(default=None, description="the rating, the status, or today's")
    label: str = Field(
        default="", description="the figure in words, e.g. 'level 0 (Manual process, estimated)'"
    )
    holding: list[Holder] = Field(default_factory=list, description="criteria holding it down, unmet first")
    first_step: Hint | None = None
    reason: str | None = Field(default=None, description="an expired waiver's reason")
    file: str | None = Field(default=None, description="where it is configured (an expired waiver)")
    line: int | None = None
    message: str = Field(description="the problem in one line")


class Passed(BaseModel):
    """A gate rule that holds: a minimum, a required practice, or no regression."""

    kind: Literal["min", "required", "baseline"]
    subject: str
    framework: str | None = None
    practice: str | None = None
    wanted: float | str | None = None
    got: float | str | None = None
    label: str = ""


class Change(BaseModel):
    """A figure that moved since the baseline (a regression or an improvement)."""

    subject: str = Field(description="e.g. 'google level' or 'practice ci_runs_tests'")
    before: str
    now: str


class WaiverNote(BaseModel):
    criterion: str
    reason: str
    expires: dt.date | None = None
    expired: bool = False
    used: bool = Field(default=True, description="false when the criterion is met anyway or not gated")
    file: str | None = None
    line: int | None = None


class Verdict(BaseModel):
    """The gate's result for one repository."""

    warn_only: bool = False
    figure: Literal["estimate", "confirmed"] = Field(
        default="estimate", description="which figure was gated: the estimate (level) or the confirmed one"
    )
    problems: list[Problem] = Field(default_factory=list)
    met: list[Passed] = Field(default_factory=list)
    improvements: list[Change] = Field(default_factory=list, description="better than the baseline")
    waivers: list[WaiverNote] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="unused waivers, waivers expiring soon")
    notes: list[str] = Field(default_factory=list, description="comparisons that could not be made, and why")
    baseline: str | None = Field(default=None, description="the baseline file compared with")
    previous: str | None = Field(default=None, description="the previous result compared with (--previous)")
    ratings: dict[str, float | None] = Field(default_factory=dict, description="after waivers")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def blocking(self) -> bool:
        """Whether the verdict fails the build (a failure under warn-only does not)."""
        return bool(self.problems) and not self.warn_only

    def of_kind(self, kind: ProblemKind) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]

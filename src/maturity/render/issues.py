"""Open items of a report, each at a file that exists (and a line): shared by SARIF, GitLab Code Quality
and the GitHub annotations.

A statement about practices sits at their evidence (its line, a line-bearing proof first), else at the CI
workflow that runs the tests (where a new step would go), else at the project's config file, else at
any file: never at a folder or a file that does not exist. A statement about a whole file sits at line 1.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from maturity.assess.models import Status
from maturity.report import PracticeEntry, Report
from maturity.verdict import Problem

CONFIG_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "README.md", "README.rst", "README")
CI_PRACTICES = ("ci_runs_tests", "ci")
# lower is more important
RANK = {Status.unmet: 0, Status.partial: 1, Status.unknown: 2}
MAX_HOLDERS = 6  # in a one-line message


class Issue(BaseModel):
    """One open item of a report: an unmet/partial/unknown criterion or practice, located at a file."""

    rule_id: str
    kind: str  # "criterion" | "practice"
    title: str
    status: Status
    message: str
    path: str | None
    line: int = 1
    rank: tuple[int, int, int] = (0, 0, 0)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.rule_id.encode()).hexdigest()[:32]


def root_of(report: Report) -> Path:
    """The git root evidence paths are relative to (the scanned folder when it is not in git)."""
    start = Path(report.target.path).resolve()
    return next((d for d in (start, *start.parents) if (d / ".git").exists()), start)


def anchor(report: Report, practice_ids: list[str]) -> tuple[str | None, int]:
    """The file and line a statement about these practices belongs at; (None, 1) in an empty folder."""
    root = root_of(report)
    by_id = {p.id: p for p in report.practices}
    for group in (practice_ids, CI_PRACTICES):
        proofs = [proof for pid in group if pid in by_id for proof in by_id[pid].evidence]
        proofs.sort(key=lambda proof: proof.line is None)  # a proof with a line first
        for proof in proofs:
            if (root / proof.path).is_file():
                own = group is practice_ids and proof.line is not None
                return proof.path, proof.line if own and proof.line else 1
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return name, 1
    return _any_file(root), 1


def problem_anchor(report: Report, problem: Problem) -> tuple[str | None, int]:
    """Where a gate problem belongs: its criteria's practices, its practice, or the waiver's config line."""
    if problem.kind == "expired-waiver" and problem.file:
        try:
            rel = Path(problem.file).resolve().relative_to(root_of(report)).as_posix()
            return rel, problem.line or 1
        except ValueError:
            pass  # a config file outside the repository
    practices = [pid for h in problem.holding for pid in h.practices]
    return anchor(report, [*practices, *([problem.practice] if problem.practice else [])])


@lru_cache(maxsize=8)
def _any_file(root: Path) -> str | None:
    """The shallowest file (hidden folders left out), for a repository with no better place."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if files:
            return (Path(folder) / sorted(files)[0]).relative_to(root).as_posix()
    return None


def issues(report: Report) -> list[Issue]:
    """Open criteria (unmet, partial, unknown) and practices (unmet, partial), most important first."""
    out: list[Issue] = []
    for fw in report.frameworks:
        for c in fw.criteria:
            if c.status not in RANK:
                continue
            path, line = anchor(report, c.practices)
            where = f"{fw.level_label} {c.level}" if c.level is not None else f"section {c.section}"
            message = f"{fw.short_name or fw.name} {where}: {c.title} is {c.status.value}. {c.roadmap}"
            rank = (RANK[c.status], 0, c.level if c.level is not None else 0)
            out.append(Issue(rule_id=f"maturity/{fw.id}/{c.id}", kind="criterion", title=c.title,
                             status=c.status, message=message, path=path, line=line, rank=rank))  # fmt: skip
    for p in report.practices:
        if p.assessed not in (Status.unmet, Status.partial):  # an unknown practice shows via its criteria
            continue
        path, line = anchor(report, [p.id])
        out.append(Issue(rule_id=f"maturity/practice/{p.id}", kind="practice", title=p.name,
                         status=p.assessed, message=practice_message(p), path=path, line=line,
                         rank=(RANK[p.assessed], 1, 0)))  # fmt: skip
    return sorted(out, key=lambda i: i.rank)


def practice_message(p: PracticeEntry) -> str:
    reason = f" ({p.reason})" if p.reason else ""
    return f"Practice {p.name} is {p.assessed.value}{reason}."


def problem_message(p: Problem) -> str:
    """A gate problem in one line, with what holds it down and the first step."""
    text = p.message
    if p.holding:
        shown = [h.criterion for h in p.holding[:MAX_HOLDERS]]
        more = len(p.holding) - len(shown)
        text += "; held down by " + ", ".join(shown) + (f" and {more} more" if more else "")
    if p.first_step:
        text += f". First step: {p.first_step.title.rstrip('.')}"
    return text.rstrip(".") + "."

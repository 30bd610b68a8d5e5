"""GitLab Code Quality report: a JSON array of issues, per GitLab's documented fields.

Each issue has ``description``, ``check_name``, ``fingerprint``, ``severity`` (info, minor, major,
critical or blocker), ``location.path`` and ``location.lines.begin``. A gate problem is a ``blocker``
(``major`` under warn-only), listed first.
"""

from __future__ import annotations

import hashlib
import json

from maturity.assess.models import Status
from maturity.render import RenderOptions
from maturity.render.issues import Issue, issues, problem_anchor, problem_message
from maturity.report import Report
from maturity.verdict import Problem

SEVERITY = {
    ("criterion", Status.unmet): "major",
    ("criterion", Status.partial): "minor",
    ("practice", Status.unmet): "minor",
    ("practice", Status.partial): "minor",
}


def _entry(issue: Issue) -> dict[str, object]:
    return {
        "type": "issue",
        "description": issue.message,
        "check_name": issue.rule_id,
        "fingerprint": hashlib.md5(issue.rule_id.encode(), usedforsecurity=False).hexdigest(),
        "severity": SEVERITY.get((issue.kind, issue.status), "info"),
        "categories": ["Maturity"],
        "location": {"path": issue.path or ".", "lines": {"begin": issue.line}},
    }


def _gate_entry(report: Report, p: Problem, warn_only: bool) -> dict[str, object]:
    path, line = problem_anchor(report, p)
    rule = f"maturity/gate/{p.kind}"
    return {
        "type": "issue",
        "description": problem_message(p),
        "check_name": rule,
        "fingerprint": hashlib.md5(f"{rule}/{p.subject}".encode(), usedforsecurity=False).hexdigest(),
        "severity": "major" if warn_only else "blocker",
        "categories": ["Maturity"],
        "location": {"path": path or ".", "lines": {"begin": line}},
    }


def render(report: Report, options: RenderOptions) -> str:
    gate = (
        [_gate_entry(report, p, report.gate.warn_only) for p in report.gate.problems] if report.gate else []
    )
    return json.dumps(gate + [_entry(i) for i in issues(report)], indent=2)

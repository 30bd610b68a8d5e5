"""GitLab Code Quality report: a JSON array of issues, per GitLab's documented fields.

Each issue has ``description``, ``check_name``, ``fingerprint``, ``severity`` (info, minor, major,
critical or blocker), ``location.path`` and ``location.lines.begin``.
"""

from __future__ import annotations

import hashlib
import json

from maturity.assess.models import Status
from maturity.render import RenderOptions
from maturity.render.sarif import Issue, issues
from maturity.report import Report

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
        "location": {"path": issue.path, "lines": {"begin": issue.line or 1}},
    }


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps([_entry(i) for i in issues(report)], indent=2)

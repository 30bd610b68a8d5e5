"""CircleCI: scheduled workflows."""

from __future__ import annotations

from typing import Any

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import SCHEDULE, System, Workflow, line_of


def _circle_triggers(doc: dict[str, Any], wf: Workflow) -> None:
    scheduled: set[str] = set()
    for flow in (doc.get("workflows") or {}).values() if isinstance(doc.get("workflows"), dict) else []:
        if isinstance(flow, dict) and "schedule" in str(flow.get("triggers", "")):
            wf.trigger_lines[SCHEDULE] = line_of(flow.get("triggers"))
            for item in flow.get("jobs") or []:
                scheduled.add(next(iter(item)) if isinstance(item, dict) else str(item))
    for job in wf.jobs:
        if job.name in scheduled:
            job.triggers = {SCHEDULE}
            wf.triggers.add(SCHEDULE)


SYSTEM = System(
    "CircleCI",
    (".circleci/config.yml", ".circleci/config.yaml"),
    generic("CircleCI", {"push"}, _circle_triggers),
)

"""Azure Pipelines: triggers, pr, schedules, path filters, pipeline resources."""

from __future__ import annotations

from typing import Any

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import MANUAL, SCHEDULE, System, Workflow, line_of


def _azure_triggers(doc: dict[str, Any], wf: Workflow) -> None:
    for key in ("trigger", "pr"):
        paths = doc[key].get("paths") if isinstance(doc.get(key), dict) else None
        include = paths.get("include") if isinstance(paths, dict) else None
        if isinstance(include, list):
            wf.paths.extend(str(p) for p in include)
    if str(doc.get("trigger", "")).lower() == "none":
        wf.triggers.discard("push")
    if "pr" in doc and str(doc["pr"]).lower() != "none":
        wf.triggers.add("pull_request")
    if doc.get("schedules"):
        wf.triggers.add(SCHEDULE)
        wf.trigger_lines[SCHEDULE] = line_of(doc["schedules"])
    resources = doc.get("resources")
    upstream = resources.get("pipelines") if isinstance(resources, dict) else None
    if isinstance(upstream, list) and any(isinstance(p, dict) and p.get("trigger") for p in upstream):
        wf.triggers.add("pipeline")  # runs when another pipeline (e.g. training) completes
    if not wf.triggers:
        wf.triggers.add(MANUAL)


SYSTEM = System(
    "Azure Pipelines",
    (
        "**/azure-pipelines*.yml",
        "**/azure-pipelines*.yaml",
        ".azure-pipelines/**/*.yml",
        ".azure-pipelines/**/*.yaml",
        ".azuredevops/**/*.yml",
        ".pipelines/**/*.yml",
    ),
    generic("Azure Pipelines", {"push"}, _azure_triggers),
)

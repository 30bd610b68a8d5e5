"""Bitbucket Pipelines: default, branches, pull-requests, tags and custom (manual) pipelines."""

from __future__ import annotations

from typing import Any

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import MANUAL, System, Workflow
from maturity.scan.parsers.ci.walk import jobs


def _bitbucket_triggers(doc: dict[str, Any], wf: Workflow) -> None:
    pipelines = doc.get("pipelines")
    if not isinstance(pipelines, dict):
        return
    wf.jobs = []
    kinds = {
        "default": "push",
        "branches": "push",
        "pull-requests": "pull_request",
        "tags": "tag",
        "custom": MANUAL,
    }
    for section, body in pipelines.items():
        for job in jobs(body, "Bitbucket Pipelines", wf.path).values():
            job.name = f"{section}:{job.name}"
            job.triggers = {kinds.get(section, "push")}
            wf.jobs.append(job)
    wf.triggers = {t for j in wf.jobs for t in j.triggers}


SYSTEM = System(
    "Bitbucket Pipelines",
    ("bitbucket-pipelines.yml", "**/bitbucket-pipelines.yml"),
    generic("Bitbucket Pipelines", {"push"}, _bitbucket_triggers),
)

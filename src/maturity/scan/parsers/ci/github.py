"""GitHub Actions: events (path filters, data-change triggers), jobs, steps with working directories."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from maturity.scan.parsers.ci.model import (
    DATA,
    MANUAL,
    SCHEDULE,
    Command,
    Job,
    System,
    Workflow,
    first_doc,
    line_of,
)
from maturity.scan.parsers.ci.walk import walk
from maturity.scan.parsers.yaml_lines import LStr
from maturity.scan.repo import RepoView

_DATA_PATH = re.compile(r"(^|/)data(/|$)|\.dvc\b|dvc\.(lock|yaml)|\.(csv|parquet|jsonl?)\b", re.IGNORECASE)


def github(repo: RepoView, path: str) -> Iterator[Workflow]:
    doc = first_doc(repo, path)
    if doc is None:
        return
    wf = Workflow("GitHub Actions", path)
    _github_triggers(doc.get("on", doc.get("true")), wf)
    jobs = doc.get("jobs")
    for name, body in jobs.items() if isinstance(jobs, dict) else []:
        job = Job(name, line=name.line if isinstance(name, LStr) else 0)
        job.commands = _github_commands(body)
        wf.jobs.append(job)
    yield wf


def _github_commands(body: Any) -> list[Command]:
    """A job's commands, each with its step's (or the job's default) working directory."""
    if not isinstance(body, dict):
        return []
    defaults = body.get("defaults")
    run = defaults.get("run") if isinstance(defaults, dict) else None
    default_cwd = str(run.get("working-directory", "")) if isinstance(run, dict) else ""
    steps = body.get("steps")
    if not isinstance(steps, list):
        return [c for _, c in walk(body)]
    out: list[Command] = []
    for step in steps:
        cwd = step.get("working-directory", default_cwd) if isinstance(step, dict) else default_cwd
        out.extend(replace(c, cwd=str(cwd)) for _, c in walk(step))
    return out


_GH_EVENTS = {
    "push": "push",
    "pull_request": "pull_request",
    "pull_request_target": "pull_request",
    "merge_group": "pull_request",
    "schedule": SCHEDULE,
    "workflow_dispatch": MANUAL,
    "release": "tag",
    "repository_dispatch": "pipeline",
    "workflow_run": "pipeline",
    "workflow_call": "pipeline",
}


def _github_triggers(on: Any, wf: Workflow) -> None:
    events = on if isinstance(on, dict) else dict.fromkeys(on if isinstance(on, list) else [on])
    for event, body in events.items():
        if not isinstance(event, str):
            continue
        kind = _GH_EVENTS.get(event, event)
        if event == "push" and isinstance(body, dict) and "tags" in body and "branches" not in body:
            kind = "tag"
        wf.triggers.add(kind)
        wf.trigger_lines.setdefault(kind, line_of(event) if isinstance(event, LStr) else 0)
        paths = body.get("paths") if isinstance(body, dict) else None
        if isinstance(paths, list) and kind in ("push", "pull_request"):
            wf.paths.extend(str(p) for p in paths)
        if isinstance(paths, list) and any(isinstance(p, str) and _DATA_PATH.search(p) for p in paths):
            wf.triggers.add(DATA)
            wf.trigger_lines[DATA] = line_of(paths)


# files beside a nested .github that make its folder a project of its own (seed code of a template, a sample)
PROJECT_FILES = ("setup.py", "pyproject.toml", "setup.cfg", "requirements.txt", "tox.ini", "Makefile")


def project_root(path: str) -> str:
    """The folder a workflow belongs to: '' for the repository's own, else the nested project's folder."""
    return path.partition(".github/workflows/")[0].rstrip("/")


def active(repo: RepoView, path: str) -> bool:
    """The repository's own workflows, and those of a nested project (seed code a template generates a
    repository from, or a sample project): a folder holding its own ``.github/workflows`` and project files.
    GitHub runs only the root ones here; the nested ones run in the repository made from that folder."""
    root = project_root(path)
    return not root or any(repo.exists(f"{root}/{name}") for name in PROJECT_FILES)


SYSTEM = System(
    "GitHub Actions",
    (
        ".github/workflows/*.yml",
        ".github/workflows/*.yaml",
        "**/.github/workflows/*.yml",
        "**/.github/workflows/*.yaml",
    ),
    github,
    active,
)

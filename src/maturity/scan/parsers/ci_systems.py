"""One extractor per CI system: config file globs -> :class:`Workflow` (jobs, commands, triggers).

Most systems share one walker (commands live under ``run``/``script``/``commands``... keys); triggers
are system-specific. Jenkinsfiles are Groovy and read line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from maturity.scan.parsers.ci_gitlab import gitlab, jenkins
from maturity.scan.parsers.ci_walk import jobs, walk
from maturity.scan.parsers.workflows import (
    DATA,
    MANUAL,
    SCHEDULE,
    Command,
    Extractor,
    Job,
    Workflow,
    line_of,
)
from maturity.scan.parsers.yaml_lines import LStr
from maturity.scan.repo import RepoView

_DATA_PATH = re.compile(r"(^|/)data(/|$)|\.dvc\b|dvc\.(lock|yaml)|\.(csv|parquet|jsonl?)\b", re.IGNORECASE)


def _generic(system: str, default: set[str]) -> Extractor:
    def extract(repo: RepoView, path: str) -> Iterator[Workflow]:
        for doc in repo.yaml_located(path):
            if isinstance(doc, (dict, list)):
                wf = Workflow(system, path, set(default))
                wf.jobs = list(jobs(doc, system, path).values())
                _refine(system, doc, wf)
                yield wf

    return extract


def _refine(system: str, doc: Any, wf: Workflow) -> None:
    """System-specific triggers."""
    if not isinstance(doc, dict):
        return
    if system == "Drone" and isinstance(doc.get("trigger"), dict):
        events = doc["trigger"].get("event")
        names = events if isinstance(events, list) else [events]
        mapping = {"cron": SCHEDULE, "promote": MANUAL, "custom": MANUAL, "tag": "tag"}
        wf.triggers = {mapping.get(str(e), str(e)) for e in names if isinstance(e, str)} or wf.triggers
    if system == "Azure Pipelines":
        _azure_triggers(doc, wf)
    if system == "CircleCI":
        _circle_triggers(doc, wf)
    if system == "Bitbucket Pipelines":
        _bitbucket_triggers(doc, wf)


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


def github(repo: RepoView, path: str) -> Iterator[Workflow]:
    docs = repo.yaml_located(path)
    doc = docs[0] if docs else None
    if not isinstance(doc, dict):
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


SYSTEMS: tuple[tuple[str, tuple[str, ...], Extractor], ...] = (
    ("GitHub Actions", (".github/workflows/*.yml", ".github/workflows/*.yaml"), github),
    (
        "GitLab CI",
        ("**/.gitlab-ci.yml", "**/*.gitlab-ci.yml", ".gitlab/ci/**/*.yml", ".gitlab/ci/**/*.yaml"),
        gitlab,
    ),
    (
        "Azure Pipelines",
        (
            "**/azure-pipelines*.yml",
            "**/azure-pipelines*.yaml",
            ".azure-pipelines/**/*.yml",
            ".azure-pipelines/**/*.yaml",
            ".azuredevops/**/*.yml",
            ".pipelines/**/*.yml",
        ),
        _generic("Azure Pipelines", {"push"}),
    ),
    ("Jenkins", ("**/Jenkinsfile", "**/*.jenkinsfile", "**/Jenkinsfile.*"), jenkins),
    ("CircleCI", (".circleci/config.yml", ".circleci/config.yaml"), _generic("CircleCI", {"push"})),
    (
        "Bitbucket Pipelines",
        ("bitbucket-pipelines.yml", "**/bitbucket-pipelines.yml"),
        _generic("Bitbucket Pipelines", {"push"}),
    ),
    ("Travis CI", (".travis.yml",), _generic("Travis CI", {"push", "pull_request"})),
    (
        "Buildkite",
        (".buildkite/**/*.yml", ".buildkite/**/*.yaml", "buildkite.yml"),
        _generic("Buildkite", {"push"}),
    ),
    (
        "Google Cloud Build",
        ("**/cloudbuild*.yaml", "**/cloudbuild*.yml"),
        _generic("Google Cloud Build", {"default"}),
    ),
    ("AWS CodeBuild", ("**/buildspec*.yml", "**/buildspec*.yaml"), _generic("AWS CodeBuild", {"default"})),
    (
        "Tekton",
        (".tekton/**/*.yaml", ".tekton/**/*.yml", "**/tekton/**/*.yaml", "**/tekton/**/*.yml"),
        _generic("Tekton", {"default"}),
    ),
    ("Drone", (".drone.yml", ".drone.yaml"), _generic("Drone", {"push"})),
)

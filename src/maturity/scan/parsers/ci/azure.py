"""Azure Pipelines: triggers, pr, schedules, path filters, pipeline resources, local templates."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import MANUAL, SCHEDULE, Command, System, Workflow, first_doc, line_of
from maturity.scan.parsers.ci.walk import walk
from maturity.scan.repo import RepoView

TOP_KEYS = frozenset(
    {
        "trigger",
        "pr",
        "schedules",
        "resources",
        "variables",
        "parameters",
        "pool",
        "stages",
        "jobs",
        "steps",
        "name",
        "extends",
        "lockBehavior",
        "appendCommitMessageToRunName",
        "container",
        "workspace",
    }
)
STEP_KEYS = frozenset(
    {"task", "script", "bash", "pwsh", "powershell", "checkout", "template", "download", "publish"}
)
MAX_TEMPLATE_DEPTH = 3
_TOP_LEVEL = re.compile(r"^(?:steps|jobs|stages):", re.MULTILINE)


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


_generic = generic("Azure Pipelines", {"push"}, _azure_triggers)


def azure(repo: RepoView, path: str) -> Iterator[Workflow]:
    """The generic reading, with each local ``- template: file.yml`` replaced by the template's commands."""
    for wf in _generic(repo, path):
        for job in wf.jobs:
            job.commands = list(_inline(repo, path, job.commands, 0))
        wf.jobs = [job for job in wf.jobs if job.commands]
        yield wf


def _inline(repo: RepoView, path: str, commands: list[Command], depth: int) -> Iterator[Command]:
    for cmd in commands:
        target = _template(repo, cmd.path or path, cmd.text) if depth < MAX_TEMPLATE_DEPTH else None
        if target is None:
            yield cmd
            continue
        for doc in repo.yaml_located(target):
            found = [replace(c, path=c.path or target, step=c.step or cmd.step) for _, c in walk(doc)]
            yield from _inline(repo, target, found, depth + 1)


def _template(repo: RepoView, including: str, text: str) -> str | None:
    """The repository file a ``template: x.yml`` command names (relative to the including file, or to
    the root with a leading slash); None for templates in other repositories (``x.yml@repo``)."""
    if not text.startswith("template: ") or "@" in text or "$" in text:
        return None
    ref = text.removeprefix("template: ").strip()
    folder = posixpath.dirname(including)
    target = ref.lstrip("/") if ref.startswith("/") else posixpath.normpath(posixpath.join(folder, ref))
    return target if repo.exists(target) else None


def is_azure_pipeline(repo: RepoView, path: str) -> bool:
    """An Azure Pipelines file under any name: only Azure top-level keys, and steps that are Azure steps
    (``task: Name@N``, ``script``, ``bash``, ``pwsh``, ``checkout``, ``template``...)."""
    text = repo.text(path) or ""
    if "steps:" not in text and "jobs:" not in text and "stages:" not in text:
        return False
    if not any(f"{key}:" in text for key in ("task", "script", "bash", "pwsh", "template")):
        return False
    if not _TOP_LEVEL.search(text):  # Argo/Tekton manifests nest their steps under spec/templates
        return False
    doc = first_doc(repo, path)
    if doc is None or not set(doc) <= TOP_KEYS or not any(k in doc for k in ("stages", "jobs", "steps")):
        return False
    if "parameters" in doc and not {"trigger", "pr", "schedules", "pool", "resources"} & set(doc):
        return False  # a template: read where a pipeline includes it
    return _has_azure_step(doc, 0)


def _has_azure_step(node: Any, depth: int) -> bool:
    if depth > 8:
        return False
    if isinstance(node, list):
        return any(_has_azure_step(item, depth + 1) for item in node)
    if not isinstance(node, dict):
        return False
    steps = node.get("steps")
    if isinstance(steps, list) and any(isinstance(s, dict) and STEP_KEYS & set(s) for s in steps):
        return True
    return any(_has_azure_step(v, depth + 1) for k, v in node.items() if k != "variables")


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
    azure,
    sniff=is_azure_pipeline,
)

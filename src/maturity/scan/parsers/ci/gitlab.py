"""GitLab CI: jobs, rules, only, extends, includes (the root .gitlab-ci.yml is what GitLab runs)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from maturity.scan.parsers.ci.model import (
    MANUAL,
    SCHEDULE,
    Command,
    Job,
    System,
    Workflow,
    first_doc,
    line_of,
    shell_lines,
)
from maturity.scan.parsers.ci.walk import walk
from maturity.scan.parsers.yaml_lines import LStr
from maturity.scan.repo import RepoView

GITLAB_RESERVED = frozenset(
    {
        "image",
        "services",
        "stages",
        "types",
        "before_script",
        "after_script",
        "variables",
        "cache",
        "include",
        "workflow",
        "default",
        "spec",
    }
)


def active(repo: RepoView, path: str) -> bool:
    """GitLab runs the root ``.gitlab-ci.yml``; other GitLab CI files are its includes, or templates."""
    return path == ".gitlab-ci.yml" or repo.exists(".gitlab-ci.yml")


def gitlab(repo: RepoView, path: str) -> Iterator[Workflow]:
    doc = first_doc(repo, path)
    if doc is None:
        return
    wf = Workflow("GitLab CI", path, {"push"})
    workflow = doc.get("workflow")
    wf.triggers |= _gitlab_rules(workflow.get("rules") if isinstance(workflow, dict) else None, wf)
    local, remote = _includes(repo, doc.get("include"))
    if remote:  # templates from elsewhere define jobs we cannot read
        inc = doc["include"]
        wf.jobs.append(Job("include", [Command(f"include: {remote[0]}", line_of(inc))], line=line_of(inc)))
    merged = dict(doc)
    for _, included in local:
        merged = {**included, **merged}
    for source, body_doc in [(path, doc), *local]:
        for job in _jobs(body_doc, merged, wf):
            if source != path:
                job.commands = [replace(c, path=source) for c in job.commands]
            wf.jobs.append(job)
    yield wf


def _jobs(doc: dict[str, Any], merged: dict[str, Any], wf: Workflow) -> Iterator[Job]:
    for name, body in doc.items():
        if name in GITLAB_RESERVED or not isinstance(body, dict) or name.startswith("."):
            continue
        body = _extends(merged, body)
        job = Job(name, line=name.line if isinstance(name, LStr) else 0)
        for key in ("before_script", "script", "after_script"):
            if key in body:
                job.commands.extend(replace(c, step=name) for c in shell_lines(body[key], line_of(body[key])))
        job.commands.extend(c for _, c in walk(body.get("trigger")))
        job.triggers = _gitlab_rules(body.get("rules"), wf) | _gitlab_only(body.get("only"))
        if str(body.get("when", "")) == "manual":
            job.triggers = {MANUAL}
        wf.triggers |= job.triggers
        yield job


def _includes(repo: RepoView, inc: Any, depth: int = 0) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """Local includes read as (path, document), and the names of includes from elsewhere."""
    local: list[tuple[str, dict[str, Any]]] = []
    remote: list[str] = []
    for item in inc if isinstance(inc, list) else [inc] if inc else []:
        ref = item.get("local") if isinstance(item, dict) else item
        if isinstance(item, dict) and not ref:
            remote.append(_include_name(item))
            continue
        targets = _local_files(repo, ref) if depth < 3 else []
        if not targets:
            remote.append(str(ref))
        for target in targets:
            docs = repo.yaml_located(target)
            if docs and isinstance(docs[0], dict):
                local.append((target, docs[0]))
                nested, far = _includes(repo, docs[0].get("include"), depth + 1)
                local.extend(nested)
                remote.extend(far)
    return local, remote


def _local_files(repo: RepoView, ref: Any) -> list[str]:
    if not isinstance(ref, str) or "://" in ref or "$" in ref:
        return []
    target = ref.lstrip("/")
    if "*" in target:
        return repo.glob(target)[:20]
    return [target] if repo.exists(target) else []


def _include_name(item: dict[str, Any]) -> str:
    name = item.get("template") or item.get("project") or item.get("remote") or item.get("component")
    return str(name or item)


def _extends(doc: dict[str, Any], body: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    parents = body.get("extends")
    merged = dict(body)
    for parent in parents if isinstance(parents, list) else [parents] if parents else []:
        base = doc.get(parent)
        if isinstance(base, dict) and depth < 5:
            for k, v in _extends(doc, base, depth + 1).items():
                merged.setdefault(k, v)
    return merged


_GL_SOURCES = {
    "schedule": SCHEDULE,
    "web": MANUAL,
    "merge_request_event": "pull_request",
    "push": "push",
    "api": "pipeline",
    "trigger": "pipeline",
    "pipeline": "pipeline",
}


def _gitlab_rules(rules: Any, wf: Workflow) -> set[str]:
    found: set[str] = set()
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, dict) or str(rule.get("when", "")) == "never":
            continue
        cond = str(rule.get("if", ""))
        for source, kind in _GL_SOURCES.items():
            if re.search(rf"CI_PIPELINE_SOURCE\s*==\s*['\"]{source}['\"]", cond):
                found.add(kind)
                wf.trigger_lines.setdefault(kind, line_of(rule))
        if "CI_COMMIT_TAG" in cond:
            found.add("tag")
        if str(rule.get("when", "")) == "manual":
            found.add(MANUAL)
    return found


def _gitlab_only(only: Any) -> set[str]:
    names = only.get("refs", []) if isinstance(only, dict) else only if isinstance(only, list) else []
    kinds = {
        "schedules": SCHEDULE,
        "tags": "tag",
        "merge_requests": "pull_request",
        "web": MANUAL,
        "pushes": "push",
        "triggers": "pipeline",
        "api": "pipeline",
    }
    return {kinds.get(str(n), "push") for n in names if isinstance(n, str)}


SYSTEM = System(
    "GitLab CI",
    ("**/.gitlab-ci.yml", "**/*.gitlab-ci.yml", ".gitlab/ci/**/*.yml", ".gitlab/ci/**/*.yaml"),
    gitlab,
    active,
)

"""Databricks Asset Bundles and job definitions, read as the jobs, triggers and resources they declare.

A bundle is ``databricks.yml`` (``bundle:``) plus the files its ``include:`` globs name; its resources
(jobs, model serving endpoints, quality monitors, DLT pipelines, registered models) and its ``targets``
(environments, each with variable values and a mode) are collected with their lines. Job definitions
outside bundles (Jobs API JSON/YAML, dbx deployment files) are found by their shape: a ``tasks`` list of
mappings with a ``task_key``.
"""

from __future__ import annotations

import posixpath
import re
import weakref
from dataclasses import dataclass, field
from typing import Any

from maturity.scan.parsers.hcl import resources, to_dict
from maturity.scan.parsers.json_configs import json_configs
from maturity.scan.parsers.yaml_lines import LStr
from maturity.scan.repo import RepoView

BUNDLE_FILES = ("databricks.yml", "databricks.yaml", "bundle.yml", "bundle.yaml")
TASK_KINDS = (
    "notebook_task",
    "spark_python_task",
    "python_wheel_task",
    "spark_jar_task",
    "sql_task",
    "dbt_task",
    "pipeline_task",
    "run_job_task",
    "condition_task",
    "for_each_task",
)
RUNS_KEYS = ("notebook_path", "python_file", "entry_point", "package_name", "main_class_name", "pipeline_id")
_VAR = re.compile(r"\$\{var\.([\w-]+)\}")
TF_LISTS = frozenset({"task", "depends_on"})


@dataclass(frozen=True)
class Task:
    key: str
    line: int
    depends_on: tuple[str, ...]
    runs: str  # the notebook, file or entry point it runs ('' for condition tasks)


@dataclass(frozen=True)
class Trigger:
    kind: str  # schedule, periodic, file_arrival, table_update, continuous
    what: str  # the cron expression, the watched location, ...
    pause: str  # the raw pause_status ('' when not set: the trigger is active)
    line: int


@dataclass
class Resource:
    kind: str  # the bundle resource group: jobs, model_serving_endpoints, quality_monitors, ...
    key: str
    path: str
    line: int
    body: dict[str, Any]


@dataclass
class Target:
    name: str
    line: int
    mode: str
    variables: dict[str, str]
    presets: dict[str, Any]


@dataclass
class Job:
    path: str
    line: int
    name: str
    tasks: list[Task]
    triggers: list[Trigger]
    bundle: Bundle | None = None


@dataclass
class Bundle:
    path: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)

    def of(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.kind == kind]

    def values(self, raw: str) -> dict[str, str]:
        """``raw`` with ``${var.x}`` resolved in each target (or in the defaults when there is none)."""
        targets = self.targets or [Target("default", 0, "", {}, {})]
        return {t.name: self.resolve(raw, t) for t in targets}

    def resolve(self, raw: str, target: Target) -> str:
        def value(m: re.Match[str]) -> str:
            return target.variables.get(m[1], self.variables.get(m[1], ""))

        return _VAR.sub(value, raw)


def line(value: Any, default: int = 0) -> int:
    """The line of a located YAML value or key (0 when unknown, e.g. JSON)."""
    if isinstance(value, LStr):
        return value.line
    if isinstance(value, dict):
        for k in value:
            return k.line if isinstance(k, LStr) else default
    if isinstance(value, list) and value:
        return line(value[0], default)
    return default


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _task(d: dict[str, Any], fallback: int) -> Task:
    deps = tuple(str(x.get("task_key", "")) for x in d.get("depends_on") or [] if isinstance(x, dict))
    spec = _dict(d.get(next((k for k in TASK_KINDS if k in d), "")))
    runs = next((str(spec[k]) for k in RUNS_KEYS if isinstance(spec.get(k), str)), "")
    key = d.get("task_key")
    return Task(str(key or ""), line(key, fallback), deps, runs)


def _triggers(job: dict[str, Any], fallback: int) -> list[Trigger]:
    out: list[Trigger] = []
    schedule = _dict(job.get("schedule"))
    if schedule.get("quartz_cron_expression"):
        cron = schedule["quartz_cron_expression"]
        out.append(
            Trigger("schedule", str(cron), str(schedule.get("pause_status") or ""), line(cron, fallback))
        )
    trigger = _dict(job.get("trigger"))
    for kind in ("periodic", "file_arrival", "table_update", "table"):
        spec = trigger.get(kind)
        if isinstance(spec, dict):
            what = spec.get("url") or spec.get("table_names") or spec.get("interval") or ""
            pause = str(trigger.get("pause_status") or "")
            name = "table_update" if kind == "table" else kind
            out.append(Trigger(name, str(what), pause, line(spec, fallback)))
    continuous = job.get("continuous")
    if isinstance(continuous, dict):
        out.append(
            Trigger("continuous", "", str(continuous.get("pause_status") or ""), line(continuous, fallback))
        )
    return out


def make_job(d: dict[str, Any], path: str, key: str, fallback: int) -> Job:
    settings = _dict(d.get("settings")) or d
    tasks = [_task(t, fallback) for t in settings.get("tasks") or [] if isinstance(t, dict)]
    name = settings.get("name")
    return Job(path, line(d, fallback), str(name or key), tasks, _triggers(settings, fallback))


def _include(repo: RepoView, root: str, data: dict[str, Any]) -> list[str]:
    base = posixpath.dirname(root)
    files: list[str] = []
    for pattern in data.get("include") or []:
        if isinstance(pattern, str):
            full = posixpath.normpath(posixpath.join(base, pattern)) if base else posixpath.normpath(pattern)
            files += [f for f in repo.glob(full) if f.endswith((".yml", ".yaml")) and f != root]
    return files


def _targets(data: dict[str, Any]) -> list[Target]:
    out: list[Target] = []
    for name, spec in _dict(data.get("targets") or data.get("environments")).items():
        spec = _dict(spec)
        variables = {str(k): str(v) for k, v in _dict(spec.get("variables")).items() if isinstance(v, str)}
        out.append(
            Target(str(name), line(name), str(spec.get("mode") or ""), variables, _dict(spec.get("presets")))
        )
    return out


def _variables(data: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in _dict(data.get("variables")).items():
        default = spec.get("default") if isinstance(spec, dict) else spec
        if isinstance(default, str):
            out[str(name)] = default
    return out


def _resources(path: str, data: dict[str, Any]) -> list[Resource]:
    groups = [_dict(data.get("resources"))]
    groups += [_dict(_dict(t).get("resources")) for t in _dict(data.get("targets")).values()]
    out: list[Resource] = []
    for group in groups:
        for kind, items in group.items():
            for key, body in _dict(items).items():
                if isinstance(body, dict):
                    out.append(Resource(str(kind), str(key), path, line(key), body))
    return out


def _bundle(repo: RepoView, path: str) -> Bundle | None:
    docs = repo.yaml_located(path)
    data = _dict(docs[0]) if docs else {}
    if "bundle" not in data:
        return None
    bundle = Bundle(path, str(_dict(data["bundle"]).get("name") or path), _variables(data), _targets(data))
    bundle.resources = _resources(path, data)
    for extra in _include(repo, path, data):
        docs = repo.yaml_located(extra)
        if docs:
            bundle.resources += _resources(extra, _dict(docs[0]))
    for r in bundle.of("jobs"):
        job = make_job(r.body, r.path, r.key, r.line)
        job.line, job.bundle = r.line, bundle
        bundle.jobs.append(job)
    return bundle


def _job_dicts(value: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Mappings shaped like a job (a ``tasks`` list of mappings with ``task_key``), at any depth."""
    if depth > 8:
        return []
    if isinstance(value, list):
        return [j for v in value for j in _job_dicts(v, depth + 1)]
    if not isinstance(value, dict):
        return []
    tasks = value.get("tasks")
    if isinstance(tasks, list) and any(isinstance(t, dict) and "task_key" in t for t in tasks):
        return [value]
    return [j for v in value.values() for j in _job_dicts(v, depth + 1)]


@dataclass
class Databricks:
    bundles: list[Bundle]
    jobs: list[Job]  # every job: bundle jobs first, then standalone definitions


def _read(repo: RepoView) -> Databricks:
    bundles = [b for b in (_bundle(repo, p) for p in repo.named(*BUNDLE_FILES)) if b]
    jobs = [j for b in bundles for j in b.jobs]
    seen = {r.path for b in bundles for r in b.resources} | {b.path for b in bundles}
    yamls = [f for f in repo.with_suffix(".yml", ".yaml") if f not in seen]
    for path in yamls:
        text = repo.text(path) or ""
        if "task_key" in text:
            for d in _job_dicts(repo.yaml_located(path)):
                jobs.append(make_job(d, path, posixpath.basename(path), line(d)))
    for path, block in resources(repo, "databricks_job"):
        body = to_dict(block, TF_LISTS)
        body["tasks"] = body.pop("task", [])
        name = block.labels[1] if len(block.labels) > 1 else "job"
        jobs.append(make_job(body, path, name, block.line))
    for path in json_configs(repo, '"task_key"'):
        text = repo.text(path) or ""
        for d in _job_dicts(repo.json(path)):
            first = text.find('"tasks"')
            jobs.append(make_job(d, path, posixpath.basename(path), text.count("\n", 0, max(first, 0)) + 1))
    return Databricks(bundles, jobs)


_CACHE: weakref.WeakKeyDictionary[RepoView, Databricks] = weakref.WeakKeyDictionary()


def databricks(repo: RepoView) -> Databricks:
    """The bundles and job definitions of the view (read once)."""
    if repo not in _CACHE:
        _CACHE[repo] = _read(repo)
    return _CACHE[repo]

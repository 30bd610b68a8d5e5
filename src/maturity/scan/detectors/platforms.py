"""Detectors for the platforms area: operations declared for Databricks.

Bundles and job definitions (parsed once, in ``scan/parsers/databricks.py``) are read as the operations
they declare: a multi-task job is a pipeline, its unpaused schedule continuous training, a serving
endpoint model serving, a bundle that CI deploys pipeline and automated deployment. The other platforms
are in ``platforms_cloud.py`` (Azure ML, Google Cloud, MLRun) and ``platforms_iac.py`` (Terraform,
Kubernetes, Pachyderm).
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from maturity.scan.detectors._declared import Declared, ci_runs, trains
from maturity.scan.detectors._tools import is_test_path, is_weak_path
from maturity.scan.models import Finding
from maturity.scan.parsers.databricks import Bundle, Job, Task, Trigger, databricks
from maturity.scan.parsers.platform_code import Call, calls, candidates
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

BUNDLE_DEPLOY = re.compile(r"\bdatabricks\s+bundle\s+deploy\b")
DEPLOYS = re.compile(r"(?i)deploy|serving|endpoint")
DBX_SDK = ("serving_endpoints.", "quality_monitors.", "lakehouse_monitors.")
ENDPOINT_CALLS = frozenset({"create", "create_and_wait", "update_config", "update_config_and_wait"})


@detector(
    id="platforms.databricks",
    practices=[
        "pipeline_orchestration",
        "continuous_training",
        "data_pipeline",
        "model_serving",
        "progressive_delivery",
        "monitoring",
        "drift_detection",
        "model_registry",
        "automated_deployment",
        "pipeline_deployment",
        "multiple_environments",
    ],
    summary="Databricks Asset Bundles and job definitions: multi-task jobs (pipelines), schedules and file "
    "arrival triggers that start training (paused ones, per target, are partial), model serving endpoints "
    "(traffic splits), quality monitors (drift with a baseline), bundle targets (environments), a bundle "
    "deployed by CI (pipeline and automated deployment), Databricks SDK endpoint and monitor calls.",
    inputs=["**/databricks.yml", "**/resources/*.yml", "**/*.json", "**/*.py", "**/*.ipynb"],
    limits="Training is recognised by the task key or the script name (train, fit); jobs created in the "
    "workspace UI and schedules changed there are not seen.",
)
def databricks_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.databricks")
    dbx = databricks(repo)
    for job in dbx.jobs:
        if not is_test_path(job.path):
            _job(found, job)
    for bundle in dbx.bundles:
        _resources(found, bundle)
        _targets(found, bundle)
    if any(b.jobs or b.resources for b in dbx.bundles):
        _bundle_ci(found, repo, any(b.jobs for b in dbx.bundles))
    _sdk(found, repo)
    yield from found.findings()


def _job_name(job: Job) -> str:
    return job.name.replace("${bundle.name}", job.bundle.name) if job.bundle else job.name


def _job(found: Declared, job: Job) -> None:
    name, keys = _job_name(job), {t.key: t for t in job.tasks}
    if len(job.tasks) >= 2:
        chain = " -> ".join(t.key for t in job.tasks)
        found.add("pipeline_orchestration", job.path, job.line, f"Databricks job {name}: {chain}")
    training = [t for t in job.tasks if trains(t.key, posixpath.basename(t.runs))]
    for t in training:
        for before in _upstream(t, keys) - {x.key for x in training}:
            detail = f"Databricks job {name}: task {before} prepares data for {t.key}"
            found.add("data_pipeline", job.path, keys[before].line, detail)
    after = [t for t in job.tasks if any(x.key in _upstream(t, keys) for x in training)]
    started = any(_active(job, trigger)[0] for trigger in job.triggers)
    for t in after if started else ():  # as for an Airflow DAG: the job must start without a person
        if DEPLOYS.search(t.key) or DEPLOYS.search(posixpath.basename(t.runs)):
            detail = f"Databricks job {name}: task {t.key} deploys the model after training"
            found.add("automated_deployment", job.path, t.line, detail)
    if training:
        for trigger in job.triggers:
            _trigger(found, job, name, trigger, training[0])


def _upstream(task: Task, keys: dict[str, Task]) -> set[str]:
    seen: set[str] = set()
    todo = list(task.depends_on)
    while todo:
        key = todo.pop()
        if key in keys and key not in seen:
            seen.add(key)
            todo.extend(keys[key].depends_on)
    return seen


def _trigger(found: Declared, job: Job, name: str, trigger: Trigger, task: Task) -> None:
    what = f"{trigger.kind.replace('_', ' ')} {trigger.what}".strip()
    active, paused = _active(job, trigger)
    detail = f"Databricks job {name}: {what} starts {task.key}"
    if active:
        where = f" (unpaused in {', '.join(active)})" if job.bundle and job.bundle.targets else ""
        found.add("continuous_training", job.path, trigger.line, detail + where)
    else:
        reason = f"the {what} of Databricks job {name} is PAUSED" + (
            f" in every target ({', '.join(paused)})" if paused else ""
        )
        found.add("continuous_training", job.path, trigger.line, detail + " (paused)", partial=reason)


def _active(job: Job, trigger: Trigger) -> tuple[list[str], list[str]]:
    """The targets where the trigger runs, and those where it is paused (dev mode pauses triggers)."""
    if job.bundle is None:
        return ([], []) if trigger.pause.upper() == "PAUSED" else (["workspace"], [])
    active: list[str] = []
    paused: list[str] = []
    targets = job.bundle.targets or []
    values = job.bundle.values(trigger.pause)
    for name, value in values.items():
        target = next((t for t in targets if t.name == name), None)
        preset = str(target.presets.get("trigger_pause_status") or "") if target else ""
        status = (value or preset).upper()
        dev = target is not None and target.mode == "development"
        (paused if dev or status == "PAUSED" else active).append(name)
    return active, paused


def _resources(found: Declared, bundle: Bundle) -> None:
    for r in bundle.of("model_serving_endpoints"):
        found.add("model_serving", r.path, r.line, f"Databricks model serving endpoint {r.key}")
        _endpoint_config(found, r.path, r.line, r.key, r.body)
    for r in bundle.of("quality_monitors"):
        table = r.body.get("table_name") or r.key
        found.add("monitoring", r.path, r.line, f"Databricks quality monitor on {table}")
        if r.body.get("baseline_table_name") or "DRIFT" in str(r.body.get("custom_metrics") or ""):
            found.add(
                "drift_detection", r.path, r.line, f"quality monitor on {table} compares with a baseline"
            )
    for r in bundle.of("registered_models") + bundle.of("models"):
        found.add("model_registry", r.path, r.line, f"Databricks registered model {r.key}")
    for r in bundle.of("pipelines"):
        found.add("data_pipeline", r.path, r.line, f"Delta Live Tables pipeline {r.key}")


def _endpoint_config(found: Declared, path: str, at: int, name: str, body: dict[str, Any]) -> None:
    config = _mapping(body.get("config"))
    routes = _mapping(config.get("traffic_config")).get("routes")
    shares = [str(r.get("traffic_percentage", "")) for r in routes or [] if isinstance(r, dict)]
    if len([s for s in shares if s not in ("", "0", "100")]) >= 2:
        found.add("progressive_delivery", path, at, f"endpoint {name} splits traffic {'/'.join(shares)}")
    if config.get("auto_capture_config") or "inference_table_config" in _mapping(body.get("ai_gateway")):
        found.add("monitoring", path, at, f"endpoint {name} logs requests to an inference table")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _targets(found: Declared, bundle: Bundle) -> None:
    names = [t.name for t in bundle.targets]
    if not names:
        return
    detail = f"Databricks bundle targets: {', '.join(names)}"
    first = bundle.targets[0].line
    found.add(
        "multiple_environments",
        bundle.path,
        first,
        detail,
        partial="" if len(names) > 1 else "one target only",
    )


def _bundle_ci(found: Declared, repo: RepoView, has_jobs: bool) -> None:
    """CI jobs that run ``databricks bundle deploy`` (directly or through a make target or script)."""
    for run in ci_runs(repo, BUNDLE_DEPLOY):
        detail = f"CI deploys the Databricks bundle {run.detail}"
        partial = "" if run.auto else "the Databricks bundle is deployed by CI only on a manual trigger"
        found.add("automated_deployment", run.path, run.line, detail, partial)
        if has_jobs:
            found.add("pipeline_deployment", run.path, run.line, detail, partial)


def _sdk(found: Declared, repo: RepoView) -> None:
    """Databricks SDK calls that create serving endpoints and quality monitors."""
    for path in candidates(repo, *DBX_SDK):
        if is_weak_path(path):
            continue
        for call in calls(repo, path):
            _sdk_call(found, call)


def _sdk_call(found: Declared, call: Call) -> None:
    parts = call.name.split(".")
    owner = parts[-2] if len(parts) > 1 else ""
    if owner == "serving_endpoints" and call.last in ENDPOINT_CALLS:
        detail = f"creates or updates a Databricks model serving endpoint ({owner}.{call.last})"
        found.add("model_serving", call.path, call.line, detail)
    elif owner in ("quality_monitors", "lakehouse_monitors") and call.last == "create":
        detail = f"creates a Databricks Lakehouse quality monitor ({owner}.create)"
        found.add("monitoring", call.path, call.line, detail)
        baseline = call.keyword("baseline_table_name")
        metrics = call.keyword("custom_metrics")
        if baseline is not None or (metrics is not None and "DRIFT" in _src(metrics)):
            found.add(
                "drift_detection",
                call.path,
                call.line,
                "Lakehouse monitor with a baseline table or drift metrics",
            )


def _src(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except (ValueError, RecursionError):  # pragma: no cover (a parsed node unparses)
        return ""


DETECTORS: list[Detector] = [databricks_ops]

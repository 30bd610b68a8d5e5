"""Detectors for the platforms area: operations declared for Azure ML and Google Cloud.

Azure ML specs are read by their ``$schema`` (an online deployment is model serving, a traffic split
progressive delivery, a schedule that creates a training job continuous training, a monitor with drift
signals drift detection, a data asset data versioning). Google Cloud: Cloud Functions that submit a
pipeline run on an event, gcloud scripts, Cloud Monitoring dashboards, compiled Vertex/KFP pipeline specs.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from maturity.scan.detectors._declared import Declared, trains
from maturity.scan.detectors._tools import is_test_path, is_weak_path
from maturity.scan.models import Finding
from maturity.scan.parsers import azureml
from maturity.scan.parsers.json_configs import json_configs
from maturity.scan.parsers.platform_code import Call, calls, candidates, dotted, module
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

SERVING = {
    "managedonlinedeployment": "managed online deployment",
    "kubernetesonlinedeployment": "Kubernetes online deployment",
    "batchdeployment": "batch deployment",
    "managedonlineendpoint": "managed online endpoint",
    "kubernetesonlineendpoint": "Kubernetes online endpoint",
    "batchendpoint": "batch endpoint",
}
DRIFT_SIGNALS = frozenset({"data_drift", "prediction_drift", "feature_attribution_drift"})
SUBMITS = frozenset({"create_run_from_job_spec", "create_pipeline_job"})
EVENT_ARGS = (["event", "context"], ["data", "context"], ["cloud_event"])
DASHBOARD_LAYOUTS = ("gridLayout", "mosaicLayout", "rowLayout", "columnLayout")
GCLOUD = re.compile(
    r"^\s*gcloud\s+(?:beta\s+)?(?P<what>scheduler\s+jobs\s+create\s+http\b.*pipelineJobs"
    r"|ai\s+model-monitoring-jobs\s+create\b|ai\s+endpoints\s+(?:create|deploy-model)\b)"
)
DRIFT_FLAGS = re.compile(
    r"--(?:feature-thresholds|feature-attribution-thresholds|drift)\b|drift", re.IGNORECASE
)


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@detector(
    id="platforms.azureml",
    practices=[
        "model_serving",
        "progressive_delivery",
        "monitoring",
        "drift_detection",
        "continuous_training",
        "data_versioning",
        "model_registry",
        "hyperparameter_tuning",
    ],
    summary="Azure ML v2 YAML by its $schema: online/batch endpoints and deployments (model serving; a "
    "traffic split or mirrored traffic is progressive delivery; data collection is monitoring), schedules "
    "that create a training job (continuous training) or a monitor (drift signals), data assets (data "
    "versioning), model assets (registry), sweep jobs (tuning).",
    inputs=["**/*.yml", "**/*.yaml"],
    limits="Only v2 specs with an Azure ML $schema; whether a schedule's job trains is judged by its step "
    "names, components and commands (train, fit).",
)
def azureml_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.azureml")
    for spec in azureml.specs(repo):
        if is_test_path(spec.path):
            continue
        name = str(spec.get("name") or posixpath.basename(spec.path))
        if spec.kind in SERVING:
            _serving(found, spec, name)
        elif spec.kind == "schedule":
            _schedule(found, repo, spec, name)
        elif spec.kind == "data":
            version = (
                f" version {spec.get('version')}" if spec.get("version") else " (versioned when registered)"
            )
            found.add("data_versioning", spec.path, spec.line, f"Azure ML data asset {name}{version}")
        elif spec.kind == "model":
            found.add("model_registry", spec.path, spec.line, f"Azure ML model asset {name}")
        elif spec.kind == "sweepjob" or any(
            _map(j).get("type") == "sweep" for j in _map(spec.get("jobs")).values()
        ):
            found.add("hyperparameter_tuning", spec.path, spec.line, f"Azure ML sweep job {name}")
    yield from found.findings()


def _serving(found: Declared, spec: azureml.Spec, name: str) -> None:
    label = SERVING[spec.kind]
    endpoint = f" of endpoint {spec.get('endpoint_name')}" if spec.get("endpoint_name") else ""
    model = f", model {spec.get('model')}" if isinstance(spec.get("model"), str) else ""
    found.add("model_serving", spec.path, spec.line, f"Azure ML {label} {name}{endpoint}{model}")
    traffic = {str(k): str(v) for k, v in _map(spec.get("traffic")).items()}
    if len([v for v in traffic.values() if v not in ("0", "100")]) >= 2:
        split = ", ".join(f"{k}={v}" for k, v in traffic.items())
        found.add("progressive_delivery", spec.path, spec.line, f"endpoint {name} splits traffic: {split}")
    if _map(spec.get("mirror_traffic")):
        found.add("progressive_delivery", spec.path, spec.line, f"endpoint {name} mirrors traffic (shadow)")
    collections = _map(_map(spec.get("data_collector")).get("collections"))
    if any(str(_map(c).get("enabled", "")).lower() == "true" for c in collections.values()):
        found.add("monitoring", spec.path, spec.line, f"deployment {name} collects {', '.join(collections)}")


def _schedule(found: Declared, repo: RepoView, spec: azureml.Spec, name: str) -> None:
    trigger = _map(spec.get("trigger"))
    when = trigger.get("expression") or f"every {trigger.get('interval', 1)} {trigger.get('frequency', '')}"
    monitor = _map(spec.get("create_monitor"))
    if monitor:
        found.add("monitoring", spec.path, spec.line, f"Azure ML model monitor {name} ({when})")
        for signal, body in _map(monitor.get("monitoring_signals")).items():
            if str(_map(body).get("type", "")) in DRIFT_SIGNALS:
                line = getattr(signal, "line", spec.line)
                found.add(
                    "drift_detection", spec.path, line, f"monitor {name}: {_map(body).get('type')} signal"
                )
    job = spec.get("create_job")
    if job is None:
        return
    ref = _map(job).get("job") if isinstance(job, dict) and "jobs" not in job else job
    target = azureml.referenced(repo, spec, ref) if isinstance(ref, str) else ref
    body = target.body if isinstance(target, azureml.Spec) else target
    detail = f"Azure ML schedule {name} ({when}) creates job {ref if isinstance(ref, str) else 'inline'}"
    if (isinstance(body, dict) and _spec_trains(body)) or (isinstance(body, str) and trains(body)):
        found.add("continuous_training", spec.path, spec.line, detail + ", which trains")
    else:
        reason = f"Azure ML schedule {name} creates a job that does not train or is not in the repository"
        found.add("continuous_training", spec.path, spec.line, detail, partial=reason)


def _spec_trains(body: dict[str, Any]) -> bool:
    names = [str(body.get("command", "")), str(body.get("display_name", ""))]
    for key, job in _map(body.get("jobs")).items():
        names += [str(key), str(_map(job).get("component", "")), str(_map(job).get("command", ""))]
    return trains(*names)


@detector(
    id="platforms.gcp",
    practices=[
        "continuous_training",
        "monitoring",
        "drift_detection",
        "model_serving",
        "pipeline_orchestration",
    ],
    summary="Google Cloud: a Cloud Function that submits a Vertex AI/KFP pipeline run on a Pub/Sub or "
    "Cloud Storage event (continuous training; an HTTP function is partial), gcloud scripts that schedule "
    "pipeline runs (Cloud Scheduler), create model monitoring jobs (drift/skew thresholds) or endpoints, "
    "Cloud Monitoring dashboard definitions (monitoring), compiled Vertex AI/KFP pipeline specs (JSON or "
    "YAML).",
    inputs=["**/*.py", "**/*.sh", "**/*.json", "**/*.yaml"],
    limits="Which topic or bucket fires the function is configured at deploy time and not read; the "
    "submitted pipeline is assumed to be the repository's training pipeline.",
)
def gcp_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.gcp")
    for path in candidates(repo, "PipelineJob", *SUBMITS):
        if path.endswith(".py") and not is_weak_path(path):
            _cloud_functions(found, repo, path)
    for path in repo.with_suffix(".sh"):
        if "gcloud" in (repo.text(path) or "") and not is_weak_path(path):
            _gcloud(found, path, repo.lines(path))
    for path in json_configs(repo, *DASHBOARD_LAYOUTS):
        data = _map(repo.json(path))
        if data.get("displayName") and any(k in data for k in DASHBOARD_LAYOUTS):
            found.add("monitoring", path, 1, f"Cloud Monitoring dashboard {data['displayName']}")
    for path in _pipeline_specs(repo):
        data = _map(repo.json(path) if path.endswith(".json") else repo.yaml(path))
        spec = _map(data.get("pipelineSpec")) or data
        if "pipelineInfo" in spec and "deploymentSpec" in spec and not is_test_path(path):
            what = _map(spec["pipelineInfo"]).get("name", "")
            found.add("pipeline_orchestration", path, 1, f"compiled Vertex AI/KFP pipeline spec {what}")
    yield from found.findings()


def _pipeline_specs(repo: RepoView) -> list[str]:
    """Compiled KFP v2 / Vertex AI pipeline specs: JSON (``pipelineSpec``) or the YAML IR."""
    yamls = [p for p in repo.with_suffix(".yaml", ".yml") if "deploymentSpec:" in (repo.text(p) or "")]
    return json_configs(repo, '"deploymentSpec"') + yamls


def _cloud_functions(found: Declared, repo: RepoView, path: str) -> None:
    mod = module(repo, path)
    if mod is None:
        return
    submitting = _submitting(calls(repo, path))
    for node in mod.tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        args = [a.arg for a in node.args.args]
        decorators = {
            dotted(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1] for d in node.decorator_list
        }
        event = args in EVENT_ARGS or "cloud_event" in decorators
        http = args == ["request"] or "http" in decorators
        called = {dotted(c.func) for c in ast.walk(node) if isinstance(c, ast.Call)}
        if not (event or http) or not (node.name in submitting or called & submitting):
            continue
        detail = f"Cloud Function {node.name}({', '.join(args)}) submits a pipeline run"
        if event:
            found.add(
                "continuous_training", path, mod.line(node), detail + " on each event (Pub/Sub or Storage)"
            )
        else:
            reason = (
                f"an HTTP function ({node.name}) submits a pipeline run; its caller is not in the repository"
            )
            found.add("continuous_training", path, mod.line(node), detail, partial=reason)


def _gcloud(found: Declared, path: str, lines: list[str]) -> None:
    """gcloud commands in a script (continuation lines joined) that schedule pipelines, monitor, serve."""
    start, buffer = 0, ""
    for n, raw in enumerate(lines, 1):
        start, buffer = (start or n), buffer + raw.rstrip("\\").strip() + " "
        if raw.rstrip().endswith("\\"):
            continue
        m = GCLOUD.match(buffer)
        text, at = buffer.strip(), start
        start, buffer = 0, ""
        if m is None:
            continue
        what = m.group("what")
        if what.startswith("scheduler"):
            found.add(
                "continuous_training", path, at, f"Cloud Scheduler job runs a Vertex AI pipeline: {text[:70]}"
            )
        elif what.startswith("ai model-monitoring"):
            found.add("monitoring", path, at, f"Vertex AI model monitoring job: {text[:70]}")
            if DRIFT_FLAGS.search(text):
                found.add("drift_detection", path, at, "Vertex AI monitoring job with drift/skew thresholds")
        else:
            found.add("model_serving", path, at, f"Vertex AI endpoint: {text[:70]}")


def _submitting(found: list[Call]) -> set[str]:
    """Functions of the module that submit a pipeline run (PipelineJob(...).submit/run, job spec runs)."""
    by_function: dict[str, set[str]] = {}
    for c in found:
        by_function.setdefault(c.function, set()).add(c.last)
    return {
        f
        for f, names in by_function.items()
        if f and (names & SUBMITS or ("PipelineJob" in names and names & {"submit", "run"}))
    }


DETECTORS: list[Detector] = [azureml_ops, gcp_ops]

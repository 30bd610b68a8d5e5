"""Detectors for the platforms area: operations declared in Terraform, Kubernetes manifests and Pachyderm.

Terraform resource blocks are read with their arguments (``scan/parsers/hcl.py``): an EventBridge rule
whose target is a SageMaker pipeline is continuous training, an endpoint with canary traffic routing is
progressive delivery. Kubernetes manifests (``scan/parsers/k8s.py``): Seldon/KServe serving, traffic
splits, payload loggers, explainers, training CronJobs, GitOps controllers that deploy automatically.
Pachyderm pipeline specs: versioned data repositories that re-run the pipelines reading them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from maturity.scan.detectors._commands import Kind, kinds
from maturity.scan.detectors._declared import Declared, ci_runs, trains
from maturity.scan.detectors._tools import is_test_path
from maturity.scan.models import Finding
from maturity.scan.parsers.hcl import Block, resources
from maturity.scan.parsers.json_configs import json_configs
from maturity.scan.parsers.k8s import Manifest, manifests
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

TF_SERVING = {
    "aws_sagemaker_endpoint": "SageMaker endpoint",
    "google_vertex_ai_endpoint": "Vertex AI endpoint",
    "databricks_model_serving": "Databricks model serving endpoint",
    "azurerm_machine_learning_inference_cluster": "Azure ML inference cluster",
}
TF_REGISTRY = {
    "aws_sagemaker_model_package_group": "SageMaker model package group",
    "databricks_registered_model": "Databricks registered model",
    "databricks_mlflow_model": "Databricks MLflow model",
}
TF_FEATURES = {
    "aws_sagemaker_feature_group": "SageMaker feature group",
    "google_vertex_ai_featurestore": "Vertex AI feature store",
    "google_vertex_ai_feature_online_store": "Vertex AI feature online store",
    "google_vertex_ai_feature_group": "Vertex AI feature group",
}
TF_MONITORS = {
    "databricks_quality_monitor": "Databricks quality monitor",
    "databricks_lakehouse_monitor": "Databricks quality monitor",
    "aws_sagemaker_data_quality_job_definition": "SageMaker data quality monitor",
    "aws_sagemaker_model_quality_job_definition": "SageMaker model quality monitor",
}
TF_PIPELINES = {"aws_sagemaker_pipeline": "SageMaker pipeline", "databricks_job": "Databricks job"}
TF_APPLY = re.compile(r"\b(?:terraform|terragrunt)\b.*\bapply\b")
SERVING_KINDS = {
    "SeldonDeployment": "seldon.io",
    "InferenceService": "",
    "InferenceGraph": "kserve.io",
    "TrainedModel": "kserve.io",
    "Model": "mlops.seldon.io",
}


def _name(block: Block) -> str:
    return block.labels[1] if len(block.labels) > 1 else block.labels[0]


def _child(block: Block, *path: str) -> Block | None:
    for type_ in path:
        found = block.children(type_)
        if not found:
            return None
        block = found[0]
    return block


@detector(
    id="platforms.terraform",
    practices=[
        "model_serving",
        "progressive_delivery",
        "monitoring",
        "drift_detection",
        "continuous_training",
        "pipeline_orchestration",
        "pipeline_deployment",
        "model_registry",
        "feature_store",
    ],
    summary="Terraform resources read with their arguments: endpoints (SageMaker, Vertex AI, Databricks "
    "serving), canary/linear routing or weighted and shadow variants, data capture and quality monitors "
    "(a baseline is drift detection), EventBridge rules whose target is a SageMaker pipeline and Cloud "
    "Scheduler jobs that start Vertex pipelines, pipeline resources deployed by CI (terraform apply), "
    "registries and feature stores.",
    inputs=["**/*.tf"],
    limits="Modules from registries and values passed through variables are not followed; an EventBridge "
    "target that is a Lambda or CodePipeline is not followed to what it starts.",
)
def terraform_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.terraform")
    blocks = [(p, b) for p, b in resources(repo) if not is_test_path(p)]
    for path, block in blocks:
        kind, name = block.labels[0], _name(block)
        if kind in TF_SERVING:
            found.add("model_serving", path, block.line, f"{TF_SERVING[kind]} {name} ({kind})")
        for practice, table in (("model_registry", TF_REGISTRY), ("feature_store", TF_FEATURES)):
            if kind in table:
                found.add(practice, path, block.line, f"{table[kind]} {name} ({kind})")
        if kind in TF_MONITORS:
            found.add("monitoring", path, block.line, f"{TF_MONITORS[kind]} {name}")
            if block.get("baseline_table_name") or _child(block, "data_quality_baseline_config"):
                found.add(
                    "drift_detection", path, block.line, f"{TF_MONITORS[kind]} {name} checks a baseline"
                )
        if kind in TF_PIPELINES and (kind != "databricks_job" or len(block.children("task")) >= 2):
            found.add("pipeline_orchestration", path, block.line, f"{TF_PIPELINES[kind]} {name} ({kind})")
        _traffic(found, path, block, kind, name)
    _rules(found, blocks)
    _schedulers(found, blocks)
    if any(b.labels[0] in TF_PIPELINES for _, b in blocks):
        for run in ci_runs(repo, TF_APPLY):
            partial = (
                "" if run.auto else "terraform apply of the pipeline resources runs only on a manual trigger"
            )
            found.add(
                "pipeline_deployment", run.path, run.line, f"CI applies Terraform {run.detail}", partial
            )
    yield from found.findings()


def _traffic(found: Declared, path: str, block: Block, kind: str, name: str) -> None:
    routing = _child(block, "deployment_config", "blue_green_update_policy", "traffic_routing_configuration")
    if routing is not None and (routing.get("type") or "").upper() in ("CANARY", "LINEAR"):
        found.add(
            "progressive_delivery", path, routing.line, f"{name}: {routing.get('type')} traffic shifting"
        )
    variants = block.children("production_variants")
    if len(variants) >= 2 or block.children("shadow_production_variants"):
        found.add("progressive_delivery", path, block.line, f"{name}: weighted or shadow production variants")
    capture = _child(block, "data_capture_config")
    if capture is not None and (capture.get("enable_capture") or "true").lower() != "false":
        found.add("monitoring", path, capture.line, f"{name} captures requests and predictions")
    config = _child(block, "config") if kind == "databricks_model_serving" else None
    if config is not None:
        traffic = _child(config, "traffic_config")
        if traffic is not None and len(traffic.children("routes")) >= 2:
            found.add(
                "progressive_delivery", path, traffic.line, f"{name}: traffic split between served models"
            )
        if _child(config, "auto_capture_config"):
            found.add("monitoring", path, config.line, f"{name} logs requests to an inference table")


def _rules(found: Declared, blocks: list[tuple[str, Block]]) -> None:
    """EventBridge rules whose target starts a SageMaker pipeline (schedule or event pattern)."""
    rules = {_name(b): (p, b) for p, b in blocks if b.labels[0] == "aws_cloudwatch_event_rule"}
    for target in (b for _, b in blocks if b.labels[0] == "aws_cloudwatch_event_target"):
        m = re.search(r"aws_cloudwatch_event_rule\.([\w-]+)\.", target.get("rule") or "")
        if m is None or m.group(1) not in rules:
            continue
        starts = target.children("sagemaker_pipeline_target") or "aws_sagemaker_pipeline." in (
            target.get("arn") or ""
        )
        if not starts:
            continue
        rule_path, rule = rules[m.group(1)]
        when = rule.get("schedule_expression") or "an event pattern"
        detail = f"EventBridge rule {m.group(1)} ({when}) starts a SageMaker pipeline"
        disabled = (rule.get("state") or "").upper() == "DISABLED" or rule.get("is_enabled") == "false"
        found.add(
            "continuous_training", rule_path, rule.line, detail, "the rule is disabled" if disabled else ""
        )


def _schedulers(found: Declared, blocks: list[tuple[str, Block]]) -> None:
    """Cloud Scheduler jobs that run Vertex AI pipelines (or publish to a topic: partial)."""
    for path, job in ((p, b) for p, b in blocks if b.labels[0] == "google_cloud_scheduler_job"):
        http = _child(job, "http_target")
        detail = f"Cloud Scheduler job {_name(job)} ({job.get('schedule') or 'schedule'})"
        if job.get("paused") == "true":
            found.add("continuous_training", path, job.line, detail, "the scheduler job is paused")
        elif http is not None and "pipelineJobs" in (http.get("uri") or ""):
            found.add("continuous_training", path, job.line, detail + " runs a Vertex AI pipeline")
        elif _child(job, "pubsub_target") is not None:
            reason = "a Cloud Scheduler job publishes to a topic; what the topic starts is not declared here"
            found.add("continuous_training", path, job.line, detail + " publishes to a topic", reason)


@detector(
    id="platforms.kubernetes",
    practices=[
        "model_serving",
        "progressive_delivery",
        "monitoring",
        "drift_detection",
        "explainability",
        "continuous_training",
        "automated_deployment",
    ],
    summary="Kubernetes manifests (also those a script pipes to kubectl apply): Seldon/KServe model servers, "
    "traffic splits and shadows between predictors, Seldon experiments, payload loggers (monitoring), "
    "explainers, alibi-detect drift detectors, CronJobs and Kubeflow scheduled workflows that train, Argo CD "
    "applications with automated sync and Flux releases (automated deployment).",
    inputs=["**/*.yaml", "**/*.yml", "**/*.sh"],
    limits="Manifests rendered by Helm or kustomize at deploy time are read only by their kind; an Argo CD "
    "application is not followed to what it deploys.",
)
def kubernetes_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.kubernetes")
    for m in manifests(repo):
        if is_test_path(m.path):
            continue
        where = " (applied by a script)" if m.embedded else ""
        if m.kind in SERVING_KINDS and SERVING_KINDS[m.kind] in m.api_version:
            found.add("model_serving", m.path, m.line, f"{m.kind} {m.name}{where}")
            _serving_extras(found, m, where)
        elif m.kind == "Experiment" and "seldon.io" in m.api_version:
            found.add("progressive_delivery", m.path, m.line, f"Seldon Experiment {m.name} splits traffic")
        elif m.kind in ("CronJob", "ScheduledWorkflow"):
            _scheduled(found, m)
        elif m.kind in ("Application", "ApplicationSet") and "argoproj.io" in m.api_version:
            _argocd(found, m)
        elif m.kind in ("Kustomization", "HelmRelease") and "fluxcd.io" in m.api_version:
            partial = "the Flux release is suspended" if str(m.spec.get("suspend")).lower() == "true" else ""
            found.add(
                "automated_deployment", m.path, m.line, f"Flux {m.kind} {m.name} reconciles it", partial
            )
        if "alibi-detect-server" in str(m.body) and "Drift" in str(m.body):
            found.add("drift_detection", m.path, m.line, f"alibi-detect drift detector ({m.kind} {m.name})")
    yield from found.findings()


def _serving_extras(found: Declared, m: Manifest, where: str) -> None:
    spec = m.spec
    canary = _map(spec.get("predictor")).get("canaryTrafficPercent")
    if canary is not None:
        found.add("progressive_delivery", m.path, m.line, f"{m.name}: canary at {canary}% of traffic{where}")
    predictors = [_map(p) for p in spec.get("predictors") or [] if isinstance(p, dict)]
    shares = [str(p.get("traffic")) for p in predictors if str(p.get("traffic", "0")) not in ("0", "100")]
    if len(shares) >= 2 or any(str(p.get("shadow")).lower() == "true" for p in predictors):
        found.add(
            "progressive_delivery", m.path, m.line, f"{m.name}: traffic split or shadow between predictors"
        )
    if _has_key(spec, "logger"):
        found.add("monitoring", m.path, m.line, f"{m.kind} {m.name} logs requests and responses{where}")
    if "explainer" in spec or any("explainer" in p for p in predictors):
        found.add("explainability", m.path, m.line, f"{m.kind} {m.name} deploys an explainer{where}")


def _scheduled(found: Declared, m: Manifest) -> None:
    spec = m.spec
    if m.kind == "CronJob":
        pod = _map(_map(_map(spec.get("jobTemplate")).get("spec")).get("template")).get("spec")
        lines = _commands(_map(pod).get("containers"))
        if not any(Kind.training in kinds(line) for line in lines):
            return
        when = spec.get("schedule", "")
        suspended = str(spec.get("suspend")).lower() == "true"
        detail = f"CronJob {m.name} ({when}) runs training: {lines[0][:60]}"
        found.add(
            "continuous_training", m.path, m.line, detail, "the CronJob is suspended" if suspended else ""
        )
    elif "kubeflow.org" in m.api_version:
        trigger = _map(spec.get("trigger"))
        when = _map(trigger.get("cronSchedule")).get("cron") or "periodic"
        detail = f"Kubeflow scheduled workflow {m.name} ({when})"
        reason = (
            "" if trains(*_strings(spec.get("workflow"))) else "the scheduled workflow has no training step"
        )
        if str(spec.get("enabled")).lower() == "false":
            reason = "the scheduled workflow is disabled"
        found.add("continuous_training", m.path, m.line, detail, reason)


def _argocd(found: Declared, m: Manifest) -> None:
    spec = _map(_map(m.spec.get("template")).get("spec")) if m.kind == "ApplicationSet" else m.spec
    source = _map(spec.get("source"))
    what = source.get("path") or source.get("chart") or source.get("repoURL") or m.name
    if "automated" in _map(spec.get("syncPolicy")):
        found.add(
            "automated_deployment", m.path, m.line, f"Argo CD {m.kind} {m.name} syncs {what} automatically"
        )
    else:
        reason = f"Argo CD {m.kind} {m.name} has no automated sync policy (synced by hand)"
        found.add("automated_deployment", m.path, m.line, f"Argo CD {m.kind} {m.name} deploys {what}", reason)


@detector(
    id="platforms.pachyderm",
    practices=["pipeline_orchestration", "data_versioning", "continuous_training", "data_pipeline"],
    summary="Pachyderm pipeline specs: versioned input repositories (data versioning), pipelines chained "
    "through repositories (orchestration), a training pipeline that re-runs on every new input commit or on "
    "a cron input (continuous training), and the pipelines that prepare its data.",
    inputs=["**/*.json", "**/*.yaml", "**/*.yml"],
    limits="Pipelines created only with pachctl flags or in the console are not seen.",
)
def pachyderm_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.pachyderm")
    specs = _pachyderm_specs(repo)
    training = {name for name, *_ in specs if _pach_trains(name, specs)}
    for name, path, line, spec in specs:
        repos, crons = _inputs(spec.get("input"))
        found.add(
            "pipeline_orchestration",
            path,
            line,
            f"Pachyderm pipeline {name} (inputs: {', '.join(repos + crons)})",
        )
        for r in repos:
            found.add(
                "data_versioning",
                path,
                line,
                f"Pachyderm versioned data repository {r} feeds pipeline {name}",
            )
        if name in training:
            when = f"on every new commit to {', '.join(repos)}" if repos else f"on cron {', '.join(crons)}"
            found.add("continuous_training", path, line, f"Pachyderm pipeline {name} re-runs training {when}")
        elif any(name in _inputs(s.get("input"))[0] for n, *_, s in specs if n in training):
            found.add("data_pipeline", path, line, f"Pachyderm pipeline {name} prepares data for training")
    yield from found.findings()


Spec = tuple[str, str, int, dict[str, Any]]


def _pachyderm_specs(repo: RepoView) -> list[Spec]:
    out: list[Spec] = []
    yamls = [f for f in repo.with_suffix(".yaml", ".yml") if "transform:" in (repo.text(f) or "")]
    for path in json_configs(repo, '"transform"') + yamls:
        if is_test_path(path):
            continue
        data = repo.json(path) if path.endswith(".json") else repo.yaml(path)
        spec, pipeline = _map(data), _map(_map(data).get("pipeline"))
        if (
            pipeline.get("name")
            and isinstance(spec.get("transform"), dict)
            and isinstance(spec.get("input"), dict)
        ):
            line = (repo.text(path) or "").count(
                "\n", 0, max((repo.text(path) or "").find("pipeline"), 0)
            ) + 1
            out.append((str(pipeline["name"]), path, line, spec))
    return out


def _pach_trains(name: str, specs: list[Spec]) -> bool:
    spec = next(s for n, *_, s in specs if n == name)
    transform = _map(spec.get("transform"))
    lines = [str(x) for x in [*(transform.get("cmd") or []), *(transform.get("stdin") or [])]]
    return trains(name) or any(Kind.training in kinds(line) for line in lines)


def _inputs(value: Any, depth: int = 0) -> tuple[list[str], list[str]]:
    """The pfs repositories and cron inputs of a Pachyderm input tree."""
    repos: list[str] = []
    crons: list[str] = []
    if depth > 8:
        return repos, crons
    for key, item in _map(value).items():
        if key == "pfs" and _map(item).get("repo"):
            repos.append(str(item["repo"]))
        elif key == "cron" and isinstance(item, dict):
            crons.append(str(item.get("spec") or item.get("name") or "cron"))
        for sub in item if isinstance(item, list) else [item] if key != "pfs" else []:
            r, c = _inputs(sub, depth + 1)
            repos += r
            crons += c
    return repos, crons


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _has_key(value: Any, key: str, depth: int = 0) -> bool:
    if depth > 12:
        return False
    if isinstance(value, dict):
        return key in value or any(_has_key(v, key, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_key(v, key, depth + 1) for v in value)
    return False


def _strings(value: Any, depth: int = 0) -> list[str]:
    if depth > 12:
        return []
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for v in items for s in _strings(v, depth + 1)]


def _commands(containers: Any) -> list[str]:
    """A container's command line joined, and each of its shell-script arguments."""
    out: list[str] = []
    for c in containers if isinstance(containers, list) else []:
        words = [str(w) for w in [*(_map(c).get("command") or []), *(_map(c).get("args") or [])]]
        out += [" ".join(words), *(w for w in words if " " in w)]
    return out


DETECTORS: list[Detector] = [terraform_ops, kubernetes_ops, pachyderm_ops]

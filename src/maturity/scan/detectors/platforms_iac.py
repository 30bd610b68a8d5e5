"""Detectors for the platforms area: operations declared in Terraform.

Resource blocks are read with their arguments (``scan/parsers/hcl.py``): an EventBridge rule whose
target is a SageMaker pipeline is continuous training, an endpoint with canary traffic routing is
progressive delivery, a monitor with a baseline is drift detection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._declared import Declared, ci_runs
from maturity.scan.detectors._tools import is_test_path
from maturity.scan.models import Finding
from maturity.scan.parsers.hcl import Block, resources
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


DETECTORS: list[Detector] = [terraform_ops]

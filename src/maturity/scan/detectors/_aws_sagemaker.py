"""SageMaker resources declared in AWS infrastructure code: endpoints (serving, traffic shifting, rollback)
and Model Monitor schedules and alarms (monitoring, drift). Listed in ``aws.DETECTORS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.aws import model
from maturity.scan.parsers.aws.model import FUNCTION, Res, render
from maturity.scan.registry import detector
from maturity.scan.repo import RepoView

INPUTS = ["**/*.yaml", "**/*.yml", "**/*.json", "**/*.template", "**/*.py", "**/*.ts"]


def _proof(det: str, res: Res, detail: str) -> Proof:
    return Proof(path=res.path, line=res.line, detector=det, detail=detail[:200])


_SM = "AWS::SageMaker::"
_MONITORS = ("MonitoringSchedule", "DataQualityJobDefinition", "ModelQualityJobDefinition",
             "ModelBiasJobDefinition", "ModelExplainabilityJobDefinition")  # fmt: skip


@detector(
    id="aws.sagemaker_endpoints",
    practices=["model_serving", "progressive_delivery", "rollback"],
    summary="SageMaker endpoints declared in CloudFormation or CDK (Endpoint, EndpointConfig: real-time, "
    "serverless, asynchronous); several weighted or shadow variants, or a canary/linear blue/green update "
    "policy, are progressive delivery, and so is a SAM function deployed with a Canary/Linear "
    "DeploymentPreference; an auto-rollback alarm is rollback.",
    inputs=INPUTS,
    limits="A model resource without an endpoint (batch transform) is partial; endpoints created at run time "
    "by SDK calls are seen by the serving detectors.",
)
def sagemaker_endpoints(repo: RepoView) -> Iterator[Finding]:
    aws = model(repo)
    det = "aws.sagemaker_endpoints"
    serving, progressive, rollback = [], [], []
    for r in aws.resources(_SM + "Endpoint", _SM + "EndpointConfig"):
        variants = [v for v in _as_list(r.get("productionvariants")) if isinstance(v, dict)]
        kind = _endpoint_kind(r, variants)
        serving.append(_proof(det, r, f"SageMaker {r.type.rsplit('::', 1)[1]} {r.id}{kind} ({r.source})"))
        text = render(r.get("deploymentconfig"))
        policy = re.search(r"trafficroutingconfiguration type (canary|linear)", text, re.IGNORECASE)
        if policy:
            progressive.append(
                _proof(det, r, f"SageMaker endpoint {r.id}: {policy.group(1).upper()} traffic shift")
            )
        if len([v for v in variants if v.get("initialvariantweight") is not None]) > 1 or r.get(
            "shadowproductionvariants"
        ):
            progressive.append(
                _proof(det, r, f"SageMaker endpoint config {r.id}: weighted or shadow variants")
            )
        if "autorollbackconfiguration" in text.lower() and "alarm" in text.lower():
            rollback.append(_proof(det, r, f"SageMaker endpoint {r.id}: automatic rollback on alarm"))
    for r in aws.resources(FUNCTION):
        kind = render(r.get("deploymentpreference", "type"))
        if re.match(r"(canary|linear)", kind, re.IGNORECASE):
            progressive.append(_proof(det, r, f"Lambda {r.id} shifts traffic gradually ({kind}, CodeDeploy)"))
            if r.get("deploymentpreference", "alarms"):
                rollback.append(_proof(det, r, f"Lambda {r.id}: CodeDeploy rolls back on alarm"))
    models = [_proof(det, r, f"SageMaker model {r.id} ({r.source})") for r in aws.resources(_SM + "Model")]
    if serving:
        yield finding(
            "model_serving", det, Outcome.present, "SageMaker endpoints declared as infrastructure", serving
        )
    elif models:
        why = "a SageMaker model is declared as infrastructure, but no endpoint"
        yield finding("model_serving", det, Outcome.partial, why, models)
    if progressive:
        yield finding(
            "progressive_delivery",
            det,
            Outcome.present,
            "traffic shifted gradually (canary, linear, weighted or shadow)",
            progressive,
        )
    if rollback:
        yield finding("rollback", det, Outcome.present, "automatic rollback on alarm", rollback)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _endpoint_kind(r: Res, variants: list[dict[str, object]]) -> str:
    if any(v.get("serverlessconfig") for v in variants):
        return ", serverless"
    if r.get("asyncinferenceconfig"):
        return ", asynchronous"
    return f", {len(variants)} variant(s)" if variants else ""


# a schedule of another monitor than data quality (its definition names the kind of job)
_OTHER_MONITOR = re.compile(r"model_?quality|model_?bias|explainability", re.IGNORECASE)


@detector(
    id="aws.model_monitor",
    practices=["monitoring", "drift_detection", "data_tests", "data_validation"],
    summary="SageMaker Model Monitor declared in CloudFormation or CDK (monitoring schedules, data/model "
    "quality, bias and explainability job definitions, custom monitoring-schedule resources) and "
    "CloudWatch alarms on SageMaker endpoint or monitor metrics; a monitor with baseline "
    "constraints/statistics, or an alarm on a drift metric, is drift detection. Endpoint data "
    "capture alone is partial monitoring. A data-quality job definition, or a schedule checking data "
    "against baseline constraints, checks data (data tests, data validation).",
    inputs=INPUTS,
    limits="Alarms on other services' metrics are not counted; whether anyone acts on a violation is not "
    "checked (see retraining_on_alerts).",
)
def model_monitor(repo: RepoView) -> Iterator[Finding]:
    aws = model(repo)
    det = "aws.model_monitor"
    watch, drift, capture, checks = [], [], [], []
    custom = [r for r in aws.resources() if r.type.startswith("Custom::") and "Monitor" in r.type]
    for r in aws.resources(*(_SM + m for m in _MONITORS)) + custom:
        kind = r.type.rsplit("::", 1)[1]
        watch.append(_proof(det, r, f"SageMaker {kind} {r.id} ({r.source})"))
        text = render(r.props).lower()
        if re.search(r"baseline\w*\W.*(constraints|statistics)", text, re.DOTALL):
            drift.append(
                _proof(det, r, f"SageMaker {kind} {r.id} compares with baseline constraints/statistics")
            )
        quality_of_data = kind == "DataQualityJobDefinition" or (
            kind == "MonitoringSchedule" and "constraints" in text and not _OTHER_MONITOR.search(text)
        )
        if quality_of_data:
            checks.append(_proof(det, r, f"SageMaker {kind} {r.id} checks data against baseline constraints"))
    for r in aws.resources("AWS::CloudWatch::Alarm"):
        metric = f"{render(r.get('metricname'))} {render(r.get('namespace'))} {render(r.get('dimensions'))}"
        if not metric.strip():  # CDK: the metric is a nested construct (metric=cloudwatch.Metric(...))
            metric = render(r.get("metric"))
        if "sagemaker" in metric.lower() or re.search(r"endpoint|monitoringschedule", metric, re.IGNORECASE):
            watch.append(_proof(det, r, f"CloudWatch alarm {r.id} on {metric.strip()[:100]}"))
            if re.search(r"drift|data-metrics|model-metrics", metric, re.IGNORECASE):
                drift.append(_proof(det, r, f"CloudWatch alarm {r.id} on a drift metric"))
    for r in aws.resources(_SM + "EndpointConfig"):
        if r.get("datacaptureconfig") is not None:
            capture.append(
                _proof(det, r, f"SageMaker endpoint config {r.id} captures requests and responses")
            )
    if watch:
        yield finding(
            "monitoring", det, Outcome.present, "model monitoring declared as infrastructure", watch
        )
    elif capture:
        why = "endpoint traffic is captured, but no monitor or alarm reads it"
        yield finding("monitoring", det, Outcome.partial, why, capture)
    if drift:
        yield finding("drift_detection", det, Outcome.present, "drift checked against a baseline", drift)
    elif any("MonitoringSchedule" in p.detail for p in watch):
        why = "a monitoring schedule is declared without baseline constraints"
        yield finding("drift_detection", det, Outcome.partial, why, watch)
    for practice in ("data_tests", "data_validation") if checks else ():
        yield finding(practice, det, Outcome.present, "production data checked against constraints", checks)

"""Detectors for the monitoring area: production monitoring and drift detection."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._tools import (
    Tool,
    find_code,
    find_text,
    importers,
    is_weak_path,
    manifests,
    proof,
    retag,
    tools_finding,
)
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

MONITORS = (
    Tool(
        "prometheus_client",
        ("prometheus_client", "prometheus_fastapi_instrumentator", "starlette_exporter"),
        ("prometheus-client", "prometheus-fastapi-instrumentator"),
        (),
        r"\b(Counter|Histogram|Gauge|Summary|start_http_server|make_asgi_app|Instrumentator)\s*\(",
    ),
    Tool("Evidently", ("evidently",), ("evidently",), (), r"\b(Report|TestSuite|Dashboard)\s*\("),
    Tool("whylogs", ("whylogs",), ("whylogs",), (), r"\bwhy\.log\s*\(|\.log\s*\("),
    Tool("NannyML", ("nannyml",), ("nannyml",), (), r"\w+(Calculator|Estimator)\s*\("),
    Tool("OpenTelemetry", ("opentelemetry",), ("opentelemetry-api", "opentelemetry-sdk"), (), None),
    Tool("Datadog", ("ddtrace", "datadog"), ("ddtrace", "datadog"), (), None),
    Tool("New Relic", ("newrelic",), ("newrelic",), (), None),
    Tool(
        "ML observability platform (Gantry, Arize, Fiddler, Aporia, WhyLabs, Arthur)",
        ("gantry", "arize", "fiddler", "aporia", "whylabs_client", "arthurai"),
        ("gantry", "arize", "fiddler-client", "aporia", "whylabs-client", "arthurai"),
        (),
        r"\bgantry\.log_records?\s*\(|\b\w*client\.log\s*\(",
    ),
    Tool(
        "SageMaker Model Monitor",
        ("sagemaker.model_monitor",),
        (),
        (),
        r"\b(DefaultModelMonitor|ModelQualityMonitor|DataCaptureConfig|ModelBiasMonitor)\s*\(",
        ("sagemaker",),
    ),
    Tool(
        "Vertex AI model monitoring",
        ("google.cloud.aiplatform.model_monitoring",),
        (),
        (),
        r"\bModelDeploymentMonitoringJob\b|\bmodel_monitoring\.\w+\s*\(",
        ("google",),
    ),
    Tool.calling(
        "Azure ML Application Insights",
        r"\b(enable_app_insights|app_insights_enabled|collect_model_data)\s*=\s*True\b",
        "azureml",
        "azure",
    ),
)
# Azure ML deployment configs: v1 ``appInsightsEnabled: true``, v2 ``app_insights_enabled: true``
AZUREML_INSIGHTS = re.compile(r"(?i)^\s*(appInsightsEnabled|app_insights_enabled|collectModelData):\s*true\b")

DRIFT = (
    Tool(
        "Evidently drift",
        (),
        (),
        (),
        r"\b(DataDrift\w*|ColumnDrift\w*|DriftedColumnsCount|TestShareOfDriftedColumns|NumTargetDrift\w*"
        r"|TargetDrift\w*|EmbeddingsDrift\w*|ValueDrift)\s*\(",
        ("evidently",),
    ),
    Tool("whylogs drift", ("whylogs.viz.drift",), (), (), r"\bcalculate_drift_scores\s*\(", ("whylogs",)),
    Tool("NannyML drift", (), (), (), r"\b\w*Drift\w*Calculator\s*\(", ("nannyml",)),
    Tool("alibi-detect", ("alibi_detect",), ("alibi-detect",), (), r"\b\w+Drift\s*\(", ("alibi_detect",)),
    Tool("deepchecks drift", (), (), (), r"\b\w*Drift\w*\s*\(|\btrain_test_validation\s*\(", ("deepchecks",)),
    Tool(
        "TFDV skew/drift", (), (), (), r"\b(skew|drift)_comparator\b", ("tensorflow_data_validation", "tfx")
    ),
    Tool("river drift", ("river.drift",), (), (), r"\bdrift\.(ADWIN|PageHinkley|KSWIN)\s*\(", ("river",)),
    Tool("frouros", ("frouros",), ("frouros",), (), None),
    Tool(
        "Vertex AI skew/drift detection",
        (),
        (),
        (),
        r"\b\w*(Drift|Skew)DetectionConfig\s*\(|\bdrift_thresholds\s*=",
        ("google",),
    ),
    Tool(
        "SageMaker Model Monitor baseline",
        (),
        (),
        (),
        r"\bsuggest_baseline\s*\(|\bcreate_monitoring_schedule\s*\(",
        ("sagemaker",),
    ),
    Tool(
        "Azure ML data drift",
        (),
        (),
        (),
        r"\bDataDriftDetector\b|\bDataDriftSignal\s*\(",
        ("azureml", "azure"),
    ),
)
STAT_TESTS = r"\b(ks_2samp|chisquare|chi2_contingency|wasserstein_distance|jensenshannon|entropy)\s*\("
DRIFT_STAT = re.compile(STAT_TESTS + r"|\b(np|numpy|math|torch|tf)\.(log|log1p)\s*\(|\bkl_div\w*\s*\(")
DEF_RE = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)\s*\(")
ALERT_TF = re.compile(
    r"^\s*resource\s+\"(aws_cloudwatch_metric_alarm|aws_cloudwatch_dashboard|google_monitoring_alert_policy"
    r"|google_monitoring_dashboard|azurerm_monitor_metric_alert|datadog_monitor|grafana_dashboard"
    r"|aws_sagemaker_monitoring_schedule)\""
)
MONITOR_PATH = re.compile(r"(?i)monitor|drift")


@detector(
    id="monitoring.libraries",
    practices=["monitoring"],
    summary="Monitoring in code (prometheus_client, Evidently, whylogs, NannyML, OpenTelemetry, Datadog, "
    "New Relic, ML observability SDKs such as Gantry or Arize, CloudWatch put_metric_data, SageMaker Model "
    "Monitor, Vertex model monitoring).",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Monitoring run by a platform (a managed endpoint's built-in metrics) is not seen.",
)
def libraries(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo, "monitoring", "monitoring.libraries", MONITORS, "no monitoring library or config"
    )
    if found:
        yield found


@detector(
    id="monitoring.config",
    practices=["monitoring"],
    summary="Monitoring configuration: Grafana dashboards, Prometheus rules/scrape configs, ServiceMonitor, "
    "PodMonitor, PrometheusRule manifests, Terraform alarm/dashboard resources, Azure ML deployment configs "
    "with Application Insights enabled.",
    inputs=["**/*grafana*/**/*.json", "**/*dashboard*.json", "**/prometheus*.yml", "**/*.yaml", "**/*.tf"],
    limits="Dashboards kept in a Grafana instance rather than in the repository are not seen.",
)
def config(repo: RepoView) -> Iterator[Finding]:
    evidence: list[Proof] = []
    for kind in ("ServiceMonitor", "PodMonitor", "PrometheusRule"):
        evidence += retag(manifests(repo, kind), "monitoring.config", "Prometheus operator")
    for path in repo.glob("**/*grafana*/**/*.json", "**/*dashboard*.json"):
        data = repo.json(path)
        if isinstance(data, dict) and ("panels" in data or "dashboard" in data):
            evidence.append(proof(path, None, "monitoring.config", "Grafana dashboard"))
    evidence += find_text(repo, ALERT_TF, repo.with_suffix(".tf"), "monitoring.config")
    insights = find_text(repo, AZUREML_INSIGHTS, repo.with_suffix(".yml", ".yaml"), "monitoring.config")
    evidence += retag(insights, "monitoring.config", "Azure ML Application Insights")
    proms = repo.glob("**/prometheus*.yml", "**/prometheus*.yaml", "**/alert*rules*.yml", "**/*.rules.yml")
    for m in repo.search(r"^\s*(scrape_configs|groups):", proms):
        evidence.append(proof(m.path, m.line, "monitoring.config", f"Prometheus {m.text}"))
    if evidence:
        yield Finding(
            practice="monitoring",
            outcome=Outcome.present,
            detector="monitoring.config",
            evidence=evidence[:6],
            message=f"monitoring configured ({evidence[0].detail} in {evidence[0].path})",
        )


@detector(
    id="monitoring.drift",
    practices=["drift_detection"],
    summary="Drift checks: Evidently drift presets, whylogs drift, NannyML, alibi-detect, deepchecks drift, "
    "TFDV/Vertex/SageMaker/Azure drift configs, river/frouros, KS/chi2 tests in monitoring code, functions "
    "named *psi*/*drift* in files computing a drift statistic.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Statistical tests count only in files whose path mentions monitor or drift; whether a drift "
    "function is scheduled is not checked.",
)
def drift(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(repo, "drift_detection", "monitoring.drift", DRIFT, None)
    if found and found.outcome is Outcome.present:
        yield found
        return
    own = _hand_written_drift(repo)
    if own:
        yield Finding(
            practice="drift_detection",
            outcome=Outcome.present,
            detector="monitoring.drift",
            evidence=own[:5],
            message=f"drift computed in code ({own[0].path}:{own[0].line})",
        )
    elif found:
        yield found
    else:
        yield Finding(
            practice="drift_detection",
            outcome=Outcome.absent,
            detector="monitoring.drift",
            message="no drift detection library or drift test in code",
        )


def _hand_written_drift(repo: RepoView) -> list[Proof]:
    """KS/chi2 tests in monitoring/drift files; functions named *psi*/*drift* in non-test code whose file
    computes a drift statistic (KS/chi2/Wasserstein/Jensen-Shannon test, a log ratio as in PSI or KL)."""
    stats_files = [f for f in importers(repo, ("scipy",)) if MONITOR_PATH.search(f) and not is_weak_path(f)]
    found = retag(find_code(repo, STAT_TESTS, stats_files), "monitoring.drift", "statistical drift test")
    files = [f for f in repo.with_suffix(".py") if not is_weak_path(f)]
    computes: dict[str, bool] = {}  # per file, not per function (a file with many functions is read once)
    for p in find_code(repo, DEF_RE, files, ("psi", "drift", "stability")):
        if p.path not in computes:
            computes[p.path] = bool(find_code(repo, DRIFT_STAT, [p.path]))
        if not computes[p.path]:
            continue  # a function named drift that computes no drift statistic is not a drift check
        m = DEF_RE.search(p.detail)
        tokens = set(m.group(1).lower().split("_")) if m else set()
        if tokens & {"psi", "drift"} or "population_stability" in p.detail.lower():
            found.append(
                p.model_copy(update={"detector": "monitoring.drift", "detail": f"drift metric: {p.detail}"})
            )
    return sorted(found, key=lambda p: not MONITOR_PATH.search(p.path))


DETECTORS: list[Detector] = [libraries, config, drift]

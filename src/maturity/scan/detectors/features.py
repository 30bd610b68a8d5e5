"""Detectors for the features area: feature stores, data validation in pipelines, fairness, explainability."""

from __future__ import annotations

from collections.abc import Iterator

from maturity.scan.detectors._tools import Tool, tools_finding
from maturity.scan.models import Finding
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

FEATURE_STORES = (
    Tool(
        "Feast",
        ("feast",),
        ("feast",),
        ("**/feature_store.yaml",),
        r"\b(FeatureView|FeatureStore|Entity|FeatureService)\s*\(",
    ),
    Tool("Tecton", ("tecton",), ("tecton",), (), r"@batch_feature_view\b|\bFeatureView\s*\("),
    Tool("Hopsworks", ("hopsworks", "hsfs"), ("hopsworks", "hsfs"), (), r"\bget_feature_store\s*\("),
    Tool(
        "Databricks Feature Store",
        ("databricks.feature_store", "databricks.feature_engineering"),
        ("databricks-feature-store", "databricks-feature-engineering"),
        (),
        r"\b(FeatureStoreClient|FeatureEngineeringClient)\s*\(",
    ),
    Tool(
        "SageMaker Feature Store",
        ("sagemaker.feature_store",),
        (),
        (),
        r"\bFeatureGroup\s*\(",
        ("sagemaker",),
    ),
    Tool(
        "Vertex AI Feature Store",
        (),
        (),
        (),
        r"\b(Featurestore|FeatureOnlineStore|FeatureView)\w*\s*\(",
        ("google",),
    ),
    Tool("Featureform", ("featureform",), ("featureform",), (), None),
    Tool(
        "MLRun feature store",
        ("mlrun.feature_store",),
        (),
        (),
        r"\b(FeatureSet|FeatureVector)\s*\(|\bfstore\.(ingest|get_offline_features|get_online_feature_service)\s*\(",
        ("mlrun",),
    ),
)

VALIDATORS = (
    Tool(
        "Great Expectations",
        ("great_expectations",),
        ("great-expectations",),
        ("**/great_expectations.yml", "**/gx/great_expectations.yml"),
        r"\b(expect_\w+|get_context|add_expectation|run_checkpoint|Checkpoint)\s*\(",
    ),
    Tool(
        "pandera",
        ("pandera",),
        ("pandera",),
        (),
        r"\b(DataFrameSchema|DataFrameModel|SchemaModel|Column|Check)\b",
    ),
    Tool(
        "TFDV",
        ("tensorflow_data_validation",),
        ("tensorflow-data-validation",),
        (),
        r"\btfdv\.(validate_statistics|infer_schema|generate_statistics\w*)\s*\(",
    ),
    Tool("deepchecks", ("deepchecks",), ("deepchecks",), (), r"\b(data_integrity|Suite)\s*\("),
)

FAIRNESS = (
    Tool(
        "fairlearn",
        ("fairlearn",),
        ("fairlearn",),
        (),
        r"\b(MetricFrame|demographic_parity_\w+|equalized_odds_\w+)",
    ),
    Tool("AIF360", ("aif360",), ("aif360",), (), None),
    Tool(
        "Fairness Indicators",
        ("fairness_indicators", "tensorflow_model_analysis.addons.fairness"),
        ("fairness-indicators",),
        (),
        r"FairnessIndicators\s*\(|fairness_indicators",
        ("tensorflow_model_analysis", "fairness_indicators"),
    ),
    Tool("Aequitas", ("aequitas",), ("aequitas",), (), None),
)

EXPLAINERS = (
    Tool("SHAP", ("shap",), ("shap",), (), r"\bshap\.\w*(Explainer|explainer|plots|summary_plot)\w*"),
    Tool("LIME", ("lime",), ("lime",), (), r"\bLime\w*Explainer\s*\("),
    Tool(
        "Captum",
        ("captum",),
        ("captum",),
        (),
        r"\b(IntegratedGradients|Saliency|GradientShap|LayerGradCam)\s*\(",
    ),
    Tool("InterpretML", ("interpret",), ("interpret",), (), r"\bExplainableBoosting\w+\s*\("),
    Tool(
        "alibi explainers",
        ("alibi.explainers", "alibi"),
        ("alibi",),
        (),
        r"\b(AnchorTabular|KernelShap|CounterFactual)",
    ),
    Tool("ELI5", ("eli5",), ("eli5",), (), None),
    Tool("dalex", ("dalex",), ("dalex",), (), None),
)


@detector(
    id="features.feature_store",
    practices=["feature_store"],
    summary="Feature store clients and definitions: Feast (feature_store.yaml, FeatureView), Tecton, "
    "Hopsworks, Databricks, SageMaker, Vertex and MLRun feature stores.",
    inputs=["**/*.py", "**/*.ipynb", "**/feature_store.yaml"],
    limits="A feature store reached only through SQL or a REST API is not recognised.",
)
def feature_store(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo, "feature_store", "features.feature_store", FEATURE_STORES, "no feature store used"
    )
    if found:
        yield found


@detector(
    id="features.data_validation",
    practices=["data_validation"],
    summary="Data validation in pipeline code (not tests): Great Expectations, pandera, TFDV, deepchecks.",
    inputs=["**/*.py", "**/*.ipynb", "**/great_expectations.yml"],
    limits="This detector reads the libraries; hand-written checks that raise and pipeline check steps are "
    "read by datachecks.pipeline; pydantic models are not recognised; tests are seen by data_tests.",
)
def data_validation(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo, "data_validation", "features.data_validation", VALIDATORS, "no data validation library used"
    )
    if found:
        yield found


@detector(
    id="features.fairness",
    practices=["fairness_testing"],
    summary="Fairness assessment libraries: fairlearn, AIF360, Fairness Indicators, Aequitas.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Fairness analysed by hand (per-group metrics in pandas) is not recognised.",
)
def fairness(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(repo, "fairness_testing", "features.fairness", FAIRNESS, "no fairness library used")
    if found:
        yield found


@detector(
    id="features.explainability",
    practices=["explainability"],
    summary="Explainability libraries: SHAP, LIME, Captum, InterpretML, alibi, ELI5, dalex.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Built-in feature importances (feature_importances_) are not counted.",
)
def explainability(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo, "explainability", "features.explainability", EXPLAINERS, "no explainability library"
    )
    if found:
        yield found


DETECTORS: list[Detector] = [feature_store, data_validation, fairness, explainability]

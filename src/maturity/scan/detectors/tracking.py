"""Detectors for the tracking area: experiment tracking, model registry, hyperparameter tuning."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from maturity.scan.detectors._tools import (
    Tool,
    find_text,
    is_weak_path,
    manifests,
    proof,
    retag,
    tools_finding,
)
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers import pyast
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

LIGHTNING_LOGGERS = (
    r"\b(WandbLogger|MLFlowLogger|NeptuneLogger|CometLogger|TensorBoardLogger|TestTubeLogger|AimLogger)\s*\("
)
# MLRun: a handler's context logs results/artifacts to the MLRun DB; apply_mlrun() auto-logs a framework
MLRUN_LOGGING = (
    r"\bapply_mlrun\s*\(|\bcontext\.log_(result|results|model|artifact|dataset|metric|metrics)\s*\("
    r"|\bmlrun_\w+\.(train|evaluate)\s*\("
)
HF_REPORT_TO = (
    r"\breport_to\s*=\s*[\[(]?\s*[\"'](wandb|mlflow|tensorboard|comet_ml|neptune|clearml|dvclive|all)"
)
TF_SUMMARY = r"\btf\.summary\.(scalar|create_file_writer|histogram)\s*\(|keras\.callbacks\.TensorBoard\s*\("
# a logger named by a config: Hydra ``_target_``, OmegaConf instantiate_from_config ``target``, LightningCLI
# ``class_path``; in YAML or in a Python dict literal of default configs
TRACKING_LOGGER = (
    r"\S*loggers?\S*\.(WandbLogger|MLFlowLogger|NeptuneLogger|CometLogger|TensorBoardLogger|AimLogger"
    r"|TestTubeLogger)"
)
HYDRA_TRACKING = re.compile(r"(?<![\w-])(_target_|target|class_path):\s*[\"']?" + TRACKING_LOGGER + r"\b")
CONFIG_KEYS = frozenset({"_target_", "target", "class_path"})
HYDRA_SWEEPER = re.compile(
    r"hydra/sweeper:\s*(optuna|ax|nevergrad)\b|_target_:\s*hydra_plugins\.hydra_\w+_sweeper"
)
# Azure ML SDK v1: ``run = Run.get_context()`` then ``run.log("rmse", v)`` / ``run.parent.log_list(...)``
AZUREML_RUN_LOG = (
    r"\b\w*run(\.parent)?\.log(_list|_row|_table|_image|_metric|_predictions|_residuals"
    r"|_confusion_matrix|_accuracy_table)?\s*\("
)
TRACKERS = (
    Tool(
        "mlflow",
        ("mlflow",),
        ("mlflow", "mlflow-skinny"),
        ("**/MLproject",),
        r"\bmlflow\.(\w+\.)?(log_\w+|start_run|autolog|set_experiment|set_tracking_uri)\s*\(",
    ),
    Tool(
        "wandb", ("wandb",), ("wandb",), (), r"\bwandb\.(init|log|watch|Table|Artifact)\s*\(|WandbLogger\s*\("
    ),
    Tool(
        "neptune",
        ("neptune",),
        ("neptune", "neptune-client"),
        (),
        r"\bneptune\.init(_run)?\s*\(|NeptuneLogger\(",
    ),
    Tool("comet_ml", ("comet_ml",), ("comet-ml",), (), r"\b(Experiment|start)\s*\(|CometLogger\("),
    Tool("clearml", ("clearml",), ("clearml",), (), r"\bTask\.init\s*\("),
    Tool("aim", ("aim",), ("aim",), (), r"\bRun\s*\(|\.track\s*\("),
    Tool("dvclive", ("dvclive",), ("dvclive",), (), r"\bLive\s*\(|\.log_metric\s*\("),
    Tool(
        "tensorboard",
        ("torch.utils.tensorboard", "tensorboardX"),
        ("tensorboardx",),
        (),
        r"\bSummaryWriter\s*\(|TensorBoardLogger\s*\(|callbacks\.TensorBoard\s*\(|tf\.summary\.\w+\s*\(",
    ),
    Tool.calling("tf.summary", TF_SUMMARY, "tensorflow", "keras"),
    Tool.calling(
        "Vertex AI Experiments",
        r"\b(aiplatform|vertex_ai)\.(start_run|log_metrics|log_params)\s*\(",
        "google",
    ),
    Tool(
        "SageMaker Experiments",
        ("sagemaker.experiments",),
        (),
        (),
        r"\bload_run\s*\(|\bRun\s*\(",
        ("sagemaker",),
    ),
    Tool(
        "SageMaker Experiments",
        ("smexperiments",),
        ("sagemaker-experiments",),
        (),
        r"\b(Experiment|Trial|TrialComponent|Tracker)\.(create|load)\s*\(|\.log_(metric|parameters?)\s*\(",
    ),
    # jobs attached to an experiment (estimator.fit, processors, Step Functions steps) and boto3 experiments
    Tool.calling(
        "SageMaker Experiments",
        r"\bexperiment_config\s*=\s*[{\w]|\.create_(experiment|trial)\s*\(\s*(ExperimentName|TrialName)\s*=",
        "sagemaker",
        "stepfunctions",
        "boto3",
    ),
    Tool.calling("Azure ML run logging", AZUREML_RUN_LOG, "azureml"),
    Tool.calling("Lightning logger", LIGHTNING_LOGGERS, "lightning", "pytorch_lightning"),
    Tool.calling("MLRun run logging", MLRUN_LOGGING, "mlrun"),
    Tool.calling("Hugging Face report_to", HF_REPORT_TO, "transformers", "trl", "peft"),
)

MLFLOW_REGISTRY = (
    r"\b(register_model|create_registered_model|create_model_version|transition_model_version_stage"
    r"|set_registered_model_alias)\s*\(|registered_model_name\s*="
)
SAGEMAKER_REGISTRY = (
    r"\b(ModelPackage|create_model_package(_group)?|\.register)\s*\(|model_package_group_name\s*="
)
HF_PUSH = r"\b\w*(model|trainer|learner|pipe|pipeline|peft)\w*\.push_to_hub\s*\(|\bpush_to_hub\s*=\s*True"
HF_TOPS = ("transformers", "huggingface_hub", "datasets", "sentence_transformers", "diffusers", "peft")
REGISTRIES = (
    Tool.calling("mlflow model registry", MLFLOW_REGISTRY, "mlflow"),
    Tool.calling("SageMaker model registry", SAGEMAKER_REGISTRY, "sagemaker", "boto3"),
    Tool.calling("Vertex AI model registry", r"\b(aiplatform\.)?Model\.upload\w*\s*\(", "google"),
    Tool.calling(
        "Azure ML model registry", r"\.models\.create_or_update\s*\(|Model\.register\s*\(", "azure", "azureml"
    ),
    Tool.calling("BentoML model store", r"\bbentoml\.\w+\.save_model\s*\(", "bentoml"),
    Tool.calling("Hugging Face Hub", HF_PUSH, *HF_TOPS),
)

TUNERS = (
    Tool("optuna", ("optuna",), ("optuna",), (), r"\b(create_study|\.optimize|suggest_\w+)\s*\("),
    Tool(
        "ray tune", ("ray.tune",), (), (), r"\btune\.(run|Tuner|with_parameters)\s*\(|\bTuner\s*\(", ("ray",)
    ),
    Tool("hyperopt", ("hyperopt",), ("hyperopt",), (), r"\bfmin\s*\("),
    Tool(
        "keras_tuner", ("keras_tuner", "kerastuner"), ("keras-tuner",), (), r"\b(RandomSearch|Hyperband)\s*\("
    ),
    Tool("scikit-optimize", ("skopt",), ("scikit-optimize",), (), r"\bBayesSearchCV\s*\(|gp_minimize\s*\("),
    Tool(
        "sklearn search",
        (),
        (),
        (),
        r"\b(GridSearchCV|RandomizedSearchCV|HalvingGridSearchCV"
        r"|HalvingRandomSearchCV)\s*\(",
        ("sklearn",),
    ),
    Tool(
        "wandb sweeps",
        (),
        (),
        ("**/sweep*.yaml", "**/sweep*.yml"),
        r"\bwandb\.(sweep|agent)\s*\(",
        ("wandb",),
    ),
    Tool("katib", ("kubeflow.katib",), ("kubeflow-katib",), (), None),
    Tool("flaml", ("flaml",), ("flaml",), (), r"\bAutoML\s*\(|\btune\.run\s*\("),
)


@detector(
    id="tracking.experiments",
    practices=["experiment_tracking"],
    summary="Tracking libraries (mlflow, wandb, neptune, comet, clearml, aim, dvclive, TensorBoard, Azure ML "
    "run.log, SageMaker/Vertex experiments, MLRun run logging) imported and called in non-test code or "
    "notebooks.",
    inputs=["**/*.py", "**/*.ipynb", "**/MLproject", "requirements/pyproject declarations"],
    limits="Tracking configured only through environment variables or a wrapper package is not seen.",
)
def experiments(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo,
        "experiment_tracking",
        "tracking.experiments",
        TRACKERS,
        "no tracking library imported or declared",
    )
    if found:
        yield found


@detector(
    id="tracking.registry",
    practices=["model_registry"],
    summary="Calls that register models: mlflow register_model / registered_model_name=, SageMaker model "
    "packages, Vertex Model.upload, Azure ML models.create_or_update, BentoML save_model, push_to_hub.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Registration done by a platform UI or outside the repository is not seen.",
)
def registry(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo, "model_registry", "tracking.registry", REGISTRIES, "no model registration call"
    )
    if found:
        yield found


@detector(
    id="tracking.tuning",
    practices=["hyperparameter_tuning"],
    summary="Hyperparameter search: optuna, ray tune, hyperopt, keras_tuner, skopt, sklearn GridSearchCV/"
    "RandomizedSearchCV, wandb sweeps, katib.",
    inputs=["**/*.py", "**/*.ipynb", "**/sweep*.yaml"],
    limits="Hand-written loops over parameter grids are not recognised.",
)
def tuning(repo: RepoView) -> Iterator[Finding]:
    katib = [p for p in manifests(repo, "Experiment") if "kubeflow.org" in (repo.text(p.path) or "")]
    if katib:
        yield Finding(
            practice="hyperparameter_tuning",
            outcome=Outcome.present,
            detector="tracking.tuning",
            evidence=retag(katib, "tracking.tuning", "Katib"),
            message=f"Katib Experiment in {katib[0].path}",
        )
        return
    found = tools_finding(repo, "hyperparameter_tuning", "tracking.tuning", TUNERS, "no tuning library used")
    if found:
        yield found


@detector(
    id="tracking.hydra_configs",
    practices=["experiment_tracking", "hyperparameter_tuning"],
    summary="Hydra/Lightning configs: logger configs (_target_/target/class_path: ...WandbLogger, "
    "MLFlowLogger..., in YAML or in Python dicts of default configs) and sweeper configs (hydra/sweeper: "
    "optuna, ax, nevergrad).",
    inputs=["**/*.yaml", "**/*.yml", "**/*.py"],
    limits="A logger config proves tracking is set up, not that it is enabled by default.",
)
def hydra_configs(repo: RepoView) -> Iterator[Finding]:
    files = [
        f
        for f in repo.with_suffix(".yaml", ".yml")
        if "_target_" in (t := repo.text(f) or "") or "hydra" in t or "Logger" in t
    ]
    files = [f for f in files if not is_weak_path(f)]
    for practice, rx, what in (
        ("experiment_tracking", HYDRA_TRACKING, "tracking logger configured"),
        ("hyperparameter_tuning", HYDRA_SWEEPER, "hyperparameter sweeper configured"),
    ):
        proofs = find_text(repo, rx, files, "tracking.hydra_configs")
        if practice == "experiment_tracking":
            proofs += _config_dict_loggers(repo)
        if proofs:
            yield Finding(
                practice=practice,
                outcome=Outcome.present,
                detector="tracking.hydra_configs",
                evidence=proofs[:6],
                message=f"{what} ({proofs[0].path}:{proofs[0].line})",
            )


def _config_dict_loggers(repo: RepoView) -> list[Proof]:
    """Python dict literals naming a tracking logger to instantiate (``{"target": "...WandbLogger"}``)."""
    rx = re.compile(TRACKING_LOGGER + r"$")
    hint = re.compile(r"loggers?\.(\w+\.)*\w*Logger[\"']")  # a logger's dotted path in a string literal
    out: list[Proof] = []
    for path in repo.with_suffix(".py"):
        text = repo.text(path) or ""
        if is_weak_path(path) or "Logger" not in text or not hint.search(text):
            continue
        mod = pyast.module(repo, path)  # parsed once per view
        for node in mod.nodes if mod is not None else ():
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value in CONFIG_KEYS
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and rx.match(value.value)
                ):
                    detail = f"logger config: {key.value}: {value.value}"
                    out.append(proof(path, value.lineno, "tracking.hydra_configs", detail))
    return out


@detector(
    id="tracking.dvc",
    practices=["experiment_tracking", "model_registry"],
    summary="DVC: metrics/plots declared in dvc.yaml (DVC experiments), model artifacts in dvc.yaml or "
    "GTO artifacts.yaml (DVC model registry).",
    inputs=["**/dvc.yaml", "**/artifacts.yaml"],
    limits="Registry versions and stages live in git tags (GTO), which are not read.",
)
def dvc_tracking(repo: RepoView) -> Iterator[Finding]:
    metrics: list[Proof] = []
    models: list[Proof] = []
    for path in repo.named("dvc.yaml"):
        data = repo.yaml(path)
        if not isinstance(data, dict):
            continue
        if data.get("metrics") or data.get("plots"):
            metrics += find_text(repo, r"^(metrics|plots):", [path], "tracking.dvc")
        artifacts = data.get("artifacts")
        if isinstance(artifacts, dict) and any(
            isinstance(a, dict) and a.get("type") == "model" for a in artifacts.values()
        ):
            models += find_text(repo, r"^\s+type:\s*model\b", [path], "tracking.dvc")
    models += [
        proof(f, None, "tracking.dvc", "GTO model registry")
        for f in repo.named("artifacts.yaml")
        if "type: model" in (repo.text(f) or "")
    ]
    if metrics:
        yield Finding(
            practice="experiment_tracking",
            outcome=Outcome.present,
            detector="tracking.dvc",
            evidence=metrics[:3],
            message=f"DVC tracks metrics ({metrics[0].path})",
        )
    if models:
        yield Finding(
            practice="model_registry",
            outcome=Outcome.present,
            detector="tracking.dvc",
            evidence=models[:3],
            message=f"model declared in the DVC model registry ({models[0].path})",
        )


DETECTORS: list[Detector] = [experiments, registry, tuning, hydra_configs, dvc_tracking]

"""Tailor a step to the repository: which CI system and tracker the scan found, which file, which tool.

Only what the scan proved is used (evidence paths and detector ids); with nothing found, the
suggestions default to the most common choice (GitHub Actions, MLflow) and say so.
"""

from __future__ import annotations

from maturity.assess.models import Assessment
from maturity.roadmap.models import Step

# (path prefix or name) -> CI system, for proofs that do not name their system
CI_SYSTEMS: list[tuple[str, str]] = [
    (".github/workflows/", "GitHub Actions"),
    (".gitlab-ci.yml", "GitLab CI"),
    ("azure-pipelines", "Azure Pipelines"),
    ("Jenkinsfile", "Jenkins"),
    (".circleci/", "CircleCI"),
    ("bitbucket-pipelines.yml", "Bitbucket Pipelines"),
    ("cloudbuild", "Google Cloud Build"),
    ("buildspec", "AWS CodeBuild"),
]
CI_FILES = {
    "GitHub Actions": ".github/workflows/ci.yml",
    "GitLab CI": ".gitlab-ci.yml",
    "Azure Pipelines": "azure-pipelines.yml",
    "Jenkins": "Jenkinsfile",
    "CircleCI": ".circleci/config.yml",
    "Bitbucket Pipelines": "bitbucket-pipelines.yml",
    "Travis CI": ".travis.yml",
    "Buildkite": ".buildkite/pipeline.yml",
    "Google Cloud Build": "cloudbuild.yaml",
    "AWS CodeBuild": "buildspec.yml",
    "AWS CodePipeline": "the CodePipeline definition and its buildspec.yml",
    "Tekton": "the Tekton pipeline",
    "Drone": ".drone.yml",
}
TRACKERS = {
    "mlflow": "MLflow",
    "wandb": "Weights & Biases",
    "neptune": "Neptune",
    "comet": "Comet",
    "clearml": "ClearML",
    "dvc": "DVC",
    "aim": "Aim",
    # the clouds' own trackers (proofs name the SDK call or the file)
    "sagemaker": "SageMaker Experiments",
    "smexperiments": "SageMaker Experiments",
    "experiment_config": "SageMaker Experiments",
    "(experimentname=": "SageMaker Experiments",  # boto3 create_experiment/create_trial
    "aiplatform": "Vertex AI Experiments",
    "azureml": "Azure ML",
    "run.log": "Azure ML",
}
REGISTRY_FOR = {
    "MLflow": "the MLflow Model Registry (mlflow.register_model)",
    "Weights & Biases": "the W&B Registry (run.link_model)",
    "Neptune": "the Neptune model registry",
    "Comet": "the Comet Model Registry",
    "ClearML": "ClearML Models (OutputModel with tags)",
    "DVC": "DVC model registry (GTO tags)",
    "SageMaker Experiments": "the SageMaker Model Registry (a model package group, RegisterModel)",
    "Vertex AI Experiments": "the Vertex AI Model Registry (aiplatform.Model.upload)",
    "Azure ML": "the Azure ML model registry (ml_client.models.create_or_update)",
}
CI_PRACTICES = {"ci", "ci_runs_tests", "code_quality", "automated_deployment", "continuous_training"}

GITLAB_SNIPPETS = {
    "ci": (
        "# .gitlab-ci.yml\nbuild:\n  image: python:3.11\n  script:\n    - pip install -r requirements.txt\n"
    ),
    "ci_runs_tests": (
        "# .gitlab-ci.yml\ntest:\n  image: python:3.11\n  script:\n"
        "    - pip install -e '.[test]'\n    - pytest -q\n"
    ),
}


def _proofs(a: Assessment, practice: str) -> list[tuple[str, str]]:
    """(path, detector id and what the proof shows) for each piece of evidence."""
    ps = a.practices.get(practice)
    if ps is None:
        return []
    return [
        (r.path or "", f"{r.detector or ''} {r.detail or ''}") for r in ps.reasons if r.kind == "evidence"
    ]


def detect_stack(a: Assessment) -> dict[str, str]:
    """{'ci': 'GitHub Actions', 'tracker': 'MLflow'} from the evidence, when the scan found them."""
    stack: dict[str, str] = {}
    proofs = _proofs(a, "ci") + _proofs(a, "ci_runs_tests")
    named = [s for _, det in proofs for s in CI_FILES if f" {s}:" in f" {det.split(' ', 1)[-1]}"]
    by_path = [system for path, _ in proofs for marker, system in CI_SYSTEMS if marker in path]
    if named or by_path:
        stack["ci"] = (named or by_path)[0]
    elif a.practices.get("ci") is not None and a.practices["ci"].status.value in ("met", "partial"):
        stack["ci"] = "your CI system"
    for pid in ("experiment_tracking", "model_registry"):
        for path, det in _proofs(a, pid):
            for key, name in TRACKERS.items():
                if key in det.lower() or key in path.lower():
                    stack.setdefault("tracker", name)
    return stack


def tailor(step: Step, stack: dict[str, str]) -> None:
    """Fill ``actions``, ``tool`` and ``file`` for this repository's stack."""
    pid = step.practice or ""
    ci = stack.get("ci")
    if pid in CI_PRACTICES:
        system = ci or "GitHub Actions"
        step.file = CI_FILES.get(system, "your CI configuration")
        step.tool = system if system in CI_FILES else None
        found = f"your CI is {ci}" if ci else "no CI system was found; GitHub Actions is the common choice"
        step.actions.append(f"Edit {step.file} ({found}).")
        if system == "GitLab CI" and pid in GITLAB_SNIPPETS:
            step.snippet = GITLAB_SNIPPETS[pid]
        elif system != "GitHub Actions" and step.snippet and "github" in step.snippet:
            step.snippet = None  # the catalog snippet is for GitHub Actions; do not mislead
    tracker = stack.get("tracker")
    if pid == "model_registry":
        reg = REGISTRY_FOR.get(tracker or "MLflow", REGISTRY_FOR["MLflow"])
        step.tool = reg
        why = f"you already track experiments with {tracker}" if tracker else "no tracker was found"
        step.actions.append(f"Register models in {reg} ({why}).")
    if pid == "experiment_tracking" and not tracker:
        step.tool = "MLflow"
    step.actions.extend(step.how)

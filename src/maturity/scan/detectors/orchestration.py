"""Detectors for the orchestration area: pipeline orchestrators and scheduled (continuous) training."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._codesearch import matching_lines
from maturity.scan.detectors._found import finding
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
from maturity.scan.detectors.training import trains
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.pyast import module
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

AZUREML_V1_STEPS = (
    r"\b(PythonScriptStep|ParallelRunStep|DatabricksStep|EstimatorStep|RScriptStep|CommandStep|HyperDriveStep"
    r"|AutoMLStep|DataTransferStep)\s*\(|\bPipeline\s*\(\s*(workspace\s*=|ws\b|aml_workspace\b)"
)
AZUREML_JOB_SCHEMA = re.compile(r"^\$schema:\s*\S*pipelineJob\.schema\.json", re.MULTILINE)
ORCHESTRATORS = (
    Tool("Airflow", ("airflow",), ("apache-airflow",), (), r"\bDAG\s*\(|@dag\b|@task\b"),
    Tool("Kubeflow Pipelines", ("kfp",), ("kfp",), (), r"@dsl\.pipeline\b|@pipeline\b|Compiler\(\)\.compile"),
    Tool("Prefect", ("prefect",), ("prefect",), ("**/prefect.yaml",), r"@flow\b|\bflow\s*\("),
    Tool(
        "Dagster", ("dagster",), ("dagster",), (), r"@(job|asset|op|graph|multi_asset)\b|\bDefinitions\s*\("
    ),
    Tool("ZenML", ("zenml",), ("zenml",), (), r"@pipeline\b|@step\b"),
    Tool("Metaflow", ("metaflow",), ("metaflow",), (), r"\bFlowSpec\b|@step\b"),
    Tool("Flyte", ("flytekit",), ("flytekit",), (), r"@workflow\b|@task\b"),
    Tool("Kedro", ("kedro",), ("kedro",), ("**/pipeline_registry.py", "**/.kedro.yml"), r"\bnode\s*\("),
    Tool(
        "SageMaker Pipelines",
        ("sagemaker.workflow",),
        (),
        (),
        r"\b(TrainingStep|ProcessingStep|ModelStep|TuningStep)\s*\(|\bPipeline\s*\(\s*name\s*=",
        ("sagemaker",),
    ),
    Tool(
        "Vertex AI Pipelines", (), (), (), r"\baiplatform\.PipelineJob\s*\(|\bPipelineJob\s*\(", ("google",)
    ),
    Tool(
        "Azure ML pipelines (SDK v1)",
        ("azureml.pipeline",),
        ("azureml-pipeline", "azureml-pipeline-core", "azureml-pipeline-steps"),
        (),
        AZUREML_V1_STEPS,
        ("azureml",),
    ),
    Tool.calling("Azure ML pipelines (SDK v2)", r"@(dsl\.)?pipeline\b", "azure"),
    Tool("TFX", ("tfx",), ("tfx",), (), r"\bpipeline\.Pipeline\s*\(|\b\w+DagRunner\s*\("),
    Tool("Luigi", ("luigi",), ("luigi",), (), r"\bluigi\.(Task|build|run)\b"),
)

SCHEDULES = (
    ("Airflow", ("airflow",), r"\bschedule(_interval)?\s*=\s*(?!None\b)\S"),
    (
        "Prefect",
        ("prefect",),
        r"\b(CronSchedule|IntervalSchedule|RRuleSchedule|Cron|Interval|RRule)\s*\("
        r"|\.(serve|deploy|to_deployment)\s*\(.*\b(cron|interval|rrule|schedules?)\s*=\s*(?!None\b)\S",
    ),
    (
        "Dagster",
        ("dagster",),
        r"\bScheduleDefinition\s*\(|@(schedule|sensor|asset_sensor)\b|cron_schedule\s*=",
    ),
    ("Kubeflow", ("kfp",), r"\bcreate_recurring_run\s*\("),
    ("Metaflow", ("metaflow",), r"@schedule\b"),
    ("Vertex AI", ("google",), r"\bPipelineJobSchedule\s*\(|\.create_schedule\s*\("),
    ("SageMaker", ("sagemaker",), r"\bPipelineSchedule\s*\("),
    ("MLRun", ("mlrun",), r"\.(set_workflow|run|run_function)\s*\(.*\bschedule\s*=\s*(?!None\b|False\b)\S"),
    ("Azure ML", ("azureml",), r"\bSchedule\.create\s*\("),
    ("Azure ML", ("azure",), r"\bJobSchedule\s*\(|\b(RecurrenceTrigger|CronTrigger)\s*\("),
)
# an MLflow Recipe: a step DAG (ingest -> split -> transform -> train -> evaluate -> register)
RECIPE = re.compile(r"^recipe:\s*['\"]?\w+/v\d")
RUNS_TRAINING = re.compile(r"\bpython[\d.]*\s+(?:-\S+\s+)*\S*train")
TRAINS = re.compile(r"(?:\b|_)(?:[Rr]e)?[Tt]rain|[a-z]Train|\.fit\s*\(|\bfit_model\b")


@detector(
    id="orchestration.code",
    practices=["pipeline_orchestration"],
    summary="Pipelines defined in code: Airflow DAGs, Kubeflow, Prefect, Dagster, ZenML, Metaflow, Flyte, "
    "Kedro, SageMaker, Vertex and Azure ML (SDK v1 and v2) pipelines, TFX, Luigi.",
    inputs=["**/*.py", "**/*.ipynb", "**/prefect.yaml", "**/pipeline_registry.py"],
    limits="Pipelines run by a platform whose definitions live outside the repository are not seen.",
)
def orchestrators(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo,
        "pipeline_orchestration",
        "orchestration.code",
        ORCHESTRATORS,
        "no orchestrator, dvc.yaml stages or Argo workflow found",
    )
    if found:
        yield found


@detector(
    id="orchestration.manifests",
    practices=["pipeline_orchestration"],
    summary="Pipelines defined in YAML/TOML: DVC dvc.yaml stages, Argo Workflows (Workflow, "
    "WorkflowTemplate), Kedro projects ([tool.kedro]), Azure ML pipeline jobs (pipelineJob schema), MLflow "
    "Recipes (recipe.yaml), spaCy/Weasel project workflows (project.yml).",
    inputs=["**/dvc.yaml", "**/*.yaml", "**/*.yml", "**/pyproject.toml", "**/recipe.yaml", "**/project.yml"],
    limits="A dvc.yaml with a single stage is still counted as a pipeline.",
)
def pipeline_manifests(repo: RepoView) -> Iterator[Finding]:
    evidence: list[Proof] = []
    for path in repo.named("dvc.yaml"):
        data = repo.yaml(path)
        if isinstance(data, dict) and isinstance(data.get("stages"), dict) and data["stages"]:
            evidence.append(
                proof(path, None, "orchestration.manifests", f"DVC pipeline: {len(data['stages'])} stages")
            )
    for kind in ("Workflow", "WorkflowTemplate", "CronWorkflow", "ClusterWorkflowTemplate"):
        argo = [p for p in manifests(repo, kind) if "argoproj.io" in (repo.text(p.path) or "")]
        evidence += retag(argo, "orchestration.manifests", "Argo Workflows")
    evidence += find_text(repo, r"^\[tool\.kedro\]", repo.named("pyproject.toml"), "orchestration.manifests")
    evidence += _azureml_pipeline_jobs(repo) + _project_workflows(repo)
    evidence += find_text(repo, RECIPE, repo.named("recipe.yaml"), "orchestration.manifests")
    if evidence:
        yield Finding(
            practice="pipeline_orchestration",
            outcome=Outcome.present,
            detector="orchestration.manifests",
            evidence=evidence[:6],
            message=f"pipeline defined in {evidence[0].path}",
        )


def _project_workflows(repo: RepoView) -> list[Proof]:
    """spaCy/Weasel projects: a ``workflows:`` entry chaining commands that declare deps/outputs."""
    out: list[Proof] = []
    for path in repo.named("project.yml"):
        data = repo.yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("commands"), list):
            continue
        staged = {
            c.get("name")
            for c in data["commands"]
            if isinstance(c, dict) and (c.get("deps") or c.get("outputs"))
        }
        flows = data.get("workflows")
        for name, steps in flows.items() if isinstance(flows, dict) else ():
            if isinstance(steps, list) and len(steps) >= 2 and staged & set(map(str, steps)):
                chain = " -> ".join(map(str, steps[:5]))
                out.append(proof(path, None, "orchestration.manifests", f"project workflow {name}: {chain}"))
                break
    return out


def _azureml_pipeline_jobs(repo: RepoView) -> list[Proof]:
    """Azure ML (CLI/SDK v2) pipeline job YAML: the pipelineJob $schema, or ``type: pipeline`` + ``jobs:``."""
    out: list[Proof] = []
    for path in repo.with_suffix(".yaml", ".yml"):
        text = repo.text(path) or ""
        if "pipeline" not in text or "jobs:" not in text:
            continue
        m = AZUREML_JOB_SCHEMA.search(text)
        data = repo.yaml(path) if not m else None
        jobs = data.get("jobs") if isinstance(data, dict) and data.get("type") == "pipeline" else None
        if m or (isinstance(jobs, dict) and jobs and all(isinstance(j, dict) for j in jobs.values())):
            line = text.count("\n", 0, m.start()) + 1 if m else None
            out.append(proof(path, line, "orchestration.manifests", "Azure ML pipeline job"))
    return out


@detector(
    id="orchestration.schedules",
    practices=["continuous_training"],
    summary="Orchestrator schedules that run training: Airflow schedule=, Prefect cron/interval deployments, "
    "Dagster schedules/sensors, Kubeflow recurring runs, Metaflow @schedule, MLRun scheduled workflows, Argo "
    "CronWorkflow, Azure ML "
    "schedules (Schedule.create, JobSchedule, schedule YAML); Pachyderm pipelines that train on every new "
    "commit to their input data repository.",
    inputs=["**/*.py", "**/*.yaml", "**/prefect.yaml"],
    limits="Training is recognised by the word 'train' or a training call in the scheduled file (a "
    "scheduled job that does not visibly train is absent); CI schedules are seen by the CI detectors.",
)
def schedules(repo: RepoView) -> Iterator[Finding]:
    scheduled: list[Proof] = []
    for name, tops, pattern in SCHEDULES:
        files = [f for f in importers(repo, tops) if not is_weak_path(f)]
        scheduled += retag(find_code(repo, pattern, files), "orchestration.schedules", f"{name} schedule")
    crons = [p for p in manifests(repo, "CronWorkflow") if "argoproj.io" in (repo.text(p.path) or "")]
    scheduled += retag(crons, "orchestration.schedules", "Argo CronWorkflow")
    scheduled += _yaml_schedules(repo)
    if not scheduled:
        yield from _unscheduled(repo)
        return
    training = [p for p in scheduled if _trains(repo, p.path)]
    if not training:  # a scheduled data or scoring job is no continuous training (data_pipeline sees it)
        why = f"pipelines are scheduled ({scheduled[0].path}:{scheduled[0].line}) but none of them trains"
        yield finding("continuous_training", "orchestration.schedules", Outcome.absent, why)
        return
    message = f"a scheduled pipeline trains ({training[0].path}:{training[0].line})"
    yield finding("continuous_training", "orchestration.schedules", Outcome.present, message, training[:5])


def _yaml_schedules(repo: RepoView) -> list[Proof]:
    """Prefect deployment schedules in prefect.yaml; Azure ML schedule YAML (the schedule $schema)."""
    out: list[Proof] = []
    for path in repo.named("prefect.yaml"):
        for m in repo.search(r"^\s*-?\s*(cron|interval|rrule):\s*\S", [path]):
            out.append(proof(path, m.line, "orchestration.schedules", f"Prefect schedule: {m.text}"))
    azure = [f for f in repo.with_suffix(".yml", ".yaml") if "schedule.schema.json" in (repo.text(f) or "")]
    for m in repo.search(r"^\$schema:\s*\S*/schedule\.schema\.json", azure):
        out.append(proof(m.path, m.line, "orchestration.schedules", "Azure ML schedule"))
    return out


def _unscheduled(repo: RepoView) -> Iterator[Finding]:
    """Pipelines exist but none is scheduled: absent (a CI schedule may still prove it elsewhere)."""
    used = tools_finding(repo, "pipeline_orchestration", "orchestration.schedules", ORCHESTRATORS, None)
    if used is not None and used.outcome is Outcome.present:
        yield Finding(
            practice="continuous_training",
            outcome=Outcome.absent,
            detector="orchestration.schedules",
            message="pipelines are defined but none is scheduled in the orchestrator",
        )


def _trains(repo: RepoView, path: str) -> bool:
    if path.endswith((".py", ".ipynb")):
        if matching_lines(repo, TRAINS, path):
            return True
        mod = module(repo, path)
        return bool(mod and trains(mod))
    return bool(TRAINS.search(repo.text(path) or ""))


DETECTORS: list[Detector] = [orchestrators, pipeline_manifests, schedules]

"""Detectors for automated data pipelines: a data extraction, ingestion or preparation step that an
orchestrated pipeline or a schedule runs.

Read from what pipelines declare: their steps (``parsers.pyast``: a SageMaker ``ProcessingStep``, a TFX
``ExampleGen``/``Transform``, a Kubeflow component, an Airflow task, a Prefect/Dagster/ZenML/Flyte/Metaflow
step, a Kedro node, an Azure ML pipeline step) and the stages of ``dvc.yaml``, each named for the data
work it does (``preprocess``, ``ingest``, ``extract``, ``prepare``, ``featurize``, ``split``...). A step
named for training, evaluation or deployment is not a data step.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from maturity.scan.detectors._commands import segments
from maturity.scan.detectors._found import finding
from maturity.scan.detectors._pycode import split_words
from maturity.scan.detectors._tools import is_weak_path, proof
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.ci import workflows
from maturity.scan.parsers.ci.model import SCHEDULE
from maturity.scan.parsers.pyast import PyModule, code_text, dotted, modules
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

DET = "dataprep.pipeline_steps"
DATA_WORDS = frozenset(
    {"preprocess", "preprocessing", "preprocessor", "prep", "prepare", "preparation", "dataprep", "ingest"}
    | {"ingestion", "extract", "extraction", "etl", "clean", "cleaning", "featurize", "featurization"}
    | {"feature", "features", "fetch", "download", "collect", "collection", "load", "loader", "split"}
    | {"splitter", "process", "processing", "engineering", "materialize", "materialization", "backfill"}
)
NOT_DATA = frozenset(
    {"model", "models", "train", "training", "trainer", "evaluate", "evaluation", "eval", "deploy", "serve"}
    | {"serving", "predict", "prediction", "inference", "register", "monitor", "monitoring", "test", "tune"}
    | {"baseline", "check", "report", "metrics", "endpoint", "push", "pusher", "score", "scoring"}
)
# decorators that make a function a pipeline step, with the package the module must import
STEP_DECORATORS = (
    ("Kubeflow component", ("component", "create_component_from_func", "func_to_container_op"), "kfp"),
    ("Airflow task", ("task",), "airflow"),
    ("Prefect task", ("task", "flow"), "prefect"),
    ("Dagster op", ("asset", "op", "multi_asset"), "dagster"),
    ("ZenML step", ("step",), "zenml"),
    ("Flyte task", ("task",), "flytekit"),
    ("Metaflow step", ("step",), "metaflow"),
)
# calls that declare a step, with the keywords that name it
STEP_CALLS = (
    ("SageMaker ProcessingStep", "ProcessingStep", ("name", "code", "display_name")),
    ("Kubeflow ContainerOp", "ContainerOp", ("name", "image")),
    ("Kedro node", "node", ("name", "func")),
    ("Azure ML PythonScriptStep", "PythonScriptStep", ("name", "script_name")),
    ("Azure ML command step", "command", ("name", "display_name", "command")),
)
NEEDLES = (
    "ProcessingStep",
    "ExampleGen",
    "@component",
    "@dsl.component",
    "create_component_from_func",
    "func_to_container_op",
    "ContainerOp",
    "task_id",
    "@task",
    "@flow",
    "@step",
    "@asset",
    "@op",
    "node(",
    "PythonScriptStep",
    "command(",
)
_SCRIPT = re.compile(r"^(?:python[\d.]*|py)\s+(?:-\w+\s+)*(?:-m\s+)?([\w./-]+?)(?:\.py)?(?:\s|$)")
# a step is only a step in a file that names its orchestrator or platform (cheap test before parsing)
PLATFORM_NEEDLES = (
    "kfp",
    "airflow",
    "prefect",
    "dagster",
    "zenml",
    "flytekit",
    "metaflow",
    "kedro",
    "tfx",
    "sagemaker",
    "azure",
)
ORCHESTRATORS = ("kfp", "airflow", "prefect", "dagster", "zenml", "flytekit", "metaflow", "kedro", "tfx")


def _holds(text: str, needles: tuple[str, ...]) -> bool:
    return any(n in text for n in needles)


@detector(
    id=DET,
    practices=["data_pipeline"],
    summary="A data extraction, ingestion or preparation step in an orchestrated pipeline: a SageMaker "
    "ProcessingStep, TFX ExampleGen/Transform, a Kubeflow component, an Airflow/Prefect/Dagster/ZenML/Flyte/"
    "Metaflow task or step, a Kedro node, an Azure ML pipeline step, a Pachyderm pipeline or a dvc.yaml "
    "stage named for the data work it does (preprocess, ingest, extract, prepare, featurize, split...), or a "
    "scheduled CI job running a data script.",
    inputs=["**/*.py", "**/*.ipynb", "**/dvc.yaml"],
    limits="Steps are recognised by their names; a data step named only for its business purpose "
    "(e.g. 'customers') is missed. Data jobs scheduled outside the repository are not seen.",
)
def pipeline_steps(repo: RepoView) -> Iterator[Finding]:
    code = [f for f in repo.with_suffix(".py", ".ipynb") if not is_weak_path(f)]
    code = [f for f in code if _holds(code_text(repo, f), PLATFORM_NEEDLES)]
    proofs = [p for mod in modules(repo, NEEDLES, code) for p in _steps(mod)[:2]]
    proofs += _dvc_stages(repo) + _azureml_jobs(repo) + _scheduled_scripts(repo)
    if proofs:
        where = f"{proofs[0].path}:{proofs[0].line}" if proofs[0].line else proofs[0].path
        yield finding(
            "data_pipeline", DET, Outcome.present, f"a pipeline step prepares data ({where})", proofs
        )
    else:
        why = "no data extraction or preparation step in an orchestrated pipeline (steps, components, stages)"
        yield finding("data_pipeline", DET, Outcome.absent, why)


def _is_data(*names: str) -> bool:
    found = {w for n in names for w in split_words(n)}
    return bool(found & DATA_WORDS) and not found & NOT_DATA


def _steps(mod: PyModule) -> list[Proof]:
    out: list[Proof] = []
    orchestrated = mod.imports_any(*ORCHESTRATORS, "sagemaker", "azure", "azureml")
    if not orchestrated:
        return out
    for call in mod.calls:
        if call.last.endswith("ExampleGen") or (call.last == "Transform" and mod.imports_any("tfx")):
            out.append(proof(mod.path, call.line, DET, f"TFX {call.last} ingests/prepares data"))
            continue
        if call.kw("task_id") is not None and mod.imports_any("airflow"):
            task = _text(call.kw("task_id"))
            if _is_data(task):
                out.append(proof(mod.path, call.line, DET, f"Airflow task {task} prepares data"))
            continue
        for what, name, keys in STEP_CALLS:
            if call.last != name:
                continue
            names = [_text(call.kw(k)) for k in keys] + [_text(call.arg(0))]
            shown = next((n for n in names if n), "")  # the step's own name first
            if _is_data(shown):
                out.append(proof(mod.path, call.line, DET, f"{what} prepares data: {shown[:60]}"))
    out += _decorated_steps(mod)
    return sorted(out, key=lambda p: p.line or 0)


def _decorated_steps(mod: PyModule) -> list[Proof]:
    out: list[Proof] = []
    for fn in mod.functions():
        for deco in fn.decorator_list:
            name = dotted(deco.func if isinstance(deco, ast.Call) else deco).rpartition(".")[2]
            kind = next(
                (w for w, names, pkg in STEP_DECORATORS if name in names and mod.imports_any(pkg)), None
            )
            if kind and _is_data(fn.name):
                out.append(proof(mod.path, mod.line(fn), DET, f"{kind} {fn.name} prepares data"))
                break
    return out


def _text(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return dotted(node) if node is not None else ""


def _dvc_stages(repo: RepoView) -> list[Proof]:
    """dvc.yaml stages named for data work that write outputs (``prepare``, ``featurize``)."""
    out: list[Proof] = []
    for path in repo.named("dvc.yaml"):
        data = repo.yaml(path)
        stages = data.get("stages") if isinstance(data, dict) else None
        for name, stage in stages.items() if isinstance(stages, dict) else ():
            if isinstance(stage, dict) and stage.get("outs") and _is_data(str(name)):
                out.append(proof(path, None, DET, f"DVC stage {name} prepares data"))
    return out


def _azureml_jobs(repo: RepoView) -> list[Proof]:
    """Azure ML pipeline job YAML (``type: pipeline``) whose ``jobs:`` include a data step (``prep_data``)."""
    out: list[Proof] = []
    for path in repo.with_suffix(".yml", ".yaml"):
        text = repo.text(path) or ""
        if "pipeline" not in text or "jobs:" not in text or "azureml" not in text:
            continue
        data = repo.yaml(path)
        jobs = data.get("jobs") if isinstance(data, dict) and data.get("type") == "pipeline" else None
        for name, job in jobs.items() if isinstance(jobs, dict) else ():
            label = job.get("display_name") or name if isinstance(job, dict) else name
            if isinstance(job, dict) and _is_data(str(name)):
                out.append(proof(path, None, DET, f"Azure ML pipeline job {label} prepares data"))
    return out


def _scheduled_scripts(repo: RepoView) -> list[Proof]:
    """A scheduled CI workflow runs a data script (``python ingest.py`` on a cron)."""
    out: list[Proof] = []
    for wf in workflows(repo):
        for job in wf.jobs:
            if SCHEDULE not in wf.job_triggers(job):
                continue
            for cmd in job.commands:
                scripts = [m.group(1) for seg in segments(cmd.text) if (m := _SCRIPT.match(seg))]
                names = [s.rpartition("/")[2].removesuffix(".py") for s in scripts]
                if any(_is_data(n) for n in names):
                    out.append(
                        proof(wf.path, cmd.line, DET, f"scheduled job runs a data script: {cmd.text[:60]}")
                    )
    return out


DETECTORS: list[Detector] = [pipeline_steps]

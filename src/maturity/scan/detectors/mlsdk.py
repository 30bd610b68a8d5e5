"""Detectors for ML platforms reached through SDK code and their own configuration files.

Read from what the code declares (``parsers.pyast``) or what a config declares: W&B model promotion
(``link_artifact``/``link_model``, an artifact logged with a production/staging alias or type), an MLflow
Recipe's ``register`` step, ``az ml model create``; Lightning logger configurations written as Python
dicts (``{"target": "pytorch_lightning.loggers.WandbLogger"}``); serverless handlers that predict with a
model or call an endpoint; Azure ML online and batch endpoint/deployment YAML.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
from maturity.scan.detectors._pycode import calls_in, split_words
from maturity.scan.detectors._tools import find_text, is_weak_path, proof
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.pyast import PyModule, code_text, modules
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

PROMOTION_WORDS = frozenset({"prod", "production", "staging", "staged", "champion", "release", "approved"})
LOGGER_TARGET = re.compile(
    r"^(pytorch_lightning|lightning\.pytorch|lightning)\.loggers\.(\w+\.)?"
    r"(WandbLogger|MLFlowLogger|NeptuneLogger|CometLogger|TensorBoardLogger|TestTubeLogger|AimLogger)$"
)
AZ_MODEL_CREATE = re.compile(r"\baz\s+ml\s+model\s+(create|register)\b")
AZUREML_SERVING = re.compile(
    r"^\$schema:\s*\S*/(managedOnlineEndpoint|managedOnlineDeployment|kubernetesOnlineEndpoint"
    r"|kubernetesOnlineDeployment|batchEndpoint|batchDeployment|modelBatchDeployment)\.schema\.json",
    re.MULTILINE,
)
HANDLER_NAMES = ("handler", "lambda_handler", "predict_handler", "main_handler")
PREDICTS = ("predict", "predict_proba", "invoke_endpoint", "generate", "transcribe")


@detector(
    id="mlsdk.registry",
    practices=["model_registry"],
    summary="Model promotion declared through a platform: W&B link_artifact/link_model or a model artifact "
    "logged with a production/staging alias or type, an MLflow Recipe's register step, az ml model create.",
    inputs=["**/*.py", "**/*.ipynb", "**/recipe.yaml", "**/*.sh", "**/*.yml", "Makefile"],
    limits="W&B artifacts versioned only with latest/best aliases are checkpoints, not a registry.",
)
def platform_registry(repo: RepoView) -> Iterator[Finding]:
    code = [f for f in repo.with_suffix(".py", ".ipynb") if not is_weak_path(f)]
    # only a file that names a W&B call which can promote is parsed
    promoting = modules(repo, ("wandb",), code, also=("link_", "Artifact", "log_artifact", "log_model"))
    proofs = [p for mod in promoting for p in _wandb_promotion(mod)[:1]]
    proofs += _recipe_register(repo)
    scripts = repo.glob("**/*.sh", "**/Makefile", "**/*.yml", "**/*.yaml")
    proofs += find_text(repo, AZ_MODEL_CREATE, [s for s in scripts if not is_weak_path(s)], "mlsdk.registry")
    if proofs:
        where = f"{proofs[0].path}:{proofs[0].line}" if proofs[0].line else proofs[0].path
        yield finding(
            "model_registry", "mlsdk.registry", Outcome.present, f"models are promoted ({where})", proofs
        )


def _wandb_promotion(mod: PyModule) -> list[Proof]:
    consts = _constants(mod.tree)
    out: list[Proof] = []
    for call in mod.calls:
        what = ""
        if call.last in ("link_artifact", "link_model"):
            what = f"W&B {call.last} to a registry"
        elif call.last == "Artifact" and _promotes(call.kw("type"), consts):
            what = "W&B artifact of a promoted model type"
        elif call.last in ("log_artifact", "log_model") and _promotes(call.kw("aliases"), consts):
            what = "W&B artifact logged with a promotion alias"
        if what:
            out.append(proof(mod.path, call.line, "mlsdk.registry", f"{what}: {call.text(70)}"))
    return out


def _promotes(node: ast.expr | None, consts: dict[str, str]) -> bool:
    if node is None:
        return False
    texts = [consts.get(n.id, "") for n in ast.walk(node) if isinstance(n, ast.Name)]
    texts += [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return any(set(split_words(t)) & PROMOTION_WORDS for t in texts)


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments."""
    out: dict[str, str] = {}
    for node in tree.body:
        value = (
            node.value.value
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            else None
        )
        if isinstance(node, ast.Assign) and isinstance(value, str):
            out.update((t.id, value) for t in node.targets if isinstance(t, ast.Name))
    return out


def _recipe_register(repo: RepoView) -> list[Proof]:
    """An MLflow Recipe (``recipe: regression/v1``) with a ``register`` step registers the trained model."""
    out: list[Proof] = []
    for path in repo.named("recipe.yaml"):
        lines = repo.lines(path)
        if not any(re.match(r"^recipe:\s*['\"]?\w+/v\d", line) for line in lines):
            continue
        for n, line in enumerate(lines, start=1):
            if re.match(r"^\s+register:", line):
                out.append(proof(path, n, "mlsdk.registry", "MLflow Recipe register step (Model Registry)"))
    return out


@detector(
    id="mlsdk.tracking",
    practices=["experiment_tracking"],
    summary="Lightning logger configurations written in Python dicts ({'target': "
    "'pytorch_lightning.loggers.WandbLogger'}), instantiated from config at run time.",
    inputs=["**/*.py"],
    limits="A logger chosen from a config at run time may be switched off by that config.",
)
def logger_configs(repo: RepoView) -> Iterator[Finding]:
    code = [f for f in repo.with_suffix(".py") if not is_weak_path(f)]
    proofs: list[Proof] = []
    for mod in modules(repo, (".loggers.",), code):
        for node in mod.nodes:
            if isinstance(node, ast.Dict):
                proofs += [
                    proof(mod.path, line, "mlsdk.tracking", d) for line, d in _logger_targets(mod, node)
                ]
    if proofs:
        where = f"{proofs[0].path}:{proofs[0].line}"
        yield finding(
            "experiment_tracking",
            "mlsdk.tracking",
            Outcome.present,
            f"a logger is configured ({where})",
            proofs,
        )


def _logger_targets(mod: PyModule, node: ast.Dict) -> list[tuple[int, str]]:
    out = []
    for key, value in zip(node.keys, node.values, strict=False):
        target = value.value if isinstance(value, ast.Constant) else None
        named = isinstance(key, ast.Constant) and key.value in ("target", "_target_")
        if named and isinstance(target, str) and LOGGER_TARGET.match(target):
            out.append((mod.line(value), f"Lightning logger configured: {target.rpartition('.')[2]}"))
    return out


@detector(
    id="mlsdk.serving",
    practices=["model_serving"],
    summary="Serverless handlers (handler(event, context)) that predict with a model or call an endpoint, "
    "and Azure ML online/batch endpoint and deployment YAML.",
    inputs=["**/*.py", "**/*.yml", "**/*.yaml"],
    limits="Handlers are recognised by their name and (event, context) signature.",
)
def serverless_and_endpoints(repo: RepoView) -> Iterator[Finding]:
    code = [f for f in repo.with_suffix(".py") if not is_weak_path(f)]
    code = [f for f in code if (text := code_text(repo, f)) and any(n in text for n in PREDICTS)]
    proofs = [p for mod in modules(repo, HANDLER_NAMES, code) for p in _handlers(mod)]
    yamls = [f for f in repo.with_suffix(".yml", ".yaml") if "schema.json" in (repo.text(f) or "")]
    for m in repo.search(AZUREML_SERVING, yamls):
        kind = m.text.rpartition("/")[2].removesuffix(".schema.json")
        proofs.append(proof(m.path, m.line, "mlsdk.serving", f"Azure ML {kind}"))
    if proofs:
        where = f"{proofs[0].path}:{proofs[0].line}"
        yield finding(
            "model_serving", "mlsdk.serving", Outcome.present, f"a model is served ({where})", proofs
        )


def _handlers(mod: PyModule) -> list[Proof]:
    predicts = [c for c in mod.calls if c.last in PREDICTS]
    if not predicts:
        return []
    out: list[Proof] = []
    for fn in mod.functions():
        params = [a.arg for a in fn.args.args]
        if fn.name in HANDLER_NAMES and len(params) == 2 and params[0] == "event":
            detail = (
                f"serverless handler {fn.name}(event, context) serves predictions ({predicts[0].text(50)})"
            )
            out.append(proof(mod.path, mod.line(fn), "mlsdk.serving", detail))
    return out


PIPELINE_RUNS = (
    "create_run_from_job_spec",
    "create_run_from_pipeline_package",
    "start_pipeline_execution",
    "submit",
    "run_pipeline",
)


@detector(
    id="mlsdk.event_triggers",
    practices=["continuous_training"],
    summary="An event handler (a Cloud Function or Lambda handler(event, context)) that starts a pipeline "
    "run (Vertex/KFP create_run_from_job_spec, PipelineJob.submit, SageMaker start_pipeline_execution).",
    inputs=["**/*.py"],
    limits="What sends the event (a schedule, a data upload, an alarm) is declared elsewhere (cloud or "
    "infrastructure configuration); a handler whose pipeline is not visibly a training one is partial.",
)
def event_triggers(repo: RepoView) -> Iterator[Finding]:
    code = [f for f in repo.with_suffix(".py") if not is_weak_path(f)]
    found: list[tuple[Proof, bool]] = []
    for mod in modules(repo, PIPELINE_RUNS, code):
        for fn in mod.functions():
            params = [a.arg for a in fn.args.args]
            if len(params) != 2 or params[0] != "event":
                continue
            runs = [name for name, _ in calls_in(fn.body) if name.rpartition(".")[2] in PIPELINE_RUNS]
            if runs and (runs[0].rpartition(".")[2] != "submit" or "Pipeline" in code_text(repo, mod.path)):
                detail = f"event handler {fn.name}(event, context) starts a pipeline run ({runs[0]})"
                trains = bool(re.search(r"(?i)train", code_text(repo, mod.path)))
                found.append((proof(mod.path, mod.line(fn), "mlsdk.event_triggers", detail), trains))
    if found:
        training = [p for p, t in found if t]
        outcome = Outcome.present if training else Outcome.partial
        why = (
            "an event starts a training pipeline"
            if training
            else "an event starts a pipeline; training not seen"
        )
        shown = training or [p for p, _ in found]
        yield finding(
            "continuous_training", "mlsdk.event_triggers", outcome, f"{why} ({shown[0].path})", shown
        )


DETECTORS: list[Detector] = [platform_registry, logger_configs, serverless_and_endpoints, event_triggers]

"""Detectors for the deployment area: progressive delivery, multiple environments, rollback."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from maturity.scan.detectors._found import finding, present_or_absent
from maturity.scan.detectors._tools import (
    code_lines,
    find_code,
    find_text,
    importers,
    is_weak_path,
    manifests,
    proof,
    retag,
)
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers import pyast
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

ENV_NAMES = frozenset(
    [
        "dev",
        "develop",
        "development",
        "test",
        "testing",
        "qa",
        "uat",
        "int",
        "stage",
        "staging",
        "stg",
        "preprod",
        "pre-prod",
        "nonprod",
        "prod",
        "prd",
        "production",
        "sandbox",
        "canary",
    ]
)
ENV_DIRS = frozenset(
    ["overlays", "envs", "environments", "env", "deploy", "deployments", "terraform", "infra", "k8s", "helm"]
)
GHA_ENV = re.compile(r"^[ \t]+environment:[ \t]*(?:\n[ \t]+name:[ \t]*)?['\"]?([\w.${}-]+)", re.MULTILINE)
TF_WORKSPACE = re.compile(r"terraform\s+workspace\s+(?:new|select)\s+(?:-or-create\s+)?['\"]?([\w-]+)")
YAML_TRAFFIC = re.compile(
    r"canaryTrafficPercent:\s*\d|^\s+mirror(Percentage)?:|^\s+weight:\s*(\d|\{\{)|^rollout_strategy:\s*ROLLOUT\b"
    r"|^\s+canary_?(probability|percent(age)?|weight|traffic|fraction|ratio):\s*[\d.]"
)
CANARY_CODE = re.compile(r"(?i)\bcanary_?(probability|percent(age)?|weight|traffic|fraction|ratio)\b")
_ENV_ALT = "dev|development|qa|uat|stage|staging|stg|preprod|pre-prod|prod|prd|production"
_ENV_KIND = "values|deploy|deployment|config|settings|params|parameters|vars|variables|cdk"
ENV_FILE = re.compile(
    rf"^(?:{_ENV_KIND}|docker-compose|compose|\.env|terraform)[._-](?P<a>{_ENV_ALT})\."
    rf"|^(?P<b>{_ENV_ALT})[._-](?:{_ENV_KIND})\."
)
# a CI/CD stage or job named for rollback (Azure Pipelines ``- stage: Rollback``, ``- job: roll_back``)
ROLLBACK_STAGE = re.compile(r"(?i)^\s*-\s*(stage|job|deployment):\s*['\"]?[\w-]*roll_?back")
NOT_ENVS = frozenset({"github-pages", "pages", "name", "url"})
# dict keys count only with their ":" (or as keywords): a bare string literal is not a configuration
SAGEMAKER_WEIGHTS = re.compile(
    r"(InitialVariantWeight|ShadowProductionVariants)['\"]?\s*[:=]|update_endpoint_weights"
)
ROLLBACK = re.compile(
    r"kubectl\s+(argo\s+)?rollouts?\s+(undo|abort)|helm\s+rollback|aws\s+deploy\s+stop-deployment"
    r"|anyscale\s+service\s+rollback|gcloud\s+run\s+services\s+update-traffic|az\s+\w+\s+\w*\s*rollback|--auto-rollback|autoRollback"
)


@detector(
    id="deployment.progressive",
    practices=["progressive_delivery"],
    summary="Canary/blue-green/shadow: Argo Rollouts, Flagger Canary, KServe canaryTrafficPercent, Istio "
    "weighted routes or mirroring, weighted SageMaker variants, Anyscale rollouts, canary routing settings.",
    inputs=["**/*.yaml", "**/*.yml", "**/*.py"],
    limits="Traffic shifting configured in a cloud console or another repository is not seen.",
)
def progressive(repo: RepoView) -> Iterator[Finding]:
    evidence = _traffic_manifests(repo) + _traffic_code(repo)
    yield present_or_absent(
        "progressive_delivery",
        "deployment.progressive",
        evidence,
        f"traffic shifting configured ({evidence[0].detail})" if evidence else "",
        "no canary, blue-green, shadow or weighted-routing configuration",
    )


def _traffic_manifests(repo: RepoView) -> list[Proof]:
    """Argo Rollouts, Flagger, KServe canary, Istio weights/mirroring, Anyscale rollouts in YAML."""
    evidence: list[Proof] = []
    for p in manifests(repo, "Rollout"):
        text = repo.text(p.path) or ""
        if "argoproj.io" in text and re.search(r"^\s+(canary|blueGreen):", text, re.MULTILINE):
            evidence.append(
                p.model_copy(update={"detector": "deployment.progressive", "detail": "Argo Rollout"})
            )
    evidence += retag(manifests(repo, "Canary"), "deployment.progressive", "Flagger")
    yamls = repo.with_suffix(".yaml", ".yml")
    for p in find_text(repo, YAML_TRAFFIC, yamls, "deployment.progressive"):
        if not re.search(r"weight|mirror", p.detail) or "VirtualService" in (repo.text(p.path) or ""):
            evidence.append(p)
    return evidence


def _traffic_code(repo: RepoView) -> list[Proof]:
    """SageMaker weighted/shadow variants; canary routing settings in serving code."""
    evidence: list[Proof] = []
    code = importers(repo, ("sagemaker", "boto3"))
    for p in find_code(repo, SAGEMAKER_WEIGHTS, code):
        text = repo.text(p.path) or ""
        if "InitialVariantWeight" not in p.detail or text.count("VariantName") >= 2:
            evidence.append(p.model_copy(update={"detector": "deployment.progressive"}))
    files = [f for f in repo.with_suffix(".py") if not is_weak_path(f)]
    evidence += retag(
        find_code(repo, CANARY_CODE, files, ("canary",)), "deployment.progressive", "canary routing"
    )
    return evidence


@detector(
    id="deployment.environments",
    practices=["multiple_environments"],
    summary="Several deployment environments: kustomize overlays / env folders (dev, staging, prod), "
    "terraform workspaces and tfvars, per-environment files (values-prod.yaml), GitHub `environment:` names.",
    inputs=["**/overlays/*/", "**/envs/*/", "**/environments/*/", ".github/workflows/*.yml", "**/*.tfvars"],
    limits="Environments defined only in a cloud account or CD tool are not seen; "
    "one environment is partial.",
)
def environments(repo: RepoView) -> Iterator[Finding]:
    found: dict[str, Proof] = {}
    for name, p in _env_files(repo) + _gha_envs(repo) + _tf_workspaces(repo):
        found.setdefault(name, p)
    if not found:
        return
    names = sorted(found)
    yield Finding(
        practice="multiple_environments",
        outcome=Outcome.present if len(names) > 1 else Outcome.partial,
        detector="deployment.environments",
        evidence=list(found.values())[:6],
        message=f"environments: {', '.join(names)}"
        if len(names) > 1
        else f"only one environment ({names[0]})",
        details={"environments": names},
    )


def _env_files(repo: RepoView) -> list[tuple[str, Proof]]:
    """Environment folders (overlays/prod/, envs/dev/) and <env>.tfvars files."""
    out: list[tuple[str, Proof]] = []
    for f in repo.files:
        parts = PurePosixPath(f.lower()).parts
        for i, part in enumerate(parts[:-2]):
            if part in ENV_DIRS and parts[i + 1] in ENV_NAMES:
                out.append(
                    (parts[i + 1], proof(f, None, "deployment.environments", f"{parts[i + 1]} config"))
                )
        m = ENV_FILE.match(parts[-1]) if parts else None
        if m:
            env = m.group("a") or m.group("b")
            out.append((env, proof(f, None, "deployment.environments", f"{env} deployment file")))
        stem = parts[-1].split(".")[0] if parts else ""
        if parts and parts[-1].endswith(".tfvars") and stem in ENV_NAMES:
            out.append((stem, proof(f, None, "deployment.environments", f"{stem} terraform variables")))
    return out


def _gha_envs(repo: RepoView) -> list[tuple[str, Proof]]:
    """GitHub Actions ``environment:`` names (github-pages and expressions left out)."""
    out: list[tuple[str, Proof]] = []
    for path in repo.glob(".github/workflows/*.yml", ".github/workflows/*.yaml"):
        text = repo.text(path) or ""
        for m in GHA_ENV.finditer(text):
            name = m.group(1).lower()
            if name not in NOT_ENVS and "$" not in name:
                line = text.count("\n", 0, m.start(1)) + 1
                out.append((name, proof(path, line, "deployment.environments", f"GitHub environment {name}")))
    return out


def _tf_workspaces(repo: RepoView) -> list[tuple[str, Proof]]:
    """``terraform workspace new|select <env>`` in scripts, Makefiles and workflows."""
    files = repo.glob("**/*.sh", "**/Makefile", "**/*.mk", "**/*.yml", "**/*.yaml")
    out: list[tuple[str, Proof]] = []
    for p in find_text(repo, TF_WORKSPACE, files, "deployment.environments"):
        m = TF_WORKSPACE.search(p.detail)
        name = m.group(1).lower() if m else ""
        if name in ENV_NAMES:
            out.append((name, p.model_copy(update={"detail": f"terraform workspace {name}"})))
    return out


# deploy steps of orchestrated pipelines: Airflow operators, TFX Pusher, SDK deploy calls
DEPLOY_OPERATORS = frozenset(
    {"MLEngineVersionOperator", "MLEngineSetDefaultVersionOperator", "SageMakerEndpointOperator"}
    | {"SageMakerEndpointConfigOperator", "Pusher", "ModelDeployOp", "DeployModelOperator"}
    | {"CreateEndpointOperator", "DeployModelOnEndpointOperator"}
)
DEPLOY_SHELL = re.compile(
    r"gcloud\s+(?:ai-platform\s+versions\s+(?:create|set-default)|ai\s+endpoints\s+deploy-model)"
    r"|aws\s+sagemaker\s+(?:create|update)-endpoint|az\s+ml\s+online-deployment\s+(?:create|update)"
)
SCHEDULE_KEYS = ("schedule_interval", "schedule", "timetable")


@detector(
    id="deployment.scheduled_pipeline",
    practices=["automated_deployment"],
    summary="A scheduled pipeline delivers the model itself: an Airflow DAG with a schedule whose tasks "
    "deploy (AI Platform version create/set-default, SageMaker endpoint operators, a deploy shell command, "
    "a TFX Pusher).",
    inputs=["**/*.py"],
    limits="Only a schedule declared in the same DAG file counts; a pipeline with a deploy step that a "
    "person starts is not automated deployment.",
)
def scheduled_pipeline(repo: RepoView) -> Iterator[Finding]:
    proofs: list[Proof] = []
    code = [f for f in repo.with_suffix(".py") if not is_weak_path(f)]
    for mod in pyast.modules(repo, ("airflow",), code):
        schedule = _dag_schedule(mod)
        if schedule is None:
            continue
        for call in mod.calls:
            bash = call.kw("bash_command")
            text = pyast.source(bash, 300) if bash is not None else ""
            if call.last in DEPLOY_OPERATORS or (call.last == "BashOperator" and DEPLOY_SHELL.search(text)):
                what = f"scheduled Airflow DAG ({schedule}) deploys: {call.text(70)}"
                proofs.append(proof(mod.path, call.line, "deployment.scheduled_pipeline", what))
    if proofs:
        why = f"a scheduled pipeline deploys the model ({proofs[0].path}:{proofs[0].line})"
        yield finding("automated_deployment", "deployment.scheduled_pipeline", Outcome.present, why, proofs)


def _dag_schedule(mod: pyast.PyModule) -> str | None:
    """The schedule a DAG in this module declares (``DAG(..., schedule_interval='@weekly')``), or None."""
    for call in mod.calls:
        if call.last not in ("DAG", "dag"):
            continue
        for key in SCHEDULE_KEYS:
            value = call.kw(key)
            if value is not None and not (isinstance(value, ast.Constant) and value.value is None):
                return pyast.source(value, 40)
    return None


@detector(
    id="deployment.rollback",
    practices=["rollback"],
    summary="Explicit rollback: kubectl rollout undo, Argo Rollouts abort, helm rollback, "
    "auto-rollback config, rollback scripts outside tests, CI stages/jobs named rollback.",
    inputs=["**/*.sh", "Makefile", ".github/workflows/*.yml", "**/*.yaml", "**/*.py"],
    limits="Rollback is usually a runbook or platform feature; absence of evidence is reported as unknown.",
)
def rollback(repo: RepoView) -> Iterator[Finding]:
    files = repo.glob("**/*.sh", "**/Makefile", "**/*.yml", "**/*.yaml", "**/*.mk")
    evidence = find_text(repo, ROLLBACK, files, "deployment.rollback")
    stages = find_text(repo, ROLLBACK_STAGE, repo.with_suffix(".yml", ".yaml"), "deployment.rollback")
    evidence += retag(stages, "deployment.rollback", "rollback stage")
    scripts = [f for f in repo.glob("**/*rollback*.py", "**/*rollback*.sh") if not is_weak_path(f)]
    for path in scripts:
        lines = code_lines(repo, path) if path.endswith(".py") else []
        first = lines[0][0] if lines else None
        evidence.append(proof(path, first, "deployment.rollback", "rollback script"))
    if evidence:
        yield Finding(
            practice="rollback",
            outcome=Outcome.present,
            detector="deployment.rollback",
            evidence=evidence[:6],
            message=f"rollback step in {evidence[0].path}:{evidence[0].line}",
        )


DETECTORS: list[Detector] = [scheduled_pipeline, progressive, environments, rollback]

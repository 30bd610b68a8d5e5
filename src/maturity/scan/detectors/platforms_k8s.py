"""Detectors for the platforms area: operations declared in Kubernetes manifests and Pachyderm specs.

Manifests (``scan/parsers/k8s.py``, including those a script pipes to ``kubectl apply``): Seldon/KServe
serving, traffic splits, payload loggers, explainers, training CronJobs, GitOps controllers that deploy
automatically. Pachyderm pipeline specs: versioned data repositories that re-run the pipelines reading
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from maturity.scan.detectors._commands import Kind, kinds
from maturity.scan.detectors._declared import Declared, trains
from maturity.scan.detectors._tools import is_test_path
from maturity.scan.models import Finding
from maturity.scan.parsers.json_configs import json_configs
from maturity.scan.parsers.k8s import Manifest, manifests
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

SERVING_KINDS = {
    "SeldonDeployment": "seldon.io",
    "InferenceService": "",
    "InferenceGraph": "kserve.io",
    "TrainedModel": "kserve.io",
    "Model": "mlops.seldon.io",
}


@detector(
    id="platforms.kubernetes",
    practices=[
        "model_serving",
        "progressive_delivery",
        "monitoring",
        "drift_detection",
        "explainability",
        "continuous_training",
        "automated_deployment",
    ],
    summary="Kubernetes manifests (also those a script pipes to kubectl apply): Seldon/KServe model servers, "
    "traffic splits and shadows between predictors, Seldon experiments, payload loggers (monitoring), "
    "explainers, alibi-detect drift detectors, CronJobs and Kubeflow scheduled workflows that train, Argo CD "
    "applications with automated sync and Flux releases (automated deployment).",
    inputs=["**/*.yaml", "**/*.yml", "**/*.sh"],
    limits="Manifests rendered by Helm or kustomize at deploy time are read only by their kind; an Argo CD "
    "application is not followed to what it deploys.",
)
def kubernetes_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.kubernetes")
    for m in manifests(repo):
        if is_test_path(m.path):
            continue
        where = " (applied by a script)" if m.embedded else ""
        if m.kind in SERVING_KINDS and SERVING_KINDS[m.kind] in m.api_version:
            found.add("model_serving", m.path, m.line, f"{m.kind} {m.name}{where}")
            _serving_extras(found, m, where)
        elif m.kind == "Experiment" and "seldon.io" in m.api_version:
            found.add("progressive_delivery", m.path, m.line, f"Seldon Experiment {m.name} splits traffic")
        elif m.kind in ("CronJob", "ScheduledWorkflow"):
            _scheduled(found, m)
        elif m.kind in ("Application", "ApplicationSet") and "argoproj.io" in m.api_version:
            _argocd(found, m)
        elif m.kind in ("Kustomization", "HelmRelease") and "fluxcd.io" in m.api_version:
            partial = "the Flux release is suspended" if str(m.spec.get("suspend")).lower() == "true" else ""
            found.add(
                "automated_deployment", m.path, m.line, f"Flux {m.kind} {m.name} reconciles it", partial
            )
        if "alibi-detect-server" in str(m.body) and "Drift" in str(m.body):
            found.add("drift_detection", m.path, m.line, f"alibi-detect drift detector ({m.kind} {m.name})")
    yield from found.findings()


def _serving_extras(found: Declared, m: Manifest, where: str) -> None:
    spec = m.spec
    canary = _map(spec.get("predictor")).get("canaryTrafficPercent")
    if canary is not None:
        found.add("progressive_delivery", m.path, m.line, f"{m.name}: canary at {canary}% of traffic{where}")
    predictors = [_map(p) for p in spec.get("predictors") or [] if isinstance(p, dict)]
    shares = [str(p.get("traffic")) for p in predictors if str(p.get("traffic", "0")) not in ("0", "100")]
    if len(shares) >= 2 or any(str(p.get("shadow")).lower() == "true" for p in predictors):
        found.add(
            "progressive_delivery", m.path, m.line, f"{m.name}: traffic split or shadow between predictors"
        )
    if _has_key(spec, "logger"):
        found.add("monitoring", m.path, m.line, f"{m.kind} {m.name} logs requests and responses{where}")
    if "explainer" in spec or any("explainer" in p for p in predictors):
        found.add("explainability", m.path, m.line, f"{m.kind} {m.name} deploys an explainer{where}")


def _scheduled(found: Declared, m: Manifest) -> None:
    spec = m.spec
    if m.kind == "CronJob":
        pod = _map(_map(_map(spec.get("jobTemplate")).get("spec")).get("template")).get("spec")
        lines = _commands(_map(pod).get("containers"))
        if not any(Kind.training in kinds(line) for line in lines):
            return
        when = spec.get("schedule", "")
        suspended = str(spec.get("suspend")).lower() == "true"
        detail = f"CronJob {m.name} ({when}) runs training: {lines[0][:60]}"
        found.add(
            "continuous_training", m.path, m.line, detail, "the CronJob is suspended" if suspended else ""
        )
    elif "kubeflow.org" in m.api_version:
        trigger = _map(spec.get("trigger"))
        when = _map(trigger.get("cronSchedule")).get("cron") or "periodic"
        detail = f"Kubeflow scheduled workflow {m.name} ({when})"
        reason = (
            "" if trains(*_strings(spec.get("workflow"))) else "the scheduled workflow has no training step"
        )
        if str(spec.get("enabled")).lower() == "false":
            reason = "the scheduled workflow is disabled"
        found.add("continuous_training", m.path, m.line, detail, reason)


def _argocd(found: Declared, m: Manifest) -> None:
    spec = _map(_map(m.spec.get("template")).get("spec")) if m.kind == "ApplicationSet" else m.spec
    source = _map(spec.get("source"))
    what = source.get("path") or source.get("chart") or source.get("repoURL") or m.name
    if "automated" in _map(spec.get("syncPolicy")):
        found.add(
            "automated_deployment", m.path, m.line, f"Argo CD {m.kind} {m.name} syncs {what} automatically"
        )
    else:
        reason = f"Argo CD {m.kind} {m.name} has no automated sync policy (synced by hand)"
        found.add("automated_deployment", m.path, m.line, f"Argo CD {m.kind} {m.name} deploys {what}", reason)


@detector(
    id="platforms.pachyderm",
    practices=["pipeline_orchestration", "data_versioning", "continuous_training", "data_pipeline"],
    summary="Pachyderm pipeline specs: versioned input repositories (data versioning), pipelines chained "
    "through repositories (orchestration), a training pipeline that re-runs on every new input commit or on "
    "a cron input (continuous training), and the pipelines that prepare its data.",
    inputs=["**/*.json", "**/*.yaml", "**/*.yml"],
    limits="Pipelines created only with pachctl flags or in the console are not seen.",
)
def pachyderm_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.pachyderm")
    specs = _pachyderm_specs(repo)
    training = {name for name, *_ in specs if _pach_trains(name, specs)}
    for name, path, line, spec in specs:
        repos, crons = _inputs(spec.get("input"))
        found.add(
            "pipeline_orchestration",
            path,
            line,
            f"Pachyderm pipeline {name} (inputs: {', '.join(repos + crons)})",
        )
        for r in repos:
            found.add(
                "data_versioning",
                path,
                line,
                f"Pachyderm versioned data repository {r} feeds pipeline {name}",
            )
        if name in training:
            when = f"on every new commit to {', '.join(repos)}" if repos else f"on cron {', '.join(crons)}"
            found.add("continuous_training", path, line, f"Pachyderm pipeline {name} re-runs training {when}")
        elif any(name in _inputs(s.get("input"))[0] for n, *_, s in specs if n in training):
            found.add("data_pipeline", path, line, f"Pachyderm pipeline {name} prepares data for training")
    yield from found.findings()


Spec = tuple[str, str, int, dict[str, Any]]


def _pachyderm_specs(repo: RepoView) -> list[Spec]:
    out: list[Spec] = []
    yamls = [f for f in repo.with_suffix(".yaml", ".yml") if "transform:" in (repo.text(f) or "")]
    for path in json_configs(repo, '"transform"') + yamls:
        if is_test_path(path):
            continue
        data = repo.json(path) if path.endswith(".json") else repo.yaml(path)
        spec, pipeline = _map(data), _map(_map(data).get("pipeline"))
        if (
            pipeline.get("name")
            and isinstance(spec.get("transform"), dict)
            and isinstance(spec.get("input"), dict)
        ):
            line = (repo.text(path) or "").count(
                "\n", 0, max((repo.text(path) or "").find("pipeline"), 0)
            ) + 1
            out.append((str(pipeline["name"]), path, line, spec))
    return out


def _pach_trains(name: str, specs: list[Spec]) -> bool:
    spec = next(s for n, *_, s in specs if n == name)
    transform = _map(spec.get("transform"))
    lines = [str(x) for x in [*(transform.get("cmd") or []), *(transform.get("stdin") or [])]]
    return trains(name) or any(Kind.training in kinds(line) for line in lines)


def _inputs(value: Any, depth: int = 0) -> tuple[list[str], list[str]]:
    """The pfs repositories and cron inputs of a Pachyderm input tree."""
    repos: list[str] = []
    crons: list[str] = []
    if depth > 8:
        return repos, crons
    for key, item in _map(value).items():
        if key == "pfs" and _map(item).get("repo"):
            repos.append(str(item["repo"]))
        elif key == "cron" and isinstance(item, dict):
            crons.append(str(item.get("spec") or item.get("name") or "cron"))
        for sub in item if isinstance(item, list) else [item] if key != "pfs" else []:
            r, c = _inputs(sub, depth + 1)
            repos += r
            crons += c
    return repos, crons


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _has_key(value: Any, key: str, depth: int = 0) -> bool:
    if depth > 12:
        return False
    if isinstance(value, dict):
        return key in value or any(_has_key(v, key, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_key(v, key, depth + 1) for v in value)
    return False


def _strings(value: Any, depth: int = 0) -> list[str]:
    if depth > 12:
        return []
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for v in items for s in _strings(v, depth + 1)]


def _commands(containers: Any) -> list[str]:
    """A container's command line joined, and each of its shell-script arguments."""
    out: list[str] = []
    for c in containers if isinstance(containers, list) else []:
        words = [str(w) for w in [*(_map(c).get("command") or []), *(_map(c).get("args") or [])]]
        out += [" ".join(words), *(w for w in words if " " in w)]
    return out


DETECTORS: list[Detector] = [kubernetes_ops, pachyderm_ops]

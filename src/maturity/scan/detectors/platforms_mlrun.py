"""Detectors for the platforms area: operations declared with MLRun (Python SDK, files and notebooks).

Scheduled project workflows that run a training function are continuous training, serving functions
(V2ModelServer classes, ``add_model``) model serving, workflows that ``deploy_function`` automated
deployment, ``set_tracking`` model monitoring.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from maturity.scan.detectors._declared import Declared, trains
from maturity.scan.detectors._tools import importers, is_weak_path
from maturity.scan.models import Finding
from maturity.scan.parsers.platform_code import Call, calls, dotted, module
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView


@detector(
    id="platforms.mlrun",
    practices=["continuous_training", "model_serving", "automated_deployment", "monitoring"],
    summary="MLRun: project workflows scheduled with set_workflow/run(schedule=...) that run a training "
    "function, serving functions (V2ModelServer classes, add_model), workflows that deploy_function, "
    "model monitoring (set_tracking).",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Training is recognised by the names of the functions a workflow runs (train, fit).",
)
def mlrun_ops(repo: RepoView) -> Iterator[Finding]:
    found = Declared("platforms.mlrun")
    for path in importers(repo, ("mlrun",)):
        if is_weak_path(path):
            continue
        mod = module(repo, path)
        if mod is None:
            continue
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.ClassDef) and any(
                dotted(b).endswith("V2ModelServer") for b in node.bases
            ):
                found.add("model_serving", path, mod.line(node), f"MLRun model server class {node.name}")
        _mlrun_calls(found, path, calls(repo, path), _pipelines(mod.tree))
    yield from found.findings()


def _pipelines(tree: ast.Module) -> set[str]:
    """Functions decorated as KFP pipelines (MLRun workflows)."""
    return {
        n.name
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef)
        and any(
            dotted(d.func if isinstance(d, ast.Call) else d).endswith("pipeline") for d in n.decorator_list
        )
    }


def _mlrun_calls(found: Declared, path: str, all_calls: list[Call], pipelines: set[str]) -> None:
    args = [
        a
        for c in all_calls
        if c.last in _MLRUN_FUNCS
        for a in [*c.node.args, *(k.value for k in c.node.keywords)]
    ]
    training = trains(*(_literal(a) for a in args))
    for c in all_calls:
        if c.last in ("set_workflow", "run") and _scheduled(c):
            detail = f"MLRun workflow scheduled ({_source(c.keyword('schedule'))}): {c.name}"
            reason = (
                "" if training else "an MLRun workflow is scheduled but runs no function named for training"
            )
            found.add("continuous_training", path, c.line, detail, partial=reason)
        elif c.last == "deploy_function" and c.function in pipelines:
            found.add("automated_deployment", path, c.line, f"MLRun workflow {c.function} deploys a function")
        elif c.last == "add_model":
            found.add("model_serving", path, c.line, f"MLRun serving function adds a model ({c.name})")
        elif c.last == "set_tracking":
            found.add("monitoring", path, c.line, f"MLRun model monitoring enabled ({c.name})")


def _scheduled(c: Call) -> bool:
    """A workflow set or run with a schedule (``project.run``, not a function's ``fn.run``)."""
    schedule = c.keyword("schedule")
    if schedule is None or (isinstance(schedule, ast.Constant) and schedule.value in (None, False, "")):
        return False
    workflow_run = "proj" in c.name.lower() or any(
        k.arg in ("workflow_path", "watch") for k in c.node.keywords
    )
    return c.last == "set_workflow" or workflow_run


def _source(node: ast.expr | None) -> str:
    if node is None:
        return ""
    try:
        return ast.unparse(node)[:60]
    except (ValueError, RecursionError):  # pragma: no cover (a parsed node unparses)
        return ""


_MLRUN_FUNCS = frozenset(
    {"run_function", "set_function", "code_to_function", "new_function", "import_function"}
)


def _literal(node: ast.expr) -> str:
    return str(node.value) if isinstance(node, ast.Constant) else ""


DETECTORS: list[Detector] = [mlrun_ops]

"""What code an AWS resource runs: a CodeBuild buildspec's commands, a Lambda handler's calls.

A buildspec is inline (a ``BuildSpec`` string or a CDK ``BuildSpec.from_object``) or a file the project
names, found by its path nearest to the declaring file. A Lambda handler is inline (``ZipFile``) or the
module its ``Handler`` names, found next to its code asset (``CodeUri``, ``Code.from_asset``). Commands
are judged like CI commands; handler code by the SDK calls it makes (``create_training_job``...).
"""

from __future__ import annotations

import ast
import re
import weakref
from dataclasses import dataclass

import yaml

from maturity.scan.detectors._commands import Kind, indirect, kinds
from maturity.scan.parsers import pyast
from maturity.scan.parsers.aws.model import Res, render
from maturity.scan.parsers.ci.walk import walk
from maturity.scan.repo import RepoView

TRAINS, RUNS_SM, DEPLOYS, UPSERTS = "trains", "runs SageMaker pipeline", "deploys", "upserts pipeline"
TESTS = "runs tests"
_SM_RUN = re.compile(
    r"^(?:run-pipeline|(?:python[\d.]*\s+(?:-\w+\s+)*)?(?:-m\s+)?\S*run_pipeline(?:\.py)?"
    r"|aws\s+sagemaker\s+start-pipeline-execution)(?:\s|$)"
)
_CODE_CALLS = {
    "create_training_job": TRAINS,
    "create_auto_ml_job": TRAINS,
    "create_auto_ml_job_v2": TRAINS,
    "create_hyper_parameter_tuning_job": TRAINS,
    "fit": TRAINS,
    "start_pipeline_execution": RUNS_SM,
    "create_endpoint": DEPLOYS,
    "update_endpoint": DEPLOYS,
    "create_stack": DEPLOYS,
    "update_stack": DEPLOYS,
}
NPX = re.compile(r"^(?:npx|npm\s+exec\s+--|yarn|pnpm(?:\s+exec)?)\s+(?=cdk\b|sam\b|serverless\b)")


@dataclass(frozen=True)
class Effect:
    kind: str
    path: str
    line: int
    detail: str
    purpose: str = ""


Line = tuple[str, int, str]


def command_effects(repo: RepoView, res: Res, lines: list[Line]) -> list[Effect]:
    out: list[Effect] = []
    for path, line, text in lines:
        text = NPX.sub("", text.strip())
        found = kinds(text)
        reached = [(path, line, text), *indirect(repo, text)]
        if Kind.training in found or any(Kind.training in kinds(t) for _, _, t in reached[1:]):
            out.append(Effect(TRAINS, path, line, f"runs training: {text[:80]}"))
        if Kind.deploy in found:
            out.append(Effect(DEPLOYS, path, line, f"deploys: {text[:80]}"))
        if Kind.tests in found or any(Kind.tests in kinds(t) for _, _, t in reached[1:]):
            out.append(Effect(TESTS, path, line, f"runs tests: {text[:80]}"))
        if _SM_RUN.match(text.strip()):
            out.append(Effect(RUNS_SM, path, line, f"runs a SageMaker pipeline: {text[:80]}"))
            if not text.strip().startswith("aws "):
                out.append(
                    Effect(UPSERTS, path, line, f"upserts and starts a SageMaker pipeline: {text[:80]}")
                )
    if not lines and re.search(r"sagemaker[\s_-]*pipeline", res.words):
        said = render(res.get("description")) or res.words
        detail = f"CodeBuild project {res.id} runs a SageMaker pipeline by its description: {said[:100]}"
        out.append(Effect(RUNS_SM, res.path, res.line, detail))
    return out


def project_commands(repo: RepoView, project: Res) -> list[Line]:
    """The commands a CodeBuild project runs: its inline buildspec, or the buildspec file it names."""
    spec = project.get("source", "buildspec") or project.get("buildspec")
    if isinstance(spec, dict) and "buildspecfile" not in spec:
        return [(project.path, project.line, c.text) for _, c in walk(spec)]
    name = render(spec.get("buildspecfile") if isinstance(spec, dict) else spec).strip()
    if "phases" in name:
        try:
            return [(project.path, project.line, c.text) for _, c in walk(yaml.safe_load(name))]
        except yaml.YAMLError:
            return []
    path = nearest(repo, name or "buildspec.yml", project.path)
    docs = repo.yaml_located(path) if path else []
    return [(path, c.line, c.text) for d in docs for _, c in walk(d.get("phases"))] if path else []


def nearest(repo: RepoView, name: str, near: str) -> str | None:
    """The file ``name`` (a relative path) closest to ``near``; None when two tie or none is near."""
    name = name.removeprefix("./")
    found = [f for f in repo.named(name.rsplit("/", 1)[-1]) if f == name or f.endswith("/" + name)]
    here = near.split("/")[:-1]

    def shared(f: str) -> int:
        n = 0
        for a, b in zip(here, f.split("/")[:-1], strict=False):
            if a != b:
                break
            n += 1
        return n

    # a file in another top-level folder belongs to another project; a lone root file serves every folder
    alone = len(found) == 1 and ("/" not in found[0] or not here)
    ranked = sorted(((shared(f), f) for f in found if shared(f) or alone), reverse=True)
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[0][0] > ranked[1][0]):
        return ranked[0][1]
    return None


def code_effects(repo: RepoView, function: Res) -> list[Effect]:
    """What a Lambda function's handler code calls (inline code, or the handler module's file)."""
    out: list[Effect] = []
    inline = render(function.get("code", "zipfile"))
    for call, _ in _calls(inline) if "def " in inline else []:
        out.append(
            Effect(_CODE_CALLS[call], function.path, function.line, f"Lambda {function.id} calls {call}()")
        )
    for path in handler_files(repo, function):
        if path not in _CALLS.setdefault(repo, {}):
            mod = pyast.module(repo, path) if _has_calls(repo.text(path) or "") else None
            _CALLS[repo][path] = _tree_calls(mod.tree) if mod is not None else []
        for call, line in _CALLS[repo][path]:
            out.append(Effect(_CODE_CALLS[call], path, line, f"Lambda {function.id} calls {call}()"))
    return out


_CALLS: weakref.WeakKeyDictionary[RepoView, dict[str, list[tuple[str, int]]]] = weakref.WeakKeyDictionary()


def handler_files(repo: RepoView, function: Res) -> list[str]:
    """The repository files holding a Lambda function's handler module."""
    handler = render(function.get("handler")).strip()
    index = render(function.get("index")).strip()
    module = index.removesuffix(".py") if index else handler.rsplit(".", 1)[0].replace(".", "/")
    if not module or not re.fullmatch(r"[\w./-]+", module):
        return []
    hint = _asset_dir(function)
    found = [f for f in repo.named(module.rsplit("/", 1)[-1] + ".py") if f.endswith(module + ".py")]
    if hint:
        found = [f for f in found if f"/{hint}/" in f"/{f}"] or found
    top = function.path.split("/", 1)[0] if "/" in function.path else ""
    if len(found) > 1 and top:
        found = [f for f in found if f.startswith(top + "/")] or found
    return found if len(found) == 1 else []  # several candidates: which one runs is not known


def _asset_dir(function: Res) -> str:
    code = function.get("code")
    text = render(code) if not isinstance(code, str) else code
    m = re.search(r"from_?[aA]sset\(\s*['\"]([^'\"]+)['\"]", text)
    path = m.group(1) if m else render(function.get("codeuri") or function.get("entry"))
    return path.strip().strip("./").rstrip("/") if path and "${" not in path else ""


def _has_calls(text: str) -> bool:
    return any(c in text for c in _CODE_CALLS)


def _calls(text: str) -> list[tuple[str, int]]:
    """(called function or method name, line) in Python code given as text (a Lambda's inline code);
    nothing when it does not parse. Files are parsed by :mod:`~maturity.scan.parsers.pyast`."""
    if not _has_calls(text):
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return []
    return _tree_calls(tree)


def _tree_calls(tree: ast.Module) -> list[tuple[str, int]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name in _CODE_CALLS:
                out.append((name, node.lineno))
    return sorted(out, key=lambda c: c[1])


def definition(repo: RepoView, machine: Res) -> str:
    """A state machine definition kept in its own file (SAM ``DefinitionUri``), next to the template."""
    uri = machine.get("definitionuri")
    if not isinstance(uri, str) or "://" in uri:
        return ""
    folder = machine.path.rsplit("/", 1)[0] + "/" if "/" in machine.path else ""
    return repo.text(folder + uri.removeprefix("./")) or ""

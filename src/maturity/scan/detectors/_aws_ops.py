"""What declared AWS resources do: what starts an event rule, what a pipeline, build or function runs.

Read from the AWS model (``parsers.aws``): an EventBridge rule's trigger (schedule, alarm, new data, code
push, registry event) and its targets; a CodePipeline's actions; a CodeBuild project's buildspec commands
(inline, or the file it names); a Lambda function's handler code. Each yields :class:`Effect` records:
trains, runs a SageMaker pipeline (with its purpose when names say it), deploys, upserts a pipeline.
"""

from __future__ import annotations

import ast
import re
import weakref
from dataclasses import dataclass

import yaml

from maturity.scan.detectors._commands import Kind, indirect, kinds
from maturity.scan.parsers.aws.model import (
    ACTION,
    FUNCTION,
    PIPELINE,
    PROJECT,
    SM_PIPELINE,
    STATE_MACHINE,
    TRAINING_TASK,
    Res,
    Scope,
    as_list,
    dig,
    mentions,
    render,
)
from maturity.scan.parsers.ci.walk import walk
from maturity.scan.repo import RepoView

TRAINS, RUNS_SM, DEPLOYS, UPSERTS = "trains", "runs SageMaker pipeline", "deploys", "upserts pipeline"
TRAINING, INFERENCE = "training", "inference"
_TRAIN_WORDS = re.compile(r"(?<![a-z])(?:re)?train|(?<![a-z])model[\s_-]*build|(?<![a-z])fit(?![a-z])")
_INFER_WORDS = re.compile(r"(?<![a-z])(?:batch|inference|infer|transform|scor(?:e|ing)|predict)")
_SM_RUN = re.compile(
    r"^(?:run-pipeline|(?:python[\d.]*\s+(?:-\w+\s+)*)?(?:-m\s+)?\S*run_pipeline(?:\.py)?"
    r"|aws\s+sagemaker\s+start-pipeline-execution)(?:\s|$)"
)
_SM_TARGET = re.compile(r"SageMakerStartPipelineExecution|sagemaker[\s_-]?pipeline|:pipeline/", re.IGNORECASE)
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
MAX_DEPTH = 4


@dataclass(frozen=True)
class Effect:
    kind: str
    path: str
    line: int
    detail: str
    purpose: str = ""


def purpose(text: str) -> str:
    """``training``/``inference`` when the words around a pipeline say so unambiguously, else empty."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text).lower()
    train, infer = bool(_TRAIN_WORDS.search(text)), bool(_INFER_WORDS.search(text))
    return TRAINING if train and not infer else INFERENCE if infer and not train else ""


SCHEDULE, ALARM, DATA, PUSH, REGISTRY, UPSTREAM, EVENT = (
    "schedule",
    "alarm",
    "data",
    "push",
    "registry",
    "pipeline",
    "event",
)


def trigger(rule: Res) -> tuple[str, str]:
    """What starts a rule, and how to say it: (kind, description)."""
    when = rule.get("scheduleexpression") or rule.get("schedule")
    if when is not None:
        return SCHEDULE, f"schedule {render(when)[:60]}"
    pattern = rule.get("eventpattern")
    text = render(pattern).lower()
    source = render(dig(pattern, "source")).lower() or text
    kind = render(dig(pattern, "detailtype")).lower() or text
    event = render(rule.props.get("_event")).lower()
    if "alarm state change" in kind or "aws.cloudwatch" in source or "alarm" in event:
        names = render(dig(pattern, "detail", "alarmname"))[:60]
        return ALARM, "CloudWatch alarm state change" + (f" ({names})" if names else "")
    if "aws.sagemaker" in source and ("violation" in text or "monitoring" in kind):
        return ALARM, "Model Monitor violations"
    if "model package state change" in kind:
        return REGISTRY, "model registry state change"
    if (
        "aws.s3" in source
        or "object created" in kind
        or re.search(r"putobject|completemultipartupload", text)
    ):
        return DATA, "new objects in S3"
    if (
        "aws.codecommit" in source
        or "repository state change" in kind
        or re.search(r"commit|reference", event)
    ):
        return PUSH, "code push (CodeCommit)"
    if "aws.codepipeline" in source or "state" in event:
        return UPSTREAM, "another pipeline's state change"
    return EVENT, f"event {source[:40]}".strip()


def target_text(rule: Res) -> str:
    return "\n".join([render(rule.get("targets")), *rule.attached])


def targets(scope: Scope, rule: Res) -> list[Res]:
    """The resources a rule starts, resolved in its scope."""
    if rule.path.endswith((".py", ".ts", ".js", ".mjs")):
        refs = set(re.findall(r"[A-Za-z_]\w*", target_text(rule))) - {"self", "this"}
    else:
        refs = mentions(rule.get("targets"))
    types = (PIPELINE, PROJECT, FUNCTION, STATE_MACHINE, SM_PIPELINE)
    return [r for r in scope.named(refs, *types) if r is not rule]


def rule_effects(repo: RepoView, scope: Scope, rule: Res) -> list[Effect]:
    """What a rule's targets do; a target that is a SageMaker pipeline ARN runs that pipeline."""
    out: list[Effect] = []
    for target in targets(scope, rule):
        out.extend(effects(repo, scope, target))
    if not any(e.kind == RUNS_SM for e in out) and _SM_TARGET.search(target_text(rule)):
        out.append(Effect(RUNS_SM, rule.path, rule.line, "starts a SageMaker pipeline"))
    return out


def effects(repo: RepoView, scope: Scope, res: Res, depth: int = 0) -> list[Effect]:
    if depth > MAX_DEPTH:
        return []
    if res.type == SM_PIPELINE:
        body = render(res.get("pipelinedefinition"))
        why = TRAINING if '"Training"' in body else purpose(f"{res.words} {body[:2000]}")
        return [Effect(RUNS_SM, res.path, res.line, f"SageMaker pipeline {res.id}", why)]
    if res.type == PIPELINE:
        return [e for a in res.children for e in effects(repo, scope, a, depth + 1)]
    if res.type == ACTION:
        return _action(repo, scope, res, depth)
    if res.type == PROJECT:
        return _commands(repo, res, project_commands(repo, res))
    if res.type == FUNCTION:
        return _code(repo, res)
    if res.type == TRAINING_TASK:
        return [Effect(TRAINS, res.path, res.line, "Step Functions task creates a SageMaker training job")]
    if res.type == STATE_MACHINE:
        body = render(res.props) + "".join(r.type for r in scope.resources)
        if "createTrainingJob" in body or TRAINING_TASK in body:
            return [Effect(TRAINS, res.path, res.line, f"state machine {res.id} creates a training job")]
    return []


def _action(repo: RepoView, scope: Scope, action: Res, depth: int) -> list[Effect]:
    where = f"action {action.id}" + (f", stage {action.props['stage']}" if action.props.get("stage") else "")
    if action.category == "Deploy":
        return [Effect(DEPLOYS, action.path, action.line, f"{action.provider} deploy ({where})")]
    if action.props.get("commands"):
        lines = [(action.path, action.line, render(c)) for c in as_list(action.props["commands"])]
        return _commands(repo, action, lines)
    kinds_ = {"CodeBuild": (PROJECT,), "Lambda": (FUNCTION,), "StepFunctions": (STATE_MACHINE,)}
    wanted = kinds_.get(action.provider, ())
    found = scope.named(action.refs, *wanted) if wanted else []
    if action.provider == "Lambda" and not found:
        name = render(action.get("functionname"))
        found = [f for f in scope.of_type(FUNCTION) if name and render(f.get("functionname")) == name]
    return [e for r in found for e in effects(repo, scope, r, depth + 1)]


Line = tuple[str, int, str]


def _commands(repo: RepoView, res: Res, lines: list[Line]) -> list[Effect]:
    out: list[Effect] = []
    for path, line, text in lines:
        found = kinds(text)
        reached = [(path, line, text), *indirect(repo, text)]
        if Kind.training in found or any(Kind.training in kinds(t) for _, _, t in reached[1:]):
            out.append(Effect(TRAINS, path, line, f"runs training: {text[:80]}"))
        if Kind.deploy in found:
            out.append(Effect(DEPLOYS, path, line, f"deploys: {text[:80]}"))
        if _SM_RUN.match(text.strip()):
            out.append(Effect(RUNS_SM, path, line, f"runs a SageMaker pipeline: {text[:80]}"))
            if not text.strip().startswith("aws "):
                out.append(
                    Effect(UPSERTS, path, line, f"upserts and starts a SageMaker pipeline: {text[:80]}")
                )
    if not lines and re.search(r"sagemaker[\s_-]*pipeline", res.words):
        out.append(Effect(RUNS_SM, res.path, res.line, f"CodeBuild project {res.id}: {res.words[:80]}"))
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


def _code(repo: RepoView, function: Res) -> list[Effect]:
    """What a Lambda function's handler code calls (inline code, or the handler module's file)."""
    out: list[Effect] = []
    inline = render(function.get("code", "zipfile"))
    for call, _ in _calls(inline) if "def " in inline else []:
        out.append(
            Effect(_CODE_CALLS[call], function.path, function.line, f"Lambda {function.id} calls {call}()")
        )
    for path in handler_files(repo, function):
        if path not in _CALLS.setdefault(repo, {}):
            _CALLS[repo][path] = _calls(repo.text(path) or "")
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
    return found[:3]


def _asset_dir(function: Res) -> str:
    code = function.get("code")
    text = render(code) if not isinstance(code, str) else code
    m = re.search(r"from_?[aA]sset\(\s*['\"]([^'\"]+)['\"]", text)
    path = m.group(1) if m else render(function.get("codeuri") or function.get("entry"))
    return path.strip().strip("./").rstrip("/") if path and "${" not in path else ""


def _calls(text: str) -> list[tuple[str, int]]:
    """(called function or method name, line) in Python code; nothing when it does not parse."""
    if not any(c in text for c in _CODE_CALLS):
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return []
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

"""What declared AWS resources do: what starts an event rule, what a pipeline, build or function runs.

Read from the AWS model (``parsers.aws``): an EventBridge rule's trigger (schedule, alarm, new data, code
push, registry event) and its targets; a CodePipeline's actions; a CodeBuild project's buildspec commands
(inline, or the file it names); a Lambda function's handler code. Each yields :class:`Effect` records:
trains, runs a SageMaker pipeline (with its purpose when names say it), deploys, upserts a pipeline.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from maturity.scan.detectors._aws_code import (
    DEPLOYS,
    RUNS_SM,
    TRAINS,
    Effect,
    code_effects,
    command_effects,
    definition,
    project_commands,
)
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
    truthy,
)
from maturity.scan.repo import RepoView

TRAINING, INFERENCE = "training", "inference"
_TRAIN_WORDS = re.compile(r"(?<![a-z])(?:re)?train|(?<![a-z])model[\s_-]*build|(?<![a-z])fit(?![a-z])")
# pipelines for something else than training: scoring, and data preparation on its own
_INFER_WORDS = re.compile(
    r"(?<![a-z])(?:batch|inference|infer|transform|scor(?:e|ing)|predict|ingest|etl|feature|preprocess)"
)
_SM_TARGET = re.compile(r"SageMakerStartPipelineExecution|sagemaker[\s_-]?pipeline|:pipeline/", re.IGNORECASE)
MAX_DEPTH = 4


def purpose(text: str) -> str:
    """``training`` or ``inference`` (scoring, data work) when the words around a pipeline say so."""
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
        plain = names and not re.search(r"[{$]", names)
        return ALARM, "CloudWatch alarm state change" + (f" ({names})" if plain else "")
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


def _target_value(rule: Res) -> Any:
    """An EventBridge rule's ``Targets``, or an EventBridge Scheduler schedule's single ``Target``."""
    return rule.get("targets") or rule.get("target")


def enabled(rule: Res) -> bool:
    """A rule not switched off (CloudFormation ``State: DISABLED``, CDK ``enabled=False``)."""
    return truthy(rule.get("enabled")) and render(rule.get("state")).upper() != "DISABLED"


def target_text(rule: Res) -> str:
    return "\n".join([render(_target_value(rule)), *rule.attached])


def targets(scope: Scope, rule: Res) -> list[Res]:
    """The resources a rule starts, resolved in its scope."""
    if rule.path.endswith((".py", ".ts", ".js", ".mjs")):
        refs = set(re.findall(r"[A-Za-z_]\w*", target_text(rule))) - {"self", "this"}
    else:
        refs = mentions(_target_value(rule))
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
    """What a resource does, following pipelines to their actions and actions to their builds/functions."""
    if depth > MAX_DEPTH:
        return []
    if depth == 0:
        memo = _EFFECTS.setdefault(repo, {})
        key = (id(scope), id(res))
        if key not in memo:
            memo[key] = _effects(repo, scope, res, 0)
        return memo[key]
    return _effects(repo, scope, res, depth)


_EFFECTS: weakref.WeakKeyDictionary[RepoView, dict[tuple[int, int], list[Effect]]] = (
    weakref.WeakKeyDictionary()
)


def _effects(repo: RepoView, scope: Scope, res: Res, depth: int) -> list[Effect]:
    if res.type == SM_PIPELINE:
        body = render(res.get("pipelinedefinition"))
        why = TRAINING if '"Training"' in body else purpose(f"{res.words} {res.path}")
        return [Effect(RUNS_SM, res.path, res.line, f"SageMaker pipeline {res.id}", why)]
    if res.type == PIPELINE:
        return [e for a in res.children for e in effects(repo, scope, a, depth + 1)]
    if res.type == ACTION:
        return _action(repo, scope, res, depth)
    if res.type == PROJECT:
        return command_effects(repo, res, project_commands(repo, res))
    if res.type == FUNCTION:
        return code_effects(repo, res)
    if res.type == TRAINING_TASK:
        return [Effect(TRAINS, res.path, res.line, "Step Functions task creates a SageMaker training job")]
    if res.type == STATE_MACHINE:
        body = render(res.props) + "".join(r.type for r in scope.resources) + definition(repo, res)
        if "createTrainingJob" in body or TRAINING_TASK in body:
            return [Effect(TRAINS, res.path, res.line, f"state machine {res.id} creates a training job")]
    return []


def _action(repo: RepoView, scope: Scope, action: Res, depth: int) -> list[Effect]:
    where = f"action {action.id}" + (f", stage {action.props['stage']}" if action.props.get("stage") else "")
    if action.category == "Deploy":
        return [Effect(DEPLOYS, action.path, action.line, f"{action.provider} deploy ({where})")]
    if action.props.get("commands"):
        lines = [(action.path, action.line, render(c)) for c in as_list(action.props["commands"])]
        return command_effects(repo, action, lines)
    kinds_ = {"CodeBuild": (PROJECT,), "Lambda": (FUNCTION,), "StepFunctions": (STATE_MACHINE,)}
    wanted = kinds_.get(action.provider, ())
    found = scope.named(action.refs, *wanted) if wanted else []
    if action.provider == "Lambda" and not found:
        name = render(action.get("functionname"))
        found = [f for f in scope.of_type(FUNCTION) if name and render(f.get("functionname")) == name]
    return [e for r in found for e in effects(repo, scope, r, depth + 1)]

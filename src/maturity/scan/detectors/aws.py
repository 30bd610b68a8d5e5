"""Detectors for the aws area: MLOps operations declared in AWS infrastructure code.

CloudFormation/SAM templates and AWS CDK apps (Python, TypeScript) are read once into one model
(``parsers.aws``); these detectors read what the resources declare: event rules that start training,
CodePipelines that build and deploy, SageMaker endpoints, monitoring schedules and alarms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors import _aws_code as code
from maturity.scan.detectors import _aws_ops as ops
from maturity.scan.detectors._aws_sagemaker import model_monitor, sagemaker_endpoints
from maturity.scan.detectors._commands import Kind, kinds
from maturity.scan.detectors._found import finding
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.aws import AwsModel, model
from maturity.scan.parsers.aws.model import PIPELINE, PROJECT, RULE, SM_PIPELINE, Res, Scope, render
from maturity.scan.parsers.ci import workflows
from maturity.scan.parsers.ci.model import MANUAL
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

INPUTS = ["**/*.yaml", "**/*.yml", "**/*.json", "**/*.template", "**/*.py", "**/cdk.json", "**/*.ts"]
# a code push that runs the real training counts, as it does in CI (the corpus convention: a CI trigger on
# a code change starts training without a person)
_STRONG = (ops.SCHEDULE, ops.DATA, ops.ALARM, ops.PUSH)


def _proof(det: str, res: Res, detail: str) -> Proof:
    return Proof(path=res.path, line=res.line, detector=det, detail=detail[:200])


def _effect_proof(det: str, e: code.Effect) -> Proof:
    return Proof(path=e.path, line=e.line or None, detector=det, detail=e.detail[:200])


def _kind(res: Res) -> str:
    return {RULE: "EventBridge rule", PIPELINE: "CodePipeline"}.get(res.type, res.type)


def _training(rule_words: str, effects: list[code.Effect]) -> tuple[list[code.Effect], bool]:
    """Effects that train (or run a SageMaker pipeline not meant for inference); whether one surely trains."""
    out, sure = [], False
    for e in effects:
        why = e.purpose or ops.purpose(rule_words)
        if e.kind == code.TRAINS or (e.kind == code.RUNS_SM and why != ops.INFERENCE):
            out.append(e)
            sure = sure or e.kind == code.TRAINS or why == ops.TRAINING
    return out, sure


def _starts(repo: RepoView, aws: AwsModel) -> Iterator[tuple[Res, str, str, list[code.Effect], bool]]:
    """(rule or pipeline, trigger kind, trigger text, training effects, surely training) for each starter."""
    for scope in aws.scopes:
        for rule in scope.of_type(RULE):
            if not ops.enabled(rule):
                continue
            kind, when = ops.trigger(rule)
            words = f"{rule.words} {rule.path} {when} {ops.target_text(rule)}"
            train, sure = _training(words, ops.rule_effects(repo, scope, rule))
            if train:
                yield rule, kind, when, train, sure or kind == ops.ALARM
        for pipeline in scope.of_type(PIPELINE):
            train, sure = _training(pipeline.words, ops.effects(repo, scope, pipeline))
            sources = (
                [a for a in pipeline.children if a.category == "Source" and a.automatic] if train else []
            )
            for source in sources:
                kind = ops.DATA if source.provider == "S3" else ops.PUSH
                when = f"new data in S3 ({render(source.get('s3objectkey') or source.get('bucketkey'))[:60]})"
                yield (
                    pipeline,
                    kind,
                    when if kind == ops.DATA else f"code push ({source.provider})",
                    train,
                    sure,
                )


@detector(
    id="aws.event_training",
    practices=["continuous_training", "retraining_on_alerts"],
    summary="AWS infrastructure code starts training without a person: an EventBridge rule (CloudFormation, "
    "SAM or CDK) on a schedule, a CloudWatch alarm or Model Monitor violation, or new S3 data, or a "
    "CodePipeline sourced from S3 data or a code push, whose target (a SageMaker pipeline, a CodePipeline, "
    "CodeBuild or Lambda) trains; a rule on an alarm is retraining on alerts. A pipeline whose names do not "
    "say it trains is partial.",
    inputs=INPUTS,
    limits="A SageMaker pipeline started on a schedule counts as training only when its names do not say "
    "batch/inference; a buildspec is found by its path (two equally close candidates: none); alarms routed "
    "through SNS to a function are not followed.",
)
def event_training(repo: RepoView) -> Iterator[Finding]:
    aws = model(repo)
    if not aws.scopes:
        return
    det = "aws.event_training"
    strong, weak, alerts = [], [], []
    for res, kind, when, train, sure in _starts(repo, aws):
        what = train[0].detail.split(":")[0] + ("" if sure else " (names do not say it trains)")
        proofs = [_proof(det, res, f"{_kind(res)} {res.id} on {when}: {what}")]
        proofs += [_effect_proof(det, e) for e in train[:2] if (e.path, e.line) != (res.path, res.line)]
        if kind in _STRONG and sure:
            strong.extend(proofs)
        else:
            weak.extend(proofs)
        if kind == ops.ALARM:
            alerts.extend(proofs)
    if strong:
        why = "infrastructure code starts training on a schedule, an alarm, new data or a code push"
        yield finding("continuous_training", det, Outcome.present, why, strong + weak)
    elif weak:
        why = "infrastructure code starts a pipeline whose names do not say it trains"
        yield finding("continuous_training", det, Outcome.partial, why, weak)
    if alerts:
        why = "an alarm (drift or quality) starts the training pipeline"
        yield finding("retraining_on_alerts", det, Outcome.present, why, alerts)
    else:
        why = "no EventBridge rule on an alarm starts training (looked in the AWS infrastructure code)"
        yield finding("retraining_on_alerts", det, Outcome.absent, why)


def _started(scope: Scope, pipeline: Res) -> list[str]:
    """What starts a pipeline: its automatic sources and the rules that target it."""
    out = [f"{a.provider} source change" for a in pipeline.children if a.category == "Source" and a.automatic]
    for rule in scope.of_type(RULE):
        if ops.enabled(rule) and pipeline in ops.targets(scope, rule):
            out.append(ops.trigger(rule)[1])
    if pipeline.props.get("_cdkpipelines") and not out:
        out.append("source push (CDK Pipelines)")
    return list(dict.fromkeys(out))


_ORDER = {"Source": 0, "Build": 1, "Test": 2, "Invoke": 3, "Approval": 4, "Deploy": 5}


def _stages(pipeline: Res) -> str:
    actions = pipeline.children  # a template declares stages in order; CDK actions are ranked by kind
    if pipeline.source.startswith("AWS CDK"):
        actions = sorted(actions, key=lambda a: _ORDER.get(a.category, 6))
    steps = [f"{a.category} ({a.provider})" for a in actions if a.category]
    return " -> ".join(dict.fromkeys(steps)) or "no actions read"


@detector(
    id="aws.codepipeline",
    practices=["ci", "ci_runs_tests", "automated_deployment", "pipeline_deployment"],
    summary="AWS CodePipeline/CodeBuild declared in CloudFormation or CDK: a pipeline with actions is CI "
    "(running tests when a build's buildspec, inline or the file it names, runs them); "
    "one whose deploy action (CloudFormation, StackSets, CodeDeploy, ECS, a build running cdk, sam or "
    "cloudformation deploy, a function creating an endpoint) runs on a source change or an EventBridge "
    "rule is automated deployment; one that upserts a SageMaker pipeline (run-pipeline) or deploys a "
    "declared SageMaker pipeline resource is pipeline deployment.",
    inputs=INPUTS,
    limits="CDK actions are linked to the pipeline built in the same function (or returned by the helper "
    "functions it calls); pipelines created at run time by a Lambda or a Service Catalog product are read "
    "only from their templates.",
)
def codepipeline(repo: RepoView) -> Iterator[Finding]:
    aws = model(repo)
    det = "aws.codepipeline"
    ci: list[Proof] = []
    auto: list[Proof] = []
    manual: list[Proof] = []
    upserts: list[Proof] = []
    tests: list[Proof] = []
    declared = _training_pipelines(repo, aws)
    for scope in aws.scopes:
        for pipeline in (p for p in scope.of_type(PIPELINE) if p.children):
            ci.append(_proof(det, pipeline, f"AWS CodePipeline {pipeline.id}: {_stages(pipeline)}"))
            effects = ops.effects(repo, scope, pipeline)
            tests += [_effect_proof(det, e) for e in effects if e.kind == code.TESTS]
            deploys = [e for e in effects if e.kind == code.DEPLOYS]
            started = _started(scope, pipeline)
            if deploys:
                on = ", ".join(started[:2]) or "manual start only"
                head = _proof(det, pipeline, f"CodePipeline {pipeline.id} deploys, started by {on}")
                (auto if started else manual).extend([head, _effect_proof(det, deploys[0])])
            if started:
                upserts += [_effect_proof(det, e) for e in effects if e.kind == code.UPSERTS]
                if deploys and declared:
                    upserts.append(_effect_proof(det, deploys[0]))
        ci += [
            _proof(det, p, f"AWS CodeBuild project {p.id} built on source changes") for p in _webhooks(scope)
        ]
    details = {"ci_declared_in_iac": ["AWS CodePipeline"]} if ci else {}
    if ci:
        yield finding("ci", det, Outcome.present, "CI/CD declared as AWS CodePipeline/CodeBuild", ci, details)
    if tests:
        why = "a CodePipeline build runs tests"
        yield finding("ci_runs_tests", det, Outcome.present, why, _unique(tests))
    if auto:
        why = f"a CodePipeline deploys automatically ({auto[0].detail.split(', started by ')[-1]})"
        yield finding("automated_deployment", det, Outcome.present, why, auto)
    elif manual:
        why = "a CodePipeline deploys, but nothing starts it automatically"
        yield finding("automated_deployment", det, Outcome.partial, why, manual)
    yield from _pipeline_deployment(repo, declared, upserts)


def _webhooks(scope: Scope) -> list[Res]:
    return [p for p in scope.of_type(PROJECT) if re.search(r"webhook\W+true", render(p.props), re.IGNORECASE)]


def _training_pipelines(repo: RepoView, aws: AwsModel) -> list[Res]:
    """Declared SageMaker pipeline resources not named for scoring or data work (batch inference...)."""
    out = []
    for scope in aws.scopes:
        for r in scope.of_type(SM_PIPELINE):
            if all(e.purpose != ops.INFERENCE for e in ops.effects(repo, scope, r)):
                out.append(r)
    return out


def _unique_res(found: list[Res]) -> list[Res]:
    return list({(r.path, r.line): r for r in found}.values())


def _unique(proofs: list[Proof]) -> list[Proof]:
    return list({(p.path, p.line, p.detail): p for p in proofs}.values())


_STACK_DEPLOY = re.compile(
    r"\b(?:cdk|sam|serverless|sls)\s+deploy|cloudformation\s+(?:deploy|create-stack|update-stack)"
)


def _ci_stack_deploys(repo: RepoView, det: str) -> list[Proof]:
    """CI jobs on an automatic trigger deploying infrastructure stacks (``cdk deploy``, ``sam deploy``)."""
    out = []
    for wf in workflows(repo):
        for job in wf.jobs:
            if not wf.job_triggers(job) - {MANUAL}:
                continue
            for cmd in job.commands:
                text = code.NPX.sub("", cmd.text.strip())
                if _STACK_DEPLOY.search(text) and Kind.deploy in kinds(text):
                    detail = f"deploys the infrastructure stacks: {text[:80]} [{wf.system}, job {job.name}]"
                    out.append(Proof(path=wf.path, line=cmd.line or None, detector=det, detail=detail))
    return out


def _pipeline_deployment(repo: RepoView, pipelines: list[Res], upserts: list[Proof]) -> Iterator[Finding]:
    det = "aws.codepipeline"
    declared = [_proof(det, r, f"SageMaker pipeline {r.id} declared as infrastructure") for r in
                _unique_res(pipelines)]  # fmt: skip
    if declared and not upserts:  # a CI configuration deploys the stacks that hold the pipeline
        upserts += _ci_stack_deploys(repo, det)
    if upserts:
        why = "CI/CD deploys the SageMaker pipeline (upsert or stack deploy)"
        yield finding("pipeline_deployment", det, Outcome.present, why, upserts + declared)
    elif declared:
        why = "a SageMaker pipeline is declared as infrastructure, but no automated pipeline deploys it"
        yield finding("pipeline_deployment", det, Outcome.partial, why, declared)


@detector(
    id="aws.iac",
    practices=["infrastructure_as_code"],
    summary="AWS infrastructure code of any file name: CloudFormation and SAM templates (a Resources mapping "
    "of AWS:: types), AWS CDK apps (cdk.json with its app, constructs in Python or TypeScript).",
    inputs=INPUTS,
    limits="Templates generated at build time (cdk.out) and test fixtures are not counted.",
)
def aws_iac(repo: RepoView) -> Iterator[Finding]:
    aws = model(repo)
    det = "aws.iac"
    proofs = [Proof(path=p, detector=det, detail=f"AWS CDK app ({_cdk_app(repo, p)})") for p in aws.cdk_apps]
    seen: set[str] = set()
    for scope in aws.scopes:
        if scope.path not in seen and scope.resources:
            seen.add(scope.path)
            first = next((r for r in scope.resources if r.type != "action"), scope.resources[0])
            proofs.append(_proof(det, first, f"{scope.source}: {first.type} {first.id}"))
    if proofs:
        yield finding("infrastructure_as_code", det, Outcome.present, "AWS infrastructure code", proofs)


def _cdk_app(repo: RepoView, path: str) -> str:
    app = repo.json(path)
    command = app.get("app") if isinstance(app, dict) else None
    return f"cdk.json app: {command}"[:120] if isinstance(command, str) else "cdk.json"


DETECTORS: list[Detector] = [event_training, codepipeline, sagemaker_endpoints, model_monitor, aws_iac]

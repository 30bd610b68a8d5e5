"""Detectors for model validation: a gate that compares a trained model's metrics before it is promoted.

Read from what the code declares (``parsers.pyast``): a SageMaker ``ConditionStep`` whose condition reads
a metric from the evaluation report (``JsonGet``), a Kubeflow/Vertex ``dsl.Condition``/``dsl.If`` ordering
a metric output, a TFX ``Evaluator`` with ``MetricThreshold``s, ``mlflow.evaluate(validation_thresholds=)``,
an MLflow Recipe's ``validation_criteria``, a Step Functions Choice on a metric (Python SDK, CDK or the
state machine's JSON/YAML definition), code where a metric comparison decides a registration,
promotion or deployment (champion/challenger), and a CI job whose script fails below a metric bar.
A metric that is only printed or logged, or a best-of-candidates selection, is no gate.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from maturity.scan.detectors._commands import segments
from maturity.scan.detectors._found import finding
from maturity.scan.detectors._promotion import PROMOTION_NEEDLES, confirmed, decisions, may_decide
from maturity.scan.detectors._pycode import (
    METRIC_WORDS,
    ORDERING,
    calls_in,
    is_metric,
    metric_comparisons,
    split_words,
    walk_scope,
)
from maturity.scan.detectors._tools import is_weak_path, proof
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.ci import workflows
from maturity.scan.parsers.pyast import PyModule, code_text, dotted, module, modules, source
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

DET = "validation.model_gates"
SAGEMAKER_CONDITIONS = (
    "ConditionGreaterThan",
    "ConditionGreaterThanOrEqualTo",
    "ConditionLessThan",
    "ConditionLessThanOrEqualTo",
)
# Step Functions numeric choices: the Python SDK's ChoiceRule, CDK's Condition, and the state language's keys
SFN_RULES = ("NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals")
CDK_CONDITIONS = (
    *(f"number{op}" for op in ("GreaterThan", "GreaterThanEquals", "LessThan", "LessThanEquals")),
    *("number_greater_than", "number_greater_than_equals", "number_less_than", "number_less_than_equals"),
)
_ASL_VARIABLE = re.compile(r"""["']?Variable["']?\s*:\s*["']?(\$[\w.\[\]'"-]+)""")
_ASL_NUMERIC = re.compile(r"\bNumeric(?:Greater|Less)Than(?:Equals)?(?:Path)?\b")
TFX_THRESHOLDS = ("MetricThreshold", "GenericValueThreshold", "GenericChangeThreshold")
# calls that promote a model: register, stage, alias, deploy
NEEDLES = (
    "ConditionStep",
    "Condition(",
    "dsl.If",
    "MetricThreshold",
    "validation_thresholds",
    "validate_evaluation_results",
    "ChoiceRule",
    "Condition.number",
)
# a champion/challenger decision needs a promotion word and a metric word in the same file
_SCRIPT = re.compile(r"^(?:python[\d.]*|py)\s+(?:-\w+\s+)*([\w./-]+\.py)\b")


@detector(
    id=DET,
    practices=["model_validation", "model_tests"],
    summary="A gate on a trained model's metrics before registration or deployment: a SageMaker "
    "ConditionStep on an evaluation metric (JsonGet), a Kubeflow/Vertex dsl.Condition/dsl.If on a metric "
    "output, a TFX Evaluator with MetricThresholds, mlflow.evaluate(validation_thresholds=), an MLflow "
    "Recipe's validation_criteria, a Step Functions Choice on a metric (SDK, CDK or state-machine "
    "JSON/YAML), a champion/challenger comparison deciding a registration, promotion or deployment, "
    "or a CI job running a script that fails below a metric bar.",
    inputs=["**/*.py", "**/*.ipynb", "**/recipe.yaml", "**/*.json", "**/*.yaml", "CI configurations"],
    limits="Gates configured in a platform UI are not seen, nor gates in languages other than Python and "
    "the Step Functions state language. A gate "
    "that is switched off (thresholds commented out) is not counted, but one bypassed by a forced flag "
    "elsewhere may be.",
)
def model_gates(repo: RepoView) -> Iterator[Finding]:
    code = [f for f in repo.with_suffix(".py", ".ipynb") if not is_weak_path(f)]
    gates = [p for mod in modules(repo, NEEDLES, code) for p in _gates(mod)]
    seen = {p.path for p in gates}
    decided = [f for f in code if f not in seen and may_decide(code_text(repo, f))]
    pending: dict[str, Proof] = {}
    for mod in modules(repo, PROMOTION_NEEDLES, decided):
        gates += decisions(mod, pending)
    gates += confirmed(repo, code, pending)
    gates += _recipe_criteria(repo) + _ci_metric_bars(repo) + _asl_choices(repo)
    if not gates:
        why = (
            "no gate on a model's metrics before registration or deployment (SageMaker ConditionStep, KFP "
            "Condition, TFX Evaluator thresholds, mlflow.evaluate thresholds, champion/challenger code)"
        )
        yield finding("model_validation", DET, Outcome.absent, why)
        return
    where = f"{gates[0].path}:{gates[0].line}" if gates[0].line else gates[0].path
    yield finding(
        "model_validation", DET, Outcome.present, f"a metric gate decides promotion ({where})", gates
    )
    yield finding("model_tests", DET, Outcome.present, f"a gate checks the model's metrics ({where})", gates)


def _gates(mod: PyModule) -> list[Proof]:
    return (
        _sagemaker(mod)
        + _kfp(mod)
        + _tfx(mod)
        + _mlflow_thresholds(mod)
        + _step_functions(mod)
        + decisions(mod, {})
    )


def _sagemaker(mod: PyModule) -> list[Proof]:
    if not mod.named("ConditionStep"):
        return []
    out = []
    for call in mod.named(*SAGEMAKER_CONDITIONS):
        metric = next((c for _, c in calls_in(call.node) if dotted(c.func).endswith("JsonGet")), None)
        if metric is None:
            continue
        path = next((source(k.value) for k in metric.keywords if k.arg == "json_path"), "")
        what = f"{call.last}({path or 'JsonGet'})"
        out.append(proof(mod.path, call.line, DET, f"SageMaker ConditionStep gate: {what}"))
    return out


def _kfp(mod: PyModule) -> list[Proof]:
    out = []
    for call in mod.named("Condition", "If"):
        if call.last == "If" and "dsl" not in mod.origin(call):
            continue
        if call.last == "Condition" and not mod.origin(call).startswith(("kfp", "dsl")):
            continue
        test = call.arg(0, "condition")
        if test is not None and metric_comparisons(test):
            out.append(proof(mod.path, call.line, DET, f"pipeline condition on a metric: {source(test, 80)}"))
    return out


def _step_functions(mod: PyModule) -> list[Proof]:
    """A Step Functions Choice whose rule compares a metric: ``ChoiceRule.NumericLessThan(variable=...
    ["TrainingMetrics"]..., value=10)`` or CDK's ``Condition.number_greater_than("$.metrics.auc", 0.8)``."""
    out = []
    for call in mod.named(*SFN_RULES, *CDK_CONDITIONS):
        if "stepfunctions" not in mod.origin(call) and "ChoiceRule" not in call.name:
            continue
        variable = call.arg(0, "variable")
        if variable is not None and is_metric(variable):
            out.append(proof(mod.path, call.line, DET, f"Step Functions choice on a metric: {call.text(80)}"))
    return out


def _asl_choices(repo: RepoView) -> list[Proof]:
    """Choice rules of a state machine written in the Amazon States Language (JSON, YAML, or a definition
    string in a CloudFormation template): a ``Variable`` naming a metric compared by a ``Numeric*`` key
    in the same rule (within three lines)."""
    files = [f for f in repo.with_suffix(".json", ".yaml", ".yml") if not is_weak_path(f)]
    out: list[Proof] = []
    for path in sorted({hit.path for hit in repo.search(_ASL_NUMERIC, files)}):
        lines = repo.lines(path)
        for n, line in enumerate(lines):
            m = _ASL_VARIABLE.search(line)
            if not m or not set(split_words(m.group(1))) & METRIC_WORDS:
                continue
            if any(_ASL_NUMERIC.search(near) for near in lines[max(0, n - 3) : n + 4]):
                out.append(proof(path, n + 1, DET, f"Step Functions choice on a metric: {m.group(1)[:60]}"))
                break
    return out


def _tfx(mod: PyModule) -> list[Proof]:
    evaluators = mod.named("Evaluator")
    thresholds = mod.named(*TFX_THRESHOLDS)
    if not evaluators or not thresholds:
        return []
    detail = f"TFX Evaluator with {thresholds[0].last} (model blessing)"
    return [proof(mod.path, evaluators[0].line, DET, detail)]


def _mlflow_thresholds(mod: PyModule) -> list[Proof]:
    out = []
    for call in mod.named("evaluate", "validate_evaluation_results"):
        thresholds = call.kw("validation_thresholds") is not None and "mlflow" in call.name
        if call.last == "evaluate" and not thresholds:
            continue
        out.append(proof(mod.path, call.line, DET, f"MLflow validation against thresholds: {call.text(80)}"))
    return out


def _recipe_criteria(repo: RepoView) -> list[Proof]:
    """MLflow Recipes: ``steps: evaluate: validation_criteria:`` (a commented-out block does not count)."""
    out = []
    for path in repo.named("recipe.yaml"):
        for n, line in enumerate(repo.lines(path), start=1):
            if re.match(r"^\s+validation_criteria:", line):
                out.append(proof(path, n, DET, "MLflow Recipe validation_criteria gate registration"))
    return out


def _ci_metric_bars(repo: RepoView) -> list[Proof]:
    """A CI command runs a repository script that fails (assert/raise/exit) below a metric bar."""
    out: list[Proof] = []
    for wf in workflows(repo):
        for job in wf.jobs:
            for cmd in job.commands:
                for seg in segments(cmd.text):
                    m = _SCRIPT.match(seg)
                    script = m.group(1).removeprefix("./") if m else ""
                    mod = module(repo, script) if script and repo.exists(script) else None
                    bar = _metric_bar(mod) if mod else None
                    if bar is not None:
                        detail = f"CI runs {script}, which fails below a metric bar (line {bar})"
                        out.append(proof(wf.path, cmd.line, DET, detail))
    return out


def _metric_bar(mod: PyModule) -> int | None:
    for node in mod.nodes:
        if isinstance(node, ast.Assert) and _orders(node.test) and is_metric(node):
            return mod.line(node)
        if isinstance(node, ast.If) and metric_comparisons(node.test) and _fails(node.body):
            return mod.line(node)
    return None


def _orders(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Compare) and any(isinstance(op, ORDERING) for op in n.ops) for n in ast.walk(node)
    )


def _fails(body: list[ast.stmt]) -> bool:
    for node in walk_scope(body):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call) and dotted(node.func) in ("sys.exit", "exit", "os._exit"):
            return True
    return False


DETECTORS: list[Detector] = [model_gates]
